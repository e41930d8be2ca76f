// Target-mounted IRS (sensing/mounted_irs.hpp) on scenarios/vehicle-irs.toml: the vehicle carries the
// surface, so `crb` must give an identifiable, finite CRB of the vehicle's azimuth at the BS.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/scene/link_budget.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/estimators.hpp"
#include "irisac/sensing/fisher.hpp"
#include "irisac/sensing/mounted_irs.hpp"

using namespace irisac;

namespace {
const std::string mounted_scenario = std::string(IRISAC_SOURCE_DIR) + "/scenarios/vehicle-irs.toml";

// Independent steering of the BS ULA (1 x M along local y) at azimuth φ, elevation ϑ, and ∂/∂φ.
CVec mounted_test_ula(Index m, double d, double phi, double el, bool derivative) {
  CVec a(m);
  for (Index n = 0; n < m; ++n) {
    const double k = constants::two_pi * d * static_cast<double>(n) * std::cos(el);
    const Complex e = std::polar(1.0, k * std::sin(phi));
    a[n] = derivative ? Complex{0.0, k * std::cos(phi)} * e : e;
  }
  return a;
}
}  // namespace

// The scenario as a user runs it (aligned retro-reflection, body echo present): identifiable (rank 3
// of 3), and the CRB equals the ULA closed form 6/(T·SNR·(2π d cos ϑ)² cos²φ·M(M²−1)), SNR = |α|²P/σ²,
// with α = a_rᴴH_e/‖a_r‖² from the scene's own echo channel (link_budget.hpp, an independent path).
TEST(MountedIrs, VehicleScenarioIdentifiableAndEqualsUlaClosedForm) {
  const io::Document doc = io::load_document(mounted_scenario, {});
  const Scene scene = io::load_scene(doc);
  const io::SensingOptions so = io::read_sensing_options(doc, scene);
  ASSERT_EQ(so.selection.mode, SensingMode::target_mounted);
  Rng rng(scene.seed);
  const io::SensingRealisation s = io::draw_sensing(scene, so, rng);
  const auto& p = s.problem;
  ASSERT_EQ(p.model.num_tx(), 1);
  ASSERT_EQ(p.model.num_rx(), 16);
  // Geometry: azimuth of the carried surface in the RSU frame (boresight +y, array along −x).
  const Vec3 d = scene.surfaces[0].pose.position_m - scene.base_stations[0].pose.position_m;
  EXPECT_NEAR(p.target.theta, -std::atan2(d.x(), d.y()), 1e-12);
  EXPECT_NEAR(p.elevation, std::asin(d.z() / d.norm()), 1e-12);

  const FimDiagnostic diag = diagnose_fim(point_target_fim(p.model, {p.target}, s.tx_cov, so.snapshots));
  EXPECT_EQ(diag.num_parameters, 3);
  EXPECT_EQ(diag.rank, 3);
  const double crb = crb_angle(p.model, p.target, s.tx_cov, so.snapshots);
  ASSERT_TRUE(std::isfinite(crb) && crb > 0.0);

  // Same draw again, the scene's echo channel for the same phases.
  Rng rng2(scene.seed);
  const ChannelSet ch = draw_channels(scene, rng2);
  const CVec v = aligned_phases_for_target(scene, ch, 0, 0)[0];
  const CMat he = echo_channel(scene, ch, 0, 0, {v});
  const CVec a = mounted_test_ula(16, 0.5, p.target.theta, p.elevation, false);
  const Complex alpha = a.dot(he.col(0)) / 16.0;
  EXPECT_LT(std::abs(alpha - p.target.alpha), 1e-9 * std::abs(alpha));
  const double pw = scene.base_stations[0].tx_power_w;
  const double snr = std::norm(alpha) * pw / p.model.noise_var;
  const double ref = ula_doa_crb(16, 0.5 * std::cos(p.elevation), p.target.theta, snr, so.snapshots);
  EXPECT_NEAR(crb / ref, 1.0, 1e-9);
  EXPECT_NEAR(crb_angle_from_fim(p.model, p.target, s.tx_cov, so.snapshots) / ref, 1.0, 1e-7);
  // The analytic leg derivative is the independent ∂a/∂φ.
  const CVec ad = mounted_test_ula(16, 0.5, p.target.theta, p.elevation, true);
  EXPECT_LT((leg_derivative(p.model.receive, p.target.theta) - ad).norm(), 1e-10 * ad.norm());
}

