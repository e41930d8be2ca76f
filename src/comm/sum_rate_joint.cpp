#include "irisac/comm/sum_rate_joint.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

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

namespace {

// Re⟨a, b⟩ = Re Σ a_i conj(b_i), for the phase vector and the precoder block alike.
template <class X>
double inner(const X& a, const X& b) {
  return a.cwiseProduct(b.conjugate()).sum().real();
}

// The memory of one block's conjugate-gradient iteration.
template <class X>
struct BlockMemory {
  double alpha = -1;  ///< last accepted step (×2 after a first-trial success); < 0: none yet
  double gg = 0;      ///< ‖rgrad‖² at the previous iterate
  bool has_dir = false;
  X g_prev, d_prev;
};

// One Polak–Ribière⁺ step with Armijo backtracking on one factor x of the product manifold:
// rgrad = proj(x, egrad), direction d = rgrad + β·proj(x, d_prev) (steepest ascent when d is not an
// ascent direction), accepted at the first a = a0·2^-t (t < 30) with f(retract(x + a d)) ≥ f + 1e-4·a·⟨rgrad, d⟩
// and strictly above f. `first_scale`/‖d‖ is the first trial step before any step was accepted.
// After a failed search the next iteration restarts from steepest ascent. Returns ‖rgrad‖².
template <class X, class Proj, class Retract, class Value>
double block_step(X& x, double& f, const X& egrad, BlockMemory<X>& m, double first_scale, Proj proj, Retract retract,
                  Value value) {
  const X g = proj(x, egrad);
  const double gg = inner(g, g);
  double beta = 0;
  if (m.has_dir) beta = std::max(0.0, (gg - inner(g, proj(x, m.g_prev))) / std::max(m.gg, 1e-300));
  X d = m.has_dir ? X(g + beta * proj(x, m.d_prev)) : g;
  double slope = inner(g, d);
  if (slope <= 0) {
    d = g;
    slope = gg;
  }
  double a = m.alpha > 0 ? m.alpha : first_scale / std::sqrt(std::max(inner(d, d), 1e-300));
  bool accepted = false;
  for (int t = 0; t < 30 && slope > 0; ++t, a *= 0.5) {
    X nx = retract(X(x + a * d));
    const double nf = value(nx);
    if (nf > f && nf >= f + 1e-4 * a * slope) {
      x = std::move(nx);
      f = nf;
      m.alpha = t == 0 ? 2 * a : a;
      accepted = true;
      break;
    }
  }
  m.g_prev = g;
  m.d_prev = d;
  m.gg = gg;
  m.has_dir = accepted;
  return gg;
}

}  // namespace

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
  // tangent projections and retractions of the two factors: the complex circle^N and the unit sphere
  auto proj_v = [](const CVec& x, const CVec& g) -> CVec {
    return g - (g.cwiseProduct(x.conjugate())).real().cast<Complex>().cwiseProduct(x);
  };
  auto proj_u = [](const CMat& X, const CMat& g) -> CMat { return g - X.cwiseProduct(g.conjugate()).sum().real() * X; };
  auto retract_v = [](const CVec& x) -> CVec { return project_unit_modulus(x); };
  auto retract_u = [](const CMat& X) -> CMat { return X / X.norm(); };
  // One block at a time (the W block is much stiffer than the phases, so one joint step size would
  // crawl), each with its own CG memory and step size.
  BlockMemory<CVec> mv;
  BlockMemory<CMat> mu;
  double f = sum_rate_gradient(p, v, sp * U).value;
  JointAscentResult res;
  res.history.push_back(f);
  double gnorm2 = 0;
  for (int it = 0; it < max_iterations; ++it) {
    gnorm2 = block_step(v, f, CVec(sum_rate_gradient(p, v, sp * U).dv), mv, 1.0, proj_v, retract_v,
                        [&](const CVec& x) { return sum_rate_gradient(p, x, sp * U).value; });
    gnorm2 += block_step(U, f, CMat(sp * sum_rate_gradient(p, v, sp * U).dW), mu, 0.1, proj_u, retract_u,
                         [&](const CMat& X) { return sum_rate_gradient(p, v, sp * X).value; });
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
