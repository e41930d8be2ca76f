#include "irisac/geometry/frame.hpp"

#include <cmath>

namespace irisac {

Vec3 direction(double azimuth, double elevation) noexcept {
  const double ce = std::cos(elevation);
  return {ce * std::cos(azimuth), ce * std::sin(azimuth), std::sin(elevation)};
}

double azimuth_of(const Vec3& v) noexcept { return std::atan2(v.y(), v.x()); }

double elevation_of(const Vec3& v) noexcept {
  const double n = v.norm();
  return n > 0.0 ? std::asin(std::clamp(v.z() / n, -1.0, 1.0)) : 0.0;
}

Mat3 rotation_from_ypr(double yaw, double pitch, double roll) noexcept {
  const Eigen::AngleAxisd rz(yaw, Vec3::UnitZ());
  const Eigen::AngleAxisd ry(pitch, Vec3::UnitY());
  const Eigen::AngleAxisd rx(roll, Vec3::UnitX());
  return (rz * ry * rx).toRotationMatrix();
}

}  // namespace irisac
