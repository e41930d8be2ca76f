#pragma once
/// \file When to stop the Monte Carlo trials of one metric group at one sweep point.
///
/// The rule is evaluated only at batch boundaries, on batches merged in order, so the number of
/// trials (and every statistic) is a function of (seed, point, batch size, rule) alone, except
/// when a time limit is set: a time limit makes results depend on machine speed and load, and the
/// engine reports such results as timing-dependent.
#include <cstdint>
#include <span>
#include <string>

#include "irisac/sim/running_stats.hpp"

namespace irisac::sim {

enum class StopReason {
  none,         ///< not stopped (yet)
  trials,       ///< the fixed number of trials ran (or max_trials without a CI target)
  ci_reached,   ///< every metric's CI half-width ≤ rel_ci·|mean|
  max_trials,   ///< max_trials reached before the CI target
  time_limit,   ///< time_limit_s elapsed (timing-dependent)
  infeasible,   ///< a trial or the preparation reported irisac::Infeasible
};
[[nodiscard]] const char* to_string(StopReason r) noexcept;

struct StopRule {
  std::int64_t min_trials = 1;     ///< never stop on the CI or the time limit before this many trials
  std::int64_t max_trials = 1000;  ///< hard cap (the trial count of a fixed rule)
  double rel_ci = 0.0;             ///< target half-width relative to |mean|; 0 = fixed count
  double ci_level = 0.95;          ///< confidence level of the interval
  CiMethod ci_method = CiMethod::student_t;
  double time_limit_s = 0.0;       ///< wall-clock limit per point and group [s]; 0 = none

  /// Exactly `n` trials.
  [[nodiscard]] static StopRule fixed(std::int64_t n) {
    StopRule r;
    r.min_trials = n;
    r.max_trials = n;
    return r;
  }
  /// True when results can depend on timing (a time limit is set).
  [[nodiscard]] bool timing_dependent() const noexcept { return time_limit_s > 0.0; }
  /// \throws InvalidArgument for inconsistent settings (min > max, rel_ci < 0, ...).
  void validate() const;
  /// Reason to stop after `trials` trials (failed ones included) with merged statistics `stats`
  /// and `elapsed_s` seconds; StopReason::none to go on.
  [[nodiscard]] StopReason check(std::span<const RunningStats> stats, std::int64_t trials, double elapsed_s) const;
  /// True when `s` meets the CI target.
  [[nodiscard]] bool ci_met(const RunningStats& s) const;
};

}  // namespace irisac::sim
