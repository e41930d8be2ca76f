// The library's multi-target designs, bistatic echo and extended target reached from a scenario
// ([sensing] phases / receiver / bistatic_path / target_model): every metric equals the direct
// library call on the same draw, plus closed forms and properties on random draws.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/irs/surface.hpp"
#include "irisac/scene/link_budget.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/design.hpp"
#include "irisac/sensing/scene_problem.hpp"

using namespace irisac;

namespace {
const std::string kDir = std::string(IRISAC_SOURCE_DIR) + "/scenarios/";
const std::string kMulti = kDir + "multi-target.toml";
const std::string kBistatic = kDir + "sensing-bistatic.toml";
const std::string kBlind = kDir + "sensing-blind-area.toml";

// Runs metric `name`'s group on `doc` for one trial of Rng(seed, 0, 0); returns all its outputs and
// the index of `name` in them.
std::vector<double> run_group(const io::Document& doc, const std::string& name, std::size_t& idx, std::uint64_t seed) {
  const io::MetricGroup* g = io::builtin_registry().find_metric(name, &idx);
  EXPECT_NE(g, nullptr) << name;
  if (!g) return {};
  const io::TrialFn trial = g->prepare(doc);
  std::vector<double> out(g->metrics.size());
  Rng rng(seed, 0, 0);
  trial(rng, out);
  return out;
}

io::SensingRealisation draw(const io::Document& doc, std::uint64_t seed) {
  const Scene scene = io::load_scene(doc);
  const io::SensingOptions o = io::read_sensing_options(doc, scene);
  Rng rng(seed, 0, 0);
  return io::draw_sensing(scene, o, rng);
}

double min_gain(const TargetsView& tv, const CVec& v, const CMat& r, double p) {
  const EchoModel m = with_reflection(tv.model, v);
  double g = std::numeric_limits<double>::infinity();
  for (double th : tv.thetas) g = std::min(g, echo_energy(m, PointTarget{th, {1.0, 0.0}}, r, 1) / p);
  return g;
}

void expect_input_error(const std::string& file, const std::vector<std::string>& sets, const std::string& key) {
  const io::Document doc = io::load_document(file, sets);
  try {
    const Scene scene = io::load_scene(doc);
    (void)io::read_sensing_options(doc, scene);
    ADD_FAILURE() << "expected an InputError at " << key;
  } catch (const io::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
  }
}
}  // namespace

// [sensing] phases = max_min / decorrelation / rank: the realised phases are the library design's
// (design.hpp) on the targets' surface view, and the sensing.targets metrics are that design's
// numbers (1e-12) on the same channel draw (a high-rank Rician BS-IRS link).
TEST(SceneModels, MultiTargetPhasesAreTheLibraryDesigns) {
  for (const char* ph : {"max_min", "decorrelation", "rank"}) {
    SCOPED_TRACE(ph);
    const io::Document doc =
        io::load_document(kMulti, {"link.0.model=\"rician\"", std::string("sensing.phases=\"") + ph + "\""});
    std::size_t idx = 0;
    const std::vector<double> out = run_group(doc, "min_target_gain_db", idx, 42);
    ASSERT_EQ(out.size(), 3u);
    const io::SensingRealisation s = draw(doc, 42);
    const io::SensingRealisation s0 =
        draw(io::load_document(kMulti, {"link.0.model=\"rician\"", "sensing.phases=\"aligned\""}), 42);
    ASSERT_EQ(s0.targets.thetas.size(), 4u);
    CircleOptions copt;
    copt.max_iterations = 200;
    const std::string p = ph;
    const SensingDesign d =
        p == "max_min" ? design_max_min(s0.targets.model, s0.targets.thetas, s0.tx_cov, s.start_phases, false, copt)
        : p == "decorrelation" ? design_decorrelation(s0.targets.model, s0.targets.thetas, s0.tx_cov, s0.start_phases, copt)
                               : design_rank(s0.targets.model, s0.targets.thetas, s0.tx_cov, s0.start_phases, copt);
    EXPECT_LT((s.problem.model.transmit.reflection - d.v).norm(), 1e-12);
    const double pw = s0.problem.power_w;
    EXPECT_NEAR(out[0], lin_to_db(min_gain(s0.targets, d.v, s0.tx_cov, pw)), 1e-12);
    const EchoModel md = with_reflection(s0.targets.model, d.v);
    const RMat c = echo_correlation(md, s0.targets.thetas, s0.tx_cov);
    double cmax = 0.0;
    for (Index k = 0; k < 4; ++k)
      for (Index j = 0; j < k; ++j) cmax = std::max(cmax, c(k, j));
    EXPECT_NEAR(out[1], cmax, 1e-12);
    EXPECT_EQ(out[2], static_cast<double>(sensing_channel_rank(md, s0.targets.thetas, s0.tx_cov)));
    const io::TargetsSummary t0 = io::targets_summary(s0);
    if (p == "max_min") {
      EXPECT_NEAR(out[0], lin_to_db(d.objective / pw), 1e-12);  // the design's own min_k P_k
      EXPECT_GE(out[0], lin_to_db(t0.min_gain) - 1e-12);
    } else if (p == "decorrelation") {
      EXPECT_LT(d.objective, decorrelation_objective(s0.targets.model, s0.targets.thetas, s0.tx_cov).value(s0.start_phases));
    } else {
      EXPECT_GT(d.objective, -rank_objective(s0.targets.model, s0.targets.thetas, s0.tx_cov).value(s0.start_phases));
      EXPECT_EQ(out[2], 4.0);  // 4 targets, 16 elements, a Rician (high-rank) link: full rank
    }
  }
}

