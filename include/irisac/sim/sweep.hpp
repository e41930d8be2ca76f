#pragma once
/// \file The Monte Carlo engine: runs the trials of many sweep points on a pool of threads with
/// results that do not depend on the number of threads or processes.
///
/// Work is split into (point, metric group) cells and each cell into batches of `batch_size`
/// trials. Trial k of point p of a group with stream s draws from Rng(seed, p, k, s) only. Batches
/// run in any order on any thread, but they are merged strictly in batch order (Chan's merge) and
/// the stop rule is checked only after each merged batch, in order; batches computed beyond the
/// stopping point are discarded. Hence the statistics of a point are a pure function of
/// (seed, point, stream, batch size, stop rule) — except with a time limit (see StopRule).
///
/// A trial that throws irisac::NumericalError, or writes a non-finite value, counts as failed (not
/// fatal); one that throws irisac::Infeasible ends the cell as infeasible. Any other exception
/// stops the run and is rethrown by run_points().
///
/// The engine knows nothing about IRSs or files: io::run_experiment builds cells from a registry.
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/sim/grid.hpp"
#include "irisac/sim/running_stats.hpp"
#include "irisac/sim/stop_rule.hpp"

namespace irisac::sim {

/// One trial: draw randomness only from `rng`, write one value per metric into `out`.
/// Must be safe to call concurrently (different trials on different threads).
using TrialFn = std::function<void(Rng& rng, std::span<double> out)>;

/// One metric group prepared for one point.
struct Job {
  TrialFn trial;               ///< empty when `infeasible`
  std::size_t num_metrics = 0;
  std::uint64_t stream = 0;    ///< Rng stream of the group (stable per group name)
  bool infeasible = false;     ///< preparation found the point infeasible: no trials are run
  std::string infeasible_reason;
};

/// Statistics of one metric group at one point.
struct CellResult {
  std::vector<RunningStats> stats;  ///< per metric, over successful trials
  std::int64_t trials = 0;          ///< trials run (failed ones included)
  std::int64_t failed = 0;          ///< trials that threw NumericalError or wrote a non-finite value
  StopReason reason = StopReason::none;
  std::string infeasible_reason;    ///< what Infeasible said, when reason == infeasible
  std::string failure_reason;       ///< the first failed trial (in trial order): its index and why
};

struct PointResult {
  std::size_t point = 0;
  std::vector<CellResult> cells;  ///< one per job, in the order prepare() returned them
  double seconds = 0.0;           ///< wall time from preparation to the last merged batch
};

struct Progress {
  std::size_t points_done = 0;   ///< finished in this call
  std::size_t points_total = 0;  ///< to run in this call
  std::int64_t trials_done = 0;  ///< merged trials in this call
  /// Trials finished in batches not merged yet: running now, or waiting for an earlier batch of
  /// their cell. The stop rule may still discard some (speculative batches), so the sum
  /// trials_done + trials_running can go down; it is what the run has computed so far.
  std::int64_t trials_running = 0;
  double elapsed_s = 0.0;
};

struct RunOptions {
  std::uint64_t seed = 0;
  unsigned threads = 0;            ///< 0 = std::thread::hardware_concurrency()
  std::int64_t batch_size = 64;    ///< trials per batch; part of the result's identity
  StopRule stop{};
  double progress_interval_s = 0.2;  ///< minimum time between on_progress calls
};

struct Callbacks {
  /// Prepares point p (one Job per metric group). Called once per point, from a worker thread,
  /// possibly concurrently for different points. Exceptions abort the run.
  std::function<std::vector<Job>(std::size_t point)> prepare;
  /// Receives each finished point; calls are serialised (never concurrent), order unspecified.
  std::function<void(PointResult&&)> on_point;
  /// Progress; calls are serialised and throttled by RunOptions::progress_interval_s. Besides the
  /// calls after finished batches, a timer calls it every progress_interval_s (at least 1 ms apart)
  /// while trials run, so that progress inside one long batch is seen.
  std::function<void(const Progress&)> on_progress;
};

struct RunSummary {
  std::size_t points_done = 0;
  std::int64_t trials = 0;
  bool cancelled = false;  ///< `cancel` was set: points in progress were dropped, not reported
  double seconds = 0.0;
  unsigned threads = 0;
};

/// Runs `points` (sweep point indices) and reports each through on_point. When `cancel` becomes
/// true, each running batch stops before its next trial (within one trial's time, whatever the
/// batch size) and the call returns without reporting unfinished points.
/// \throws whatever prepare() or a trial threw other than NumericalError / Infeasible.
RunSummary run_points(const std::vector<std::size_t>& points, const RunOptions& opts, const Callbacks& cb,
                      const std::atomic<bool>* cancel = nullptr);

/// Results of run_sweep(): per point (grid order) and metric.
struct SweepResult {
  std::vector<std::vector<std::size_t>> indices;  ///< [point][axis] value indices
  std::vector<std::vector<CellResult>> cells;     ///< [point][0]: the one group
};

/// Convenience for library users: one trial function over a grid. `trial` receives the axis
/// values of the point. Stream 0.
using PointTrialFn = std::function<void(std::span<const double> point, Rng& rng, std::span<double> out)>;
[[nodiscard]] SweepResult run_sweep(const Grid& grid, std::size_t num_metrics, const PointTrialFn& trial,
                                    const RunOptions& opts = {});

/// Stable 64-bit stream id of a name (FNV-1a), so adding metric groups changes no other result.
[[nodiscard]] std::uint64_t stream_of(std::string_view name) noexcept;

}  // namespace irisac::sim
