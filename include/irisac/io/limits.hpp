#pragma once
/// \file Upper bounds on every size a file or option can ask for, checked before anything is
/// allocated (docs/scenario-format.md, "Limits"). A scenario raises them in a `[limits]` table
/// (or `--set limits.elements=100000`); an experiment raises its own in its `[limits]` table.
/// Over a limit is an InputError naming the key, the limit and how to raise it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace irisac::io {

class Document;
class Reader;

/// Size limits of a scenario (defaults documented in docs/scenario-format.md).
struct ScenarioLimits {
  std::int64_t elements = 4096;              ///< elements of one array or surface (rows × cols)
  std::int64_t nodes = 10000;                ///< base stations + surfaces + users + targets + eavesdroppers
  std::int64_t snapshots = 100000;           ///< sensing.snapshots
  std::int64_t grid_points = 100000;         ///< sensing.grid_size
  std::int64_t matrix_entries = 1 << 22;     ///< entries of one channel file (4 Mi complex = 64 MiB)
  std::int64_t file_bytes = 256LL << 20;     ///< bytes of one channel file (.npy or .csv)
};

/// Size limits of an experiment.
struct ExperimentLimits {
  std::int64_t points = 1000000;     ///< sweep points (product of the axis lengths)
  std::int64_t trials = 100000000;   ///< trials or max_trials per point
  std::int64_t batch_size = 65536;   ///< monte_carlo.batch_size
};

/// Most threads `irisac run --threads` accepts.
inline constexpr unsigned kMaxThreads = 1024;

/// The `[limits]` table of a scenario document (defaults where absent). Marks nothing as used in
/// other readers; load_scene() accepts the table.
[[nodiscard]] ScenarioLimits read_scenario_limits(const Document& doc);
/// The `[limits]` table read through `top` (an experiment file's top-level reader).
[[nodiscard]] ExperimentLimits read_experiment_limits(Reader& top);

/// a × b, or nullopt when it overflows int64 (either factor negative counts as overflow).
[[nodiscard]] std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) noexcept;

/// Throws InputError at `key` of `r` when `value` > `limit`; `limit_key` names the [limits] key
/// (`scenario`: the hint also offers `--set limits.KEY=N`, which edits scenarios only).
void require_within_limit(const Reader& r, std::string_view key, std::int64_t value, std::int64_t limit,
                          const std::string& limit_key, const std::string& what, bool scenario = true);

}  // namespace irisac::io
