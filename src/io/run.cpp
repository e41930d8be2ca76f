#include "irisac/io/run.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <limits>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "irisac/core/error.hpp"

namespace irisac::io {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// A metric group used by the experiment: which of its metrics are recorded, in which columns.
struct GroupUse {
  const MetricGroup* group = nullptr;
  std::vector<std::size_t> index;   // metric index within the group
  std::vector<std::size_t> column;  // position in Experiment::metrics
};

std::vector<GroupUse> group_uses(const Experiment& e, const Registry& reg) {
  std::vector<GroupUse> uses;
  for (std::size_t c = 0; c < e.metrics.size(); ++c) {
    std::size_t idx = 0;
    const MetricGroup* g = reg.find_metric(e.metrics[c], &idx);
    IRISAC_REQUIRE(g != nullptr, "unknown metric '", e.metrics[c], "'");
    auto it = std::find_if(uses.begin(), uses.end(), [g](const GroupUse& u) { return u.group == g; });
    if (it == uses.end()) {
      uses.push_back({g, {}, {}});
      it = uses.end() - 1;
    }
    it->index.push_back(idx);
    it->column.push_back(c);
  }
  return uses;
}

PointRow to_row(const Experiment& e, const std::vector<GroupUse>& uses, const sim::Grid& grid,
                const sim::PointResult& pr) {
  PointRow row;
  row.point = pr.point;
  row.seconds = pr.seconds;
  const auto idx = grid.indices(pr.point);
  for (std::size_t a = 0; a < e.axes.size(); ++a) {
    row.labels.push_back(e.axes[a].labels[idx[a]]);
    row.values.push_back(e.axes[a].values[idx[a]]);
  }
  row.metrics.resize(e.metrics.size());
  for (std::size_t u = 0; u < uses.size() && u < pr.cells.size(); ++u) {
    const sim::CellResult& c = pr.cells[u];
    for (std::size_t j = 0; j < uses[u].column.size(); ++j) {
      MetricResult& m = row.metrics[uses[u].column[j]];
      if (j < c.stats.size()) {
        m.n = c.stats[j].count();
        m.mean = c.stats[j].mean();
        m.m2 = c.stats[j].m2();
      }
      m.trials = c.trials;
      m.failed = c.failed;
      m.stop = sim::to_string(c.reason);
      m.note = !c.infeasible_reason.empty() ? c.infeasible_reason : (m.n == 0 ? c.failure_reason : std::string());
    }
  }
  return row;
}

// Exact text encoding of a point result for the transport (doubles as their bit patterns).
std::string encode(const sim::PointResult& pr) {
  json j;
  j["p"] = pr.point;
  j["s"] = std::bit_cast<std::uint64_t>(pr.seconds);
  json cells = json::array();
  for (const auto& c : pr.cells) {
    json st = json::array();
    for (const auto& s : c.stats)
      st.push_back({s.count(), std::bit_cast<std::uint64_t>(s.mean()), std::bit_cast<std::uint64_t>(s.m2())});
    cells.push_back({{"t", c.trials}, {"f", c.failed}, {"r", static_cast<int>(c.reason)}, {"n", c.infeasible_reason},
                     {"fr", c.failure_reason}, {"st", st}});
  }
  j["c"] = cells;
  return "P" + j.dump();
}

sim::PointResult decode(const std::string& msg) {
  const json j = json::parse(msg.substr(1));
  sim::PointResult pr;
  pr.point = j.at("p");
  pr.seconds = std::bit_cast<double>(j.at("s").get<std::uint64_t>());
  for (const auto& c : j.at("c")) {
    sim::CellResult cr;
    cr.trials = c.at("t");
    cr.failed = c.at("f");
    cr.reason = static_cast<sim::StopReason>(c.at("r").get<int>());
    cr.infeasible_reason = c.at("n");
    if (c.contains("fr")) cr.failure_reason = c.at("fr");
    for (const auto& s : c.at("st"))
      cr.stats.emplace_back(s[0].get<std::int64_t>(), std::bit_cast<double>(s[1].get<std::uint64_t>()),
                            std::bit_cast<double>(s[2].get<std::uint64_t>()));
    pr.cells.push_back(std::move(cr));
  }
  return pr;
}

std::int64_t trials_of(const sim::PointResult& pr) {
  std::int64_t n = 0;
  for (const auto& c : pr.cells) n += c.trials;
  return n;
}

}  // namespace

