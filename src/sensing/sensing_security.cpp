// Sensing security: echo nulling towards an unauthorised receiver with a target-mounted IRS.
// Equations: include/irisac/sensing/sensing_security.hpp, docs/secure-isac.md §3.
#include "irisac/sensing/sensing_security.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <string>

#include "irisac/core/error.hpp"

namespace irisac {

namespace {

CVec ss_project(const CVec& x) {
  CVec v = x;
  for (auto& e : v) e = std::abs(e) > 0.0 ? e / std::abs(e) : Complex{1.0, 0.0};
  return v;
}

// Monotone Riemannian ascent of f(v) = vᴴ Q v on the torus (Q Hermitian).
CVec ss_ascend(const CMat& q, CVec v, int iterations) {
  double f = std::real(v.dot(q * v));
  double step = 1.0;
  for (int it = 0; it < iterations; ++it) {
    const CVec g = 2.0 * (q * v);
    CVec rg = g;
    for (Index n = 0; n < v.size(); ++n) rg[n] = g[n] - std::real(g[n] * std::conj(v[n])) * v[n];
    const double gn = rg.norm();
    if (!(gn > 0.0)) break;
    bool moved = false;
    for (int bt = 0; bt < 40; ++bt) {
      const CVec vn = ss_project(v + (step / gn) * rg);
      const double fn = std::real(vn.dot(q * vn));
      if (fn > f) {
        const double rise = (fn - f) / std::max(std::abs(f), 1e-300);
        v = vn;
        f = fn;
        moved = rise > 1e-14;
        break;
      }
      step *= 0.5;
    }
    if (!moved) break;
    step = std::min(2.0 * step, 4.0);
  }
  return v;
}

}  // namespace

EchoNullDesign design_echo_null(const CMat& lrs, const CMat& urs, const EchoNullOptions& opt) {
  const Index n = lrs.cols();
  if (n < 2 || urs.cols() != n || lrs.rows() < 1 || urs.rows() < 1)
    throw InvalidArgument("design_echo_null(): C_L and C_U need the same N >= 2 columns (got " +
                          std::to_string(lrs.cols()) + " and " + std::to_string(urs.cols()) + ")");
  if (!lrs.allFinite() || !urs.allFinite()) throw InvalidArgument("design_echo_null(): channels must be finite");
  if (opt.penalty_rounds < 0 || opt.iterations_per_round < 1)
    throw InvalidArgument("design_echo_null(): penalty_rounds >= 0 and iterations_per_round >= 1");
  const CMat ql = lrs.adjoint() * lrs, qu = urs.adjoint() * urs;
  // LRS-only optimum: phase alignment for one antenna, else ascent from the principal eigenvector.
  CVec v0;
  if (lrs.rows() == 1) {
    v0 = ss_project(lrs.row(0).adjoint());
  } else {
    Eigen::SelfAdjointEigenSolver<CMat> es(ql);
    v0 = ss_ascend(ql, ss_project(es.eigenvectors().col(n - 1)), opt.iterations_per_round);
  }
  EchoNullDesign d;
  d.lrs_power_unsecured = (lrs * v0).squaredNorm();
  d.urs_power_unsecured = (urs * v0).squaredNorm();
  // Penalty continuation: μ scaled to the two quadratic forms, raised ×10 per round.
  const double scale = ql.trace().real() / std::max(qu.trace().real(), 1e-300);
  double mu = 0.1 * scale;
  CVec v = v0;
  for (int r = 0; r < opt.penalty_rounds; ++r, mu *= 10.0) v = ss_ascend(ql - mu * qu, v, opt.iterations_per_round);
  // Exact null for a single-antenna URS: re-solve the best feasible pair of elements.
  if (opt.exact_null && urs.rows() == 1) {
    const CVec c = urs.row(0).transpose();
    const Complex total = (c.array() * v.array()).sum();  // Σ c_n v_n
    double best_l = -1.0;
    CVec best_v;
    for (Index i = 0; i < n; ++i)
      for (Index j = i + 1; j < n; ++j) {
        const double a = std::abs(c[i]), b = std::abs(c[j]);
        if (!(a > 0.0) || !(b > 0.0)) continue;
        const Complex t = -(total - c[i] * v[i] - c[j] * v[j]);
        const double tt = std::abs(t);
        if (!(tt >= std::abs(a - b) && tt <= a + b) || !(tt > 0.0)) continue;
        const double cg = std::clamp((a * a + tt * tt - b * b) / (2.0 * a * tt), -1.0, 1.0);
        const double gam = std::acos(cg), tau = std::arg(t);
        for (const double sgn : {1.0, -1.0}) {
          const Complex z1 = std::polar(a, tau + sgn * gam);
          CVec cand = v;
          cand[i] = z1 / c[i];
          cand[j] = (t - z1) / c[j];
          cand[i] /= std::abs(cand[i]);
          cand[j] /= std::abs(cand[j]);
          const double l = (lrs * cand).squaredNorm();
          if (l > best_l) {
            best_l = l;
            best_v = cand;
          }
        }
      }
    if (best_l >= 0.0) {
      v = best_v;
      d.exact = true;
    }
  }
  d.v = v;
  d.lrs_power = (lrs * v).squaredNorm();
  d.urs_power = (urs * v).squaredNorm();
  return d;
}

}  // namespace irisac
