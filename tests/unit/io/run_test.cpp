// run_experiment: identical results for 1 and 2 threads and 2 processes (in-process transport),
// resume after an interruption, refusal of a changed experiment, export during a run, infeasible
// points, CI stop rule through the whole path.
#include "irisac/io/run.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "unit/io/engine_toy.hpp"

namespace irisac::io {
namespace {

using testing::scratch;
using testing::toy_registry;

std::string experiment_text(const std::string& mc, const std::string& extra_axes = "") {
  return R"([experiment]
name = "toy"
metrics = ["toy_power", "toy_power_plus_one", "toy_twice_variance"]
seed = 3
[scenario.toy]
variance = 1.0
fail_prob = 0.02
[[axis]]
key = "toy.variance"
values = [1, 2, 3, 4]
[[axis]]
key = "toy.spin"
values = [0, 1]
)" + extra_axes + "[monte_carlo]\n" + mc;
}

const std::string kCi = "min_trials = 64\nmax_trials = 20000\nrel_ci = 0.05\nbatch_size = 16\n";

Experiment make(const std::string& text) {
  return parse_experiment(Document::from_string(text, "toy.toml"), toy_registry());
}

RunReport run(const Experiment& e, const std::string& dir, unsigned threads, bool fresh = false,
              const std::atomic<bool>* cancel = nullptr,
              const std::function<void(const RunProgress&)>& progress = {}) {
  LocalTransport tr;
  RunRequest req;
  req.out_dir = dir;
  req.threads = threads;
  req.fresh = fresh;
  req.command = {"irisac", "run", "toy.toml"};
  req.progress_interval_s = 0.0;
  return run_experiment(e, toy_registry(), req, tr, progress, cancel);
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Data lines of a CSV (the '# ' provenance lines differ between runs).
std::string data_lines(const std::string& csv) {
  std::istringstream is(csv);
  std::string line, out;
  while (std::getline(is, line))
    if (line.rfind("# ", 0) != 0) out += line + "\n";
  return out;
}

TEST(Run, IdenticalForOneAndTwoThreadsAndCarriesProvenance) {
  const Experiment e = make(experiment_text(kCi));
  const RunReport r1 = run(e, scratch("run_t1"), 1);
  const RunReport r2 = run(e, scratch("run_t2"), 2);
  EXPECT_TRUE(r1.complete);
  EXPECT_EQ(r1.points_run, 8u);
  const std::string c1 = read(r1.csv), c2 = read(r2.csv);
  EXPECT_EQ(data_lines(c1), data_lines(c2));
  EXPECT_NE(c1.find("# irisac_version: "), std::string::npos);
  EXPECT_NE(c1.find("# command: irisac run toy.toml"), std::string::npos);
  EXPECT_NE(c1.find("# seed: 3"), std::string::npos);
  EXPECT_NE(c1.find("toy.variance,toy.spin,toy_power_mean,toy_power_std,toy_power_ci_low,toy_power_ci_high,"
                    "toy_power_trials,toy_power_failed,"),
            std::string::npos);
  const std::string j = read(r1.json);
  for (const char* key : {"\"irisac_version\"", "\"git_commit\"", "\"command\"", "\"seed\"", "\"hash\"",
                          "\"started_utc\"", "\"finished_utc\"", "\"threads\"", "\"processes\"", "\"host\""})
    EXPECT_NE(j.find(key), std::string::npos) << key;
  // The CI target holds in the written numbers: (ci_high - ci_low)/2 ≤ 0.05·mean for every metric.
  const ResultTable t = load_results(r1.out_dir);
  for (const auto& row : t.rows)
    for (std::size_t m = 0; m < 2; ++m) {
      const sim::RunningStats s(row.metrics[m].n, row.metrics[m].mean, row.metrics[m].m2);
      EXPECT_LE(s.ci_half_width(), 0.05 * s.mean());
      EXPECT_GT(row.metrics[m].failed, 0);  // fail_prob = 2%: failures counted, not fatal
    }
}

// Two "processes" in one test: threads joined by an in-memory transport, exercising the same
// code path as the MPI transport of the command-line program.
struct Hub {
  std::mutex mu;
  std::condition_variable cv;
  std::string plan;
  bool has_plan = false;
  std::deque<std::string> to_root;
};

class HubTransport final : public Transport {
 public:
  HubTransport(Hub& hub, int rank) : hub_(hub), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return 2; }
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

 private:
  Hub& hub_;
  int rank_;
};

TEST(Run, TwoProcessesGiveTheSameResults) {
  const Experiment e = make(experiment_text(kCi));
  const RunReport r1 = run(e, scratch("run_p1"), 1);
  const std::string dir = scratch("run_p2");
  Hub hub;
  RunReport root, other;
  std::thread worker([&] {
    HubTransport tr(hub, 1);
    RunRequest req;
    req.out_dir = dir;
    req.threads = 1;
    other = run_experiment(e, toy_registry(), req, tr);
  });
  HubTransport tr(hub, 0);
  RunRequest req;
  req.out_dir = dir;
  req.threads = 1;
  root = run_experiment(e, toy_registry(), req, tr);
  worker.join();
  EXPECT_FALSE(other.root);
  EXPECT_GT(other.points_run, 0u);
  EXPECT_TRUE(root.complete);
  EXPECT_EQ(data_lines(read(r1.csv)), data_lines(read(root.csv)));
  EXPECT_NE(read(root.csv).find("processes: 2"), std::string::npos);
}

TEST(Run, InterruptedRunResumesToIdenticalResults) {
  Experiment e = make(experiment_text("trials = 3000\nbatch_size = 100\n"));
  e.overrides = {"toy.work=1500"};  // slow enough to interrupt half-way
  const RunReport full = run(e, scratch("run_full"), 2);
  const std::string dir = scratch("run_resume");
  std::atomic<bool> cancel{false};
  const RunReport part = run(e, dir, 2, false, &cancel, [&](const RunProgress& p) {
    if (p.points_done >= 2) cancel = true;
  });
  EXPECT_TRUE(part.cancelled);
  EXPECT_FALSE(part.complete);
  EXPECT_LT(part.points_run, 8u);
  EXPECT_NE(read(part.csv).find("(incomplete)"), std::string::npos);
  const RunReport rest = run(e, dir, 1);
  EXPECT_EQ(rest.points_resumed, part.points_run);
  EXPECT_EQ(rest.points_resumed + rest.points_run, 8u);
  EXPECT_TRUE(rest.complete);
  EXPECT_EQ(data_lines(read(full.csv)), data_lines(read(rest.csv)));
  const ResultTable t = load_results(dir);
  ASSERT_EQ(t.sessions.size(), 2u);
  EXPECT_TRUE(t.sessions[0].interrupted);
  EXPECT_FALSE(t.sessions[1].interrupted);
}

TEST(Run, ChangedExperimentIsRefusedUnlessFresh) {
  const std::string dir = scratch("run_changed");
  (void)run(make(experiment_text("trials = 10\n")), dir, 1);
  const Experiment changed = make(experiment_text("trials = 11\n"));
  try {
    (void)run(changed, dir, 1);
    FAIL() << "a changed experiment was accepted";
  } catch (const InputError& err) {
    EXPECT_NE(std::string(err.what()).find("--fresh"), std::string::npos) << err.what();
  }
  const RunReport r = run(changed, dir, 1, true);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.points_resumed, 0u);
}

