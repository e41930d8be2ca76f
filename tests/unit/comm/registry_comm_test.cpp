// The comm metric groups: prepared from a scenario document, one trial gives finite values that
// agree with a direct call of the library on the same channel draw.
#include <gtest/gtest.h>

#include "irisac/comm/optimize.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac {
namespace {

TEST(CommRegistry, ObjectivesAlgorithmsAndMetricsAreRegistered) {
  const auto& reg = io::builtin_registry();
  auto has = [&](const std::string& kind, const std::string& name) {
    for (const auto& it : reg.of_kind(kind))
      if (it.name == name) return true;
    return false;
  };
  for (CommObjective o : all_objectives()) EXPECT_TRUE(has("objective", to_string(o))) << to_string(o);
  for (CommAlgorithm a : all_algorithms()) EXPECT_TRUE(has("algorithm", to_string(a))) << to_string(a);
  for (const char* m : {"comm_min_sinr_db", "power_min_objective_dbm", "multicast_mean_correlation_ratio", "sum_rate_objective_bps_hz"})
    EXPECT_NE(reg.find_metric(m), nullptr) << m;
}

TEST(CommRegistry, PowerMinTrialMatchesDirectCall) {
  const io::Document doc =
      io::load_document(std::string(IRISAC_SOURCE_DIR) + "/scenarios/wu-zhang-single-user.toml", {});
  std::size_t idx = 0;
  const io::MetricGroup* g = io::builtin_registry().find_metric("power_min_objective_dbm", &idx);
  ASSERT_NE(g, nullptr);
  const io::TrialFn trial = g->prepare(doc);
  std::vector<double> out(g->metrics.size());
  Rng rng(5, 1, 2, 3);
  trial(rng, out);
  // the same draw by hand
  const Scene scene = io::load_scene(doc);
  Rng rng2(5, 1, 2, 3);
  const ChannelSet ch = draw_channels(scene, rng2);
  const CommProblem p = comm_problem(scene, ch);
  const CommResult r = optimize(p, CommObjective::power_min, CommAlgorithm::manifold, CommOptions{}, rng2);
  EXPECT_NEAR(out[idx], 10.0 * std::log10(r.objective) + 30.0, 1e-9);
  EXPECT_TRUE(std::isfinite(out[1]));
}

}  // namespace
}  // namespace irisac
