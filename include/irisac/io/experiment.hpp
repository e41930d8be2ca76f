#pragma once
/// \file Experiment files (experiments/*.toml): a scenario, sweep axes over any scenario key, the
/// metrics to record, Monte Carlo settings and figures. Every error names file:line, key, expected
/// and found (io::InputError). The format is documented key by key in docs/experiments.md.
///
///   [experiment]
///   name = "snr-vs-power"
///   scenario = "../scenarios/ci/single_user.toml"   # or an inline [scenario] table
///   metrics = ["snr_db"]
///   seed = 7
///   [[axis]]
///   key = "system.tx_power_dbm"
///   linspace = { start = 0, stop = 30, num = 7 }
///   [monte_carlo]
///   min_trials = 200
///   max_trials = 20000
///   rel_ci = 0.01
///   [[figure]]
///   x = "system.tx_power_dbm"
///   y = ["snr_db"]
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "irisac/io/document.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/sim/grid.hpp"
#include "irisac/sim/stop_rule.hpp"

namespace irisac::io {

/// A reference level drawn across a figure.
struct HLine {
  double y = 0.0;
  std::string label;
};

struct FigureSpec {
  std::string name;            ///< file stem of <name>.png / <name>.svg
  std::string x;               ///< axis key on the horizontal axis
  std::vector<std::string> y;  ///< metrics drawn
  std::string curve;           ///< axis key: one curve per value ("" = one curve per other-axes combination)
  bool log_x = false, log_y = false;
  std::string xlabel, ylabel, title;
  std::vector<HLine> hlines;
};

struct Experiment {
  std::string name;         ///< also the default output directory results/<name>
  std::string description;
  std::string file;         ///< the experiment file ("" when parsed from a string)
  /// The scenario: its TOML text, the name errors are reported under, and whether it is the
  /// inline [scenario] table of the experiment file (then `scenario_text` is the whole file).
  std::string scenario_text, scenario_source;
  bool scenario_inline = false;
  std::vector<std::string> overrides;  ///< --set KEY=VALUE, applied to the scenario before the axes
  std::vector<sim::Axis> axes;         ///< axis key = dotted scenario key
  std::vector<std::string> axis_labels;  ///< human label per axis (figures)
  std::vector<std::string> axis_where;   ///< file:line of each [[axis]] (messages)
  std::vector<std::string> metrics;
  sim::StopRule stop;
  std::int64_t batch_size = 64;
  std::uint64_t seed = 1;
  std::vector<FigureSpec> figures;

  [[nodiscard]] sim::Grid grid() const { return sim::Grid(axes); }
  /// The scenario document of sweep point `point`: parsed afresh (so errors keep file:line), with
  /// the overrides and the point's axis values applied through Document::set_value.
  [[nodiscard]] Document point_document(std::size_t point) const;
  /// Canonical TOML of everything that determines the results: the resolved scenario (overrides
  /// applied), axes, metrics, Monte Carlo settings and seed. Names, descriptions and figures are
  /// left out, so editing them does not invalidate stored results.
  [[nodiscard]] std::string canonical_toml() const;
  /// 16 hex digits: FNV-1a 64 of canonical_toml().
  [[nodiscard]] std::string hash() const;
};

struct ExperimentOptions {
  std::optional<std::uint64_t> seed;  ///< --seed
  std::vector<std::string> sets;      ///< --set KEY=VALUE (scenario keys)
};

/// Reads and checks an experiment file; metric names are checked against `registry`.
/// \throws InputError (file:line, key, expected, found) for any bad input.
[[nodiscard]] Experiment load_experiment(const std::string& path, const Registry& registry,
                                         const ExperimentOptions& options = {});
/// Same, from a parsed document (tests, inline experiments).
[[nodiscard]] Experiment parse_experiment(const Document& doc, const Registry& registry,
                                          const ExperimentOptions& options = {});

/// Experiment files (*.toml) in `dir`, sorted, with their [experiment] name and description
/// (files that do not parse are listed with the error as description).
struct ExperimentEntry {
  std::string file, name, description;
};
[[nodiscard]] std::vector<ExperimentEntry> list_experiments(const std::string& dir);

}  // namespace irisac::io
