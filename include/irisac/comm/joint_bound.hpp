#pragma once
/// \file Certified upper bounds of the JOINT (W, v) communication problems (derivations in
/// docs/comm.md, "Certified upper bounds"). Every bound relaxes the precoder analytically
/// (Cauchy–Schwarz |c^H w|² ≤ ‖c‖²‖w‖², interference and leakage dropped) and the reflection by the
/// SDP relaxation of ‖c_{k,b}(v)‖² = v̄^H R_{k,b} v̄ (quadratic_max_min_bound), so it holds for every
/// M, every precoder with the stated power budget and every unit-modulus (continuous or b-bit) v.
///   snr:          P/σ² · max_v ‖c(v)‖²                                   (tight up to the SDR gap)
///   multicast:    max_v min_k P‖c_k‖²/σ_k²
///   max_min_sinr: min over cells b and weights s ∈ Δ_b of max_v P Σ_{k∈b} s_k² ‖c_k‖²/σ_k²
///                 (= max_v P/Σ_{k∈b} σ_k²/‖c_k‖² by the identity 1/Σ(1/a_k) = min_{s∈Δ} Σ s_k² a_k)
///   intercell:    min( Σ_b P max_{k∈b} max_v ‖c_k‖²/σ_k², P max_v Σ_k ‖c_k‖²/σ_k² )  (μ ≥ 0)
/// sum_rate, power_min and decorrelation have no certified bound here (std::nullopt).
#include <optional>

#include "irisac/comm/optimize.hpp"

namespace irisac {

/// Whether joint_upper_bound() certifies objective `o`.
[[nodiscard]] bool has_joint_bound(CommObjective o) noexcept;

/// Gain form R_{k,b} ((N+1)×(N+1), Hermitian PSD) with ‖c_{k,b}(v)‖² = v̄^H R_{k,b} v̄, v̄ = [v; 1].
[[nodiscard]] CMat gain_form(const CommProblem& p, Index user, Index bs);

/// Certified upper bound of objective `o` over all (W, v) (see file comment); `v_hint` (N entries or
/// empty) chooses the weights s of the max_min_sinr bound (s_k ∝ σ_k²/‖c_k(v_hint)‖²; any s is valid,
/// this one is tight near the optimum). std::nullopt where has_joint_bound(o) is false.
[[nodiscard]] std::optional<double> joint_upper_bound(const CommProblem& p, CommObjective o,
                                                      const CVec& v_hint = CVec());

}  // namespace irisac
