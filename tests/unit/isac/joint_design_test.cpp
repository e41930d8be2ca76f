// Joint sensing–communication designs (docs/isac.md): the covariance SDP against the MISO closed
// form, feasibility of every front point (CRB recomputed from a finite-difference FIM), dominance of
// time sharing, the end points, bad input and subspace coupling.
#include "irisac/isac/joint_design.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <Eigen/Eigenvalues>

#include "irisac/core/error.hpp"
#include "irisac/io/isac_joint_io.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/isac/joint_sdp.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/fisher.hpp"

using namespace irisac;

namespace {

// One user, one target, 4 transmit antennas, a single-antenna receiver (MISO); 8-element IRS.
const char* kMiso = R"(
[system]
carrier_hz = 3.5e9
bandwidth_hz = 100e6
noise_psd_dbm_hz = -174.0
noise_figure_db = 7.0
seed = 3
[links]
model = "los"
pathloss = "free_space"
[[bs]]
name = "bs"
position_m = [0.0, 0.0, 10.0]
tx_power_dbm = 20.0
tx = { rows = 1, cols = 4 }
rx = { rows = 1, cols = 1 }
[[irs]]
name = "wall"
position_m = [8.0, 6.0, 10.0]
orientation_deg = [-90.0, 0.0, 0.0]
rows = 1
cols = 8
[[user]]
name = "u"
position_m = [20.0, 12.0, 1.5]
[[target]]
name = "car"
position_m = [11.0, 2.0, 10.0]
rcs_dbsm = 10.0
[[link]]
between = ["bs", "wall"]
model = "rician"
k_factor_db = 0.0
[[link]]
between = ["bs", "car"]
model = "blocked"
[[link]]
between = ["bs", "u"]
model = "rayleigh"
)";

struct IsacSetup {
  Scene scene;
  IsacProblem problem;
};

IsacSetup setup_from(const io::Document& doc, Index snapshots = 32) {
  IsacSetup s{io::load_scene(doc), {}};
  Rng rng(s.scene.seed, 0, 0, 0);
  const ChannelSet ch = draw_channels(s.scene, rng);
  s.problem = isac_problem(s.scene, ch, 0, snapshots);
  return s;
}
IsacSetup miso() { return setup_from(io::Document::from_string(kMiso, "miso.toml")); }
IsacSetup two_users() {
  return setup_from(io::Document::from_file(std::string(IRISAC_SOURCE_DIR) + "/scenarios/isac-one-irs.toml"), 1024);
}

// u with echo SNR = |uᴴw|² for R_x = wwᴴ (A is rank one for a point target).
CVec rank_one_factor(const CMat& A) {
  Eigen::SelfAdjointEigenSolver<CMat> es(0.5 * (A + A.adjoint()));
  const Index n = A.rows();
  return es.eigenvectors().col(n - 1) * std::sqrt(std::max(0.0, es.eigenvalues()(n - 1)));
}

}  // namespace

TEST(JointSdp, MaxQuadraticUnderPowerIsTheTopEigenvalue) {
  // max tr(Q R) s.t. tr R ≤ P, R ⪰ 0  =  P λ_max(Q).
  Rng rng(5);
  const CMat H = rng.complex_normal_matrix(4, 2, 1.0);
  const CMat Q = H * H.adjoint();
  HermitianSdp sdp;
  sdp.block_sizes = {4};
  sdp.num_scalars = 1;
  sdp.objective_blocks[0] = -Q;
  SdpConstraint c;
  c.blocks[0] = CMat::Identity(4, 4);
  c.scalars[0] = 1.0;
  c.rhs = 2.0;
  sdp.constraints.push_back(c);
  const HermitianSdpSolution s = solve_hermitian_sdp(sdp);
  ASSERT_EQ(s.status, SdpStatus::optimal);
  const double lmax = Eigen::SelfAdjointEigenSolver<CMat>(Q).eigenvalues().maxCoeff();
  EXPECT_NEAR(-s.primal_value, 2.0 * lmax, 1e-7 * lmax);
  EXPECT_LE(-s.dual_value, 2.0 * lmax * (1 + 1e-7));
  EXPECT_GE(-s.dual_value, -s.primal_value * (1 - 1e-9));
}

