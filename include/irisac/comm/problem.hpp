#pragma once
/// \file The communication design problem on plain matrices (no scene needed), its effective
/// channels, and the performance metrics of a design (SNR, SINR, rates, correlation, rank).
///
/// Model (Wu & Zhang, IEEE TWC 18(11):5394–5409, 2019, eqs. 1–2, extended to several BSs):
/// B base stations with M antennas each, one IRS with N elements (reflection v, |v_n| = 1),
/// K single-antenna users. User k receives from BS b through
///   c_{k,b}^H = h_{r,k}^H diag(v) G_b + h_{d,k,b}^H          (1×M)
/// and is served by BS s(k) with beam w_k (column k of W, M×K). Its SINR is
///   SINR_k = |c_{k,s(k)}^H w_k|² / ( Σ_{j≠k} |c_{k,s(j)}^H w_j|² + σ_k² ).
/// With v = e^{jθ} this is Wu & Zhang's Θ = diag(e^{jθ}) (their v is the conjugate of ours).
#include <optional>
#include <vector>

#include "irisac/core/types.hpp"
#include "irisac/irs/surface.hpp"  // quantize_phases(v, bits): nearest of 2^b levels

namespace irisac {

/// One design problem. All quantities SI and linear.
struct CommProblem {
  std::vector<CMat> bs_to_irs;    ///< G_b, N×M, one per BS (b = 0..B−1)
  CMat irs_to_user;               ///< columns h_{r,k} ∈ C^N, N×K
  std::vector<CMat> bs_to_user;   ///< h_{d,k,b} as columns, M×K, one per BS (zeros: no direct link)
  std::vector<Index> serving;     ///< s(k) ∈ [0, B), size K (empty: every user served by BS 0)
  RVec noise_w;                   ///< σ_k² [W], size K, > 0
  double power_w = 1.0;           ///< transmit power budget P per BS [W], > 0
  RVec sinr_min;                  ///< γ_k [linear] (power minimisation; empty otherwise)

  [[nodiscard]] Index elements() const { return irs_to_user.rows(); }   ///< N
  [[nodiscard]] Index users() const { return irs_to_user.cols(); }      ///< K
  [[nodiscard]] Index antennas() const;                                 ///< M
  [[nodiscard]] Index base_stations() const { return static_cast<Index>(bs_to_irs.size()); }
  [[nodiscard]] Index server(Index k) const { return serving.empty() ? 0 : serving[static_cast<std::size_t>(k)]; }
};

/// Checks dimensions, positivity and finiteness; throws InvalidArgument naming the field.
void validate(const CommProblem& p);

/// Single-cell problem from G (N×M), H_r (N×K), H_d (M×K), σ² (K), P.
[[nodiscard]] CommProblem single_cell_problem(const CMat& bs_to_irs, const CMat& irs_to_user,
                                              const CMat& bs_to_user, const RVec& noise_w,
                                              double power_w);

/// Effective channels of BS b: column k is c_{k,b} = G_b^H diag(v*) h_{r,k} + h_{d,k,b} (M×K).
[[nodiscard]] CMat effective_channels(const CommProblem& p, const CVec& v, Index bs = 0);

/// SINR of every user for reflection v and precoder W (M×K, column k sent by BS s(k)).
[[nodiscard]] RVec sinr(const CommProblem& p, const CVec& v, const CMat& W);
/// Achievable rates log2(1 + SINR_k) [bit/s/Hz].
[[nodiscard]] RVec rates(const CommProblem& p, const CVec& v, const CMat& W);
/// Multicast SNRs |c_k^H w|²/σ_k² of one common beam w (M) from BS 0.
[[nodiscard]] RVec multicast_snr(const CommProblem& p, const CVec& v, const CVec& w);
/// Transmit power of each BS Σ_{k: s(k)=b} ‖w_k‖² [W].
[[nodiscard]] RVec bs_power(const CommProblem& p, const CMat& W);

/// Channel diagnostics of an M×K effective channel matrix H (users as columns).
struct ChannelDiagnostics {
  double max_correlation = 0.0;   ///< max_{k≠l} |h_k^H h_l| / (‖h_k‖‖h_l‖) ∈ [0, 1]
  double mean_correlation = 0.0;  ///< mean over pairs k<l of the same
  double effective_rank = 0.0;    ///< exp(entropy of σ_i/Σσ) (Roy & Vetterli 2007) ∈ [1, min(M,K)]
  double condition_number = 0.0;  ///< σ_max/σ_min of H; +inf if rank deficient
};
[[nodiscard]] ChannelDiagnostics channel_diagnostics(const CMat& H);

/// Unit-modulus check: max_n | |v_n| − 1 |.
[[nodiscard]] double unit_modulus_residual(const CVec& v);

/// Projection of arbitrary complex numbers onto the unit circle (0 ↦ 1).
[[nodiscard]] CVec project_unit_modulus(const CVec& x);

}  // namespace irisac
