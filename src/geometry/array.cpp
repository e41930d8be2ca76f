#include "irisac/geometry/array.hpp"

#include <algorithm>
#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"

namespace irisac {
namespace {
using constants::two_pi;
}

double ElementPattern::gain(const Vec3& u_local) const noexcept {
  if (kind == Kind::isotropic) return 1.0;
  double c = u_local.x() / std::max(u_local.norm(), 1e-300);  // cos ψ
  if (two_sided) c = std::abs(c);
  if (c <= 0.0) return 0.0;
  return 2.0 * (q + 1.0) * std::pow(c, q);
}

void validate(const ArrayLayout& layout) {
  IRISAC_REQUIRE(layout.rows >= 1, "rows must be >= 1 (got ", layout.rows, ")");
  IRISAC_REQUIRE(layout.cols >= 1, "cols must be >= 1 (got ", layout.cols, ")");
  IRISAC_REQUIRE(layout.spacing_y_wl > 0.0, "spacing_y_wl must be > 0 (got ", layout.spacing_y_wl, ")");
  IRISAC_REQUIRE(layout.spacing_z_wl > 0.0, "spacing_z_wl must be > 0 (got ", layout.spacing_z_wl, ")");
  IRISAC_REQUIRE(layout.pattern.q >= 0.0, "pattern exponent q must be >= 0 (got ", layout.pattern.q, ")");
}

Eigen::Matrix3Xd ArrayLayout::positions_wl() const {
  Eigen::Matrix3Xd p(3, size());
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c)
      p.col(r * cols + c) = Vec3(0.0, static_cast<double>(c) * spacing_y_wl,
                                 static_cast<double>(r) * spacing_z_wl);
  return p;
}

CVec ArrayLayout::steering(const Vec3& u_local) const {
  CVec out(size());
  steering_into(u_local, out);
  return out;
}

namespace {
// out[k] = amp·e^{j(phase0 + k·step)} for k < n: a rotation recurrence on real and imaginary parts
// (std::complex multiplication carries NaN-recovery branches), re-anchored with an exact sin/cos
// every 64 elements so the rounding error stays at machine precision for any length.
void phasor_ramp(double amp, double phase0, double step, Index n, Complex* out) noexcept {
  const double wr = std::cos(step), wi = std::sin(step);
  double re = 0.0, im = 0.0;
  for (Index k = 0; k < n; ++k) {
    if ((k & 63) == 0) {
      const double ph = phase0 + step * static_cast<double>(k);
      re = amp * std::cos(ph);
      im = amp * std::sin(ph);
    } else {
      const double t = re * wr - im * wi;
      im = re * wi + im * wr;
      re = t;
    }
    out[k] = Complex{re, im};
  }
}
}  // namespace

void ArrayLayout::steering_into(const Vec3& u_local, CVec& out) const {
  if (out.size() != size()) out.resize(size());
  const double amp = std::sqrt(pattern.gain(u_local));
  const double ky = two_pi * spacing_y_wl * u_local.y();
  const double kz = two_pi * spacing_z_wl * u_local.z();
  for (Index r = 0; r < rows; ++r) phasor_ramp(amp, kz * static_cast<double>(r), ky, cols, out.data() + r * cols);
}

double ArrayLayout::aperture_wl() const noexcept {
  return std::hypot(static_cast<double>(cols - 1) * spacing_y_wl, static_cast<double>(rows - 1) * spacing_z_wl);
}

void ula_steering_into(double spacing_wl, double theta, Eigen::Ref<CVec> out) noexcept {
  phasor_ramp(1.0, 0.0, two_pi * spacing_wl * std::sin(theta), out.size(), out.data());
}

CVec ula_steering(Index num_elements, double spacing_wl, double theta) {
  IRISAC_REQUIRE(num_elements >= 1, "num_elements must be >= 1 (got ", num_elements, ")");
  IRISAC_REQUIRE(spacing_wl > 0.0, "spacing_wl must be > 0 (got ", spacing_wl, ")");
  CVec a(num_elements);
  ula_steering_into(spacing_wl, theta, a);
  return a;
}

CVec ula_steering_derivative(Index num_elements, double spacing_wl, double theta) {
  CVec da = ula_steering(num_elements, spacing_wl, theta);
  const double dstep = two_pi * spacing_wl * std::cos(theta);
  for (Index n = 0; n < num_elements; ++n) da[n] *= Complex{0.0, dstep * static_cast<double>(n)};
  return da;
}

CVec upa_steering(Index rows, Index cols, double spacing_y_wl, double spacing_z_wl, double azimuth,
                  double elevation) {
  ArrayLayout layout{rows, cols, spacing_y_wl, spacing_z_wl, {}};
  validate(layout);
  return layout.steering(Vec3(std::cos(elevation) * std::cos(azimuth),
                              std::cos(elevation) * std::sin(azimuth), std::sin(elevation)));
}

std::pair<CVec, CVec> upa_steering_derivatives(Index rows, Index cols, double spacing_y_wl,
                                               double spacing_z_wl, double azimuth, double elevation) {
  const CVec a = upa_steering(rows, cols, spacing_y_wl, spacing_z_wl, azimuth, elevation);
  CVec d_az(a.size()), d_el(a.size());
  const double ce = std::cos(elevation), se = std::sin(elevation);
  const double ca = std::cos(azimuth), sa = std::sin(azimuth);
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c) {
      const Index n = r * cols + c;
      const double y = static_cast<double>(c) * spacing_y_wl, z = static_cast<double>(r) * spacing_z_wl;
      // phase = 2π(y·cos ϑ·sin φ + z·sin ϑ)
      d_az[n] = a[n] * Complex{0.0, two_pi * y * ce * ca};
      d_el[n] = a[n] * Complex{0.0, two_pi * (-y * se * sa + z * ce)};
    }
  return {d_az, d_el};
}

CVec near_field_response(const Eigen::Matrix3Xd& element_positions_m, const Vec3& point_m,
                         double wavelength_m) {
  IRISAC_REQUIRE(element_positions_m.cols() >= 1, "need at least one element (got 0)");
  IRISAC_REQUIRE(wavelength_m > 0.0, "wavelength_m must be > 0 (got ", wavelength_m, ")");
  const double r0 = (element_positions_m.col(0) - point_m).norm();
  CVec b(element_positions_m.cols());
  for (Index n = 0; n < b.size(); ++n) {
    const double rn = (element_positions_m.col(n) - point_m).norm();
    b[n] = std::polar(1.0, -two_pi * (rn - r0) / wavelength_m);
  }
  return b;
}

double rayleigh_distance_m(double aperture_m, double wavelength_m) {
  IRISAC_REQUIRE(wavelength_m > 0.0, "wavelength_m must be > 0 (got ", wavelength_m, ")");
  return 2.0 * aperture_m * aperture_m / wavelength_m;
}

}  // namespace irisac
