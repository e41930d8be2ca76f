#pragma once
/// \file BS precoders for an effective channel H (M×K, column k = c_k; user k receives c_k^H x).
/// All return W (M×K) with Σ_k ‖w_k‖² = P unless stated.
#include "irisac/core/types.hpp"

namespace irisac {

/// Maximum-ratio transmission: w_k = √(P/K) c_k/‖c_k‖. Optimal for K = 1 (and for orthogonal
/// channels). Throws NumericalError if a channel is zero. O(MK).
[[nodiscard]] CMat mrt_precoder(const CMat& H, double power_w);

/// Zero forcing: directions of the columns of H(H^H H)^{-1}, equal power P/K per user
/// (Wu & Zhang TWC 2019 eq. 6 uses the same structure). Throws NumericalError if rank(H) < K. O(MK²+K³).
[[nodiscard]] CMat zf_precoder(const CMat& H, double power_w);

/// Regularised ZF / MMSE transmit filter: directions of (H H^H + (Σσ²/P) I)^{-1} H, equal power
/// (Peel, Hochwald, Swindlehurst, IEEE TCOM 2005, with the MMSE regulariser Kσ̄²/P). O(M³ + M²K).
[[nodiscard]] CMat mmse_precoder(const CMat& H, const RVec& noise_w, double power_w);

/// WMMSE sum-rate precoder (Shi, Razaviyayn, Luo, Hua, IEEE TSP 59(9):4331–4340, 2011), started at W0:
///   u_k = c_k^H w_k / (Σ_j |c_k^H w_j|² + σ_k²), ω_k = 1 + SINR_k,
///   w_k = ω_k u_k (Σ_j ω_j|u_j|² c_j c_j^H + μI)^{-1} c_k, μ ≥ 0 by bisection so that Σ‖w_k‖² ≤ P.
/// The sum rate never decreases over iterations. O(iterations·(M³ + M²K)).
[[nodiscard]] CMat wmmse_precoder(const CMat& H, const RVec& noise_w, double power_w, const CMat& W0,
                                  int max_iterations = 200, double tolerance = 1e-10);

/// Result of SINR-constrained power minimisation for a fixed channel.
struct PowerMinResult {
  CMat W;               ///< precoder meeting SINR_k = γ_k exactly
  double power_w = 0;   ///< Σ_k ‖w_k‖²
  RVec dual;            ///< uplink powers λ_k (Σλ_k = power_w)
  int iterations = 0;
};

/// min Σ‖w_k‖² s.t. SINR_k ≥ γ_k (Wu & Zhang (P3)) by the uplink–downlink duality fixed point
/// (Schubert & Boche, IEEE TVT 53(1), 2004; Wiesel, Eldar, Shamai, IEEE TSP 54(1), 2006):
///   λ_k ← σ_k² / ( (1+1/γ_k) c_k^H (I + Σ_i λ_i c_i c_i^H/σ_i²)^{-1} c_k ),
///   w̄_k ∝ (I + Σ_i λ_i c_i c_i^H/σ_i²)^{-1} c_k, powers from the K×K system SINR_k = γ_k.
/// \throws Infeasible when no power meets the targets (the iteration diverges or the power
///   system has no positive solution). O(iterations·(M³ + M²K)).
[[nodiscard]] PowerMinResult power_min_precoder(const CMat& H, const RVec& noise_w, const RVec& sinr_min,
                                                int max_iterations = 20000, double tolerance = 1e-14);

/// Max–min SINR precoder under Σ‖w_k‖² ≤ P: bisection on a common target t with
/// power_min_precoder (the optimum has equal SINRs; Wiesel et al. 2006). Returns W and t.
struct MaxMinResult {
  CMat W;
  double min_sinr = 0;
};
[[nodiscard]] MaxMinResult max_min_sinr_precoder(const CMat& H, const RVec& noise_w, double power_w,
                                                 double relative_tolerance = 1e-9);

}  // namespace irisac
