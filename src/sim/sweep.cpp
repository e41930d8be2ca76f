#include "irisac/sim/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "irisac/core/error.hpp"

namespace irisac::sim {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct BatchResult {
  std::vector<RunningStats> stats;
  std::int64_t trials = 0, failed = 0;
  bool infeasible = false;
  std::string infeasible_reason;
  std::string failure_reason;  // why the first failed trial failed
};

struct Cell {
  Job job;
  CellResult result;
  std::int64_t num_batches = 0;  // batches needed for max_trials
  std::int64_t next_issue = 0, next_merge = 0;
  std::map<std::int64_t, BatchResult> pending;  // finished, waiting for earlier batches
  bool done = false;
};

struct PointState {
  std::size_t point = 0;
  std::vector<Cell> cells;
  bool prepared = false, preparing = false, reported = false;
  int outstanding = 0;  // tasks of this point running on some thread
  Clock::time_point start;
};

// A counter of one worker, on its own cache line: the trials it has finished in its current batch.
struct alignas(64) WorkerCount {
  std::atomic<std::int64_t> trials{0};
};

// Runs trials [first, end). A cancellation is honoured between trials, whatever the batch size:
// the partial batch is then discarded with its point (cancelled points are not reported).
// `done` is set to the number of trials finished so far after each trial, for the progress report.
BatchResult run_batch(const Job& job, std::uint64_t seed, std::uint64_t point, std::int64_t first, std::int64_t end,
                      const std::atomic<bool>* cancel, std::atomic<std::int64_t>& done) {
  BatchResult r;
  r.stats.resize(job.num_metrics);
  std::vector<double> out(job.num_metrics);
  for (std::int64_t k = first; k < end; ++k) {
    done.store(r.trials, std::memory_order_relaxed);
    if (cancel && cancel->load(std::memory_order_relaxed)) break;
    Rng rng(seed, point, static_cast<std::uint64_t>(k), job.stream);
    std::fill(out.begin(), out.end(), std::numeric_limits<double>::quiet_NaN());
    ++r.trials;
    try {
      job.trial(rng, out);
    } catch (const NumericalError& e) {
      ++r.failed;
      if (r.failure_reason.empty()) r.failure_reason = "trial " + std::to_string(k) + ": " + e.what();
      continue;
    } catch (const Infeasible& e) {
      r.infeasible = true;
      r.infeasible_reason = e.what();
      break;  // later trials of the batch are not run: the cell ends here
    }
    bool finite = true;
    for (double v : out) finite = finite && std::isfinite(v);
    if (!finite) {
      ++r.failed;
      if (r.failure_reason.empty()) r.failure_reason = "trial " + std::to_string(k) + ": a non-finite value";
      continue;
    }
    for (std::size_t i = 0; i < job.num_metrics; ++i) r.stats[i].add(out[i]);
  }
  done.store(r.trials, std::memory_order_relaxed);
  return r;
}

class Scheduler {
 public:
  Scheduler(const std::vector<std::size_t>& points, const RunOptions& opts, const Callbacks& cb,
            const std::atomic<bool>* cancel, unsigned threads)
      : points_(points), opts_(opts), cb_(cb), cancel_(cancel), threads_(threads),
        window_(std::max<std::size_t>(4, 2 * static_cast<std::size_t>(threads))),
        speculative_(opts.stop.rel_ci > 0.0 || opts.stop.time_limit_s > 0.0),
        start_(Clock::now()), running_(std::make_unique<WorkerCount[]>(threads)) {}

  // Worker `w` (0 ≤ w < threads) runs tasks until the run is finished.
  void worker(unsigned w) {
    std::unique_lock lock(mu_);
    for (;;) {
      Task task;
      while (!(task = next_task()).kind) {
        if (finished()) {
          cv_.notify_all();
          return;
        }
        cv_.wait(lock);
      }
      ++task.ps->outstanding;
      lock.unlock();
      execute(task, running_[w].trials);
      lock.lock();
      --task.ps->outstanding;
      running_[w].trials.store(0, std::memory_order_relaxed);  // its trials go to the cell (or are dropped)
      integrate(task, lock);
      cv_.notify_all();
    }
  }

  RunSummary summary() const {
    RunSummary s;
    s.points_done = points_done_;
    s.trials = trials_done_;
    s.cancelled = cancelled();
    s.seconds = seconds_since(start_);
    s.threads = threads_;
    return s;
  }
  std::exception_ptr error() const { return error_; }

  // Reports progress every progress_interval_s (clamped to [1 ms, 1 h]) until the workers are done,
  // so that a long batch shows its trials while it runs. Runs on its own thread.
  void ticker() {
    double every = opts_.progress_interval_s;
    if (!(every >= 1e-3)) every = 1e-3;  // also NaN
    if (every > 3600.0) every = 3600.0;  // a huge double would overflow the clock's duration
    const auto interval = std::chrono::duration<double>(every);
    std::unique_lock lock(mu_);
    while (!tick_cv_.wait_for(lock, interval, [this] { return workers_done_; })) maybe_progress(lock);
  }
  void workers_done() {
    std::lock_guard lock(mu_);
    workers_done_ = true;
    tick_cv_.notify_all();
  }

