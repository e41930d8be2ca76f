#pragma once
// A metric group for engine tests only (not in the built-in registry): z ~ CN(0, variance),
// metrics |z|² (mean = variance, sd = variance), |z|² + 1 and Re z. Reads the table [toy]:
//   variance (> 0), fail_prob (NumericalError probability), infeasible_above (variance above
//   which preparation throws irisac::Infeasible), spin, work (busy-work iterations per trial, added).
#include <cmath>
#include <complex>
#include <filesystem>
#include <fstream>
#include <string>

#include "irisac/core/error.hpp"
#include "irisac/io/registry.hpp"

namespace irisac::io::testing {

inline Registry toy_registry() {
  Registry r;
  MetricGroup g;
  g.name = "toy";
  g.description = "test only";
  g.metrics = {{"toy_power", "W", "|z|^2"}, {"toy_power_plus_one", "W", "|z|^2 + 1"}, {"toy_real", "", "Re z"}};
  g.prepare = [](const Document& d) -> TrialFn {
    Reader root(d.table(), d.source(), "");
    Reader t = root.table("toy");
    const double var = t.number("variance");
    t.require_at_least("variance", var, 0.0, true);
    const double fail_prob = t.number("fail_prob", 0.0);
    const double infeasible_above = t.number("infeasible_above", 1e300);
    const std::int64_t spin = t.integer("spin", 0) + t.integer("work", 0);
    t.finish();
    if (var > infeasible_above) throw Infeasible("toy: variance above the feasible limit");
    return [var, fail_prob, spin](Rng& rng, std::span<double> out) {
      if (fail_prob > 0.0 && rng.uniform() < fail_prob) throw NumericalError("toy failure");
      double acc = 0.0;
      for (std::int64_t i = 0; i < spin; ++i) acc += std::sin(static_cast<double>(i) * 1e-3);
      const Complex z = rng.complex_normal(var);
      out[0] = std::norm(z) + 0.0 * acc;
      out[1] = out[0] + 1.0;
      out[2] = z.real();
    };
  };
  r.metric_groups.push_back(g);
  MetricGroup c;  // a deterministic group, like the case study's (one trial suffices)
  c.name = "toy_closed_form";
  c.metrics = {{"toy_twice_variance", "W", "2·variance"}};
  c.prepare = [](const Document& d) -> TrialFn {
    const double var = *d.table()["toy"]["variance"].value<double>();
    if (var > 3.5) throw Infeasible("toy_closed_form: infeasible above 3.5");
    return [var](Rng&, std::span<double> out) { out[0] = 2.0 * var; };
  };
  r.metric_groups.push_back(c);
  return r;
}

/// A fresh scratch directory under the build tree.
inline std::string scratch(const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path p = fs::path(IRISAC_BINARY_DIR) / "test_work" / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

inline std::string write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

}  // namespace irisac::io::testing
