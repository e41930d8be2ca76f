#pragma once
/// \file Two timescales of the joint design (docs/isac.md, "Two timescales"): the users' channels
/// and the targets' angles change at different rates, and the IRS phases (with the BS's beams) are
/// re-optimised from stale knowledge of each. A block of T slots t = 0..T−1:
///   - user channels (direct h_d,k and IRS→user h_r,k; the BS–IRS link is static infrastructure)
///     follow a Gauss–Markov (AR(1)) process per slot,
///       h(t+1) = ρ h(t) + √(1−ρ²) σ g,  g ~ CN(0, I),  ρ = exp(−1/L_c),
///     σ² the mean per-entry power of h(0) (so E‖h(t)‖² stays ‖h(0)‖²); L_c = ∞: static;
///   - each target's azimuth at the sensing surface moves at a constant rate: θ(t) = θ(0) + ω t;
///   - the joint design (design_max_rate at the requirement) is recomputed from the user channels
///     of slot ⌊t/K_c⌋K_c and the target angles of slot ⌊t/K_s⌋K_s — comm knowledge refreshed every
///     K_c slots, sensing knowledge every K_s — and held in between. The reference re-optimises
///     every slot from the true state. Each design starts from phases that depend on its state only
///     (all ones, aligned at each target, aligned at each user), so equal states give equal designs.
/// Losses are averages over the T slots of the reference minus the held design, both evaluated on
/// the true state of the slot: rate loss R_ref(t) − R_held(t) (min rate, bps/Hz) and sensing loss
/// 10 log10(S_ref(t)/S_held(t)) (dB) with S the worst target's sensing level (sensing_level: echo
/// SNR, or 1/CRB — then the loss is 10 log10(CRB_held/CRB_ref), the CRB loss).
#include <limits>
#include <utility>
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/isac/joint_design.hpp"

namespace irisac {

struct TimescaleSpec {
  Index slots = 16;                  ///< T ≥ 1
  Index sensing_update_slots = 1;    ///< K_s ≥ 1
  Index comm_update_slots = 1;       ///< K_c ≥ 1
  double comm_coherence_slots = std::numeric_limits<double>::infinity();  ///< L_c > 0 (∞: static)
  double target_rate_rad_per_slot = 0.0;  ///< ω
};

struct TimescaleResult {
  double rate_loss_bps_hz = 0.0;     ///< mean_t R_ref(t) − R_held(t)
  double sensing_loss_db = 0.0;      ///< mean_t 10 log10(S_ref(t) / S_held(t)) (CRB loss for the crb metric)
  double reference_rate_bps_hz = 0.0;///< mean_t R_ref(t)
  double held_rate_bps_hz = 0.0;     ///< mean_t R_held(t)
  Index designs = 0;                 ///< joint designs computed in the block (distinct knowledge states, all periods)
};

/// The problem of slot t's state: p0 with the user channels of `comm` and target angles of `angles`.
struct TimescaleTrajectory {
  std::vector<CMat> irs_to_user;     ///< per slot, N × K
  std::vector<CMat> bs_to_user;      ///< per slot, M × K (BS 0)
  std::vector<RVec> theta;           ///< per slot, one angle per target [rad]
};
/// Draws the channel trajectory (AR(1) per user and link) and the angle trajectory. Draws nothing
/// when L_c = ∞.
[[nodiscard]] TimescaleTrajectory timescale_trajectory(const IsacProblem& p0, const TimescaleSpec& s, Rng& rng);

/// Start phases of a design that depend on the state only: per target, the sensing-only design
/// (design_min_crb, or design_echo_power for the echo metric: 3 rounds, 200 circle iterations, as
/// the end point) from the phases aligned at its transmit leg (v_n cancels the phase of
/// a_n(θ)(uᴴG_tᵀ)_n, u the top left singular vector of G_tᵀ); per user, the phases that put its IRS
/// path in phase with the direct path's projection on the top right singular vector of G, and the
/// blend arg(½(v_user + v_sensing,0)). Other surfaces' entries stay 1.
[[nodiscard]] std::vector<CVec> state_starts(const IsacProblem& p, SensingMetric metric);

/// Runs the block once for several (K_s, K_c) pairs on one trajectory (the designs of a knowledge
/// state are computed once and shared). \throws NumericalError when a design is infeasible at some
/// state, or leaves a target unsensed.
[[nodiscard]] std::vector<TimescaleResult> two_timescale_losses(const IsacProblem& p0, const RVec& requirement,
                                                              const TimescaleSpec& s,
                                                              const std::vector<std::pair<Index, Index>>& periods,
                                                              const IsacOptions& opts, Rng& rng);
/// Runs the block for the spec's (K_s, K_c).
[[nodiscard]] TimescaleResult two_timescale_loss(const IsacProblem& p0, const RVec& requirement,
                                                 const TimescaleSpec& s, const IsacOptions& opts, Rng& rng);

}  // namespace irisac
