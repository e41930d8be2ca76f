#pragma once
/// \file Secure ISAC (article Section V-D): the secrecy capacity of a multi-antenna BS towards one
/// user against eavesdroppers for fixed IRS phases (closed form), the IRS phase design that raises
/// it, and artificial noise that doubles as the sensing signal. docs/secure-isac.md.
///
/// Effective channels follow comm's convention (problem.hpp): user and eavesdropper e receive
/// y = cᴴx + n with c = Gᴴdiag(v*)h_r + h_d (M-vectors), noise σ_b², σ_e².
///
/// Closed form (Khisti & Wornell, "Secure transmission with multiple antennas II: the MIMOME
/// wiretap channel", IEEE TIT 56(11), 2010, MISOME case; Shafiee & Ulukus): with the eavesdroppers'
/// channels stacked as the columns of H_e (they are treated as one colluding receiver: the worst case,
/// exact for a single eavesdropper),
///   C_s = [log₂ λ_max(A, B)]⁺,  A = I + (P/σ_b²) c_b c_bᴴ,  B = I + P·H_e Σ_e⁻¹ H_eᴴ,
/// achieved by x = √P·u s with u the principal generalised eigenvector (‖u‖ = 1).
#include <vector>

#include "irisac/core/types.hpp"

namespace irisac {

/// One legitimate user against (colluding) eavesdroppers, for fixed IRS phases.
struct WiretapChannel {
  CVec bob;           ///< c_b, M
  double bob_noise_w = 1.0;
  CMat eve;           ///< H_e, M × E (columns c_e), E ≥ 1
  RVec eve_noise_w;   ///< σ_e², E
  double power_w = 1.0;
};
void validate(const WiretapChannel& ch);

struct SecrecySolution {
  double capacity_bps_hz = 0.0;  ///< [log₂ λ_max]⁺
  CVec beam;                      ///< w = √P·u (zero when the capacity is 0: stay silent)
  double bob_rate_bps_hz = 0.0;   ///< log₂(1 + |c_bᴴw|²/σ_b²)
  double eve_rate_bps_hz = 0.0;   ///< log₂ det(I + Σ_e^{-1/2} H_eᴴ w wᴴ H_e Σ_e^{-1/2})
};

/// The closed-form MISO(ME) secrecy capacity (generalised eigenvalue of the pencil (A, B)).
[[nodiscard]] SecrecySolution secrecy_capacity(const WiretapChannel& ch);

/// Secrecy rate [R_b − R_e]⁺ of a given beam w (‖w‖² ≤ P), the colluding-eavesdropper rate.
[[nodiscard]] double secrecy_rate(const WiretapChannel& ch, const CVec& w);

/// The cascade of one receiver through one (stacked) IRS: c(v) = Gᴴ diag(v*) h_r + h_d.
struct Cascade {
  CMat bs_to_irs;  ///< G, N × M
  CVec irs_to_rx;  ///< h_r, N
  CVec direct;     ///< h_d, M (zeros: no direct path)
  [[nodiscard]] CVec at(const CVec& v) const;
};

struct SecrecyDesignOptions {
  int max_iterations = 300;
  double tolerance = 1e-9;  ///< stop when λ_max rises by less than this, relatively
};
struct SecrecyDesign {
  CVec v;                    ///< unit-modulus phases
  SecrecySolution solution;  ///< capacity at v
  int iterations = 0;
  bool converged = false;
};

/// Maximises λ_max(A(v), B(v)) over unit-modulus v by Riemannian gradient ascent with a monotone
/// (Armijo) step from `v0`: the result is never below the capacity at v0. The gradient follows
/// from the envelope theorem at the principal eigenvector u (uᴴBu = 1):
///   ∂λ/∂v* = (P/σ_b²)·s_b·q_b* − λ·P·Σ_e (s_e/σ_e²)·q_e*,  q = h_r* ∘ (G u),  s = qᵀv + h_dᴴu.
[[nodiscard]] SecrecyDesign design_secrecy_phases(const Cascade& bob, double bob_noise_w,
                                                  const std::vector<Cascade>& eves, const RVec& eve_noise_w,
                                                  double power_w, const CVec& v0, const SecrecyDesignOptions& opt = {});

/// Artificial noise that doubles as the sensing signal: x = w s + z, z ~ CN(0, (P − p)·z̄z̄ᴴ) with
/// z̄ ∝ (I − c_b c_bᴴ/‖c_b‖²)·a (nulled at the user, as close to the target direction a as the null
/// space allows). For a split p the user sees no AN; the eavesdroppers' noise becomes
/// Σ_e + (P − p)H_eᴴ z̄z̄ᴴH_e, and the optimal w is the generalised eigenvector for that noise.
/// The sensing (beampattern) gain towards the target is aᴴ(wwᴴ + (P − p) z̄z̄ᴴ)a. The split p is
/// searched on a grid with golden-section refinement to maximise the secrecy capacity subject to
/// gain ≥ `min_sensing_gain`. Throws Infeasible when no split meets the gain.
struct SecrecyWithSensing {
  SecrecySolution solution;
  double info_power_w = 0.0;     ///< p
  double an_power_w = 0.0;       ///< P − p
  double sensing_gain = 0.0;     ///< aᴴ R_x a [W] (a includes the channel gain)
};
[[nodiscard]] SecrecyWithSensing secrecy_with_sensing(const WiretapChannel& ch, const CVec& target_channel,
                                                      double min_sensing_gain, int grid = 200);

}  // namespace irisac