// Property on 12 random draws (Rician and LoS links): the max-min design's smallest target gain is
// never below that of the phases aligned to any single target (it starts from the best of them and
// keeps its best iterate). Deterministic inequality, tolerance only for rounding.
TEST(SceneModels, MaxMinNeverBelowAnySingleTargetAlignment) {
  for (const char* link : {"\"rician\"", "\"los\""}) {
    const io::Document doc = io::load_document(kMulti, {std::string("link.0.model=") + link, "sensing.phases=\"max_min\""});
    const Scene scene = io::load_scene(doc);
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
      const io::SensingRealisation s = draw(doc, seed);
      const double mm = io::targets_summary(s).min_gain;
      for (Index k = 0; k < 4; ++k) {
        CVec u = aligned_phases_for_target(scene, s.channels, 0, k)[0];
        for (auto& e : u) e /= std::abs(e);
        EXPECT_GE(mm, min_gain(s.targets, u, s.tx_cov, s.problem.power_w) * (1.0 - 1e-12))
            << link << " seed " << seed << " target " << k;
      }
    }
  }
}

// [sensing] receiver = "rx", bistatic_path = "tx_irs": the model is bistatic_tx_irs_model with the
// drawn target->rx response and the monostatic transmit leg; the metrics are echo_snr / crb_angle of
// that model, and echo SNR follows the closed form |alpha|^2 T |h_rx|^2 t^T R t^* / sigma^2.
TEST(SceneModels, BistaticTxIrsIsTheLibraryModel) {
  const io::Document doc = io::load_document(kBistatic, {});
  std::size_t idx = 0;
  const std::vector<double> out = run_group(doc, "echo_snr_bistatic_db", idx, 42);
  ASSERT_EQ(out.size(), 3u);
  const io::SensingRealisation s = draw(doc, 42);
  const Scene scene = io::load_scene(doc);
  const auto& p = s.problem;
  ASSERT_EQ(p.model.receive.kind, EchoLeg::Kind::fixed);
  const CVec h_rx = s.channels.target_bs.at(0).at(1).col(0);
  EXPECT_LT((p.model.receive.response - h_rx).norm(), 1e-15 * h_rx.norm());
  const Index t = 32;
  EXPECT_NEAR(out[0], lin_to_db(echo_snr(p.model, p.target, s.tx_cov, t)), 1e-12);
  EXPECT_NEAR(out[2] / crb_angle(p.model, p.target, s.tx_cov, t), 1.0, 1e-12);
  EXPECT_NEAR(out[2] / crb_angle_from_fim(p.model, p.target, s.tx_cov, t), 1.0, 1e-8);
  SensingSelection mono;
  const SensingProblem m = make_sensing_problem(scene, s.channels, mono, p.model.transmit.reflection);
  EXPECT_NEAR(out[1], lin_to_db(echo_snr(m.model, m.target, s.tx_cov, t)), 1e-12);
  // closed form on the monostatic transmit leg t(theta)
  const CVec tl = leg_response(m.model.transmit, m.target.theta);
  const double snr = std::norm(p.target.alpha) * t * h_rx.squaredNorm() * (tl.transpose() * s.tx_cov * tl.conjugate())(0, 0).real() /
                     p.model.noise_var;
  EXPECT_NEAR(out[0], lin_to_db(snr), 1e-10);
  // ... and the ratio to the monostatic echo is |h_rx|^2 / |r_mono(theta)|^2 (same transmit leg).
  EXPECT_NEAR(out[0] - out[1],
              lin_to_db(h_rx.squaredNorm() / leg_response(m.model.receive, m.target.theta).squaredNorm()), 1e-10);
}

