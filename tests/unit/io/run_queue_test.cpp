// run_experiment with dynamic work sharing (the path the MPI transport takes): three "processes" as
// threads joined by an in-memory transport that supports the work queue. The results are identical
// to one process, every process takes part, every point is committed once, and a cancelled run
// stops all processes with a consistent store that resumes to the same results.
#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "irisac/io/run.hpp"
#include "unit/io/engine_toy.hpp"

namespace irisac::io {
namespace {

std::string run_queue_experiment(const std::string& mc) {
  return R"([experiment]
name = "toy"
metrics = ["toy_power", "toy_power_plus_one", "toy_twice_variance"]
seed = 5
[scenario.toy]
variance = 1.0
fail_prob = 0.02
[[axis]]
key = "toy.variance"
values = [1, 2, 3, 4, 5, 6]
[[axis]]
key = "toy.work"
values = [0, 400, 4000]
[monte_carlo]
)" + mc;
}

struct QueueHub {
  std::mutex mu;
  std::condition_variable cv;
  std::string plan;
  bool has_plan = false;
  std::deque<std::string> to_root;
  std::map<int, std::deque<std::string>> to_rank;
  std::map<int, int> chunks;  // chunks handed to each rank
  std::map<int, int> stops;   // stop requests sent to each rank and not yet received
};

class QueueHubTransport final : public Transport {
 public:
  QueueHubTransport(QueueHub& hub, int rank, int size) : hub_(hub), rank_(rank), size_(size) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void broadcast(std::string& data) override {
    std::unique_lock lock(hub_.mu);
    if (rank_ == 0) {
      hub_.plan = data;
      hub_.has_plan = true;
      hub_.cv.notify_all();
    } else {
      hub_.cv.wait(lock, [&] { return hub_.has_plan; });
      data = hub_.plan;
    }
  }
  void send_to_root(const std::string& data) override {
    std::lock_guard lock(hub_.mu);
    hub_.to_root.push_back(data);
  }
  bool try_receive(std::string& data) override {
    std::lock_guard lock(hub_.mu);
    if (hub_.to_root.empty()) return false;
    data = hub_.to_root.front();
    hub_.to_root.pop_front();
    return true;
  }
  bool supports_work_queue() const override { return true; }
  void send_to(int to, const std::string& data) override {
    std::lock_guard lock(hub_.mu);
    if (data.size() > 1 && data[0] == 'W') ++hub_.chunks[to];
    hub_.to_rank[to].push_back(data);
    hub_.cv.notify_all();
  }
  std::string receive_from_root() override {
    std::unique_lock lock(hub_.mu);
    hub_.cv.wait(lock, [&] { return !hub_.to_rank[rank_].empty(); });
    std::string d = hub_.to_rank[rank_].front();
    hub_.to_rank[rank_].pop_front();
    return d;
  }
  void send_stop(int to) override {
    std::lock_guard lock(hub_.mu);
    ++hub_.stops[to];
    hub_.cv.notify_all();
  }
  bool stop_requested(bool wait) override {
    std::unique_lock lock(hub_.mu);
    if (wait) hub_.cv.wait(lock, [&] { return hub_.stops[rank_] > 0; });
    if (hub_.stops[rank_] == 0) return false;
    --hub_.stops[rank_];
    return true;
  }

