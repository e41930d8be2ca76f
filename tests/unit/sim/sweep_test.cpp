// The engine: determinism across thread counts, failed and infeasible trials, CI stop rule,
// cancellation (also inside one huge batch), progress inside a batch, and resume. Toy trial:
// z ~ CN(0, σ²) gives |z|² ~ Exp(mean σ², variance σ⁴).
#include "irisac/sim/sweep.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <map>
#include <mutex>

#include "irisac/core/error.hpp"

namespace irisac::sim {
namespace {

// Point p has σ² = 1 + p. Metrics: |z|², |z|² + 1. NumericalError when a uniform draw < 0.1.
std::vector<Job> toy_jobs(std::size_t p, bool with_failures) {
  Job j;
  j.num_metrics = 2;
  j.stream = stream_of("toy");
  const double var = 1.0 + static_cast<double>(p);
  j.trial = [var, with_failures](Rng& rng, std::span<double> out) {
    if (with_failures && rng.uniform() < 0.1) throw NumericalError("toy failure");
    const double x = std::norm(rng.complex_normal(var));
    out[0] = x;
    out[1] = x + 1.0;
  };
  return {j};
}

using Results = std::map<std::size_t, PointResult>;

Results run(unsigned threads, const StopRule& stop, std::size_t num_points, bool failures = false,
            std::int64_t batch = 16) {
  RunOptions opts;
  opts.seed = 42;
  opts.threads = threads;
  opts.batch_size = batch;
  opts.stop = stop;
  Callbacks cb;
  Results res;
  cb.prepare = [failures](std::size_t p) { return toy_jobs(p, failures); };
  cb.on_point = [&res](PointResult&& r) { res[r.point] = std::move(r); };
  std::vector<std::size_t> pts(num_points);
  for (std::size_t i = 0; i < num_points; ++i) pts[i] = i;
  const RunSummary s = run_points(pts, opts, cb);
  EXPECT_EQ(s.points_done, num_points);
  return res;
}

void expect_bitwise_equal(const Results& a, const Results& b) {
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [p, ra] : a) {
    const PointResult& rb = b.at(p);
    ASSERT_EQ(ra.cells.size(), rb.cells.size());
    for (std::size_t c = 0; c < ra.cells.size(); ++c) {
      EXPECT_EQ(ra.cells[c].trials, rb.cells[c].trials) << "point " << p;
      EXPECT_EQ(ra.cells[c].failed, rb.cells[c].failed) << "point " << p;
      EXPECT_EQ(ra.cells[c].reason, rb.cells[c].reason) << "point " << p;
      for (std::size_t m = 0; m < ra.cells[c].stats.size(); ++m) {
        EXPECT_EQ(std::bit_cast<std::uint64_t>(ra.cells[c].stats[m].mean()),
                  std::bit_cast<std::uint64_t>(rb.cells[c].stats[m].mean()));
        EXPECT_EQ(std::bit_cast<std::uint64_t>(ra.cells[c].stats[m].m2()),
                  std::bit_cast<std::uint64_t>(rb.cells[c].stats[m].m2()));
      }
    }
  }
}

StopRule ci_rule(double rel) {
  StopRule r;
  r.min_trials = 32;
  r.max_trials = 200000;
  r.rel_ci = rel;
  return r;
}

TEST(Sweep, BitwiseIdenticalForAnyThreadCount) {
  const StopRule stop = ci_rule(0.05);
  const Results r1 = run(1, stop, 6, true);
  expect_bitwise_equal(r1, run(2, stop, 6, true));
  expect_bitwise_equal(r1, run(4, stop, 6, true));
  const Results f1 = run(1, StopRule::fixed(300), 5, true, 7);  // last batch partial
  expect_bitwise_equal(f1, run(3, StopRule::fixed(300), 5, true, 7));
  EXPECT_EQ(f1.at(0).cells[0].trials, 300);
}

TEST(Sweep, FailedTrialsAreCountedExactly) {
  const Results r = run(2, StopRule::fixed(500), 2, true);
  for (const auto& [p, pr] : r) {
    // Recount serially with the same generators: trial k fails iff its first uniform < 0.1.
    std::int64_t expected = 0;
    for (std::uint64_t k = 0; k < 500; ++k) {
      Rng rng(42, p, k, stream_of("toy"));
      expected += rng.uniform() < 0.1 ? 1 : 0;
    }
    EXPECT_EQ(pr.cells[0].failed, expected);
    EXPECT_EQ(pr.cells[0].trials, 500);
    EXPECT_EQ(pr.cells[0].stats[0].count(), 500 - expected);
  }
}

// Statistical acceptance test of the CI stop rule. For each of 40 points the rule must stop with
// every metric's half-width ≤ rel_ci·|mean| (exact, by construction) and the true mean σ² must lie
// within 4 half-widths-equivalents: |mean − σ²| ≤ 4·s/√n (a 4σ bound: false alarm 6e-5 per point).
// Coverage of the nominal 95% interval over 40 points: at least 32 (binomial(40, 0.95) gives
// P(X < 32) ≈ 1e-4; sequential stopping lowers coverage slightly, hence the margin).
TEST(Sweep, CiStopRuleReachesRequestedHalfWidth) {
  const double rel = 0.04;
  const StopRule stop = ci_rule(rel);
  const Results r = run(2, stop, 40);
  int covered = 0;
  for (const auto& [p, pr] : r) {
    const CellResult& c = pr.cells[0];
    ASSERT_EQ(c.reason, StopReason::ci_reached) << "point " << p;
    const double truth = 1.0 + static_cast<double>(p);
    for (std::size_t m = 0; m < 2; ++m) {
      const double hw = c.stats[m].ci_half_width();
      EXPECT_LE(hw, rel * std::abs(c.stats[m].mean()));
    }
    const RunningStats& s = c.stats[0];
    const double n = static_cast<double>(s.count());
    EXPECT_LE(std::abs(s.mean() - truth), 4.0 * s.stddev() / std::sqrt(n)) << "point " << p;
    covered += std::abs(s.mean() - truth) <= s.ci_half_width() ? 1 : 0;
    // The stop is at the first batch boundary where the target holds: the trial count is close to
    // the count needed for an exponential variable, n ≈ (1.96 / rel)² ≈ 2401 (metric 0 governs).
    EXPECT_GT(n, 1500.0);
    EXPECT_LT(n, 3500.0);
  }
  EXPECT_GE(covered, 32);
}

TEST(Sweep, InfeasibleEndsTheCell) {
  RunOptions opts;
  opts.threads = 2;
  opts.batch_size = 4;
  opts.stop = StopRule::fixed(100);
  Callbacks cb;
  std::map<std::size_t, PointResult> res;
  cb.prepare = [](std::size_t p) {
    Job j;
    j.num_metrics = 1;
    if (p == 2) {
      j.infeasible = true;
      j.infeasible_reason = "no power meets the target";
      return std::vector<Job>{j};
    }
    j.trial = [p](Rng& rng, std::span<double> out) {
      if (p == 1 && rng.uniform() < 0.05) throw Infeasible("random infeasible draw");
      out[0] = 1.0;
    };
    return std::vector<Job>{j};
  };
  cb.on_point = [&](PointResult&& r) { res[r.point] = std::move(r); };
  (void)run_points({0, 1, 2}, opts, cb);
  EXPECT_EQ(res.at(0).cells[0].reason, StopReason::trials);
  EXPECT_EQ(res.at(1).cells[0].reason, StopReason::infeasible);
  EXPECT_EQ(res.at(2).cells[0].reason, StopReason::infeasible);
  EXPECT_EQ(res.at(2).cells[0].infeasible_reason, "no power meets the target");
  // Point 1: the first infeasible trial (in trial order) ends the cell.
  std::int64_t first = 0;
  while (!(Rng(0, 1, static_cast<std::uint64_t>(first), 0).uniform() < 0.05)) ++first;
  EXPECT_EQ(res.at(1).cells[0].trials, first + 1);
}

TEST(Sweep, OtherExceptionsAbortTheRun) {
  RunOptions opts;
  opts.threads = 2;
  opts.stop = StopRule::fixed(10);
  Callbacks cb;
  cb.prepare = [](std::size_t p) -> std::vector<Job> {
    if (p == 3) throw InvalidArgument("bad point");
    return toy_jobs(p, false);
  };
  EXPECT_THROW((void)run_points({0, 1, 2, 3, 4}, opts, cb), InvalidArgument);
}

TEST(Sweep, CancelThenResumeGivesTheSameResults) {
  const StopRule stop = StopRule::fixed(2000);
  const Results full = run(2, stop, 12);
  RunOptions opts;
  opts.seed = 42;
  opts.threads = 2;
  opts.batch_size = 16;
  opts.stop = stop;
  std::atomic<bool> cancel{false};
  Results part;
  Callbacks cb;
  cb.prepare = [](std::size_t p) { return toy_jobs(p, false); };
  cb.on_point = [&](PointResult&& r) {
    part[r.point] = std::move(r);
    if (part.size() == 4) cancel = true;
  };
  std::vector<std::size_t> pts(12);
  for (std::size_t i = 0; i < 12; ++i) pts[i] = i;
  const RunSummary s = run_points(pts, opts, cb, &cancel);
  EXPECT_TRUE(s.cancelled);
  EXPECT_GE(part.size(), 4u);
  EXPECT_LT(part.size(), 12u);
  std::vector<std::size_t> rest;
  for (std::size_t p : pts)
    if (!part.count(p)) rest.push_back(p);
  cancel = false;
  cb.on_point = [&](PointResult&& r) { part[r.point] = std::move(r); };
  (void)run_points(rest, opts, cb, &cancel);
  expect_bitwise_equal(full, part);

  // Inside one huge batch (each point is a single batch of 3000 trials): trial 1234 of point 1
  // sets the flag, and that batch stops before its next trial — exactly 1235 trials are started
  // (same thread, so the check right after the trial must see it). The partial batch is dropped
  // with its point, and the resume still gives the uninterrupted results bit for bit.
  const StopRule one_batch = StopRule::fixed(3000);
  const std::int64_t huge = std::int64_t{1} << 40;
  const Results full_huge = run(2, one_batch, 3, false, huge);
  opts.batch_size = huge;
  opts.stop = one_batch;
  cancel = false;
  std::atomic<std::int64_t> started{0};
  Results part_huge;
  cb.prepare = [&](std::size_t p) {
    std::vector<Job> jobs = toy_jobs(p, false);
    if (p == 1)
      jobs[0].trial = [&, inner = jobs[0].trial](Rng& rng, std::span<double> out) {
        if (started.fetch_add(1) == 1234) cancel = true;
        inner(rng, out);
      };
    return jobs;
  };
  cb.on_point = [&](PointResult&& r) { part_huge[r.point] = std::move(r); };
  const RunSummary sh = run_points({0, 1, 2}, opts, cb, &cancel);
  EXPECT_TRUE(sh.cancelled);
  EXPECT_EQ(started.load(), 1235);
  EXPECT_EQ(part_huge.count(1), 0u);
  cancel = false;
  cb.prepare = [](std::size_t p) { return toy_jobs(p, false); };
  std::vector<std::size_t> rest_huge;
  for (std::size_t p = 0; p < 3; ++p)
    if (!part_huge.count(p)) rest_huge.push_back(p);
  (void)run_points(rest_huge, opts, cb, &cancel);
  expect_bitwise_equal(full_huge, part_huge);
}

// One point, one batch of 10⁹ trials: the progress callback (a timer, every 1 ms) sees the trials
// of the running batch, 0 < count < 10⁹, long before the batch could end. The test then cancels
// from the callback's thread; the batch must stop within a few trials, not at its end: we allow
// 10⁴ toy trials (about 1 ms without sanitizers) for the flag to become visible to the worker.
TEST(Sweep, ProgressCountsTrialsInsideARunningBatch) {
  const std::int64_t total = 1000000000;
  RunOptions opts;
  opts.seed = 7;
  opts.threads = 2;
  opts.batch_size = total;
  opts.stop = StopRule::fixed(total);
  opts.progress_interval_s = 0.001;
  std::atomic<bool> cancel{false};
  std::atomic<std::int64_t> started{0};
  std::int64_t started_at_cancel = -1, seen = 0, merged = 0, calls = 0;
  std::size_t points = 0;
  Callbacks cb;
  cb.prepare = [&](std::size_t p) {
    std::vector<Job> jobs = toy_jobs(p, false);
    jobs[0].trial = [&, inner = jobs[0].trial](Rng& rng, std::span<double> out) {
      // Fail-safe: without progress inside the batch nothing would ever cancel it; end it here
      // (after about 1 s) so that the test fails on `seen` instead of running for minutes.
      if (started.fetch_add(1) >= 10000000) cancel = true;
      inner(rng, out);
    };
    return jobs;
  };
  cb.on_point = [&](PointResult&&) { ++points; };
  cb.on_progress = [&](const Progress& p) {
    ++calls;
    if (started_at_cancel < 0) merged = std::max(merged, p.trials_done);
    const std::int64_t n = p.trials_done + p.trials_running;
    EXPECT_LE(n, started.load());  // finished trials were started
    if (n > 0 && started_at_cancel < 0) {
      seen = n;
      cancel = true;  // first, so that a pause of this thread here cannot inflate the count below
      started_at_cancel = started.load();
    }
  };
  const RunSummary s = run_points({0}, opts, cb, &cancel);
  EXPECT_TRUE(s.cancelled);
  EXPECT_EQ(points, 0u);
  EXPECT_EQ(merged, 0);  // nothing merged before the cancel: the count came from the running batch
  EXPECT_GT(seen, 0);
  EXPECT_LT(seen, total);
  EXPECT_GE(calls, 1);
  ASSERT_GE(started_at_cancel, 0);
  EXPECT_LE(started.load() - started_at_cancel, 10000);
}

TEST(Sweep, RunSweepOverGrid) {
  Axis a;
  a.key = "var";
  a.values = {1.0, 4.0};
  a.labels = {"1", "4"};
  RunOptions opts;
  opts.threads = 2;
  opts.stop = StopRule::fixed(4000);
  const SweepResult r = run_sweep(Grid({a}), 1, [](std::span<const double> pt, Rng& rng, std::span<double> out) {
    out[0] = std::norm(rng.complex_normal(pt[0]));
  }, opts);
  ASSERT_EQ(r.cells.size(), 2u);
  // E|z|² = σ², sd σ²: 5σ tolerance σ²·5/√4000.
  EXPECT_NEAR(r.cells[1][0].stats[0].mean(), 4.0, 4.0 * 5.0 / std::sqrt(4000.0));
  EXPECT_NEAR(r.cells[0][0].stats[0].mean(), 1.0, 1.0 * 5.0 / std::sqrt(4000.0));
}

}  // namespace
}  // namespace irisac::sim
