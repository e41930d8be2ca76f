#pragma once
/// \file Multi-target sensing through one shared BS–IRS link (article §II-A-2 and Table I; K. Meng,
/// Q. Wu, R. Schober, W. Chen, IEEE TCOM 70(12), 2022; model [R] and bounds [D] of
/// shared/reference/breadth-models.md §2). docs/architectures.md §3.
///
/// BS with M antennas, IRS with N elements, K targets at IRS steering vectors a_k (N), BS–IRS channel
/// G (N × M), no BS–target path. Illumination (beampattern) gain of target k for phases v and beam
/// covariance R:   P_k = h_kᵀ R h_k*,   h_kᵀ = (v ⊙ a_k)ᵀ G   (Meng et al.'s |aᴴΦGw|² for R = wwᴴ).
/// Sensing modes:
///   - time division: one target per slot, v and w aligned to it; sensing frequency 1/K.
///     Rank-one G = g·u bᴴ:  max P_k = P|g|²MN²  (w = √P b/‖b‖, v_n = e^{−j arg(a_kn u_n)}).
///   - signature sequences: x = Σ_k w_k s_k with orthogonal s_k; the receiver separates target k by
///     correlating with s_k, which needs h_jᵀw_k = 0 for j ≠ k: zero-forcing beams W = Hᴴ(HHᴴ)⁻¹D,
///     H = [h_kᵀ]_k (K × M). Needs rank H = K, hence rank G ≥ K: through a rank-one G every beam gives
///     the same ratio of target gains (fixed by v alone), so sequences cannot be tied to targets —
///     detected and reported (separable = false), never a design. Equal gains P/tr((HHᴴ)⁻¹).
///   - hybrid: targets in G_r groups, one common (v, w) per group, groups in time division;
///     sensing frequency 1/G_r.
/// Bessel bound: with mutually orthogonal cascades c_k = a_k ⊙ u (c_kᴴc_l = 0), every v obeys
///   Σ_k |c_kᵀv|² ≤ N²  (c_k/√N orthonormal, ‖v‖² = N), so a group of K_g targets gets ≤ N²/K_g each.
#include <string>
#include <vector>

#include "irisac/core/types.hpp"

namespace irisac {

/// P_k = h_kᵀ R h_k*, h_kᵀ = (v ⊙ a_k)ᵀ G.  \param bs_to_irs G (N × M)  \param steering a_k (N)
[[nodiscard]] double multi_target_gain(const CMat& bs_to_irs, const CVec& steering, const CVec& v, const CMat& tx_cov);

struct BeamAndPhases {
  CVec v;              ///< IRS phases, |v_n| = 1
  CVec w;              ///< BS beam, ‖w‖² = P
  double gain = 0.0;   ///< the design's (minimum) gain
};
/// Time division: maximise |(v ⊙ a)ᵀ G w|² (alternating MRT and phase alignment; exact for rank-one G).
[[nodiscard]] BeamAndPhases time_division_design(const CMat& bs_to_irs, const CVec& steering, double power,
                                                 int iterations = 50);

/// Numerical rank of G (singular values above tol·σ_max).
[[nodiscard]] Index bs_irs_rank(const CMat& bs_to_irs, double tol = 1e-9);

struct SignatureDesign {
  bool separable = false;  ///< false: the sequences cannot be tied to targets (no beams returned)
  Index rank = 0;          ///< numerical rank of H = [(v⊙a_k)ᵀG]_k
  CMat beams;              ///< M × K zero-forcing beams (only if separable), Σ‖w_k‖² = P
  double gain = 0.0;       ///< equal per-target gain P/tr((HHᴴ)⁻¹)
  std::string diagnostic;  ///< why not separable
};
/// Signature-sequence beams for phases v.  \param steering K × N, row k = a_kᵀ
[[nodiscard]] SignatureDesign signature_sequence_design(const CMat& bs_to_irs, const CMat& steering, const CVec& v,
                                                        double power);

/// max_v min_k |c_kᵀv|² over |v_n| = 1 (common phase vector of a group): log-sum-exp soft minimum,
/// Riemannian CG on the circle with μ continuation, deterministic starts (each c_k aligned, and
/// their sum aligned); the best true minimum is kept.  \param cascades K × N, row k = c_kᵀ
[[nodiscard]] CVec max_min_common_phase(const CMat& cascades);

struct HybridDesign {
  std::vector<std::vector<Index>> groups;  ///< targets of each group
  std::vector<BeamAndPhases> designs;      ///< (v, w) per group
  std::vector<double> gains;               ///< per target
  double min_gain = 0.0;
  double sensing_frequency = 0.0;          ///< 1/G_r
};
/// Hybrid TD–SS: targets sorted by angle index assigned round-robin to G_r groups (so neighbours are
/// in different slots; a modelling choice); per group, alternate the max–min common v (for the
/// cascades c_k = a_k ⊙ Gw) and w = √P·(dominant eigenvector of Σ_k h_k* h_kᵀ), 5 rounds.
/// G_r = K is time division (with TD's exact design), G_r = 1 a single group.
[[nodiscard]] HybridDesign hybrid_group_design(const CMat& bs_to_irs, const CMat& steering, Index num_groups,
                                               double power);

}  // namespace irisac
