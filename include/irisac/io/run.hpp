#pragma once
/// \file Running an experiment: preparation of each point through the registry's metric groups,
/// the engine (sim::run_points), the SQLite store, resume, and the sharing of points among
/// processes. MPI is not a dependency of this library: processes talk through the small Transport
/// interface, which the command-line program implements with MPI (apps/cli/mpi_transport.cpp).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "irisac/io/experiment.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/results.hpp"
#include "irisac/sim/sweep.hpp"

namespace irisac::io {

/// Message passing between the processes of one run. Rank 0 owns the store and writes the files.
class Transport {
 public:
  virtual ~Transport() = default;
  [[nodiscard]] virtual int rank() const = 0;
  [[nodiscard]] virtual int size() const = 0;
  /// Rank 0's `data` replaces every other rank's.
  virtual void broadcast(std::string& data) = 0;
  /// Non-root ranks: sends a message to rank 0 (may block until received).
  virtual void send_to_root(const std::string& data) = 0;
  /// Rank 0: a message from another rank if one has arrived (non-blocking).
  [[nodiscard]] virtual bool try_receive(std::string& data) = 0;

  /// Dynamic work sharing (optional). A transport that supports it lets rank 0 hand out the points
  /// in chunks on request (send_to), and a non-root rank wait for rank 0's answer (receive_from_root:
  /// blocking, without busy polling). Without it the points are split round-robin up front.
  [[nodiscard]] virtual bool supports_work_queue() const { return false; }
  /// Rank 0: sends `data` to rank `to` (> 0).
  virtual void send_to(int to, const std::string& data);
  /// Non-root ranks: waits for and returns the next message of rank 0 sent with send_to().
  [[nodiscard]] virtual std::string receive_from_root();
  /// With the work queue: rank 0 asks rank `to` to stop (the run was interrupted on some rank),
  /// at most once per rank and run, on a channel of its own (not the one of send_to()). Optional:
  /// by default nothing is sent, and the other ranks stop only at the end of their chunk.
  virtual void send_stop(int to);
  /// Non-root ranks: whether rank 0's send_stop() has arrived, consuming it; with `wait`, waits
  /// for it (it is known to have been sent). By default false.
  [[nodiscard]] virtual bool stop_requested(bool wait);
};

/// A run in one process.
class LocalTransport final : public Transport {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void broadcast(std::string&) override {}
  void send_to_root(const std::string&) override {}
  bool try_receive(std::string&) override { return false; }
};

struct RunRequest {
  std::string out_dir;              ///< created if absent
  unsigned threads = 0;             ///< per process; 0 = all cores
  bool fresh = false;               ///< discard stored results of another experiment hash
  std::vector<std::string> command; ///< argv, for provenance
  double progress_interval_s = 0.2;
};

struct RunProgress {
  std::size_t points_done = 0;   ///< finished, including those resumed from the store
  std::size_t points_total = 0;
  std::size_t points_resumed = 0;
  /// Trials run by this run: those of rank 0 so far (batches still running included) plus those
  /// of the points other processes have finished.
  std::int64_t trials = 0;
  double elapsed_s = 0.0;
};

struct RunReport {
  std::string out_dir, csv, json, store;
  std::size_t points_total = 0, points_resumed = 0, points_run = 0;
  std::int64_t trials = 0;
  bool cancelled = false;
  bool complete = false;
  bool root = true;   ///< false on ranks other than 0 (they write nothing)
  bool aborted = false;  ///< a rank other than 0 learned that rank 0 refused the run (it reported why)
  double seconds = 0.0;
  unsigned threads = 0;
  int processes = 1;
};

/// Runs (or resumes) `e` into req.out_dir and writes results.csv and results.json (rank 0).
/// `on_progress` is called on rank 0 only, from the calling thread or a worker, serialised.
/// When `cancel` becomes true the trial in flight on each thread finishes, finished points are
/// kept and the report says cancelled; running the same command again resumes.
/// \throws InputError (bad input, changed experiment without --fresh), what a metric group throws.
RunReport run_experiment(const Experiment& e, const Registry& registry, const RunRequest& req,
                         Transport& transport, const std::function<void(const RunProgress&)>& on_progress = {},
                         const std::atomic<bool>* cancel = nullptr);

/// The jobs (one per metric group used) of one point: prepares each group on the point's document.
/// Metric group preparation that throws irisac::Infeasible gives an infeasible job.
[[nodiscard]] std::vector<sim::Job> prepare_point(const Experiment& e, const Registry& registry, std::size_t point);

}  // namespace irisac::io