 private:
  enum Kind { none = 0, prepare = 1, batch = 2 };
  struct Task {
    int kind = none;
    PointState* ps = nullptr;
    std::size_t cell = 0;
    std::int64_t batch = 0;
    std::vector<Job> jobs;    // result of prepare
    BatchResult result;       // result of batch
    std::exception_ptr error;
  };

  bool cancelled() const { return cancel_ && cancel_->load(std::memory_order_relaxed); }
  bool stopping() const { return error_ || cancelled(); }

  bool finished() const {
    if (stopping()) {
      for (const auto& ps : active_)
        if (ps->outstanding > 0) return false;
      return true;
    }
    return active_.empty() && next_point_ == points_.size();
  }

  Task next_task() {
    Task t;
    if (stopping()) return t;
    for (;;) {
      for (auto& ps : active_) {
        if (!ps->prepared) {
          if (!ps->preparing) {
            ps->preparing = true;
            t.kind = prepare;
            t.ps = ps.get();
            return t;
          }
          continue;
        }
        for (std::size_t c = 0; c < ps->cells.size(); ++c) {
          Cell& cell = ps->cells[c];
          if (cell.done || cell.next_issue >= cell.num_batches) continue;
          if (speculative_ && cell.next_issue - cell.next_merge >= static_cast<std::int64_t>(threads_)) continue;
          t.kind = batch;
          t.ps = ps.get();
          t.cell = c;
          t.batch = cell.next_issue++;
          return t;
        }
      }
      if (active_.size() < window_ && next_point_ < points_.size()) {
        auto ps = std::make_unique<PointState>();
        ps->point = points_[next_point_++];
        active_.push_back(std::move(ps));
        continue;  // the new point offers a prepare task
      }
      return t;
    }
  }

  void execute(Task& t, std::atomic<std::int64_t>& done) {
    try {
      if (t.kind == prepare) {
        t.ps->start = Clock::now();
        t.jobs = cb_.prepare(t.ps->point);
      } else {
        const Cell& cell = t.ps->cells[t.cell];
        const std::int64_t first = t.batch * opts_.batch_size;
        const std::int64_t end = std::min(first + opts_.batch_size, opts_.stop.max_trials);
        t.result = run_batch(cell.job, opts_.seed, t.ps->point, first, end, cancel_, done);
      }
    } catch (...) {
      t.error = std::current_exception();
    }
  }

  void integrate(Task& t, std::unique_lock<std::mutex>& lock) {
    if (t.error) {
      if (!error_) error_ = t.error;
      return;
    }
    PointState& ps = *t.ps;
    if (t.kind == prepare) {
      ps.prepared = true;
      ps.cells.resize(t.jobs.size());
      for (std::size_t c = 0; c < t.jobs.size(); ++c) {
        Cell& cell = ps.cells[c];
        cell.job = std::move(t.jobs[c]);
        cell.result.stats.resize(cell.job.num_metrics);
        cell.num_batches = (opts_.stop.max_trials + opts_.batch_size - 1) / opts_.batch_size;
        if (cell.job.infeasible) {
          cell.done = true;
          cell.result.reason = StopReason::infeasible;
          cell.result.infeasible_reason = cell.job.infeasible_reason;
        }
      }
    } else {
      Cell& cell = ps.cells[t.cell];
      // Once the run stops, a batch (possibly cut short by the cancellation) is dropped with its
      // point: it is neither merged nor counted.
      if (!cell.done && !stopping()) {
        pending_trials_ += t.result.trials;
        cell.pending.emplace(t.batch, std::move(t.result));
        for (auto it = cell.pending.find(cell.next_merge); it != cell.pending.end() && !cell.done;
             it = cell.pending.find(cell.next_merge)) {
          BatchResult& b = it->second;
          for (std::size_t i = 0; i < b.stats.size(); ++i) cell.result.stats[i].merge(b.stats[i]);
          cell.result.trials += b.trials;
          cell.result.failed += b.failed;
          if (cell.result.failure_reason.empty()) cell.result.failure_reason = b.failure_reason;
          trials_done_ += b.trials;
          pending_trials_ -= b.trials;
          ++cell.next_merge;
          if (b.infeasible) {
            cell.result.reason = StopReason::infeasible;
            cell.result.infeasible_reason = b.infeasible_reason;
          } else {
            cell.result.reason = opts_.stop.check(cell.result.stats, cell.result.trials, seconds_since(ps.start));
          }
          cell.pending.erase(it);
          if (cell.result.reason != StopReason::none) {
            cell.done = true;
            for (const auto& [k, later] : cell.pending) pending_trials_ -= later.trials;
            cell.pending.clear();
          }
        }
      }
    }
    // Report a finished point (outside the lock; reports are serialised by report_mu_).
    const bool all_done = ps.prepared && std::all_of(ps.cells.begin(), ps.cells.end(), [](const Cell& c) { return c.done; });
    if (all_done && !ps.reported && !stopping()) {
      ps.reported = true;
      PointResult pr;
      pr.point = ps.point;
      pr.seconds = seconds_since(ps.start);
      for (Cell& c : ps.cells) pr.cells.push_back(std::move(c.result));
      ++points_done_;
      ++ps.outstanding;  // keep the state alive while reporting
      lock.unlock();
      std::exception_ptr report_error;
      {
        std::lock_guard report_lock(report_mu_);
        try {
          if (cb_.on_point) cb_.on_point(std::move(pr));
        } catch (...) {
          report_error = std::current_exception();
        }
      }
      lock.lock();
      --ps.outstanding;
      if (report_error && !error_) error_ = report_error;
    }
    // Drop finished points nobody works on any more.
    active_.remove_if([](const std::unique_ptr<PointState>& p) { return p->reported && p->outstanding == 0; });
    maybe_progress(lock);
  }

