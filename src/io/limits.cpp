#include "irisac/io/limits.hpp"

#include <limits>

#include "irisac/io/document.hpp"

namespace irisac::io {
namespace {

std::int64_t limits_read_one(Reader& t, const char* key, std::int64_t fallback) {
  // A limit is a positive integer below 2^62, so products of two checked sizes stay far from overflow
  // only after the product itself is checked (checked_mul).
  return t.integer(key, fallback, 1, std::int64_t{1} << 62);
}

}  // namespace

std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) noexcept {
  if (a < 0 || b < 0) return std::nullopt;
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

ScenarioLimits read_scenario_limits(const Document& doc) {
  ScenarioLimits l;
  Reader top(doc);
  auto t = top.optional_table("limits");
  if (!t) return l;
  l.elements = limits_read_one(*t, "elements", l.elements);
  l.nodes = limits_read_one(*t, "nodes", l.nodes);
  l.snapshots = limits_read_one(*t, "snapshots", l.snapshots);
  l.grid_points = limits_read_one(*t, "grid_points", l.grid_points);
  l.matrix_entries = limits_read_one(*t, "matrix_entries", l.matrix_entries);
  l.file_bytes = limits_read_one(*t, "file_bytes", l.file_bytes);
  t->finish();
  return l;
}

ExperimentLimits read_experiment_limits(Reader& top) {
  ExperimentLimits l;
  auto t = top.optional_table("limits");
  if (!t) return l;
  l.points = limits_read_one(*t, "points", l.points);
  l.trials = limits_read_one(*t, "trials", l.trials);
  l.batch_size = limits_read_one(*t, "batch_size", l.batch_size);
  t->finish();
  return l;
}

void require_within_limit(const Reader& r, std::string_view key, std::int64_t value, std::int64_t limit,
                          const std::string& limit_key, const std::string& what, bool scenario) {
  if (value <= limit) return;
  r.fail(key,
         what + " of at most " + std::to_string(limit) + " (limits." + limit_key + "; raise it with [limits] " +
             limit_key + " = N in the file" + (scenario ? " or --set limits." + limit_key + "=N" : std::string()) +
             ")",
         std::to_string(value));
}

}  // namespace irisac::io
