#pragma once
/// \file The [case_study] table of a scenario document (docs/case-study.md §Parameters). Every key
/// is optional and defaults to shared/reference/case-study-model.md §7.2; unknown keys are rejected
/// and ranges checked, errors name file:line:key.
///
///   [case_study]
///   irs_elements = 64        # M            rx_antennas = 16   # N_r
///   theta_deg = 30           sigma_p_deg = 1.5
///   comm_snr_db = 20         # γ̄           echo_snr_db = 25   # ρ
///   eta = 0.3                slot = 1.0     reflect_fraction = 1.0   joint_reflect_fraction = 0.5
///   rate_model = "closed_form"   # or "monte_carlo" (mc_samples, mc_seed)
///   gamma_th_db = 10         # the sensing-SNR requirement Γ_th
///   solver = "auto"          # or "polyblock", "boundary_search"; tolerance, max_iterations (polyblock)
///   [case_study.physical]    # optional: γ̄ and ρ from a link budget (CSM §4.6); then comm_snr_db
///                            # and echo_snr_db must be absent
///   carrier_hz = 28e9  tx_power_dbm = 30  noise_dbm = -104  road_offset_m = 20  user_distance_m = 1
///   snapshots = 100
///   model = "normalised"     # or "scene": M, N_r, θ, γ̄, ρ, η and σ_p from the scene, slot by slot
///   [case_study.scene]       # model = "scene" only: slot, bs, snapshots, slot_s, body_echo, EKF stds
///   [case_study.split]       # crb_std_deg = 0.5: localisation requirement of the STAR split region
///   [case_study.tracking]    # protocol engine / EKF (tracking metrics)
///   slot = 0 (reported slot)  vehicles = 3  speed_mps = 20 ...
#include <string>
#include <vector>

#include "irisac/io/document.hpp"
#include "irisac/isac/case_study.hpp"
#include "irisac/isac/case_study_scene.hpp"
#include "irisac/isac/vehicle_tracking.hpp"

namespace irisac::io {

/// Link budget of CSM §4.6 (free space β(d) = (λ/4π)² d⁻², d = D / cos θ):
///   γ̄ = P β(d) β(d_u) M² / σ²,   ρ = P β(d)² M² N_r L₀ / σ².
struct CaseStudyPhysical {
  double carrier_hz = 28e9;
  double tx_power_w = 1.0;          ///< 30 dBm
  double noise_w = 3.981071705534973e-14;  ///< −104 dBm
  double road_offset_m = 20.0;      ///< D
  double user_distance_m = 1.0;     ///< d_u
  double snapshots = 100.0;         ///< L₀
};
struct NormalisedSnrs {
  double comm_snr = 0.0;  ///< γ̄ (linear)
  double echo_snr = 0.0;  ///< ρ (linear)
};
[[nodiscard]] NormalisedSnrs normalised_snrs(const CaseStudyPhysical& phys, Index irs_elements, Index rx_antennas,
                                             double theta);

/// Everything the [case_study] table holds.
struct CaseStudyInput {
  CaseStudyParams model;
  double gamma_th = 10.0;  ///< requirement Γ_th (linear; gamma_th_db in the file)
  AllocationMethod solver = AllocationMethod::automatic;
  PolyblockOptions polyblock;
  bool has_physical = false;
  CaseStudyPhysical physical;
  ProtocolParams tracking;   ///< model copied in; allocation resolved by load_case_study
  Index tracking_slot = 0;   ///< slot reported by the tracking metrics
  bool tracking_optimal_allocation = true;  ///< τ from the Model B optimum at Γ_th (else tau_s/tau_c keys)
  /// model = "scene": `model` holds the quantities of slot `scene_slot` computed from the scene
  /// (docs/case-study.md §The case study on a physical scene); [case_study] keys it replaces are
  /// ignored, and each one whose value differs from the scene's gives an entry in `warnings`.
  double split_crb = 7.615435494667714e-05;  ///< [case_study.split] crb_std_deg (0.5°), squared [rad²]
  bool scene_model = false;
  CaseStudySceneOptions scene_options;
  Index scene_slot = 0;
  std::vector<CaseStudySlot> scene_slots;  ///< slots 0..scene_slot
  std::vector<std::string> warnings;       ///< "file:line: ..." (printed once by the registry)
};

/// model = "scene": reads [case_study.scene] from `cs` (the [case_study] reader), loads the scene of
/// `doc`, runs case_study_scene_slots() and replaces M, N_r, θ, σ_p, γ̄, ρ, η of in.model. Called by
/// load_case_study(). \throws InputError naming the key (no vehicle, bad values).
void apply_case_study_scene(const Document& doc, Reader& cs, CaseStudyInput& in);
/// model = "normalised" with a case-study scene in the same document: a warning in in.warnings for
/// irs_elements / rx_antennas set to a value other than the scene's (the [case_study] value wins).
void warn_case_study_shadowing(const Document& doc, Reader& cs, CaseStudyInput& in);

/// Reads the [case_study] table of `doc` (absent: all defaults). Calls finish() on it.
/// \throws InputError on unknown keys, wrong types or out-of-range values.
[[nodiscard]] CaseStudyInput load_case_study(const Document& doc);

}  // namespace irisac::io