  void maybe_progress(std::unique_lock<std::mutex>& lock) {
    if (!cb_.on_progress) return;
    const double now = seconds_since(start_);
    const bool last = points_done_ == points_.size();
    if (!last && now - last_progress_ < opts_.progress_interval_s) return;
    last_progress_ = now;
    std::int64_t running = pending_trials_;
    for (unsigned w = 0; w < threads_; ++w) running += running_[w].trials.load(std::memory_order_relaxed);
    Progress p{points_done_, points_.size(), trials_done_, running, now};
    lock.unlock();
    std::exception_ptr progress_error;
    {
      std::lock_guard report_lock(report_mu_);
      try {
        cb_.on_progress(p);
      } catch (...) {
        progress_error = std::current_exception();
      }
    }
    lock.lock();
    if (progress_error && !error_) error_ = progress_error;
  }

  const std::vector<std::size_t>& points_;
  const RunOptions& opts_;
  const Callbacks& cb_;
  const std::atomic<bool>* cancel_;
  unsigned threads_;
  std::size_t window_;
  bool speculative_;
  Clock::time_point start_;
  std::unique_ptr<WorkerCount[]> running_;  // per worker; written by its worker, reset under mu_

  std::mutex mu_, report_mu_;
  std::condition_variable cv_, tick_cv_;
  bool workers_done_ = false;
  std::int64_t pending_trials_ = 0;  // trials of finished batches waiting for an earlier batch
  std::list<std::unique_ptr<PointState>> active_;
  std::size_t next_point_ = 0, points_done_ = 0;
  std::int64_t trials_done_ = 0;
  double last_progress_ = -1e300;
  std::exception_ptr error_;
};

}  // namespace

std::uint64_t stream_of(std::string_view name) noexcept {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

RunSummary run_points(const std::vector<std::size_t>& points, const RunOptions& opts, const Callbacks& cb,
                      const std::atomic<bool>* cancel) {
  opts.stop.validate();
  IRISAC_REQUIRE(opts.batch_size >= 1, "batch_size must be >= 1 (got ", opts.batch_size, ")");
  IRISAC_REQUIRE(static_cast<bool>(cb.prepare), "a prepare callback is required");
  unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  Scheduler s(points, opts, cb, cancel, threads);
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&s, i] { s.worker(i); });
  std::thread ticker;
  if (cb.on_progress) ticker = std::thread([&s] { s.ticker(); });
  s.worker(0);  // the calling thread works too
  for (auto& t : pool) t.join();
  s.workers_done();
  if (ticker.joinable()) ticker.join();
  if (s.error()) std::rethrow_exception(s.error());
  return s.summary();
}

SweepResult run_sweep(const Grid& grid, std::size_t num_metrics, const PointTrialFn& trial, const RunOptions& opts) {
  SweepResult res;
  res.indices.resize(grid.size());
  res.cells.resize(grid.size());
  std::vector<std::size_t> points(grid.size());
  for (std::size_t p = 0; p < grid.size(); ++p) {
    points[p] = p;
    res.indices[p] = grid.indices(p);
  }
  Callbacks cb;
  cb.prepare = [&](std::size_t p) {
    std::vector<double> values(grid.axes().size());
    for (std::size_t a = 0; a < values.size(); ++a) values[a] = grid.axes()[a].values[res.indices[p][a]];
    Job job;
    job.num_metrics = num_metrics;
    job.trial = [values = std::move(values), &trial](Rng& rng, std::span<double> out) { trial(values, rng, out); };
    return std::vector<Job>{std::move(job)};
  };
  cb.on_point = [&](PointResult&& pr) { res.cells[pr.point] = std::move(pr.cells); };
  (void)run_points(points, opts, cb);
  return res;
}

}  // namespace irisac::sim
