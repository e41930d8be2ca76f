// Near-field sensing with a ULA: response, angle–range CRB, focusing, depth of focus, 2-D ML.
// Equations: include/irisac/sensing/near_field.hpp and docs/near-field.md.
#include "irisac/sensing/near_field.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/golden_section.hpp"
#include "irisac/sensing/fisher.hpp"

namespace irisac {

namespace {

double nf_wavenumber(const NearFieldArray& a) { return constants::two_pi / a.wavelength_m; }

void nf_check_point(const PolarPoint& p, const char* fn) {
  if (!(std::abs(p.theta) < constants::pi / 2.0))
    throw InvalidArgument(std::string(fn) + "(): angle must lie in (-pi/2, pi/2) (got " + std::to_string(p.theta) + ")");
  if (!(p.range_m > 0.0) || !std::isfinite(p.range_m))
    throw InvalidArgument(std::string(fn) + "(): range must be finite and > 0 (got " + std::to_string(p.range_m) + ")");
}

// Phase ψ_n and its derivatives (∂θ, ∂r) for one element, one-way.
struct NfPhase {
  double psi, d_theta, d_range;
};

// (s, c) = (sin θ, cos θ), r the range: hoisted out of the per-element loops.
NfPhase nf_phase(double k, double d, double delta, double s, double c, double r, NearFieldModel model) {
  const double y = delta * d;
  if (model == NearFieldModel::fresnel) {
    const double omega = k * d * s, phi = -k * d * d * c * c / (2.0 * r);
    return {omega * delta + phi * delta * delta, k * d * c * delta + k * d * d * c * s / r * delta * delta,
            k * d * d * c * c / (2.0 * r * r) * delta * delta};
  }
  // Exact: r_n = √(r² + y² − 2 r y sin θ); r_n − r and ∂r_n/∂r − 1 in cancellation-free forms.
  const double rn = std::sqrt(r * r + y * y - 2.0 * r * y * s);
  const double rn_minus_r = (y * y - 2.0 * r * y * s) / (rn + r);
  const double drn_dtheta = -r * y * c / rn;
  const double drn_dr_minus_1 = (-y * y * c * c) / ((r - y * s) + rn) / rn;
  return {-k * rn_minus_r, -k * drn_dtheta, -k * drn_dr_minus_1};
}

double nf_delta(Index n, Index num) { return static_cast<double>(n) - 0.5 * static_cast<double>(num - 1); }

}  // namespace

double NearFieldArray::rayleigh_distance_m() const noexcept {
  const double dd = aperture_m();
  return 2.0 * dd * dd / wavelength_m;
}

void validate(const NearFieldArray& a) {
  if (a.num_elements < 2)
    throw InvalidArgument("NearFieldArray: num_elements must be >= 2 (got " + std::to_string(a.num_elements) + ")");
  if (!(a.spacing_m > 0.0) || !std::isfinite(a.spacing_m))
    throw InvalidArgument("NearFieldArray: spacing_m must be finite and > 0 (got " + std::to_string(a.spacing_m) + ")");
  if (!(a.wavelength_m > 0.0) || !std::isfinite(a.wavelength_m))
    throw InvalidArgument("NearFieldArray: wavelength_m must be finite and > 0 (got " + std::to_string(a.wavelength_m) +
                          ")");
}

CVec near_field_ula_response(const NearFieldArray& a, const PolarPoint& p, NearFieldModel model, bool two_way) {
  validate(a);
  nf_check_point(p, "near_field_ula_response");
  const double k = nf_wavenumber(a), m = two_way ? 2.0 : 1.0;
  const double st = std::sin(p.theta), ct = std::cos(p.theta);
  CVec b(a.num_elements);
  for (Index n = 0; n < a.num_elements; ++n) {
    const double psi = m * nf_phase(k, a.spacing_m, nf_delta(n, a.num_elements), st, ct, p.range_m, model).psi;
    b[n] = Complex{std::cos(psi), std::sin(psi)};
  }
  return b;
}

std::pair<CVec, CVec> near_field_ula_derivatives(const NearFieldArray& a, const PolarPoint& p, NearFieldModel model,
                                                 bool two_way) {
  validate(a);
  nf_check_point(p, "near_field_ula_derivatives");
  const double k = nf_wavenumber(a), m = two_way ? 2.0 : 1.0;
  const double st = std::sin(p.theta), ct = std::cos(p.theta);
  CVec dt(a.num_elements), dr(a.num_elements);
  for (Index n = 0; n < a.num_elements; ++n) {
    const NfPhase ph = nf_phase(k, a.spacing_m, nf_delta(n, a.num_elements), st, ct, p.range_m, model);
    const Complex jb = Complex{0.0, 1.0} * Complex{std::cos(m * ph.psi), std::sin(m * ph.psi)};
    dt[n] = m * ph.d_theta * jb;
    dr[n] = m * ph.d_range * jb;
  }
  return {dt, dr};
}

namespace {

RMat nf_fim_from(const CVec& b, const CVec& dt, const CVec& dr, double total_snr, Index num) {
  if (!(total_snr > 0.0) || !std::isfinite(total_snr))
    throw InvalidArgument("near_field_crb(): total_snr must be finite and > 0 (got " + std::to_string(total_snr) + ")");
  CMat jac(b.size(), 4);
  jac.col(0) = dt;
  jac.col(1) = dr;
  jac.col(2) = b;
  jac.col(3) = Complex{0.0, 1.0} * b;
  return fisher_information(jac, static_cast<double>(num) / total_snr);
}

NearFieldCrb nf_crb_from_fim(RMat fim) {
  const RMat crb = crb_from_fim(fim, {"angle", "range", "re_beta", "im_beta"});
  return {crb(0, 0), crb(1, 1), std::move(fim)};
}

}  // namespace

NearFieldCrb near_field_crb(const NearFieldArray& a, const PolarPoint& p, double total_snr, NearFieldModel model,
                            bool two_way) {
  const CVec b = near_field_ula_response(a, p, model, two_way);
  const auto [dt, dr] = near_field_ula_derivatives(a, p, model, two_way);
  return nf_crb_from_fim(nf_fim_from(b, dt, dr, total_snr, a.num_elements));
}

RMat near_field_fim_numeric(const NearFieldArray& a, const PolarPoint& p, double total_snr, NearFieldModel model,
                            bool two_way) {
  validate(a);
  nf_check_point(p, "near_field_fim_numeric");
  const double k = nf_wavenumber(a), m = two_way ? 2.0 : 1.0;
  const double dd = a.aperture_m();
  // Steps scaled so that the phase moves by about 1e-3 rad across the aperture.
  const double h_theta = 1e-3 / (k * m * dd);
  const double range_sensitivity = k * m * dd * dd / (8.0 * p.range_m * p.range_m);
  const double h_range = std::min(1e-3 / range_sensitivity, 1e-2 * p.range_m);
  auto at = [&](double dtheta, double drange) {
    return near_field_ula_response(a, {p.theta + dtheta, p.range_m + drange}, model, two_way);
  };
  auto stencil = [](const CVec& p2, const CVec& p1, const CVec& m1, const CVec& m2, double h) -> CVec {
    return (-p2 + 8.0 * p1 - 8.0 * m1 + m2) / (12.0 * h);
  };
  const CVec dt = stencil(at(2 * h_theta, 0), at(h_theta, 0), at(-h_theta, 0), at(-2 * h_theta, 0), h_theta);
  const CVec dr = stencil(at(0, 2 * h_range), at(0, h_range), at(0, -h_range), at(0, -2 * h_range), h_range);
  return nf_fim_from(near_field_ula_response(a, p, model, two_way), dt, dr, total_snr, a.num_elements);
}

NearFieldCrb near_field_crb_fresnel_closed_form(const NearFieldArray& a, const PolarPoint& p, double total_snr,
                                                bool two_way) {
  validate(a);
  nf_check_point(p, "near_field_crb_fresnel_closed_form");
  if (!(total_snr > 0.0) || !std::isfinite(total_snr))
    throw InvalidArgument("near_field_crb_fresnel_closed_form(): total_snr must be finite and > 0 (got " +
                          std::to_string(total_snr) + ")");
  const double n = static_cast<double>(a.num_elements);
  if (a.num_elements < 3)
    throw NumericalError("near_field_crb_fresnel_closed_form(): range is not identifiable with N < 3 elements");
  const double k = nf_wavenumber(a), d = a.spacing_m, c = std::cos(p.theta), r = p.range_m;
  const double way = two_way ? 4.0 : 1.0;
  const double var_theta = far_field_crb_angle(a, p.theta, total_snr, two_way);
  const double var_phi = 90.0 / (total_snr * (n * n - 1.0) * (n * n - 4.0)) / way;
  const double dr_dphi = 2.0 * r * r / (k * d * d * c * c);
  const double dr_dtheta = 2.0 * r * std::tan(p.theta);
  return {var_theta, dr_dphi * dr_dphi * var_phi + dr_dtheta * dr_dtheta * var_theta, RMat()};
}

double far_field_crb_angle(const NearFieldArray& a, double theta, double total_snr, bool two_way) {
  validate(a);
  const double n = static_cast<double>(a.num_elements);
  const double kd = nf_wavenumber(a) * a.spacing_m, c = std::cos(theta);
  return 6.0 / (total_snr * kd * kd * c * c * (n * n - 1.0)) / (two_way ? 4.0 : 1.0);
}

double focusing_gain(const NearFieldArray& a, const PolarPoint& focus, const PolarPoint& at) {
  const CVec bf = near_field_ula_response(a, focus, NearFieldModel::exact);
  const CVec b = near_field_ula_response(a, at, NearFieldModel::exact);
  const double n = static_cast<double>(a.num_elements);
  return std::norm(bf.dot(b)) / (n * n);
}

namespace {
// |∫_{−1/2}^{1/2} exp(jπ c u²) du|² by composite Simpson on [0, 1/2] (the integrand is even).
double nf_fresnel_beam(double c) {
  const int intervals = 400;
  const double h = 0.5 / intervals;
  Complex acc{0.0, 0.0};
  for (int i = 0; i <= intervals; ++i) {
    const double u = i * h, w = (i == 0 || i == intervals) ? 1.0 : (i % 2 ? 4.0 : 2.0);
    const double ph = constants::pi * c * u * u;
    acc += w * Complex{std::cos(ph), std::sin(ph)};
  }
  return std::norm(2.0 * acc * (h / 3.0));
}
}  // namespace

double depth_of_focus_constant() {
  static const double c3 = [] {
    double lo = 1.0, hi = 6.0;  // nf_fresnel_beam(1) > 1/2 > nf_fresnel_beam(6), decreasing between
    for (int i = 0; i < 200 && hi - lo > 1e-14; ++i) {
      const double mid = 0.5 * (lo + hi);
      (nf_fresnel_beam(mid) > 0.5 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  }();
  return c3;
}

DepthOfFocus depth_of_focus(const NearFieldArray& a, const PolarPoint& focus) {
  validate(a);
  nf_check_point(focus, "depth_of_focus");
  const double c = std::cos(focus.theta), dd = a.aperture_m();
  const double r_df = dd * dd * c * c / (depth_of_focus_constant() * a.wavelength_m);
  const double r0 = focus.range_m;
  DepthOfFocus out;
  out.r_df_m = r_df;
  out.near_m = r0 * r_df / (r_df + r0);
  out.bounded = r0 < r_df;
  out.far_m = out.bounded ? r0 * r_df / (r_df - r0) : std::numeric_limits<double>::infinity();
  return out;
}

DepthOfFocus depth_of_focus_exact(const NearFieldArray& a, const PolarPoint& focus) {
  const DepthOfFocus approx = depth_of_focus(a, focus);
  const double x0 = 1.0 / focus.range_m;
  // Expected half-width in 1/r; step outward in small steps until the gain drops below 1/2.
  const double width = 1.0 / approx.r_df_m;
  const double step = width / 20.0;
  auto g = [&](double x) { return focusing_gain(a, focus, {focus.theta, 1.0 / x}); };
  auto bisect = [&](double inside, double outside) {
    for (int i = 0; i < 200 && std::abs(outside - inside) > 1e-13 * std::abs(inside); ++i) {
      const double mid = 0.5 * (inside + outside);
      (g(mid) > 0.5 ? inside : outside) = mid;
    }
    return 0.5 * (inside + outside);
  };
  DepthOfFocus out = approx;
  // Near side (larger 1/r). The gain's first 3-dB crossing lies within a few expected widths.
  double in = x0, x = x0 + step;
  for (int i = 0; i < 2000 && g(x) > 0.5; ++i) {
    in = x;
    x += step;
  }
  out.near_m = 1.0 / bisect(in, x);
  // Far side (smaller 1/r), down to r = 1e6 Rayleigh distances.
  const double x_min = 1.0 / (1e6 * a.rayleigh_distance_m());
  in = x0;
  x = x0 - step;
  while (x > x_min && g(x) > 0.5) {
    in = x;
    x -= step;
  }
  if (x <= x_min) {
    if (g(x_min) > 0.5) {
      out.far_m = std::numeric_limits<double>::infinity();
      out.bounded = false;
      return out;
    }
    x = x_min;
  }
  out.far_m = 1.0 / bisect(in, x);
  out.bounded = true;
  return out;
}

namespace {

// |b(θ, r)ᴴ y|² without forming b (the estimator's inner loop).
double nf_fit(const NearFieldArray& a, const CVec& y, const PolarPoint& p, NearFieldModel model, bool two_way) {
  const double k = nf_wavenumber(a), m = two_way ? 2.0 : 1.0;
  const double st = std::sin(p.theta), ct = std::cos(p.theta);
  double re = 0.0, im = 0.0;
  for (Index n = 0; n < a.num_elements; ++n) {
    const double psi = m * nf_phase(k, a.spacing_m, nf_delta(n, a.num_elements), st, ct, p.range_m, model).psi;
    const double c = std::cos(psi), s = std::sin(psi);
    re += c * y[n].real() + s * y[n].imag();
    im += c * y[n].imag() - s * y[n].real();
  }
  return re * re + im * im;
}

void nf_check_search(const NearFieldSearch& s) {
  if (!(s.theta_min < s.theta_max) || !(s.theta_min > -constants::pi / 2.0) || !(s.theta_max < constants::pi / 2.0))
    throw InvalidArgument("near_field_ml(): need -pi/2 < theta_min < theta_max < pi/2");
  if (!(s.range_min_m > 0.0) || !(s.range_min_m < s.range_max_m) || !std::isfinite(s.range_max_m))
    throw InvalidArgument("near_field_ml(): need 0 < range_min_m < range_max_m < inf");
  if (s.grid_angles < 2 || s.grid_ranges < 2)
    throw InvalidArgument("near_field_ml(): grid_angles and grid_ranges must be >= 2");
}

}  // namespace

PolarPoint near_field_ml(const NearFieldArray& a, const CVec& y, const NearFieldSearch& s, NearFieldModel model,
                         bool two_way) {
  validate(a);
  nf_check_search(s);
  if (y.size() != a.num_elements)
    throw InvalidArgument("near_field_ml(): y has " + std::to_string(y.size()) + " entries, expected " +
                          std::to_string(a.num_elements));
  const double s_lo = std::sin(s.theta_min), s_hi = std::sin(s.theta_max);
  const double x_lo = 1.0 / s.range_max_m, x_hi = 1.0 / s.range_min_m;
  const double ds = (s_hi - s_lo) / static_cast<double>(s.grid_angles - 1);
  const double dx = (x_hi - x_lo) / static_cast<double>(s.grid_ranges - 1);
  PolarPoint best{0.0, 1.0};
  double best_fit = -1.0;
  for (Index i = 0; i < s.grid_angles; ++i)
    for (Index j = 0; j < s.grid_ranges; ++j) {
      const PolarPoint p{std::asin(s_lo + ds * static_cast<double>(i)), 1.0 / (x_lo + dx * static_cast<double>(j))};
      const double f = nf_fit(a, y, p, model, two_way);
      if (f > best_fit) {
        best_fit = f;
        best = p;
      }
    }
  // Alternating golden-section refinement within one grid cell around the best point.
  for (int round = 0; round < s.refine_rounds; ++round) {
    const double sb = std::sin(best.theta);
    const double t_lo = std::asin(std::max(s_lo, sb - ds)), t_hi = std::asin(std::min(s_hi, sb + ds));
    best.theta = golden_section_max([&](double t) { return nf_fit(a, y, {t, best.range_m}, model, two_way); }, t_lo,
                                    t_hi, 40)
                     .x;
    const double xb = 1.0 / best.range_m;
    const double xr_lo = std::max(x_lo, xb - dx), xr_hi = std::min(x_hi, xb + dx);
    best.range_m =
        1.0 / golden_section_max([&](double x) { return nf_fit(a, y, {best.theta, 1.0 / x}, model, two_way); }, xr_lo,
                                 xr_hi, 40)
                  .x;
  }
  return best;
}

double far_field_ml_angle(const NearFieldArray& a, const CVec& y, const NearFieldSearch& s, bool two_way) {
  validate(a);
  nf_check_search(s);
  if (y.size() != a.num_elements)
    throw InvalidArgument("far_field_ml_angle(): y has " + std::to_string(y.size()) + " entries, expected " +
                          std::to_string(a.num_elements));
  const double k = nf_wavenumber(a), m = two_way ? 2.0 : 1.0;
  auto fit = [&](double t) {
    const double om = m * k * a.spacing_m * std::sin(t);
    Complex acc{0.0, 0.0};
    for (Index n = 0; n < a.num_elements; ++n) {
      const double ph = om * nf_delta(n, a.num_elements);
      acc += Complex{std::cos(ph), -std::sin(ph)} * y[n];
    }
    return std::norm(acc);
  };
  const Index grid = 4 * s.grid_angles;
  const double s_lo = std::sin(s.theta_min), s_hi = std::sin(s.theta_max);
  const double ds = (s_hi - s_lo) / static_cast<double>(grid - 1);
  double best = 0.0, best_fit = -1.0;
  for (Index i = 0; i < grid; ++i) {
    const double t = std::asin(s_lo + ds * static_cast<double>(i));
    const double f = fit(t);
    if (f > best_fit) {
      best_fit = f;
      best = t;
    }
  }
  const double sb = std::sin(best);
  return golden_section_max(fit, std::asin(std::max(s_lo, sb - ds)), std::asin(std::min(s_hi, sb + ds)), 80).x;
}

}  // namespace irisac
