#include "irisac/sim/stop_rule.hpp"

#include <cmath>

#include "irisac/core/error.hpp"

namespace irisac::sim {

const char* to_string(StopReason r) noexcept {
  switch (r) {
    case StopReason::none: return "none";
    case StopReason::trials: return "trials";
    case StopReason::ci_reached: return "ci_reached";
    case StopReason::max_trials: return "max_trials";
    case StopReason::time_limit: return "time_limit";
    case StopReason::infeasible: return "infeasible";
  }
  return "none";
}

void StopRule::validate() const {
  IRISAC_REQUIRE(min_trials >= 1, "min_trials must be >= 1 (got ", min_trials, ")");
  IRISAC_REQUIRE(max_trials >= min_trials, "max_trials must be >= min_trials (got ", max_trials, " < ", min_trials,
                 ")");
  IRISAC_REQUIRE(rel_ci >= 0.0 && std::isfinite(rel_ci), "rel_ci must be >= 0 (got ", rel_ci, ")");
  IRISAC_REQUIRE(ci_level > 0.0 && ci_level < 1.0, "ci_level must be in (0, 1) (got ", ci_level, ")");
  IRISAC_REQUIRE(time_limit_s >= 0.0, "time_limit_s must be >= 0 (got ", time_limit_s, ")");
}

bool StopRule::ci_met(const RunningStats& s) const {
  if (s.count() < 2) return false;
  return s.ci_half_width(ci_level, ci_method) <= rel_ci * std::abs(s.mean());
}

StopReason StopRule::check(std::span<const RunningStats> stats, std::int64_t trials, double elapsed_s) const {
  if (trials >= max_trials) return rel_ci > 0.0 ? StopReason::max_trials : StopReason::trials;
  if (trials < min_trials) return StopReason::none;
  if (rel_ci > 0.0) {
    bool all = true;
    for (const RunningStats& s : stats) all = all && ci_met(s);
    if (all) return StopReason::ci_reached;
  }
  if (time_limit_s > 0.0 && elapsed_s >= time_limit_s) return StopReason::time_limit;
  return StopReason::none;
}

}  // namespace irisac::sim
