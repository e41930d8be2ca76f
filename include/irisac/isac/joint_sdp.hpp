#pragma once
/// \file A small complex semidefinite program in primal standard form, solved on its real
/// embedding by DSDP 5 (Benson & Ye), for the transmit-covariance step of the joint ISAC designs
/// (docs/isac.md, "The covariance step"):
///   minimise   Σ_b tr(C_b X_b) + Σ_s c_s x_s
///   subject to Σ_b tr(A_{i,b} X_b) + Σ_s a_{i,s} x_s = b_i   (i = 1..m)
///              X_b ⪰ 0 (Hermitian n_b × n_b),  x_s ≥ 0.
/// Every C_b, A_{i,b} must be Hermitian. A complex block X enters DSDP as X̃ = [[Re X, −Im X],
/// [Im X, Re X]] with coefficients ½·Ẽ (tr(Ẽ X̃) = 2 tr(E X)); any real PSD solution maps back to a
/// complex one with the same objective, so the embedding is exact (Goemans & Williamson 2004).
#include <map>
#include <optional>
#include <vector>

#include "irisac/core/types.hpp"

namespace irisac {

struct SdpConstraint {
  std::map<Index, CMat> blocks;    ///< A_{i,b}, by block index (absent = 0)
  std::map<Index, double> scalars; ///< a_{i,s}, by scalar index
  double rhs = 0.0;                ///< b_i
};

struct HermitianSdp {
  std::vector<Index> block_sizes;  ///< n_b ≥ 1
  Index num_scalars = 0;           ///< nonnegative scalar variables
  std::map<Index, CMat> objective_blocks;
  std::map<Index, double> objective_scalars;
  std::vector<SdpConstraint> constraints;
};

enum class SdpStatus { optimal, infeasible, failed };

struct HermitianSdpSolution {
  SdpStatus status = SdpStatus::failed;
  std::vector<CMat> blocks;        ///< X_b (Hermitian)
  RVec scalars;                    ///< x_s
  double primal_value = 0.0;       ///< objective at the returned X
  double dual_value = 0.0;         ///< bᵀy: a lower bound on the minimum (weak duality)
  int iterations = 0;
};

/// Solves the program (rows are rescaled to unit largest coefficient internally).
/// \throws InvalidArgument for inconsistent sizes or non-Hermitian data, or when irisac was built
///   without DSDP.
[[nodiscard]] HermitianSdpSolution solve_hermitian_sdp(const HermitianSdp& problem, double gap_tolerance = 1e-10);

}  // namespace irisac