TEST(Run, ExportWhileRunning) {
  // Slow trials (spin) so that the reader sees the store grow while the run commits.
  const Experiment e = make(experiment_text("trials = 400\nbatch_size = 50\n",
                                            "[[axis]]\nkey = \"toy.fail_prob\"\nvalues = [0.0, 0.01, 0.02]\n")
                                .append(""));
  Experiment slow = e;
  slow.overrides = {"toy.work=2000"};
  const std::string dir = scratch("run_export");
  std::atomic<bool> finished{false};
  std::thread runner([&] {
    (void)run(slow, dir, 2);
    finished = true;
  });
  std::size_t reads = 0, last = 0, partial_reads = 0;
  while (!finished) {
    if (std::filesystem::exists(dir + "/results.sqlite")) {
      try {
        const ResultTable t = load_results(dir);
        EXPECT_GE(t.rows.size(), last);  // a consistent, growing snapshot
        last = t.rows.size();
        if (!t.complete()) {
          ++partial_reads;
          EXPECT_FALSE(csv_text(t, current_provenance({"irisac", "export"}, 0)).empty());
        }
        ++reads;
      } catch (const InputError&) {
        // the store is being created
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  runner.join();
  EXPECT_GT(reads, 0u);
  EXPECT_GT(partial_reads, 0u);
  EXPECT_EQ(load_results(dir).rows.size(), 24u);
}

TEST(Run, InfeasiblePointsAreMarkedNotSilentNaN) {
  const Experiment e = make(experiment_text("trials = 1\n"));
  const RunReport r = run(e, scratch("run_infeasible"), 2);
  const std::string csv = data_lines(read(r.csv));
  // toy_twice_variance is infeasible above 3.5: variance 4 rows have empty cells and the status.
  EXPECT_NE(csv.find("4,0,"), std::string::npos);
  std::istringstream is(csv);
  std::string line;
  int infeasible = 0, ok = 0;
  while (std::getline(is, line)) {
    if (line.rfind("4,", 0) == 0) {
      EXPECT_EQ(line.substr(line.size() - 11), ",infeasible") << line;
      EXPECT_NE(line.find(",,,,0,0,infeasible"), std::string::npos) << line;  // prepare said infeasible: no trial
      ++infeasible;
    } else if (line.rfind("toy.", 0) != 0) {
      EXPECT_EQ(line.substr(line.size() - 3), ",ok") << line;
      ++ok;
    }
  }
  EXPECT_EQ(infeasible, 2);
  EXPECT_EQ(ok, 6);
  EXPECT_NE(read(r.json).find("toy_closed_form: infeasible above 3.5"), std::string::npos);
}

}  // namespace
}  // namespace irisac::io
