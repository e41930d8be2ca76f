#pragma once
/// \file Slepian–Bangs Fisher information for a deterministic mean in circular complex Gaussian
/// noise, and the Cramér–Rao bound with an identifiability diagnostic (Kay, Fundamentals of
/// Statistical Signal Processing I, §15.7; style.md §6.3).
///
///   y ~ CN(μ(ξ), σ² I), ξ ∈ ℝ^p  ⇒  J(ξ) = (2/σ²) · Re{ (∂μ/∂ξ)ᴴ (∂μ/∂ξ) },   CRB(ξ) = J⁻¹.
#include <string>
#include <vector>

#include "irisac/core/types.hpp"

namespace irisac {

/// J = (2/σ²)·Re(JacᴴJac). \param jacobian ∂μ/∂ξ, one column per real parameter  \param noise_var σ² > 0
[[nodiscard]] RMat fisher_information(const CMat& jacobian, double noise_var);

/// Slepian–Bangs with the transmit covariance instead of samples: for μ = vec(M(ξ) X) with
/// XXᴴ/T = R_x and unit (whitened) noise, J_pq = 2T·Re tr(∂_p Mᴴ ∂_q M R_x).
/// \param mean_derivatives ∂M/∂ξ_p (Nr × Nt each), already whitened  \param tx_cov R_x (Nt × Nt)
[[nodiscard]] RMat fisher_information_from_covariance(const std::vector<CMat>& mean_derivatives, const CMat& tx_cov,
                                                      Index num_snapshots);

/// Identifiability of a Fisher information matrix. The check is scale-free: J is normalised to
/// D^{-1/2} J D^{-1/2} (D = diag J) before its eigenvalues are compared, so a tiny reflection
/// coefficient (large path loss) is not mistaken for a singular problem.
struct FimDiagnostic {
  Index num_parameters = 0;
  Index rank = 0;                    ///< eigenvalues of the normalised J above tolerance·λ_max
  double min_normalised_eigenvalue = 0.0;
  double condition_number = 0.0;     ///< of the normalised J (inf if singular)
  std::vector<Index> unidentifiable; ///< parameters carrying the null direction (largest weights)
  [[nodiscard]] bool identifiable() const { return rank == num_parameters; }
};
/// Relative tolerance of the rank decision (normalised eigenvalue / largest eigenvalue).
inline constexpr double fim_rank_tolerance = 1e-10;
[[nodiscard]] FimDiagnostic diagnose_fim(const RMat& fim, double tolerance = fim_rank_tolerance);

/// CRB = J⁻¹. Throws NumericalError when J is singular, with a message that gives the numerical
/// rank, the parameters involved (named by `parameter_names` when given) and the likely cause.
[[nodiscard]] RMat crb_from_fim(const RMat& fim, const std::vector<std::string>& parameter_names = {});

}  // namespace irisac
