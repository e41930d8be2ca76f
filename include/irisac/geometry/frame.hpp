#pragma once
/// \file Frames, orientations and angles. See docs/conventions.md.
///
/// Global frame: right-handed, z up. Azimuth φ is measured from +x towards +y, in (−π, π];
/// elevation ϑ from the x–y plane towards +z, in [−π/2, π/2]. The unit direction of (φ, ϑ) is
///   u(φ, ϑ) = (cos ϑ cos φ, cos ϑ sin φ, sin ϑ).
/// An array's local frame has its boresight (surface normal) along local +x, its rows along local
/// +y and its columns along local +z. Its orientation is R = Rz(yaw)·Ry(pitch)·Rx(roll) (intrinsic
/// z-y'-x''), mapping local coordinates to global ones: boresight = R·e_x.
#include "irisac/core/types.hpp"

namespace irisac {

/// Unit direction of azimuth `azimuth` and elevation `elevation` [rad].
[[nodiscard]] Vec3 direction(double azimuth, double elevation) noexcept;
/// Azimuth of a (non-zero) vector [rad], in (−π, π].
[[nodiscard]] double azimuth_of(const Vec3& v) noexcept;
/// Elevation of a (non-zero) vector [rad], in [−π/2, π/2].
[[nodiscard]] double elevation_of(const Vec3& v) noexcept;

/// Rotation local → global, R = Rz(yaw)·Ry(pitch)·Rx(roll) [rad].
[[nodiscard]] Mat3 rotation_from_ypr(double yaw, double pitch, double roll) noexcept;

/// Position and orientation of a node (an array, a surface, a target).
struct Pose {
  Vec3 position_m = Vec3::Zero();          ///< position of the reference element [m], global frame
  Mat3 rotation = Mat3::Identity();        ///< local → global rotation
  Vec3 velocity_mps = Vec3::Zero();        ///< velocity [m/s], global frame

  /// A global direction expressed in the local frame (Rᵀ·d).
  [[nodiscard]] Vec3 to_local(const Vec3& global_direction) const { return rotation.transpose() * global_direction; }
  /// Boresight (local +x) in the global frame.
  [[nodiscard]] Vec3 boresight() const { return rotation.col(0); }
};

/// Distance between two points [m].
[[nodiscard]] inline double distance_m(const Vec3& a, const Vec3& b) { return (b - a).norm(); }

}  // namespace irisac
