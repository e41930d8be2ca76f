// The comm.aircomp metric group: one trial equals the library on the same draw; bad [aircomp] input
// is an InputError naming the key.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/comm/aircomp.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac {
namespace {

const std::string aircomp_scenario = std::string(IRISAC_SOURCE_DIR) + "/scenarios/aircomp.toml";

TEST(AirCompRegistry, TrialMatchesDirectCall) {
  const io::Document doc = io::load_document(aircomp_scenario, {"aircomp.sensors=2"});
  std::size_t idx = 0;
  const io::MetricGroup* g = io::builtin_registry().find_metric("aircomp_mse_db", &idx);
  ASSERT_NE(g, nullptr);
  std::vector<double> out(g->metrics.size());
  Rng rng(21, 1, 2, 3);
  g->prepare(doc)(rng, out);
  // the same draw by hand: reciprocal uplink of the downlink problem, first two users.
  const Scene scene = io::load_scene(doc);
  Rng rng2(21, 1, 2, 3);
  const CommProblem c = comm_problem(scene, draw_channels(scene, rng2));
  AirCompProblem p;
  p.direct = c.bs_to_user.front().leftCols(2).conjugate();
  p.irs_to_ap = c.bs_to_irs.front().transpose();
  p.sensor_to_irs = c.irs_to_user.leftCols(2).conjugate();
  p.noise_w = scene.system.noise_power_w();
  p.power_w = 1e-3;  // sensor_power_dbm = 0 in the scenario
  const AirCompDesign d = aircomp_design(p);
  EXPECT_NEAR(out[idx], 10.0 * std::log10(d.mse), 1e-9);
  EXPECT_LE(out[1], out[0] + 1e-12);  // bound ≤ MSE
  EXPECT_TRUE(std::isfinite(out[2]));
}

TEST(AirCompRegistry, BadSensorsNamesTheKey) {
  const io::MetricGroup* g = io::builtin_registry().find_metric("aircomp_mse_db");
  ASSERT_NE(g, nullptr);
  for (const char* bad : {"aircomp.sensors=9", "aircomp.sensors=0", "aircomp.vstep_iterations=0"}) {
    const io::Document doc = io::load_document(aircomp_scenario, {bad});
    try {
      (void)g->prepare(doc);
      FAIL() << bad;
    } catch (const io::InputError& e) {
      const std::string key = std::string(bad).substr(0, std::string(bad).find('='));
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace irisac