void Transport::send_to(int, const std::string&) {
  throw std::logic_error("Transport::send_to: this transport has no work queue");
}
std::string Transport::receive_from_root() {
  throw std::logic_error("Transport::receive_from_root: this transport has no work queue");
}
void Transport::send_stop(int) {}
bool Transport::stop_requested(bool) { return false; }

std::vector<sim::Job> prepare_point(const Experiment& e, const Registry& registry, std::size_t point) {
  const auto uses = group_uses(e, registry);
  const Document doc = e.point_document(point);
  std::vector<sim::Job> jobs;
  for (const GroupUse& u : uses) {
    sim::Job job;
    job.num_metrics = u.index.size();
    job.stream = sim::stream_of(u.group->name);
    TrialFn f;
    try {
      f = u.group->prepare(doc);
    } catch (const Infeasible& ex) {
      job.infeasible = true;
      job.infeasible_reason = ex.what();
      jobs.push_back(std::move(job));
      continue;
    }
    const std::size_t group_size = u.group->metrics.size();
    bool identity = group_size == u.index.size();
    for (std::size_t i = 0; identity && i < u.index.size(); ++i) identity = u.index[i] == i;
    if (identity) {
      job.trial = std::move(f);
    } else {
      job.trial = [f = std::move(f), index = u.index, group_size](Rng& rng, std::span<double> out) {
        thread_local std::vector<double> buf;
        buf.assign(group_size, std::numeric_limits<double>::quiet_NaN());
        f(rng, buf);
        for (std::size_t i = 0; i < index.size(); ++i) out[i] = buf[index[i]];
      };
    }
    jobs.push_back(std::move(job));
  }
  return jobs;
}