// receiver = the transmitting BS reduces to the monostatic model exactly; bistatic_path = "irs_rx"
// (BS-target-IRS-rx, needs the BS-target link) is bistatic_irs_rx_model with t = h_{bs->target}.
TEST(SceneModels, BistaticReducesToMonostaticAndIrsRx) {
  const io::SensingRealisation a = draw(io::load_document(kBistatic, {"sensing.receiver=\"bs\"", "sensing.bistatic_path="}), 7);
  const io::SensingRealisation b = draw(io::load_document(kBistatic, {"sensing.receiver=", "sensing.bistatic_path="}), 7);
  const double th = a.problem.target.theta;
  EXPECT_EQ((echo_response(a.problem.model, th) - echo_response(b.problem.model, th)).norm(), 0.0);
  EXPECT_EQ(a.problem.model.receive.kind, EchoLeg::Kind::irs);

  const io::Document doc = io::load_document(kBistatic, {"sensing.bistatic_path=\"irs_rx\"", "link.1.model=\"los\""});
  std::size_t idx = 0;
  const std::vector<double> out = run_group(doc, "echo_snr_bistatic_db", idx, 9);
  const io::SensingRealisation s = draw(doc, 9);
  ASSERT_EQ(s.problem.model.transmit.kind, EchoLeg::Kind::fixed);
  const CVec h_bt = s.channels.bs_target.at(0).at(0).row(0).transpose();
  EXPECT_LT((s.problem.model.transmit.response - h_bt).norm(), 1e-15 * h_bt.norm());
  EXPECT_EQ(s.problem.model.receive.kind, EchoLeg::Kind::irs);
  EXPECT_NEAR(out[0], lin_to_db(echo_snr(s.problem.model, s.problem.target, s.tx_cov, 32)), 1e-12);
  EXPECT_NEAR(out[2] / crb_angle(s.problem.model, s.problem.target, s.tx_cov, 32), 1.0, 1e-12);
  // closed form with R = P/Nt I: |alpha|^2 T |r(theta)|^2 (P/Nt) |h_bt|^2 / sigma^2
  const double p = s.problem.power_w;
  const double snr = std::norm(s.problem.target.alpha) * 32.0 *
                     leg_response(s.problem.model.receive, s.problem.target.theta).squaredNorm() * p / 4.0 *
                     h_bt.squaredNorm() / s.problem.model.noise_var;
  EXPECT_NEAR(out[0], lin_to_db(snr), 1e-10);
}

