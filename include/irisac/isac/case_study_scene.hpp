#pragma once
/// \file The case study (case_study.hpp, Model B) on a physical scene: each slot, the normalised
/// quantities of Model B (M, N_r, θ, σ_p, γ̄, ρ, η) are computed from the scene's geometry, link
/// budgets (scene/link_budget.hpp) and an EKF track (vehicle_tracking.hpp), then handed to the
/// unchanged Model B. See docs/case-study.md §The case study on a physical scene.
///
/// Vehicles are the scene's targets that carry a surface (`mounted_on`); vehicle k's passenger is
/// the user nearest to its surface and moves with it. In slot n vehicle k = n mod K is served (its
/// surface refracts; a `simultaneous` energy-splitting surface refracts 1 − ε and reflects ε) and
/// vehicle j = (n+1) mod K is sensed (its surface reflects fully). Model B's vehicle of slot n is j:
///   γ̄  = P σ_max(H_{b→u_j}(v*))² / σ²                       user_snr with aligned phases, IRS j refracting
///   ρ   = L₀ P ‖H_{i_j→b} diag(r*) g_{b→i_j}‖² / σ²             aligned retro-reflection of IRS j, L₀ snapshots
///   η   = 1 / (1 + P |wᴴ h_leak|² / σ²)                        data echo of IRS j during τ_c, with the echo
///         of the served IRS k's reflected share (h_leak) as interference after the MRC combiner w of IRS j
///   θ   = angle of IRS j's centre from the BS broadside;  M = elements of IRS j along the road (cols)
///   σ_p = prior angle std of vehicle j's EKF track at slot n (initial std at slot 0)
/// The track is updated each time the vehicle is sensed with an echo of SNR Γ_th (what every scheme
/// guarantees), so the four schemes share one prior per slot (a modelling choice).
#include <string>
#include <vector>

#include "irisac/isac/case_study.hpp"
#include "irisac/isac/vehicle_tracking.hpp"
#include "irisac/scene/scene.hpp"

namespace irisac {

/// Options of the physical case study; defaults [R] as in docs/case-study.md.
struct CaseStudySceneOptions {
  Index bs = 0;                 ///< the serving and sensing base station (1 Tx antenna, ULA receiver)
  double snapshots = 100.0;     ///< L₀, effective echo snapshots per slot (CSM §4.6)
  double slot_s = 0.02;         ///< physical slot length ΔT [s] (vehicle motion and EKF prediction)
  bool body_echo = false;       ///< add the vehicle body's echo (RCS, direct path) to ρ' (incoherently)
  double gamma_th = 10.0;       ///< Γ_th, echo SNR of the track updates (linear)
  double initial_std_theta = 0.02617993877991494;  ///< σ_θ of the track at slot 0 [rad]
  double initial_std_distance = 1.0;  ///< [m]
  double initial_std_speed = 1.0;     ///< [m/s]
  double process_std_theta = 2e-4;    ///< per-slot process std of θ [rad]
  double process_std_distance = 0.02; ///< [m]
  double process_std_speed = 0.05;    ///< [m/s]
  double bandwidth_rms_hz = 50e6;     ///< range accuracy of the echo (EKF measurement model)
};

/// A vehicle of the scene: a target carrying a surface, and its passenger.
struct CaseStudyVehicle {
  Index target = 0;
  Index surface = 0;
  Index user = 0;
};

/// The vehicles of `scene` in target order. \throws InvalidArgument if there is none, if a vehicle
/// has no user, or if the base station is not one transmit antenna with a ULA receiver (≥ 2 elements).
[[nodiscard]] std::vector<CaseStudyVehicle> case_study_vehicles(const Scene& scene, Index bs);

/// `scene` at time t: targets move with their velocity; surfaces mounted on them and their
/// passengers move with them.
[[nodiscard]] Scene case_study_scene_at(const Scene& scene, const std::vector<CaseStudyVehicle>& vehicles,
                                        double t_s);

/// Model B's quantities of one slot, computed from the scene.
struct CaseStudySlot {
  Index slot = 0;
  Index served = 0;           ///< vehicle k (index into the vehicle list)
  Index sensed = 0;           ///< vehicle j = Model B's vehicle of the slot
  double theta = 0.0;         ///< θ_j [rad]
  double distance_m = 0.0;    ///< BS–IRS j distance [m]
  double speed_mps = 0.0;     ///< along-road speed of vehicle j (EKF convention) [m/s]
  double sigma_p = 0.0;       ///< prior angle std [rad]
  double comm_snr = 0.0;      ///< γ̄ (linear)
  double echo_snr_irs = 0.0;  ///< ρ of the IRS path alone (linear, L₀ snapshots)
  double echo_snr_body = 0.0; ///< L₀ × body echo SNR (linear; counted only with body_echo)
  double echo_snr = 0.0;      ///< ρ handed to Model B (IRS, plus the body folded in with body_echo)
  double eta = 1.0;           ///< η from the geometry
  Index irs_elements = 0;     ///< M (along the road)
  Index rx_antennas = 0;      ///< N_r
};

/// Runs the track for slots 0..last_slot and returns the quantities of every slot.
/// \throws InvalidArgument on bad options or scenes (see case_study_vehicles()).
[[nodiscard]] std::vector<CaseStudySlot> case_study_scene_slots(const Scene& scene, const CaseStudySceneOptions& opts,
                                                                const CaseStudyParams& base, Index last_slot);

/// `base` with M, N_r, θ, σ_p, γ̄, ρ and η replaced by those of `slot`.
[[nodiscard]] CaseStudyParams case_study_params_for_slot(const CaseStudyParams& base, const CaseStudySlot& slot);

/// IRS-path echo SNR per snapshot P‖H_{i→b} diag(r*) g_{b→i}‖²/σ² of the surface carried by the
/// given vehicle, retro-reflection aligned to the true geometry (the surface set to reflect).
[[nodiscard]] double case_study_irs_echo_snr(const Scene& scene, const CaseStudyVehicle& vehicle, Index bs);

}  // namespace irisac
