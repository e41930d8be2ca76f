#pragma once
/// \file Joint Riemannian ascent of the single-cell sum rate over (v, W) (docs/comm.md, "Sum rate").
/// The sum rate f(v, W) = Σ_k log2(1 + |c_k^H w_k|²/(Σ_{j≠k}|c_k^H w_j|² + σ_k²)) grows when W is
/// scaled up (one BS), so the power constraint ‖W‖_F² ≤ P is active and the feasible set is the
/// product manifold (complex circle)^N × sphere{U : ‖U‖_F = 1}, W = √P·U. Euclidean gradients, with
/// z_kj = c_k^H w_j, T_k = σ_k² + Σ_j |z_kj|², I_k = T_k − |z_kk|², D_kj = (1/T_k − [j≠k]/I_k)/ln 2:
///   2∂f/∂v^* = 2 Σ_k h_{r,k} ⊙ conj(G y_k),  Y = W (D ⊙ conj Z)^T,
///   2∂f/∂W^* = 2 C (D ⊙ Z)   (C = [c_1 … c_K]),
/// projected on the tangent spaces (v: g − Re(g ⊙ v^*) ⊙ v; U: g − Re⟨U, g⟩U). Each iteration takes a
/// Polak–Ribière⁺ conjugate-gradient step in v, then one in U, each with its own Armijo backtracking
/// and step memory (one joint step size crawled: the W block is much stiffer than the phases), with
/// the retractions (v + d)/|v + d| and (U + D)/‖U + D‖. Converged when ‖rgrad‖ ≤ gradient_tolerance·|f| or when 10 consecutive iterations
/// together gain less than relative_tolerance·|f| (the product is badly conditioned: the W block is
/// much stiffer than the phases, so the gradient test alone can need many thousand iterations);
/// otherwise stopped at max_iterations (not converged).
#include <vector>

#include "irisac/comm/problem.hpp"

namespace irisac {

struct JointAscentResult {
  CVec v;
  CMat W;
  double value = 0.0;           ///< sum rate [bit/s/Hz]
  double gradient_norm = 0.0;   ///< ‖Riemannian gradient‖ at the end (v block and U block together)
  int iterations = 0;
  bool converged = false;       ///< a tolerance met (or no ascent possible to working precision)
  std::vector<double> history;  ///< sum rate after each iteration (non-decreasing)
};

/// One BS (p.base_stations() == 1). W0: M×K, non-zero (rescaled to ‖W‖_F² = P).
[[nodiscard]] JointAscentResult joint_sum_rate_ascent(const CommProblem& p, const CVec& v0, const CMat& W0,
                                                      int max_iterations, double gradient_tolerance,
                                                      double relative_tolerance = 1e-10);

/// Sum rate and its Euclidean gradients (2∂f/∂v^*, 2∂f/∂W^*) at (v, W) (for tests).
struct SumRateGradient {
  double value = 0.0;
  CVec dv;
  CMat dW;
};
[[nodiscard]] SumRateGradient sum_rate_gradient(const CommProblem& p, const CVec& v, const CMat& W);

}  // namespace irisac