TEST(IsacMiso, CovarianceStepMatchesTheClosedFormTradeoff) {
  const IsacSetup s = miso();
  const IsacProblem& p = s.problem;
  const CVec v = CVec::Ones(p.elements());
  const CVec h = effective_channels(p.comm, v, 0).col(0);
  const CVec u = rank_one_factor(target_forms(p, 0, v).A);
  const double P = p.comm.power_w, n0 = p.comm.noise_w(0);
  const double g_comm = P * std::norm(u.dot(h)) / h.squaredNorm(), g_max = P * u.squaredNorm();
  ASSERT_GT(g_max, 1.2 * g_comm);
  IsacOptions o;
  o.metric = SensingMetric::echo_snr;
  for (int i = 0; i <= 8; ++i) {
    const double g = g_comm * 0.5 + (0.98 * g_max - g_comm * 0.5) * i / 8.0;
    const IsacDesign d = max_rate_covariance(p, v, RVec::Constant(1, g), o);
    ASSERT_TRUE(d.feasible) << "level " << i;
    const double snr_cf = *miso_tradeoff_snr(h, u, n0, P, g);
    EXPECT_NEAR(d.metrics.sinr(0), snr_cf, 1e-6 * snr_cf) << "level " << i;
    EXPECT_GE(d.metrics.echo_snr(0), g * (1 - 1e-6));
    EXPECT_LE(d.metrics.power_w, P * (1 + 1e-6));
    ASSERT_TRUE(d.bound.has_value());
    EXPECT_GE(*d.bound, d.objective * (1 - 1e-12));
  }
  // Above P‖u‖² nothing is feasible: reported as infeasible, not as a zero or NaN rate.
  const IsacDesign bad = max_rate_covariance(p, v, RVec::Constant(1, 1.01 * g_max), o);
  EXPECT_FALSE(bad.feasible);
  EXPECT_FALSE(miso_tradeoff_snr(h, u, n0, P, 1.01 * g_max).has_value());
}

TEST(IsacMiso, FrontMatchesTheClosedFormAtItsPhases) {
  const IsacSetup s = miso();
  const IsacProblem& p = s.problem;
  IsacOptions o;
  o.metric = SensingMetric::echo_snr;
  o.outer_iterations = 1;
  EndPointSpec spec;
  const IsacEndPoints ends = isac_end_points(p, spec, o.metric, s.scene.seed);
  const IsacFront f = isac_front(p, ends, 2, o);
  ASSERT_EQ(f.points.size(), 2u);
  for (const FrontPoint& pt : f.points) {
    ASSERT_TRUE(pt.design.feasible);
    const CVec& v = pt.design.v;
    const CVec h = effective_channels(p.comm, v, 0).col(0);
    const CVec u = rank_one_factor(target_forms(p, 0, v).A);
    const double cf = *miso_tradeoff_snr(h, u, p.comm.noise_w(0), p.comm.power_w, pt.level);
    EXPECT_NEAR(pt.design.metrics.sinr(0), cf, 1e-6 * cf);
    EXPECT_GE(pt.design.metrics.echo_snr(0), pt.level * (1 - 1e-6));
    EXPECT_GE(pt.design.metrics.min_rate_bps_hz, pt.time_sharing_rate);
  }
}

namespace {
struct CrbFront {
  IsacSetup s;
  IsacOptions o;
  IsacFront f;
};
CrbFront crb_front() {
  const CrbFront cf = [] {
    CrbFront c{two_users(), {}, {}};
    c.o.metric = SensingMetric::crb;
    c.o.outer_iterations = 1;
    EndPointSpec spec;
    const IsacEndPoints ends = isac_end_points(c.s.problem, spec, c.o.metric, c.s.scene.seed);
    c.f = isac_front(c.s.problem, ends, 1, c.o);
    return c;
  }();
  return cf;
}
}  // namespace

