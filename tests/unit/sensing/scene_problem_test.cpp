// The scene adapter and the registry entries, on scenarios/sensing-blind-area.toml.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/scene/link_budget.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/scene_problem.hpp"

using namespace irisac;

namespace {
const std::string scenario = std::string(IRISAC_SOURCE_DIR) + "/scenarios/sensing-blind-area.toml";
}

// α·B(θ) of the adapter equals the scene's own echo channel (link_budget.hpp) for the same phases:
// checks β extraction, the steering convention and the leg wiring against an independent code path.
TEST(SceneProblem, EchoMatchesSceneEchoChannel) {
  for (const char* los : {"\"rician\"", "\"los\""}) {
    io::Document doc = io::load_document(scenario, {std::string("link.0.model=") + los});
    const Scene scene = io::load_scene(doc);
    Rng rng(3);
    const ChannelSet ch = draw_channels(scene, rng);
    SurfacePhases ph = random_phases(scene, rng);
    const SensingProblem p = make_sensing_problem(scene, ch, SensingSelection{}, ph[0]);
    const CMat mine = p.target.alpha * echo_response(p.model, p.target.theta);
    const CMat ref = echo_channel(scene, ch, 0, 0, ph);
    EXPECT_LT((mine - ref).norm(), 1e-9 * ref.norm()) << los;
  }
}

TEST(SceneProblem, RegistryCrbMatchesDirectComputation) {
  const io::Document doc = io::load_document(scenario, {});
  std::size_t idx = 0;
  const io::MetricGroup* g = io::builtin_registry().find_metric("angle_crb_rad2", &idx);
  ASSERT_NE(g, nullptr);
  const io::TrialFn trial = g->prepare(doc);
  std::vector<double> out(g->metrics.size());
  Rng r1(42, 0, 0);
  trial(r1, out);
  const Scene scene = io::load_scene(doc);
  const io::SensingOptions o = io::read_sensing_options(doc, scene);
  Rng r2(42, 0, 0);
  const io::SensingRealisation s = io::draw_sensing(scene, o, r2);
  EXPECT_DOUBLE_EQ(out[idx], crb_angle(s.problem.model, s.problem.target, s.tx_cov, o.snapshots));
  EXPECT_NEAR(out[1], std::sqrt(out[0]) * 180.0 / constants::pi, 1e-12 * out[1]);
  // every sensing metric is registered
  for (const char* m : {"fim_rank_count", "mse_ml_rad2", "mse_music_rad2", "pd_glrt_mc_prob", "pd_energy_prob", "angle_crb_design_gain_db"})
    EXPECT_NE(io::builtin_registry().find_metric(m), nullptr) << m;
}

TEST(SceneProblem, LosLinksAreNotIdentifiableButSensorsAre) {
  const io::Document doc = io::load_document(scenario, {"link.0.model=\"los\""});
  const Scene scene = io::load_scene(doc);
  const io::SensingOptions o = io::read_sensing_options(doc, scene);
  Rng rng(1);
  const io::SensingRealisation s = io::draw_sensing(scene, o, rng);
  EXPECT_THROW((void)crb_angle(s.problem.model, s.problem.target, s.tx_cov, o.snapshots), NumericalError);
  const io::Document doc2 = io::load_document(scenario, {"link.0.model=\"los\"", "sensing.mode=\"semi_passive\""});
  const io::SensingOptions o2 = io::read_sensing_options(doc2, scene);
  Rng rng2(1);
  const io::SensingRealisation s2 = io::draw_sensing(scene, o2, rng2);
  EXPECT_GT(crb_angle(s2.problem.model, s2.problem.target, s2.tx_cov, o2.snapshots), 0.0);
}

TEST(SceneProblem, BadInput) {
  const io::Document blocked = io::load_document(scenario, {"link.0.model=\"blocked\""});
  const Scene scene = io::load_scene(blocked);
  const io::SensingOptions o = io::read_sensing_options(blocked, scene);
  Rng rng(1);
  EXPECT_THROW((void)io::draw_sensing(scene, o, rng), InvalidArgument);
  const io::Document bad = io::load_document(scenario, {"sensing.target=\"bike\""});
  EXPECT_THROW((void)io::read_sensing_options(bad, io::load_scene(bad)), io::InputError);
}

// Each sensing metric group on the scenario: values in their ranges, and the relations that must
// hold per trial (P_d in [0,1], decisions 0/1, the CRB design never worse than the echo design).
TEST(SceneProblem, MetricGroupsProduceConsistentValues) {
  const io::Document doc = io::load_document(scenario, {"sensing.grid_size=128", "sensing.design_iterations=1"});
  const auto& reg = io::builtin_registry();
  auto run = [&](const char* metric, std::uint64_t trial) {
    const io::MetricGroup* g = reg.find_metric(metric);
    EXPECT_NE(g, nullptr);
    std::vector<double> out(g->metrics.size());
    Rng rng(7, 0, trial);
    g->prepare(doc)(rng, out);
    return out;
  };
  for (std::uint64_t k = 0; k < 3; ++k) {
    const auto det = run("pd_glrt_prob", k);
    EXPECT_TRUE(det[0] == 0.0 || det[0] == 1.0);
    EXPECT_TRUE(det[2] == 0.0 || det[2] == 1.0);
    EXPECT_GE(det[1], det[3]);  // the GLRT (known signature) beats the energy detector
    EXPECT_GE(det[1], 1e-3);    // P_d ≥ P_fa
    const auto est = run("mse_ml_rad2", k);
    for (double x : est) EXPECT_TRUE(std::isfinite(x) && x >= 0.0);
    const auto des = run("angle_crb_design_gain_db", k);
    EXPECT_GE(des[2], -1e-9);
    EXPECT_LE(des[1], des[0] * (1 + 1e-12));
    const auto id = run("fim_rank_count", k);
    EXPECT_EQ(id[0], 3.0);
  }
}