 private:
  QueueHub& hub_;
  int rank_, size_;
};

std::string run_queue_read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string run_queue_data(const std::string& csv) {
  std::istringstream is(csv);
  std::string line, out;
  while (std::getline(is, line))
    if (line.rfind("# ", 0) != 0) out += line + "\n";
  return out;
}

RunRequest run_queue_request(const std::string& dir) {
  RunRequest req;
  req.out_dir = dir;
  req.threads = 1;
  req.progress_interval_s = 0.0;
  return req;
}

// Runs the experiment on `size` in-memory processes; returns rank 0's report and the others'.
std::vector<RunReport> run_queue_group(const Experiment& e, const std::string& dir, int size, QueueHub& hub,
                                       const std::atomic<bool>* cancel = nullptr,
                                       const std::function<void(const RunProgress&)>& progress = {},
                                       const std::atomic<bool>* cancel_others = nullptr) {
  std::vector<RunReport> reps(static_cast<std::size_t>(size));
  std::vector<std::thread> others;
  for (int r = 1; r < size; ++r)
    others.emplace_back([&, r] {
      QueueHubTransport tr(hub, r, size);
      reps[static_cast<std::size_t>(r)] = run_experiment(e, testing::toy_registry(), run_queue_request(dir), tr, {},
                                                         cancel_others ? cancel_others : cancel);
    });
  QueueHubTransport tr(hub, 0, size);
  reps[0] = run_experiment(e, testing::toy_registry(), run_queue_request(dir), tr, progress, cancel);
  for (auto& t : others) t.join();
  return reps;
}

TEST(RunQueue, ThreeProcessesShareTheWorkAndGiveTheSameResults) {
  const Experiment e =
      parse_experiment(Document::from_string(run_queue_experiment("trials = 300\nbatch_size = 50\n"), "toy.toml"),
                       testing::toy_registry());
  LocalTransport local;
  const RunReport one = run_experiment(e, testing::toy_registry(), run_queue_request(testing::scratch("rq_1")), local);
  QueueHub hub;
  const auto reps = run_queue_group(e, testing::scratch("rq_3"), 3, hub);
  EXPECT_TRUE(reps[0].complete);
  EXPECT_EQ(reps[0].points_run, 18u);  // every point committed exactly once
  std::size_t by_others = 0;
  for (int r = 1; r < 3; ++r) by_others += reps[static_cast<std::size_t>(r)].points_run;
  EXPECT_LT(by_others, 18u);  // rank 0 computes too
  EXPECT_GE(hub.chunks[1] + hub.chunks[2], 1);
  EXPECT_EQ(run_queue_data(run_queue_read(one.csv)), run_queue_data(run_queue_read(reps[0].csv)));
  EXPECT_NE(run_queue_read(reps[0].csv).find("processes: 3"), std::string::npos);
}

TEST(RunQueue, CancelStopsEveryProcessAndResumes) {
  const Experiment e = parse_experiment(
      Document::from_string(run_queue_experiment("trials = 500\nbatch_size = 50\n"), "toy.toml"),
      testing::toy_registry());
  LocalTransport local;
  const RunReport full = run_experiment(e, testing::toy_registry(), run_queue_request(testing::scratch("rq_f")), local);
  {  // interrupted before any point: nobody computes, every process returns
    std::atomic<bool> cancel{true};
    QueueHub hub;
    const auto none = run_queue_group(e, testing::scratch("rq_0"), 2, hub, &cancel);
    EXPECT_TRUE(none[0].cancelled);
    EXPECT_EQ(none[0].points_run, 0u);
    EXPECT_EQ(none[1].points_run, 0u);
  }
  // Interrupted half-way (the flag is shared, as a signal reaches every process under mpirun).
  const std::string dir = testing::scratch("rq_c");
  std::atomic<bool> cancel{false};
  QueueHub hub;
  const auto part = run_queue_group(e, dir, 2, hub, &cancel, [&](const RunProgress& p) {
    if (p.points_done >= 3) cancel = true;
  });
  EXPECT_TRUE(part[0].cancelled);
  EXPECT_FALSE(part[0].complete);
  EXPECT_LT(part[0].points_run, 18u);
  EXPECT_EQ(load_results(dir).rows.size(), part[0].points_run);  // the store holds what was committed
  cancel = false;
  QueueHub hub2;
  const auto rest = run_queue_group(e, dir, 2, hub2, &cancel);
  EXPECT_TRUE(rest[0].complete);
  EXPECT_EQ(rest[0].points_resumed, part[0].points_run);
  EXPECT_EQ(rest[0].points_resumed + rest[0].points_run, 18u);
  EXPECT_EQ(run_queue_data(run_queue_read(full.csv)), run_queue_data(run_queue_read(rest[0].csv)));

  // An interrupt that reaches one process only (kill -INT to one rank) stops every process: rank 1
  // tells rank 0 (CANCEL), or rank 0 tells rank 1 (send_stop), which then drops the rest of its
  // chunk. Every process reports the run as cancelled (the CLI exits 130 on each), no stop request
  // is left unreceived, and the resume gives the uninterrupted results.
  for (const bool on_root : {false, true}) {
    const std::string d = testing::scratch(on_root ? "rq_c0" : "rq_c1");
    std::atomic<bool> root_cancel{false}, other_cancel{false};
    QueueHub h;
    const auto p = run_queue_group(e, d, 2, h, &root_cancel, [&](const RunProgress& pr) {
      if (pr.points_done >= 3) (on_root ? root_cancel : other_cancel) = true;
    }, &other_cancel);
    EXPECT_TRUE(p[0].cancelled) << "interrupt on rank " << (on_root ? 0 : 1);
    EXPECT_TRUE(p[1].cancelled) << "interrupt on rank " << (on_root ? 0 : 1);
    EXPECT_FALSE(p[0].complete);
    EXPECT_EQ(h.stops[1], 0);
    EXPECT_EQ(load_results(d).rows.size(), p[0].points_run);
    QueueHub h2;
    const auto r = run_queue_group(e, d, 2, h2);
    EXPECT_TRUE(r[0].complete);
    EXPECT_EQ(run_queue_data(run_queue_read(full.csv)), run_queue_data(run_queue_read(r[0].csv)));
  }
}

}  // namespace
}  // namespace irisac::io
