#pragma once
/// \file The [optimize] table of a scenario document (communication design), shared by
/// `irisac optimize` and the comm metric groups. Keys (all optional):
///   objective = "snr" | "multicast" | "sum_rate" | "max_min_sinr" | "power_min" | "decorrelation" | "intercell"
///   algorithm = "closed_form" | "alternating" | "sdr" | "manifold" | "bcd" | "arc_sweep" | "codebook" | "random_phase"
///   precoder = "mrt" | "zf" | "mmse" | "wmmse"      bits = 0…8 (default: the finest surface resolution)
///   max_iterations, tolerance, restarts, randomizations, leakage_weight, smoothing
///   bound = false | true (compute the certified joint upper bound, joint_bound.hpp; always with sdr)
///   min_sinr_db = number (target for every user, overrides the users' min_sinr_db; old name sinr_min_db)
///   serving = ["bs name", …] (one per user; default nearest BS)
#include <cstdint>
#include <string>
#include <vector>

#include "irisac/comm/optimize.hpp"
#include "irisac/io/document.hpp"
#include "irisac/scene/scene.hpp"

namespace irisac::io {

struct OptimizeConfig {
  CommObjective objective = CommObjective::snr;
  CommAlgorithm algorithm = CommAlgorithm::manifold;
  CommOptions options;
  std::vector<Index> serving;   ///< empty: nearest BS
  double sinr_min = 0.0;        ///< > 0: overrides the users' targets
  bool objective_given = false;
  bool algorithm_given = false;
};

/// Reads [optimize] (absent: defaults; the objective defaults to snr for one user, sum_rate otherwise).
/// Throws InputError with file:line, key and a did-you-mean for unknown names.
[[nodiscard]] OptimizeConfig read_optimize_config(const Document& doc, const Scene& scene);

/// The problem `irisac optimize` (and Python's Scenario.optimize) designs for: the scene's channels
/// drawn for `seed` (stream 0), the serving BSs and SINR targets of `cfg`. `source` names the scenario
/// in errors: no users; power_min without SINR targets.
[[nodiscard]] CommProblem optimize_problem(const Scene& scene, const OptimizeConfig& cfg, std::uint64_t seed,
                                           const std::string& source);

/// Names of all objectives / algorithms / precoders (for messages and did-you-mean).
[[nodiscard]] std::vector<std::string> objective_names();
[[nodiscard]] std::vector<std::string> algorithm_names();

}  // namespace irisac::io