TEST(IsacFront, FeasibleAboveTimeSharingCrbByFiniteDifferencesAndCoupling) {
  const CrbFront c = crb_front();
  const IsacProblem& p = c.s.problem;
  ASSERT_EQ(c.f.points.size(), 1u);
  for (const FrontPoint& pt : c.f.points) {
    ASSERT_TRUE(pt.design.feasible);
    const double eps = 1.0 / pt.level;  // CRB bound of this point
    EXPECT_LE(pt.design.metrics.crb_rad2(0), eps * (1 + 1e-6));
    EXPECT_LE(pt.design.metrics.power_w, p.comm.power_w * (1 + 1e-6));
    EXPECT_LE(unit_modulus_residual(pt.design.v), 1e-9);
    EXPECT_GT(pt.design.metrics.min_rate_bps_hz, pt.time_sharing_rate);
    ASSERT_TRUE(pt.design.bound.has_value());
    EXPECT_GE(*pt.design.bound, pt.design.objective * (1 - 1e-12));
    for (std::size_t i = 1; i < pt.design.history.size(); ++i) EXPECT_GE(pt.design.history[i], pt.design.history[i - 1]);
  }

  // The CRB constraint holds when the CRB is recomputed as [J⁻¹]_θθ of the FIM with ∂μ/∂θ from
  // Richardson-extrapolated central differences of the echo model.
  for (const FrontPoint& pt : c.f.points) {
    const SensingProblem& sp = p.targets.front();
    const EchoModel m = with_reflection(sp.model, sensing_segment(p, pt.design.v));
    const CMat Rx = pt.design.W * pt.design.W.adjoint() + pt.design.R_s;
    const RMat J = point_target_fim_numeric(m, {sp.target}, Rx, p.snapshots, 1e-4);
    const double crb_numeric = J.inverse()(0, 0);
    EXPECT_NEAR(crb_numeric, pt.design.metrics.crb_rad2(0), 1e-5 * crb_numeric);
    EXPECT_LE(crb_numeric, (1.0 / pt.level) * (1 + 1e-5));
  }

  // S&C subspace coupling: the joint design rotates the spans towards each other on this scene.
  const double before = subspace_coupling(p, CVec::Ones(p.elements())).max_cos2;
  EXPECT_NEAR(before, 0.6018, 5e-4);
  for (const FrontPoint& pt : c.f.points) {
    const SubspaceCoupling after = subspace_coupling(p, pt.design.v);
    EXPECT_GT(after.max_cos2, before + 0.1);
    EXPECT_LE(after.max_cos2, 1.0);
    EXPECT_EQ(after.cosines.size(), 1);  // one target: one principal angle
  }
}

TEST(IsacCovariance, GlobalAtFixedPhasesBeatsTheCommEndPoint) {
  // (W_c, R_s = 0) of `optimize` is feasible for any requirement it meets, so the SDP step at v_c
  // must reach at least its min SINR, and the certified bound must lie above.
  const IsacSetup s = two_users();
  const IsacProblem& p = s.problem;
  for (SensingMetric metric : {SensingMetric::echo_snr, SensingMetric::crb}) {
  IsacOptions o;
  o.metric = metric;
  const IsacEndPoints ends = isac_end_points(p, EndPointSpec{}, o.metric, s.scene.seed);
  const double level = 0.5 * sensing_level(ends.comm.metrics, o.metric);
  const IsacDesign d = max_rate_covariance(p, ends.comm.v, RVec::Constant(1, metric == SensingMetric::crb ? 1.0 / level : level), o);
  ASSERT_TRUE(d.feasible);
  EXPECT_GE(d.objective, ends.comm.objective * (1 - 1e-3));  // DSDP's primal accuracy
  EXPECT_GE(*d.bound, d.objective);
  }
}

TEST(IsacEndPoints, SensingEndIsTheCrbVerbsDesign) {
  // `irisac crb` with [sensing] phases = "crb_design" on the same scene, seed and snapshots.
  io::Document doc = io::Document::from_file(std::string(IRISAC_SOURCE_DIR) + "/scenarios/isac-one-irs.toml");
  doc.set("sensing.phases=\"crb_design\"");
  doc.set("sensing.snapshots=1024");
  const Scene scene = io::load_scene(doc);
  const io::SensingOptions so = io::read_sensing_options(doc, scene);
  Rng rng(scene.seed);
  const io::SensingRealisation sr = io::draw_sensing(scene, so, rng);
  const double crb_verb = crb_angle(sr.problem.model, sr.problem.target, sr.tx_cov, so.snapshots);

  const io::IsacConfig cfg = io::read_isac_config(doc, scene);
  Rng channel_rng(scene.seed, 0, 0, 0);
  const io::IsacRun run = io::prepare_isac(scene, cfg, channel_rng, scene.seed);
  EXPECT_NEAR(run.ends.sensing.metrics.crb_rad2(0), crb_verb, 1e-6 * crb_verb);
  EXPECT_EQ(run.ends.sensing.metrics.min_rate_bps_hz, 0.0);
  // rho = 0 and rho = 1 return the end points themselves.
  IsacOptions o;
  const IsacDesign d0 = design_weighted(run.problem, run.ends, 0.0, o);
  EXPECT_EQ(d0.metrics.crb_rad2(0), run.ends.sensing.metrics.crb_rad2(0));
  const IsacDesign d1 = design_weighted(run.problem, run.ends, 1.0, o);
  EXPECT_EQ(d1.metrics.sum_rate_bps_hz, run.ends.comm.metrics.sum_rate_bps_hz);
}


