// Cooperating IRSs: chain-rule position FIM, distributed fusion, triangulation, centralised ML,
// LoS coverage (docs/architectures.md §4; breadth-models §5).
#include "irisac/sensing/cooperative.hpp"

#include <algorithm>
#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/sensing/crb.hpp"

namespace irisac {
namespace {

double wrap_angle(double x) { return std::remainder(x, 2.0 * constants::pi); }

void check_pair(std::size_t a, std::size_t b, const char* what) {
  IRISAC_REQUIRE(a == b, what, ": ", a, " gradients and ", b, " values");
}

}  // namespace

double coop_local_azimuth(const Pose& surface, const Vec3& p) {
  const Vec3 d = surface.rotation.transpose() * (p - surface.position_m);
  return std::atan2(d.y(), d.x());
}

Vec2 coop_azimuth_gradient(const Pose& surface, const Vec3& p) {
  const Vec3 d = surface.rotation.transpose() * (p - surface.position_m);
  const double rho2 = d.x() * d.x() + d.y() * d.y();
  IRISAC_REQUIRE(rho2 > 0.0, "the target lies on the surface's normal axis (azimuth undefined)");
  // ∂θ/∂d = (−d_y, d_x, 0)/ρ², d = Rᵀ(p − q) ⇒ ∂θ/∂p = R ∂θ/∂d; keep (x, y) (height known).
  const Vec3 g = surface.rotation * Vec3(-d.y() / rho2, d.x() / rho2, 0.0);
  return {g.x(), g.y()};
}

Mat2 coop_position_fim(const std::vector<Vec2>& gradients, const std::vector<double>& informations) {
  check_pair(gradients.size(), informations.size(), "coop_position_fim");
  Mat2 j = Mat2::Zero();
  for (std::size_t l = 0; l < gradients.size(); ++l) {
    IRISAC_REQUIRE(informations[l] >= 0.0 && std::isfinite(informations[l]), "angle information of surface ", l,
                   " must be finite and >= 0 (got ", informations[l], ")");
    j += informations[l] * gradients[l] * gradients[l].transpose();
  }
  return j;
}

double position_error_bound(const Mat2& fim) {
  const double det = fim.determinant(), tr = fim.trace();
  // Relative test: det/tr² is the product of the normalised eigenvalues (≤ 1/4).
  if (!(tr > 0.0) || !(det > 1e-12 * tr * tr))
    throw NumericalError(
        "position not identifiable from the bearings: singular 2x2 position FIM (one surface, or the surfaces "
        "and the target on one line)");
  return std::sqrt(tr / det);  // tr(J⁻¹) = tr(J)/det(J) for 2 × 2
}

Mat2 coop_distributed_covariance(const std::vector<Vec2>& gradients, const std::vector<double>& variances,
                                 CoopFusion fusion, double quant_step) {
  check_pair(gradients.size(), variances.size(), "coop_distributed_covariance");
  IRISAC_REQUIRE(quant_step >= 0.0, "quantisation step must be >= 0 (got ", quant_step, ")");
  const double q = quant_step * quant_step / 12.0;
  Mat2 a = Mat2::Zero(), b = Mat2::Zero();
  for (std::size_t l = 0; l < gradients.size(); ++l) {
    IRISAC_REQUIRE(variances[l] > 0.0 && std::isfinite(variances[l]), "variance of surface ", l,
                   " must be finite and > 0 (got ", variances[l], ")");
    const double c = variances[l] + q;
    const Mat2 ggt = gradients[l] * gradients[l].transpose();
    const double w = fusion == CoopFusion::inverse_variance ? 1.0 / c : 1.0;
    a += w * ggt;
    b += w * w * c * ggt;
  }
  if (!(a.determinant() > 1e-12 * a.trace() * a.trace()))
    throw NumericalError("distributed fusion: the bearings do not fix a point (singular normal matrix)");
  const Mat2 ai = a.inverse();
  return ai * b * ai;  // sandwich; = A⁻¹ for inverse-variance weights
}

RMat coop_raw_fim_numeric(const std::vector<CoopView>& views, const Vec3& p, const std::vector<CMat>& samples,
                          double step_m) {
  IRISAC_REQUIRE(views.size() == samples.size() && !views.empty(), "one sample matrix per view");
  IRISAC_REQUIRE(step_m > 0.0, "step must be > 0");
  Index rows = 0, params = 2;
  for (std::size_t l = 0; l < views.size(); ++l) {
    rows += views[l].model.num_rx() * samples[l].cols();
    params += 2 + 2 * static_cast<Index>(views[l].model.nuisance_paths.size());
  }
  CMat d = CMat::Zero(rows, params);
  auto mean_at = [&](std::size_t l, const Vec3& q) {
    PointTarget t = views[l].target;
    t.theta = coop_local_azimuth(views[l].pose, q);
    return echo_mean(views[l].model, {t}, samples[l]);
  };
  Index r0 = 0, c0 = 2;
  for (std::size_t l = 0; l < views.size(); ++l) {
    const EchoModel& m = views[l].model;
    const CMat w = whitening_matrix(m);
    const Index nr = m.num_rx() * samples[l].cols();
    auto put = [&](Index col, const CMat& x) {
      const CMat wx = w * x;
      d.block(r0, col, nr, 1) = Eigen::Map<const CVec>(wx.data(), nr);
    };
    for (int a = 0; a < 2; ++a) {
      Vec3 e = Vec3::Zero();
      e[a] = 1.0;
      auto diff = [&](double h) -> CMat { return (mean_at(l, p + h * e) - mean_at(l, p - h * e)) / (2.0 * h); };
      put(a, (4.0 * diff(0.5 * step_m) - diff(step_m)) / 3.0);
    }
    PointTarget t = views[l].target;
    t.theta = coop_local_azimuth(views[l].pose, p);
    const CMat bx = echo_response(m, t.theta) * samples[l];
    put(c0, bx);
    put(c0 + 1, Complex{0.0, 1.0} * bx);
    c0 += 2;
    for (const auto& dp : m.nuisance_paths) {
      put(c0, dp * samples[l]);
      put(c0 + 1, Complex{0.0, 1.0} * dp * samples[l]);
      c0 += 2;
    }
    r0 += nr;
  }
  return 2.0 * (d.adjoint() * d).real();
}

double coop_quant_step(const AngleSearchOptions& search, Index bits) {
  IRISAC_REQUIRE(bits >= 0 && bits <= 52, "report bits must be in [0, 52] (got ", bits, ")");
  if (bits == 0) return 0.0;
  return (search.theta_max - search.theta_min) / std::ldexp(1.0, static_cast<int>(bits));
}

CoopReport coop_local_report(const CoopView& view, const CMat& received, const CMat& samples, const CMat& tx_cov,
                             const AngleSearchOptions& search, Index bits) {
  const EchoModel& m = view.model;
  const double th = estimate_angle_ml(m, received, samples, search);
  // α̂ at θ̂: least squares on the whitened data (nuisance paths jointly).
  const CMat w = whitening_matrix(m);
  const CMat yw = w * received;
  std::vector<CMat> f{w * echo_response(m, th) * samples};
  for (const auto& dp : m.nuisance_paths) f.push_back(w * dp * samples);
  const auto k = static_cast<Index>(f.size());
  CMat gram(k, k);
  CVec c(k);
  for (Index i = 0; i < k; ++i) {
    c[i] = (f[static_cast<std::size_t>(i)].conjugate().cwiseProduct(yw)).sum();
    for (Index j = 0; j < k; ++j)
      gram(i, j) = (f[static_cast<std::size_t>(i)].conjugate().cwiseProduct(f[static_cast<std::size_t>(j)])).sum();
  }
  if (!(gram(0, 0).real() > 0.0)) throw NumericalError("cooperating IRS: zero echo response at the estimated angle");
  const CVec coef = gram.ldlt().solve(c);
  CoopReport r;
  r.variance = crb_angle(m, PointTarget{th, coef[0]}, tx_cov, samples.cols());
  r.theta = coop_quantise(th, search, bits);
  return r;
}

double coop_quantise(double theta, const AngleSearchOptions& search, Index bits) {
  const double step = coop_quant_step(search, bits);
  if (!(step > 0.0)) return theta;
  const double cells = std::ldexp(1.0, static_cast<int>(bits));
  const double i = std::clamp(std::floor((theta - search.theta_min) / step), 0.0, cells - 1.0);
  return search.theta_min + (i + 0.5) * step;
}

Vec3 coop_triangulate(const std::vector<Pose>& surfaces, const std::vector<double>& thetas,
                      const std::vector<double>& weights, double height_m) {
  IRISAC_REQUIRE(surfaces.size() == thetas.size() && surfaces.size() == weights.size(),
                 "one angle and one weight per surface");
  if (surfaces.size() < 2) throw NumericalError("triangulation needs at least 2 surfaces (got 1)");
  // Bearing lines in the horizontal plane: n_lᵀ(x − q_l) = 0 (exact for upright surfaces).
  Mat2 a = Mat2::Zero();
  Vec2 b = Vec2::Zero();
  for (std::size_t l = 0; l < surfaces.size(); ++l) {
    IRISAC_REQUIRE(weights[l] > 0.0 && std::isfinite(weights[l]), "weight of surface ", l, " must be > 0");
    const Vec3 dir = surfaces[l].rotation * Vec3(std::cos(thetas[l]), std::sin(thetas[l]), 0.0);
    Vec2 n(-dir.y(), dir.x());
    IRISAC_REQUIRE(n.norm() > 0.0, "bearing of surface ", l, " is vertical");
    n.normalize();
    const Mat2 nnt = n * n.transpose();
    a += weights[l] * nnt;
    b += weights[l] * nnt * surfaces[l].position_m.head<2>();
  }
  if (!(a.determinant() > 1e-12 * a.trace() * a.trace()))
    throw NumericalError("triangulation: the bearing lines are parallel (no intersection)");
  Vec3 p(0.0, 0.0, height_m);
  p.head<2>() = a.ldlt().solve(b);
  auto cost = [&](const Vec3& q) {
    double s = 0.0;
    for (std::size_t l = 0; l < surfaces.size(); ++l) {
      const double r = wrap_angle(thetas[l] - coop_local_azimuth(surfaces[l], q));
      s += weights[l] * r * r;
    }
    return s;
  };
  double c = cost(p);
  for (int it = 0; it < 100; ++it) {  // Gauss–Newton with step halving
    Mat2 h = Mat2::Zero();
    Vec2 g = Vec2::Zero();
    for (std::size_t l = 0; l < surfaces.size(); ++l) {
      const Vec2 jl = coop_azimuth_gradient(surfaces[l], p);
      const double r = wrap_angle(thetas[l] - coop_local_azimuth(surfaces[l], p));
      h += weights[l] * jl * jl.transpose();
      g += weights[l] * r * jl;
    }
    const Vec2 step = h.ldlt().solve(g);
    double t = 1.0;
    bool moved = false;
    for (int k = 0; k < 40; ++k, t *= 0.5) {
      Vec3 q = p;
      q.head<2>() += t * step;
      const double cq = cost(q);
      if (cq <= c) {
        p = q;
        c = cq;
        moved = true;
        break;
      }
    }
    if (!moved || t * step.norm() < 1e-12 * (1.0 + p.head<2>().norm())) break;
  }
  return p;
}

Vec3 coop_centralised_ml(const std::vector<CoopView>& views, const std::vector<CMat>& received,
                         const std::vector<CMat>& samples, const Vec3& initial) {
  IRISAC_REQUIRE(views.size() == received.size() && views.size() == samples.size(), "one data set per view");
  auto f = [&](const Vec3& q) {
    double s = 0.0;
    for (std::size_t l = 0; l < views.size(); ++l)
      s += ml_objective(views[l].model, received[l], samples[l], coop_local_azimuth(views[l].pose, q));
    return s;
  };
  Vec3 p = initial;
  double fp = f(p);
  const double h = 1e-4;  // [m] for the finite-difference gradient and Hessian
  for (int it = 0; it < 100; ++it) {
    auto at = [&](double dx, double dy) { return f(p + Vec3(dx, dy, 0.0)); };
    const double fxp = at(h, 0), fxm = at(-h, 0), fyp = at(0, h), fym = at(0, -h);
    const Vec2 g((fxp - fxm) / (2 * h), (fyp - fym) / (2 * h));
    Mat2 hs;
    hs(0, 0) = (fxp - 2 * fp + fxm) / (h * h);
    hs(1, 1) = (fyp - 2 * fp + fym) / (h * h);
    hs(0, 1) = hs(1, 0) = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
    // Ascent direction: Newton on −H, shifted to be positive definite where needed (Levenberg).
    Eigen::SelfAdjointEigenSolver<Mat2> es(-hs);
    const double lmin = es.eigenvalues()(0), lmax = std::abs(es.eigenvalues()(1));
    Mat2 m = -hs;
    if (lmin <= 1e-9 * std::max(lmax, 1e-300)) m += (std::abs(lmin) + 1e-6 * std::max(lmax, 1.0)) * Mat2::Identity();
    const Vec2 step = m.ldlt().solve(g);
    double t = 1.0;
    bool moved = false;
    for (int k = 0; k < 40; ++k, t *= 0.5) {
      Vec3 q = p;
      q.head<2>() += t * step;
      const double fq = f(q);
      if (fq >= fp) {
        p = q;
        fp = fq;
        moved = true;
        break;
      }
    }
    if (!moved || t * step.norm() < 1e-10) break;
  }
  return p;
}

double coop_los_probability(const Pose& surface, const Vec3& p, double los_distance_m) {
  IRISAC_REQUIRE(los_distance_m > 0.0, "LoS distance must be > 0 (got ", los_distance_m, ")");
  const Vec3 d = surface.rotation.transpose() * (p - surface.position_m);
  if (!(d.x() > 0.0)) return 0.0;  // behind the surface (or in its plane): no reflection towards p
  if (std::isinf(los_distance_m)) return 1.0;
  return std::exp(-d.norm() / los_distance_m);
}

double coop_coverage_at(const std::vector<Pose>& surfaces, const Vec3& p, double los_distance_m) {
  double none = 1.0;
  for (const auto& s : surfaces) none *= 1.0 - coop_los_probability(s, p, los_distance_m);
  return 1.0 - none;
}

double coop_at_least(const std::vector<double>& probs, Index k) {
  IRISAC_REQUIRE(k >= 0, "k must be >= 0");
  // q[j] = P(exactly j links up) after the links seen so far.
  std::vector<double> q(probs.size() + 1, 0.0);
  q[0] = 1.0;
  for (std::size_t l = 0; l < probs.size(); ++l) {
    IRISAC_REQUIRE(probs[l] >= 0.0 && probs[l] <= 1.0, "probability ", l, " outside [0, 1]: ", probs[l]);
    for (std::size_t j = l + 1; j > 0; --j) q[j] = q[j] * (1.0 - probs[l]) + q[j - 1] * probs[l];
    q[0] *= 1.0 - probs[l];
  }
  double s = 0.0;
  for (std::size_t j = static_cast<std::size_t>(k); j < q.size(); ++j) s += q[j];
  return std::min(1.0, s);
}

double coop_coverage_probability(const std::vector<Pose>& surfaces, const Vec2& lo, const Vec2& hi, double height_m,
                                 double los_distance_m, Index grid) {
  IRISAC_REQUIRE(grid >= 1 && grid <= 100000, "grid must be in [1, 100000] (got ", grid, ")");
  IRISAC_REQUIRE(hi.x() > lo.x() && hi.y() > lo.y(), "area: max must exceed min in x and y");
  const double dx = (hi.x() - lo.x()) / static_cast<double>(grid), dy = (hi.y() - lo.y()) / static_cast<double>(grid);
  double s = 0.0;
  for (Index i = 0; i < grid; ++i)
    for (Index j = 0; j < grid; ++j)
      s += coop_coverage_at(surfaces,
                            Vec3(lo.x() + (static_cast<double>(i) + 0.5) * dx, lo.y() + (static_cast<double>(j) + 0.5) * dy,
                                 height_m),
                            los_distance_m);
  return s / static_cast<double>(grid * grid);
}

}  // namespace irisac
