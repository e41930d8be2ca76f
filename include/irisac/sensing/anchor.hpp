#pragma once
/// \file IRS as a standalone anchor (article §II-B, Fig. 1(b)): a target illuminates the surface and
/// measures the echo the surface returns for each codeword; the strongest codeword gives its
/// direction. docs/architectures.md §2; model [R] of shared/reference/breadth-models.md §1.
///
/// ULA surface, N elements, spacing d [λ]. Codeword i (row c_i of the codebook C, Q × N, applied as
/// v = c_i) gives the echo at the target
///   y_i = β · c_iᵀ a₂(f) + n_i,   a₂(f)_n = e^{j2π n f},   n_i ~ CN(0, σ²),
/// with the two-way spatial frequency f = 2d·sin θ (wrapped to [−½, ½)) and β the round-trip gain
/// (√P times the square of the target–element amplitude; unknown phase). Full-aperture SNR |β|²N²/σ².
/// Half-wavelength elements (d = ½) make f = sin θ ambiguous modulo 1: θ and asin(sin θ ∓ 1) give the
/// same echoes (retro-reflection ambiguity); anchor_angle_candidates() lists them.
///
/// Coherent-scan CRB with β nuisance (any codebook; Kay I §15.7) [D]:
///   J_f = (2|β|²/σ²) [ ‖Cȧ₂‖² − |(Ca₂)ᴴCȧ₂|² / ‖Ca₂‖² ],  ȧ₂,n = j2πn a₂,n,   CRB(f) = 1/J_f;
/// unitary codebooks (CᴴC = N·I, e.g. the DFT scan): CRB(f) = 3σ² / (2π²|β|²N²(N²−1)).
/// Angle: CRB(θ) = CRB(f) / ((2d)² cos²θ).
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/core/types.hpp"

namespace irisac {

/// a₂(f) (N entries) and ∂a₂/∂f.
[[nodiscard]] CVec anchor_steering(Index num_elements, double f);
[[nodiscard]] CVec anchor_steering_derivative(Index num_elements, double f);

/// Two-way spatial frequency f = 2d sin θ wrapped to [−½, ½).
[[nodiscard]] double anchor_frequency(double theta, double spacing_wl);
/// Wrap-around difference ((a − b + ½) mod 1) − ½.
[[nodiscard]] double anchor_frequency_error(double a, double b);
/// All angles θ ∈ [−π/2, π/2] with 2d sin θ ≡ f (mod 1), nearest broadside first. One angle when
/// d ≤ ¼ (unambiguous), up to two for d = ½ (the retro-reflection ambiguity).
[[nodiscard]] std::vector<double> anchor_angle_candidates(double f, double spacing_wl);

/// DFT scan: Q codewords c_i,n = e^{−j2πn f_i}, f_i = −½ + (i + ½)/Q (Q = N: unitary, CᴴC = N·I).
/// Throws InvalidArgument if Q < 2 or Q > N (a larger codebook than the surface resolves).
[[nodiscard]] CMat anchor_dft_codebook(Index num_elements, Index num_codewords);
/// Sector centre of codeword i of a Q-codeword DFT scan.
[[nodiscard]] double anchor_dft_centre(Index i, Index num_codewords);

/// Phase-only wide beam of the binary tree (no "off" element state needed, |v_n| = 1). Level ℓ of the binary tree (ℓ = 1..log₂N) has sectors of width 2^{−ℓ};
/// its codeword splits the N elements into K = N/2^ℓ sub-arrays of S = 2^ℓ elements, each steered to
/// the sector centre, with chirp offsets ψ_k = πk²/K between sub-arrays so that their sum is
/// spread over the sector instead of focused (|v_n| = 1: no "off" state is needed). The last level
/// (S = N) is the full-aperture DFT codeword.
[[nodiscard]] CVec anchor_tree_codeword(Index num_elements, Index level, double centre);

struct AnchorScan {
  double f_hat = 0.0;         ///< estimate of f in [−½, ½)
  double f_grid = 0.0;        ///< centre of the strongest (final) codeword, before refinement
  Index best = 0;             ///< its row in `codebook`
  Index measurements = 0;     ///< codewords measured
  CMat codebook;              ///< the codewords measured, in order (measurements × N)
  CVec echoes;                ///< their echoes y_i
};

/// Echoes y_i = β c_iᵀa₂(f) + n_i of a codebook (one CN(0, σ²) draw each).
[[nodiscard]] CVec anchor_echoes(const CMat& codebook, Complex beta, double f, double noise_var, Rng& rng);

/// Exhaustive DFT scan of Q codewords: argmax |y_i|²; with `refine`, coherent ML
/// max_f |Σ_i (c_iᵀa₂(f))* y_i|² / ‖Ca₂(f)‖² by golden section within ±1/Q of the best centre.
[[nodiscard]] AnchorScan anchor_exhaustive_scan(Index num_elements, Index num_codewords, Complex beta, double f,
                                                double noise_var, bool refine, Rng& rng);
/// Binary-tree search: at each level ℓ = 1..log₂N measure the two children of the current sector and
/// keep the stronger (2 log₂N measurements); `refine` as above over all measured codewords, within
/// ±1/N of the final centre. N must be a power of two ≥ 2.
[[nodiscard]] AnchorScan anchor_hierarchical_scan(Index num_elements, Complex beta, double f, double noise_var,
                                                  bool refine, Rng& rng);

/// Coherent-scan CRB of f (formula above) for any codebook (Q × N). Throws NumericalError when the
/// bracket vanishes (f not identifiable from these codewords).
[[nodiscard]] double anchor_scan_crb(const CMat& codebook, double f, double beta_abs2, double noise_var);
/// The 3 × 3 FIM of (f, Re β, Im β) from central differences of the echo mean (a check of the CRB).
[[nodiscard]] RMat anchor_scan_fim_numeric(const CMat& codebook, double f, Complex beta, double noise_var,
                                           double step = 1e-5);
/// Unitary-codebook closed form 3σ²/(2π²|β|²N²(N²−1)).
[[nodiscard]] double anchor_unitary_crb(Index num_elements, double beta_abs2, double noise_var);

}  // namespace irisac
