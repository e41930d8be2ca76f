#pragma once
/// \file The one table of names: every metric, objective, algorithm, estimator and experiment that
/// the CLI, experiment files and (later) Python can name. Modules contribute through one
/// register_<module>() function each (src/io/registry_<module>.cpp); builtin_registry() calls them.
///
/// Metrics come in groups that share one trial (one channel draw serves all SNR metrics, say).
/// A group's prepare() turns the resolved document of one sweep point (scenario + overrides) into a
/// trial function; it parses and validates once per point and throws InputError on bad input. The
/// returned TrialFn must be thread-safe (it is called concurrently for different trials) and must
/// draw randomness only from the Rng it is given.
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/io/document.hpp"

namespace irisac::io {

/// One Monte Carlo trial of a metric group: writes one value per metric, in the group's order.
/// A trial may throw irisac::NumericalError: the engine counts it as failed, not fatal.
using TrialFn = std::function<void(Rng& rng, std::span<double> out)>;

struct MetricInfo {
  std::string name;         ///< unique, snake_case with unit suffix, e.g. "snr_aligned_db"
  std::string unit;         ///< e.g. "dB", "bps/Hz", "rad^2", "" for ratios
  std::string description;  ///< one line
};

struct MetricGroup {
  std::string name;  ///< stable: its hash picks the RNG stream, so adding groups changes no result
  std::string description;
  std::vector<MetricInfo> metrics;
  std::function<TrialFn(const Document&)> prepare;
};

/// A named thing without a metric interface (objective, algorithm, estimator, model, experiment).
/// Only names that some scenario key or CLI option accepts are items; `accepted_by` says which
/// (`irisac list` prints it; tests/unit/io/list_accepted_test.cpp checks that each name is accepted).
struct NamedItem {
  std::string kind;  ///< "model", "objective", "algorithm", "estimator", "detector", "solver", ...
  std::string name;
  std::string description;
  std::string accepted_by{};  ///< e.g. "[optimize] algorithm, optimize --algorithm"
};

struct Registry {
  std::vector<MetricGroup> metric_groups;
  std::vector<NamedItem> items;
  /// Top-level tables of a scenario document owned by modules other than the scene
  /// (e.g. "case_study", "optimize"): the scene loader accepts them, their owners check them.
  std::vector<std::string> parameter_tables;

  /// The group that provides `metric` and the metric's index in it; nullptr if unknown.
  [[nodiscard]] const MetricGroup* find_metric(const std::string& metric, std::size_t* index = nullptr) const;
  /// All metric names (for "did you mean").
  [[nodiscard]] std::vector<std::string> metric_names() const;
  /// Items of one kind.
  [[nodiscard]] std::vector<NamedItem> of_kind(const std::string& kind) const;
};

/// Everything built in. Constructed once, thread-safe to read.
[[nodiscard]] const Registry& builtin_registry();

// One per module; each adds its metrics, items and parameter tables.
void register_scene(Registry& r);
void register_comm(Registry& r);
void register_isac(Registry& r);
void register_isac_scene(Registry& r);  // registry_isac_scene.cpp: the case study on a physical scene
void register_isac_joint(Registry& r);  // src/io/registry_isac_joint.cpp
void register_sensing(Registry& r);
void register_near_field(Registry& r);
void register_secure(Registry& r);
void register_architectures(Registry& r);
void register_hybrid(Registry& r);  // hybrid IRS (registry_hybrid.cpp)
void register_exchange(Registry& r);
void register_ota(Registry& r);  // over-the-air computation (registry_ota.cpp)

}  // namespace irisac::io
