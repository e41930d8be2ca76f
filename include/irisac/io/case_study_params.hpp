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
///   [case_study.tracking]    # protocol engine / EKF (tracking metrics)
///   slot = 0 (reported slot)  vehicles = 3  speed_mps = 20 ...
#include <string>

#include "irisac/io/document.hpp"
#include "irisac/isac/case_study.hpp"
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
};

/// Reads the [case_study] table of `doc` (absent: all defaults). Calls finish() on it.
/// \throws InputError on unknown keys, wrong types or out-of-range values.
[[nodiscard]] CaseStudyInput load_case_study(const Document& doc);

}  // namespace irisac::io