// The sensing receivers of the joint design (docs/isac.md, "Sensing receivers"): with a bistatic BS
// or the surface's sensors receiving, the sensing end point is `irisac crb`'s design with the same
// receiver, and a front point's CRB constraint holds under the numerically evaluated FIM.
TEST(IsacReceivers, BistaticAndSemiPassiveEndsAreTheCrbVerbsDesignAndFrontPointsHold) {
  struct Case {
    const char* file;
    std::vector<std::string> sets;
  };
  const std::vector<Case> cases = {
      {"/scenarios/isac-bistatic.toml", {"sensing.receiver=\"rx\"", "sensing.bistatic_path=\"tx_irs\""}},
      {"/scenarios/isac-one-irs.toml",
       {"sensing.mode=\"semi_passive\"", "sensing.num_sensors=8", "isac.mode=\"semi_passive\"", "isac.num_sensors=8"}}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    io::Document doc = io::Document::from_file(std::string(IRISAC_SOURCE_DIR) + c.file);
    doc.set("sensing.phases=\"crb_design\"");
    doc.set("sensing.snapshots=1024");
    for (const std::string& s : c.sets) doc.set(s);
    const Scene scene = io::load_scene(doc);
    const io::SensingOptions so = io::read_sensing_options(doc, scene);
    Rng rng(scene.seed);
    const io::SensingRealisation sr = io::draw_sensing(scene, so, rng);
    const double crb_verb = crb_angle(sr.problem.model, sr.problem.target, sr.tx_cov, so.snapshots);

    const io::IsacConfig cfg = io::read_isac_config(doc, scene);
    Rng channel_rng(scene.seed, 0, 0, 0);
    const io::IsacRun run = io::prepare_isac(scene, cfg, channel_rng, scene.seed);
    EXPECT_NEAR(run.ends.sensing.metrics.crb_rad2(0), crb_verb, 1e-6 * crb_verb);
    // The receive model differs from the monostatic one: the sensing surface's echo reaches the
    // receiver along a different leg, so the CRB at the same phases is not the monostatic CRB.
    if (scene.base_stations.size() == 1) {
      Rng mono_rng(scene.seed, 0, 0, 0);
      const IsacProblem mono = isac_problem(scene, draw_channels(scene, mono_rng), 0, 1024, SensingSelection{});
      const IsacMetrics mm = isac_metrics(mono, run.ends.sensing.v, run.ends.sensing.W, run.ends.sensing.R_s);
      EXPECT_GT(std::abs(mm.crb_rad2(0) / run.ends.sensing.metrics.crb_rad2(0) - 1.0), 1e-3);
    }

    IsacOptions o;
    o.outer_iterations = 2;
    const IsacFront f = isac_front(run.problem, run.ends, 1, o);
    ASSERT_EQ(f.points.size(), 1u);
    const FrontPoint& pt = f.points.front();
    ASSERT_TRUE(pt.design.feasible);
    EXPECT_LE(pt.design.metrics.power_w, run.problem.comm.power_w * (1 + 1e-6));
    EXPECT_GT(pt.design.metrics.min_rate_bps_hz, pt.time_sharing_rate);
    const SensingProblem& sp = run.problem.targets.front();
    const EchoModel m = with_reflection(sp.model, sensing_segment(run.problem, pt.design.v));
    const CMat Rx = pt.design.W * pt.design.W.adjoint() + pt.design.R_s;
    const RMat J = point_target_fim_numeric(m, {sp.target}, Rx, run.problem.snapshots, 1e-4);
    const double crb_numeric = J.inverse()(0, 0);
    EXPECT_NEAR(crb_numeric, pt.design.metrics.crb_rad2(0), 1e-5 * crb_numeric);
    EXPECT_LE(crb_numeric, (1.0 / pt.level) * (1 + 1e-5));
  }
}