// target_model = "extended" on a 4-element surface and 4-antenna BS: the sensing.extended metrics are
// extended_target_crb / semi_passive_extended_crb of the drawn G_t, G_r (rebuilt here from the
// channel set and the surface's reflection coefficients), tx_cov = "crb" is the closed-form optimum,
// and on 30 random draws the optimal R_x never does worse than the isotropic one.
TEST(SceneModels, ExtendedTargetIsTheLibraryCrb) {
  const std::vector<std::string> base = {"irs.0.cols=4", "irs.0.sensors=2", "sensing.target_model=\"extended\""};
  for (const char* cov : {"isotropic", "crb"}) {
    std::vector<std::string> sets = base;
    sets.push_back(std::string("sensing.tx_cov=\"") + cov + "\"");
    const io::Document doc = io::load_document(kBlind, sets);
    std::size_t idx = 0;
    const std::vector<double> out = run_group(doc, "crb_extended_db", idx, 42);
    ASSERT_EQ(out.size(), 4u);
    const io::SensingRealisation s = draw(doc, 42);
    const Scene scene = io::load_scene(doc);
    const CVec coef = surface_response(scene.surfaces[0], CVec::Ones(4)).reflect;
    const CMat gt = coef.asDiagonal() * s.channels.bs_surface.at(0).at(0);
    const CMat gr = s.channels.surface_bs.at(0).at(0) * coef.asDiagonal();
    const double nv = scene.system.noise_power_w(), p = scene.base_stations[0].tx_power_w;
    const CMat iso = p / 4.0 * CMat::Identity(4, 4);
    const CMat opt = extended_target_optimal_tx_cov(gt, p);
    EXPECT_NEAR(out[1], lin_to_db(extended_target_crb(gt, gr, iso, 32, nv)), 1e-10);
    EXPECT_NEAR(out[2], lin_to_db(extended_target_crb(gt, gr, opt, 32, nv)), 1e-10);
    EXPECT_NEAR(out[0], std::string(cov) == "crb" ? out[2] : out[1], 1e-12);
    EXPECT_NEAR(out[3], out[1] - out[2], 1e-12);
    EXPECT_GT(out[3], 0.0);
  }
  // semi-passive sensors: (sigma^2/T) N_s tr((G R G^H)^-1), closed form with R = P/Nt I
  {
    std::vector<std::string> sets = base;
    sets.push_back("sensing.mode=\"semi_passive\"");
    const io::Document doc = io::load_document(kBlind, sets);
    std::size_t idx = 0;
    const std::vector<double> out = run_group(doc, "crb_extended_db", idx, 5);
    const io::SensingRealisation s = draw(doc, 5);
    const Scene scene = io::load_scene(doc);
    const CVec coef = surface_response(scene.surfaces[0], CVec::Ones(4)).reflect;
    const CMat gt = coef.asDiagonal() * s.channels.bs_surface.at(0).at(0);
    const double nv = scene.system.noise_power_w(), p = scene.base_stations[0].tx_power_w;
    const CMat ggh = p / 4.0 * gt * gt.adjoint();
    EXPECT_NEAR(out[1], lin_to_db(nv / 32.0 * 2.0 * ggh.inverse().trace().real()), 1e-9);
    EXPECT_NEAR(out[1], lin_to_db(semi_passive_extended_crb(gt, p / 4.0 * CMat::Identity(4, 4), 2, 32, nv)), 1e-12);
  }
  const io::Document doc = io::load_document(kBlind, base);
  std::size_t idx = 0;
  for (std::uint64_t seed = 100; seed < 130; ++seed) {
    const std::vector<double> out = run_group(doc, "crb_extended_db", idx, seed);
    EXPECT_LE(out[2], out[1] + 1e-12) << "seed " << seed;
  }
}

// Bad [sensing] input: InputError naming the key.
TEST(SceneModels, BadInputNamesTheKey) {
  expect_input_error(kBlind, {"sensing.phases=\"max_min\""}, "phases");            // one target
  expect_input_error(kBlind, {"sensing.phases=\"rank\""}, "phases");
  expect_input_error(kBistatic, {"sensing.receiver=\"car\""}, "receiver");         // not a BS
  expect_input_error(kBistatic, {"sensing.receiver=\"nobody\""}, "receiver");
  expect_input_error(kBlind, {"sensing.bistatic_path=\"tx_irs\""}, "bistatic_path");  // no bistatic receiver
  expect_input_error(kBistatic, {"sensing.bistatic_path=\"both\""}, "bistatic_path");
  expect_input_error(kBlind, {"sensing.target_model=\"extended\""}, "target_model");  // N = 16 > Nt = 4
  expect_input_error(kBistatic, {"irs.0.cols=4", "sensing.target_model=\"extended\""}, "target_model");
  expect_input_error(kBlind, {"sensing.target_model=\"blob\""}, "target_model");
  // the metric groups that do not apply
  for (const auto& [file, metric, key] : std::vector<std::array<std::string, 3>>{
           {kBlind, "echo_snr_bistatic_db", "receiver"},
           {kBlind, "crb_extended_db", "target_model"},
           {kBlind, "min_target_gain_db", "target"},
           {kBistatic, "mse_music_rad2", "receiver"}}) {  // MUSIC: no receive manifold with tx_irs
    const io::MetricGroup* g = io::builtin_registry().find_metric(metric);
    ASSERT_NE(g, nullptr);
    try {
      (void)g->prepare(io::load_document(file, {}));
      ADD_FAILURE() << metric;
    } catch (const io::InputError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  }
  const io::MetricGroup* g = io::builtin_registry().find_metric("angle_crb_rad2");
  try {
    (void)g->prepare(io::load_document(kBlind, {"irs.0.cols=4", "irs.0.sensors=2", "sensing.target_model=\"extended\""}));
    ADD_FAILURE() << "angle CRB of an extended target";
  } catch (const io::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("target_model"), std::string::npos) << e.what();
  }
}
