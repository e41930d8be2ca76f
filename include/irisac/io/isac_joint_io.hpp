#pragma once
/// \file The [isac] table of a scenario (docs/isac.md, "Scenario keys") and one joint-design run:
///   [isac]
///   surface = "wall"           # the sensing surface (default: the first)
///   metric = "crb"             # or "echo_snr": the sensing quantity of the designs
///   design = "front"           # "max_rate" | "max_sensing" | "weighted" | "front"
///   crb_rmse_max_deg = 0.5     # max_rate, metric crb: CRB(azimuth) ≤ (this in rad)²
///   echo_snr_min_db = 20.0     # max_rate, metric echo_snr: echo SNR ≥ this
///   sinr_min_db = 10.0         # max_sensing: SINR_k ≥ this (default: the users' min_sinr_db)
///   rho = 0.5                  # weighted: weight on communication, in [0, 1]
///   front_points = 6           # front: requirements strictly between the end points
///   snapshots = 64             # T
///   outer_iterations = 8       # AO rounds
///   design_iterations = 3      # rounds of the sensing end point's design (as [sensing])
/// The comm end point uses [optimize] (objective and algorithm), exactly as `irisac optimize`.
#include <string>

#include "irisac/io/comm_io.hpp"
#include "irisac/io/document.hpp"
#include "irisac/isac/joint_design.hpp"
#include "irisac/isac/two_timescales.hpp"
#include "irisac/scene/scene.hpp"

namespace irisac::io {

struct IsacConfig {
  Index surface = 0;
  SensingMetric metric = SensingMetric::crb;
  std::string design = "front";
  double requirement = 0.0;   ///< max_rate: CRB bound [rad²] or echo SNR [linear]; 0 = not given
  double sinr_min = 0.0;      ///< max_sensing: γ [linear]; 0 = not given
  double rho = 0.5;
  Index front_points = 6;
  Index snapshots = 64;
  IsacOptions options{};
  EndPointSpec ends{};
  std::string requirement_key; ///< the key that gave `requirement` (for messages)
  SensingSelection selection{};///< [isac] bs, mode, num_sensors, receiver, bistatic_path (surface/target unused)
};

/// Reads [isac] (and [optimize] for the comm end point). InputError naming file:line and key for
/// bad values, a scene without users or targets, and requirements the chosen design needs but lacks.
[[nodiscard]] IsacConfig read_isac_config(const Document& doc, const Scene& scene);

/// The [timescales] table (docs/isac.md, "Two timescales"); absent: the defaults (static channel):
///   [timescales]
///   slots = 16                      # T, the block
///   sensing_update_slots = 4        # K_s: sensing knowledge (target angle) refreshed every K_s slots
///   comm_update_slots = 1           # K_c: comm knowledge (user channels) refreshed every K_c slots
///   comm_coherence_slots = 8        # L_c: AR(1) correlation exp(-1/L_c) per slot (absent: static)
///   target_rate_deg_per_slot = 0.5  # ω: the target's azimuth at the sensing surface moves this much per slot
/// InputError naming file:line and key for bad values (periods < 1, L_c ≤ 0, |ω| > 90°).
[[nodiscard]] TimescaleSpec read_timescale_config(const Document& doc);

/// One realisation: channels from Rng(seed, point, trial, 0), the comm end point from stream 1 (as
/// `irisac optimize`), the sensing end point from the phases aligned at target 0 (as `irisac crb`).
struct IsacRun {
  IsacProblem problem;
  IsacEndPoints ends;
  CVec start_v;               ///< all-ones phases (the "before design" reference)
};
[[nodiscard]] IsacRun prepare_isac(const Scene& scene, const IsacConfig& cfg, Rng& channel_rng, std::uint64_t seed);

/// "monostatic at bs", "bistatic at rx (path tx_irs)" or "semi-passive: 8 sensors of wall" (for reports).
[[nodiscard]] std::string isac_receiver_text(const Scene& scene, const IsacConfig& cfg);

/// The configured design (not "front"): throws irisac::Infeasible when the requirement cannot be met.
[[nodiscard]] IsacDesign run_isac_design(const IsacRun& run, const IsacConfig& cfg);

}  // namespace irisac::io