RunReport run_experiment(const Experiment& e, const Registry& registry, const RunRequest& req, Transport& tr,
                         const std::function<void(const RunProgress&)>& on_progress,
                         const std::atomic<bool>* cancel) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const int rank = tr.rank();
  const int size = tr.size();
  const sim::Grid grid = e.grid();
  const auto uses = group_uses(e, registry);
  const ResultTable layout = make_layout(e, registry);

  RunReport rep;
  rep.out_dir = req.out_dir;
  rep.root = rank == 0;
  rep.processes = size;
  rep.points_total = grid.size();
  rep.store = (fs::path(req.out_dir) / "results.sqlite").string();
  rep.csv = (fs::path(req.out_dir) / "results.csv").string();
  rep.json = (fs::path(req.out_dir) / "results.json").string();

  // Rank 0 opens the store and decides what is left to do; the others follow.
  std::unique_ptr<ResultStore> store;
  std::vector<std::size_t> todo;
  std::string plan;
  if (rank == 0) {
    try {
      store = std::make_unique<ResultStore>(req.out_dir, layout, req.fresh);
      const auto done = store->finished_points();
      rep.points_resumed = done.size();
      std::vector<char> is_done(grid.size(), 0);
      for (std::size_t p : done)
        if (p < grid.size()) is_done[p] = 1;
      for (std::size_t p = 0; p < grid.size(); ++p)
        if (!is_done[p]) todo.push_back(p);
      std::ostringstream os;
      os << "OK " << rep.points_resumed;
      for (std::size_t p : todo) os << ' ' << p;
      plan = os.str();
    } catch (...) {
      plan = "ERR";
      if (size > 1) tr.broadcast(plan);
      throw;
    }
  }
  if (size > 1) tr.broadcast(plan);
  if (rank != 0) {
    if (plan.rfind("OK", 0) != 0) {
      rep.aborted = true;
      return rep;
    }
    std::istringstream is(plan.substr(3));
    is >> rep.points_resumed;
    std::size_t p = 0;
    while (is >> p) todo.push_back(p);
  }
  // Several processes: with a work queue, rank 0 hands out the points in shrinking chunks as the
  // processes ask ("guided" scheduling: a chunk is the remaining points / (2 × processes), at least
  // the threads of one process), so that ranks whose points are cheaper ask for more and all finish
  // together. Which process runs a point does not change its result (seeded per point and trial).
  // Without a work queue: round-robin up front.
  const bool dynamic = size > 1 && tr.supports_work_queue();
  std::vector<std::size_t> mine;
  if (!dynamic)
    for (std::size_t i = 0; i < todo.size(); ++i)
      if (static_cast<int>(i % static_cast<std::size_t>(size)) == rank) mine.push_back(todo[i]);

  const Provenance prov = current_provenance(req.command, e.seed);
  sim::RunOptions opts;
  opts.seed = e.seed;
  opts.threads = req.threads;
  opts.batch_size = e.batch_size;
  opts.stop = e.stop;
  opts.progress_interval_s = req.progress_interval_s;
  rep.threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  if (store) {
    Session s;
    s.started_utc = prov.started_utc;
    s.command = prov.command;
    s.version = prov.irisac_version;
    s.commit = prov.git_commit;
    s.host = prov.host;
    s.threads = rep.threads;
    s.processes = static_cast<unsigned>(size);
    store->begin_session(s);
  }

  // With several processes the engine stops on `stop`, which this thread sets (polling every
  // 2 ms) when `cancel` is set here or when another rank was interrupted: rank 0 learns that from
  // a CANCEL message and tells the other ranks through send_stop(), so that an interrupt on any
  // rank stops them all within about one trial's time. One process: the engine watches `cancel`.
  std::atomic<bool> stop{cancel && cancel->load()};
  const std::atomic<bool>* engine_cancel = size > 1 ? &stop : cancel;
  bool stop_sent = false, stop_seen = false, cancel_sent = false, remote_cancel = false;

  // The engine runs on its own thread; this thread commits (rank 0) or forwards (other ranks)
  // finished points, so all store and transport calls happen here.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<sim::PointResult> queue;
  std::int64_t live_trials = 0;  // trials computed by this process, from the engine's progress
  std::int64_t chunk_base_trials = 0;  // merged trials of the chunks already run (work queue)
  bool engine_done = false;
  sim::RunSummary summary;
  std::exception_ptr engine_error;
  sim::Callbacks cb;
  cb.prepare = [&](std::size_t p) { return prepare_point(e, registry, p); };
  cb.on_point = [&](sim::PointResult&& pr) {
    std::lock_guard lock(mu);
    queue.push_back(std::move(pr));
    cv.notify_all();
  };
  cb.on_progress = [&](const sim::Progress& p) {
    std::lock_guard lock(mu);
    live_trials = chunk_base_trials + p.trials_done + p.trials_running;
    cv.notify_all();
  };
  // Work queue state. Rank 0: the next point of `todo` to hand out (under mu; serving stops once its
  // own engine failed or the run is cancelled). Other ranks: the engine thread asks the main thread
  // (the only one that talks MPI) for a chunk and waits for it.
  std::size_t next_todo = 0;
  bool stop_serving = false;
  bool want_work = false, work_ready = false;
  std::vector<std::size_t> work;
  const std::size_t min_chunk = std::max<std::size_t>(1, rep.threads);
  const auto take_chunk = [&]() {  // under mu
    std::vector<std::size_t> chunk;
    const bool cancelled = engine_cancel && engine_cancel->load();
    if (stop_serving || cancelled || next_todo >= todo.size()) return chunk;
    const std::size_t left = todo.size() - next_todo;
    const std::size_t n = std::min(left, std::max(min_chunk, left / (2 * static_cast<std::size_t>(size))));
    chunk.assign(todo.begin() + static_cast<std::ptrdiff_t>(next_todo),
                 todo.begin() + static_cast<std::ptrdiff_t>(next_todo + n));
    next_todo += n;
    return chunk;
  };
  std::thread engine([&] {
    try {
      if (!dynamic) {
        summary = sim::run_points(mine, opts, cb, engine_cancel);
      } else {
        for (;;) {
          if (engine_cancel && engine_cancel->load()) {
            summary.cancelled = true;
            break;
          }
          std::vector<std::size_t> chunk;
          {
            std::unique_lock lock(mu);
            if (rank == 0) {
              chunk = take_chunk();
            } else {
              want_work = true;
              cv.notify_all();
              cv.wait(lock, [&] { return work_ready; });
              work_ready = false;
              chunk.swap(work);
            }
          }
          if (chunk.empty()) break;
          const sim::RunSummary s = sim::run_points(chunk, opts, cb, engine_cancel);
          {
            std::lock_guard lock(mu);
            chunk_base_trials += s.trials;
            live_trials = chunk_base_trials;
          }
          summary.points_done += s.points_done;
          summary.trials += s.trials;
          summary.seconds += s.seconds;
          summary.threads = s.threads;
          if (s.cancelled) {
            summary.cancelled = true;
            break;
          }
        }
      }
    } catch (...) {
      engine_error = std::current_exception();
    }
    std::lock_guard lock(mu);
    engine_done = true;
    if (rank == 0) stop_serving = true;  // the queue's remaining points are not handed out
    cv.notify_all();
  });

  std::size_t committed = 0;
  std::int64_t remote_trials = 0;
  int ranks_done = 0;
  std::string remote_error;
  auto last_progress = Clock::now() - std::chrono::hours(1);
  const auto report_progress = [&](bool force) {
    if (!on_progress || rank != 0) return;
    const auto now = Clock::now();
    if (!force && std::chrono::duration<double>(now - last_progress).count() < req.progress_interval_s) return;
    last_progress = now;
    RunProgress p;
    p.points_total = grid.size();
    p.points_resumed = rep.points_resumed;
    p.points_done = rep.points_resumed + committed;
    {
      std::lock_guard lock(mu);
      p.trials = live_trials + remote_trials;
    }
    p.elapsed_s = std::chrono::duration<double>(now - t0).count();
    on_progress(p);
  };
  std::exception_ptr loop_error;
  try {
    for (;;) {
      std::deque<sim::PointResult> batch;
      bool done = false, asks = false;
      {
        std::unique_lock lock(mu);
        cv.wait_for(lock, std::chrono::milliseconds(size > 1 ? 2 : 50),
                    [&] { return !queue.empty() || engine_done || want_work; });
        batch.swap(queue);
        done = engine_done;
        asks = want_work;  // the engine asks only once all its results are queued: they are in `batch`
      }
      if (size > 1) {  // interrupts: of this process, and (rank 0 tells) of another one
        const bool local = cancel && cancel->load();
        if (rank != 0 && local && !cancel_sent) {
          tr.send_to_root("CANCEL " + std::to_string(rank));
          cancel_sent = true;
        }
        if (rank != 0 && dynamic && !stop_seen && tr.stop_requested(false)) stop_seen = true;
        if ((local || remote_cancel || stop_seen) && !stop.load()) {
          stop.store(true);
          std::lock_guard lock(mu);
          if (rank == 0) stop_serving = true;
          cv.notify_all();
        }
        if (rank == 0 && dynamic && stop.load() && !stop_sent) {
          for (int r = 1; r < size; ++r) tr.send_stop(r);
          stop_sent = true;
        }
      }
      for (auto& pr : batch) {
        if (rank == 0) {
          store->commit(to_row(e, uses, grid, pr));
          ++committed;
        } else {
          tr.send_to_root(encode(pr));
        }
      }
      if (asks) {  // non-root rank with a work queue: ask rank 0 for the next chunk ("W p1 p2 ...")
        tr.send_to_root("REQ " + std::to_string(rank));
        const std::string reply = tr.receive_from_root();
        std::vector<std::size_t> chunk;
        std::istringstream is(reply.substr(std::min<std::size_t>(1, reply.size())));
        std::size_t p = 0;
        while (is >> p) chunk.push_back(p);
        std::lock_guard lock(mu);
        work = std::move(chunk);
        want_work = false;
        work_ready = true;
        cv.notify_all();
      }
      if (rank == 0 && size > 1) {
        std::string msg;
        while (tr.try_receive(msg)) {
          if (!msg.empty() && msg[0] == 'P') {
            const sim::PointResult pr = decode(msg);
            remote_trials += trials_of(pr);
            store->commit(to_row(e, uses, grid, pr));
            ++committed;
          } else if (msg.rfind("REQ ", 0) == 0) {
            std::vector<std::size_t> chunk;
            {
              std::lock_guard lock(mu);
              chunk = take_chunk();
            }
            std::ostringstream os;
            os << 'W';
            for (std::size_t q : chunk) os << ' ' << q;
            tr.send_to(std::stoi(msg.substr(4)), os.str());
          } else if (msg.rfind("CANCEL", 0) == 0) {
            remote_cancel = true;  // handled at the top of the next iteration
          } else if (msg.rfind("DONE", 0) == 0) {
            ++ranks_done;
            if (msg.size() > 5) remote_error = msg.substr(5);
          }
        }
      }
      report_progress(!batch.empty() && committed + rep.points_resumed == grid.size());
      if (done) {
        std::lock_guard lock(mu);
        if (!queue.empty()) continue;
        if (rank != 0) break;
        if (ranks_done == size - 1) break;
      }
    }
  } catch (...) {
    loop_error = std::current_exception();
  }
  {  // an engine still waiting for work (the loop failed) gets none; rank 0 hands out no more
    std::lock_guard lock(mu);
    stop_serving = true;
    work.clear();
    work_ready = true;
    cv.notify_all();
  }
  engine.join();
  if (rank != 0) {
    std::string why;
    if (engine_error) {
      try {
        std::rethrow_exception(engine_error);
      } catch (const std::exception& ex) {
        why = ex.what();
      } catch (...) {
        why = "unknown error";
      }
    }
    tr.send_to_root(why.empty() ? "DONE" : "DONE " + why);
    // With a work queue, wait (without busy polling) until rank 0 has written the files, instead of
    // spinning in MPI_Finalize's barrier and taking CPU time from it.
    if (dynamic && !engine_error && !loop_error) {
      // "BYE STOP": rank 0 sent this rank a stop request, which must be received before MPI ends.
      const std::string bye = tr.receive_from_root();
      if (bye == "BYE STOP" && !stop_seen) stop_seen = tr.stop_requested(true);
    }
    if (engine_error) std::rethrow_exception(engine_error);
    if (loop_error) std::rethrow_exception(loop_error);
    rep.points_run = summary.points_done;
    rep.trials = summary.trials;
    rep.cancelled = summary.cancelled || stop.load();
    rep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return rep;
  }

  if (remote_cancel) stop.store(true);  // a CANCEL that came with the last DONE
  rep.cancelled = summary.cancelled || stop.load();
  rep.points_run = committed;
  rep.trials = summary.trials + remote_trials;
  store->end_session(utc_now_iso8601(), static_cast<std::int64_t>(committed),
                     rep.cancelled || engine_error || loop_error);
  if (engine_error) std::rethrow_exception(engine_error);
  if (loop_error) std::rethrow_exception(loop_error);
  if (!remote_error.empty()) throw std::runtime_error("another process failed: " + remote_error);
  report_progress(true);

  const ResultTable table = load_results(req.out_dir);
  rep.complete = table.complete();
  write_csv(table, prov, rep.csv);
  write_json(table, prov, rep.json);
  if (dynamic)
    for (int r = 1; r < size; ++r) tr.send_to(r, stop_sent ? "BYE STOP" : "BYE");
  rep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return rep;
}

}  // namespace irisac::io
