#include "irisac/sim/stop_rule.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "irisac/core/error.hpp"

namespace irisac::sim {
namespace {

RunningStats stats(std::int64_t n, double mean, double sd) {
  return RunningStats(n, mean, sd * sd * static_cast<double>(n - 1));
}

TEST(StopRule, FixedCount) {
  const StopRule r = StopRule::fixed(100);
  const std::vector<RunningStats> s = {stats(50, 1.0, 1.0)};
  EXPECT_EQ(r.check(s, 99, 1e9), StopReason::none);  // no time limit: elapsed time is ignored
  EXPECT_EQ(r.check(s, 100, 0.0), StopReason::trials);
  EXPECT_FALSE(r.timing_dependent());
}

TEST(StopRule, RelativeCiForEveryMetric) {
  StopRule r;
  r.min_trials = 10;
  r.max_trials = 1000;
  r.rel_ci = 0.1;
  // n = 400, s = 1: half-width = t_{0.975,399}/20 = 0.09830: meets 0.1·|mean| for |mean| ≥ 0.983.
  const std::vector<RunningStats> met = {stats(400, 1.0, 1.0), stats(400, -2.0, 1.0)};
  const std::vector<RunningStats> one_short = {stats(400, 1.0, 1.0), stats(400, 0.97, 1.0)};
  EXPECT_EQ(r.check(met, 400, 0.0), StopReason::ci_reached);
  EXPECT_EQ(r.check(one_short, 400, 0.0), StopReason::none);
  EXPECT_EQ(r.check(met, 5, 0.0), StopReason::none);  // below min_trials
  EXPECT_EQ(r.check(one_short, 1000, 0.0), StopReason::max_trials);
}

TEST(StopRule, TimeLimitIsTimingDependent) {
  StopRule r;
  r.min_trials = 20;
  r.max_trials = 1000;
  r.time_limit_s = 2.0;
  const std::vector<RunningStats> s = {stats(30, 1.0, 1.0)};
  EXPECT_TRUE(r.timing_dependent());
  EXPECT_EQ(r.check(s, 30, 1.9), StopReason::none);
  EXPECT_EQ(r.check(s, 30, 2.0), StopReason::time_limit);
  EXPECT_EQ(r.check(s, 10, 5.0), StopReason::none);  // min_trials first
}

TEST(StopRule, ValidateRejectsInconsistentSettings) {
  StopRule r;
  r.min_trials = 10;
  r.max_trials = 5;
  EXPECT_THROW(r.validate(), InvalidArgument);
  r = StopRule{};
  r.rel_ci = -1.0;
  EXPECT_THROW(r.validate(), InvalidArgument);
  EXPECT_NO_THROW(StopRule::fixed(3).validate());
}

}  // namespace
}  // namespace irisac::sim