// Without the body echo, the retro-reflected echo is rank one: |α|²·M·N_t = σ_max²(H_e).
TEST(MountedIrs, RetroReflectionOnlyIsRankOneProjection) {
  const io::Document doc = io::load_document(mounted_scenario, {});
  const Scene scene = io::load_scene(doc);
  Rng rng(scene.seed);
  ChannelSet ch = draw_channels(scene, rng);
  ch.bs_target[0][0].setZero();
  ch.target_bs[0][0].setZero();
  SensingSelection sel;
  sel.mode = SensingMode::target_mounted;
  const CVec v = aligned_phases_for_target(scene, ch, 0, 0)[0];
  const SensingProblem p = make_sensing_problem(scene, ch, sel, v);
  const CMat he = echo_channel(scene, ch, 0, 0, {v});
  const double smax = Eigen::JacobiSVD<CMat>(he).singularValues()(0);
  EXPECT_NEAR(std::norm(p.target.alpha) * 16.0 / (smax * smax), 1.0, 1e-6);
  // Random phases give a smaller echo, hence a larger CRB (CRB ∝ 1/|α|²).
  Rng pr(5);
  CVec w(v.size());
  for (auto& e : w) e = pr.unit_phasor();
  const SensingProblem q = make_sensing_problem(scene, ch, sel, w);
  EXPECT_LT(std::norm(q.target.alpha), 0.1 * std::norm(p.target.alpha));
}

// Bad input: semi-passive through a carried surface, target_mounted through a wall surface, and a
// design that does not apply, each named by its key.
TEST(MountedIrs, BadModesNameTheKey) {
  auto fails_with = [](const std::string& file, const std::string& set, const std::string& key) {
    const io::Document doc = io::load_document(file, {set});
    const Scene scene = io::load_scene(doc);
    try {
      (void)io::read_sensing_options(doc, scene);
      ADD_FAILURE() << set << ": no error";
    } catch (const io::InputError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  };
  fails_with(mounted_scenario, "sensing.mode=\"semi_passive\"", "sensing.mode");
  fails_with(mounted_scenario, "sensing.phases=\"crb_design\"", "sensing.phases");
  fails_with(std::string(IRISAC_SOURCE_DIR) + "/scenarios/sensing-blind-area.toml", "sensing.mode=\"target_mounted\"",
             "sensing.mode");
  // Library level: a carried surface cannot be sensed semi-passively.
  const io::Document doc = io::load_document(mounted_scenario, {});
  const Scene scene = io::load_scene(doc);
  Rng rng(1);
  const ChannelSet ch = draw_channels(scene, rng);
  SensingSelection sel;
  sel.mode = SensingMode::semi_passive;
  EXPECT_THROW((void)make_sensing_problem(scene, ch, sel, CVec::Ones(scene.surfaces[0].size())), InvalidArgument);
}

// The ML estimator on the mounted model reaches the CRB at high SNR: 2000 trials on the vehicle
// scenario with T = 16 snapshots at 40 dBm (integrated SNR ≈ 25.6 dB); MSE/CRB within 10 % (relative
// standard error of the MSE of Gaussian errors √(2/n) = 3.2 %).
TEST(MountedIrs, MlReachesCrbAtHighSnr) {
  const io::Document doc = io::load_document(mounted_scenario, {"sensing.snapshots=16", "bs.rsu.tx_power_dbm=40"});
  const Scene scene = io::load_scene(doc);
  const io::SensingOptions so = io::read_sensing_options(doc, scene);
  Rng rng(scene.seed);
  const io::SensingRealisation s = io::draw_sensing(scene, so, rng);
  const CMat x = waveform_from_covariance(s.tx_cov, so.snapshots);
  const double crb = crb_angle(s.problem.model, s.problem.target, s.tx_cov, so.snapshots);
  AngleSearchOptions search = so.search;
  search.grid_size = 128;  // 1.25° cells over ±80° (the 16-element beam is ~7° wide); golden section inside
  Rng noise(77);
  double se = 0.0;
  const int trials = 2000;
  for (int k = 0; k < trials; ++k) {
    const CMat y = simulate_echo(s.problem.model, {s.problem.target}, x, noise);
    const double e = estimate_angle_ml(s.problem.model, y, x, search) - s.problem.target.theta;
    se += e * e;
  }
  EXPECT_NEAR(se / trials / crb, 1.0, 0.10) << "MSE/CRB";
}
