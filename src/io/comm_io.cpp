#include "irisac/io/comm_io.hpp"

#include <algorithm>

#include "irisac/comm/scene_problem.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/deprecated.hpp"

namespace irisac::io {

std::vector<std::string> objective_names() {
  std::vector<std::string> out;
  for (CommObjective o : all_objectives()) out.push_back(to_string(o));
  return out;
}

std::vector<std::string> algorithm_names() {
  std::vector<std::string> out;
  for (CommAlgorithm a : all_algorithms()) out.push_back(to_string(a));
  return out;
}

OptimizeConfig read_optimize_config(const Document& doc, const Scene& scene) {
  OptimizeConfig c;
  c.objective = scene.users.size() > 1 ? CommObjective::sum_rate : CommObjective::snr;
  int finest = 0;
  for (const auto& s : scene.surfaces) finest = std::max(finest, s.phase_bits);
  c.options.bits = finest;
  Reader top(doc);
  auto t = top.optional_table("optimize");
  if (!t) return c;
  if (t->has("objective")) {
    c.objective = *parse_objective(t->choice("objective", "snr", objective_names()));
    c.objective_given = true;
  }
  if (t->has("algorithm")) {
    c.algorithm = *parse_algorithm(t->choice("algorithm", "manifold", algorithm_names()));
    c.algorithm_given = true;
  }
  c.options.precoder = *parse_precoder(t->choice("precoder", "wmmse", {"mrt", "zf", "mmse", "wmmse"}));
  c.options.bits = static_cast<int>(t->integer("bits", finest, 0, 8));
  c.options.max_outer_iterations = static_cast<int>(t->integer("max_iterations", c.options.max_outer_iterations, 1, 100000));
  c.options.tolerance = t->number("tolerance", c.options.tolerance);
  t->require_at_least("tolerance", c.options.tolerance, 0.0);
  c.options.restarts = static_cast<int>(t->integer("restarts", c.options.restarts, 0, 1000));
  c.options.randomizations = static_cast<int>(t->integer("randomizations", c.options.randomizations, 1, 1000000));
  c.options.leakage_weight = t->number("leakage_weight", c.options.leakage_weight);
  t->require_at_least("leakage_weight", c.options.leakage_weight, 0.0);
  c.options.bound = t->boolean("bound", c.options.bound);
  c.options.smoothing = t->number("smoothing", c.options.smoothing);
  t->require_at_least("smoothing", c.options.smoothing, 0.0, true);
  if (t->has("sinr_min_db")) {  // deprecated spelling (src/io/deprecated.cpp)
    if (t->has("min_sinr_db")) t->fail("sinr_min_db", "min_sinr_db only (sinr_min_db is its deprecated name)", "both");
    warn_deprecated(deprecation_message(*find_rename("key", "optimize.sinr_min_db"), t->where("sinr_min_db")));
    c.sinr_min = db_to_lin(t->number("sinr_min_db"));
  }
  if (t->has("min_sinr_db")) c.sinr_min = db_to_lin(t->number("min_sinr_db"));
  if (t->has("serving")) {
    const auto names = t->strings("serving");
    if (names.size() != scene.users.size())
      t->fail("serving", "one BS name per user (" + std::to_string(scene.users.size()) + ")",
              std::to_string(names.size()) + " names");
    for (const auto& n : names) {
      const auto ref = scene.find(n);
      if (!ref || ref->kind != NodeKind::bs) t->fail("serving", "names of base stations of the scene", "\"" + n + "\"");
      c.serving.push_back(ref->index);
    }
  }
  t->finish();
  return c;
}

CommProblem optimize_problem(const Scene& scene, const OptimizeConfig& cfg, std::uint64_t seed,
                             const std::string& source) {
  if (scene.users.empty())
    throw InvalidArgument("scenario " + source + " has no users ([[user]]): nothing to optimise for");
  Rng channel_rng(seed, 0, 0, 0);
  const ChannelSet ch = draw_channels(scene, channel_rng);
  CommProblem p = comm_problem(scene, ch, cfg.serving);
  if (cfg.sinr_min > 0) p.sinr_min = RVec::Constant(p.users(), cfg.sinr_min);
  if (cfg.objective == CommObjective::power_min && p.sinr_min.size() == 0)
    throw InvalidArgument("objective power_min needs SINR targets: set min_sinr_db for every user or "
                          "--set optimize.min_sinr_db=VALUE");
  return p;
}

}  // namespace irisac::io
