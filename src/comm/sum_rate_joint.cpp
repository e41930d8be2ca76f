#include "irisac/comm/sum_rate_joint.hpp"

#include <cmath>

#include "irisac/core/error.hpp"

namespace irisac {

SumRateGradient sum_rate_gradient(const CommProblem& p, const CVec& v, const CMat& W) {
  const Index K = p.users();
  const CMat C = effective_channels(p, v, 0);  // M×K
  const CMat Z = C.adjoint() * W;              // Z(k, j) = c_k^H w_j
  CMat D(K, K);
  SumRateGradient out;
  constexpr double inv_ln2 = 1.4426950408889634;
  for (Index k = 0; k < K; ++k) {
    double T = p.noise_w(k);
    for (Index j = 0; j < K; ++j) T += std::norm(Z(k, j));
    const double I = T - std::norm(Z(k, k));
    out.value += std::log2(T / I);
    for (Index j = 0; j < K; ++j) D(k, j) = inv_ln2 * (1.0 / T - (j != k ? 1.0 / I : 0.0));
  }
  const CMat Y = W * D.cwiseProduct(Z.conjugate()).transpose();  // M×K, column k = Σ_j D_kj conj(z_kj) w_j
  const CMat GY = p.bs_to_irs[0] * Y;                             // N×K
  out.dv = 2.0 * p.irs_to_user.cwiseProduct(GY.conjugate()).rowwise().sum();
  out.dW = 2.0 * C * D.cwiseProduct(Z);
  return out;
}

JointAscentResult joint_sum_rate_ascent(const CommProblem& p, const CVec& v0, const CMat& W0, int max_iterations,
                                        double gradient_tolerance, double relative_tolerance) {
  constexpr int window = 10;
  validate(p);
  IRISAC_REQUIRE(p.base_stations() == 1, "joint sum-rate ascent: one BS (got ", p.base_stations(), ")");
  IRISAC_REQUIRE(v0.size() == p.elements(), "v0 must have N = ", p.elements(), " entries");
  IRISAC_REQUIRE(W0.rows() == p.antennas() && W0.cols() == p.users(), "W0 must be M×K");
  IRISAC_REQUIRE(W0.norm() > 0 && W0.allFinite(), "W0 must be finite and non-zero");
  IRISAC_REQUIRE(max_iterations >= 0, "max_iterations must be ≥ 0");
  const double sp = std::sqrt(p.power_w);
  CVec v = project_unit_modulus(v0);
  CMat U = W0 / W0.norm();
  // tangent projections and retractions of the two factors
  auto proj_v = [](const CVec& x, const CVec& g) -> CVec {
    return g - (g.cwiseProduct(x.conjugate())).real().cast<Complex>().cwiseProduct(x);
  };
  auto proj_u = [](const CMat& X, const CMat& g) -> CMat { return g - X.cwiseProduct(g.conjugate()).sum().real() * X; };
  auto inner_v = [](const CVec& a, const CVec& b) { return a.dot(b).real(); };
  auto inner_u = [](const CMat& a, const CMat& b) { return a.cwiseProduct(b.conjugate()).sum().real(); };
  // One block at a time (the W block is much stiffer than the phases, so one joint step size would
  // crawl): Polak–Ribière⁺ CG per block with its own Armijo step. Returns the new value.
  struct BlockState {
    double alpha = -1;
    double gg = 0;
    bool has_dir = false;
  };
  BlockState sv, su;
  CVec dv_dir, gv_prev;
  CMat du_dir, gu_prev;
  double f = sum_rate_gradient(p, v, sp * U).value;
  JointAscentResult res;
  res.history.push_back(f);
  double gnorm2 = 0;
  for (int it = 0; it < max_iterations; ++it) {
    gnorm2 = 0;
    // ---- phases
    {
      const SumRateGradient g = sum_rate_gradient(p, v, sp * U);
      const CVec gv = proj_v(v, g.dv);
      const double gg = inner_v(gv, gv);
      gnorm2 += gg;
      double beta = 0;
      if (sv.has_dir) beta = std::max(0.0, (gg - inner_v(gv, proj_v(v, gv_prev))) / std::max(sv.gg, 1e-300));
      CVec d = sv.has_dir ? CVec(gv + beta * proj_v(v, dv_dir)) : gv;
      double slope = inner_v(gv, d);
      if (slope <= 0) {
        d = gv;
        slope = gg;
      }
      double a = sv.alpha > 0 ? sv.alpha : 1.0 / std::sqrt(std::max(inner_v(d, d), 1e-300));
      for (int t = 0; t < 30 && slope > 0; ++t, a *= 0.5) {
        const CVec nv = project_unit_modulus(v + a * d);
        const double nf = sum_rate_gradient(p, nv, sp * U).value;
        if (nf > f && nf >= f + 1e-4 * a * slope) {
          v = nv;
          f = nf;
          sv.alpha = t == 0 ? 2 * a : a;
          break;
        }
      }
      gv_prev = gv;
      dv_dir = d;
      sv.gg = gg;
      sv.has_dir = true;
    }
    // ---- precoder (sphere ‖U‖_F = 1)
    {
      const SumRateGradient g = sum_rate_gradient(p, v, sp * U);
      const CMat gu = proj_u(U, sp * g.dW);
      const double gg = inner_u(gu, gu);
      gnorm2 += gg;
      double beta = 0;
      if (su.has_dir) beta = std::max(0.0, (gg - inner_u(gu, proj_u(U, gu_prev))) / std::max(su.gg, 1e-300));
      CMat d = su.has_dir ? CMat(gu + beta * proj_u(U, du_dir)) : gu;
      double slope = inner_u(gu, d);
      if (slope <= 0) {
        d = gu;
        slope = gg;
      }
      double a = su.alpha > 0 ? su.alpha : 0.1 / std::sqrt(std::max(inner_u(d, d), 1e-300));
      for (int t = 0; t < 30 && slope > 0; ++t, a *= 0.5) {
        CMat nU = U + a * d;
        nU /= nU.norm();
        const double nf = sum_rate_gradient(p, v, sp * nU).value;
        if (nf > f && nf >= f + 1e-4 * a * slope) {
          U = nU;
          f = nf;
          su.alpha = t == 0 ? 2 * a : a;
          break;
        }
      }
      gu_prev = gu;
      du_dir = d;
      su.gg = gg;
      su.has_dir = true;
    }
    res.iterations = it + 1;
    res.history.push_back(f);
    if (std::sqrt(gnorm2) <= gradient_tolerance * std::max(std::abs(f), 1e-300)) {
      res.converged = true;
      break;
    }
    const std::size_t h = res.history.size();
    if (h > static_cast<std::size_t>(window) &&
        f - res.history[h - 1 - static_cast<std::size_t>(window)] <= relative_tolerance * std::abs(f)) {
      res.converged = true;
      break;
    }
  }
  res.v = v;
  res.W = sp * U;
  res.value = f;
  res.gradient_norm = std::sqrt(gnorm2);
  return res;
}

}  // namespace irisac
