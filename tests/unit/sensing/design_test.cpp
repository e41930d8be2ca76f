#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/design.hpp"
#include "test_support.hpp"

using namespace irisac;

namespace {
CVec random_phases(Index n, Rng& rng) {
  CVec v(n);
  for (auto& e : v) e = rng.unit_phasor();
  return v;
}
/// Relative error of an analytic egrad against central differences.
double egrad_error(const CircleObjective& f, const CVec& v) {
  const CVec a = f.egrad(v), n = numeric_egrad(f.value, v, 1e-6);
  return (a - n).norm() / std::max(n.norm(), 1e-300);
}
struct Instance {
  CMat gt, gr;
  EchoModel m;
  CMat r = CMat::Identity(4, 4) / 4.0;
  CVec v0;
  Instance() {
    Rng rng(99);
    gt = rng.complex_normal_matrix(16, 4);
    gr = rng.complex_normal_matrix(4, 16);
    v0 = random_phases(16, rng);
    m = monostatic_irs_model(gt, gr, v0, 1.0);
  }
};
}  // namespace

TEST(Design, AnalyticGradientsMatchFiniteDifferences) {
  const Instance in;
  Rng rng(4);
  const CVec v = random_phases(16, rng);
  EXPECT_LT(egrad_error(echo_power_objective(in.m, 0.2, in.r), v), 1e-6);
  EXPECT_LT(egrad_error(beampattern_objective(in.m, 0.2, in.r), v), 1e-6);
  EXPECT_LT(egrad_error(crb_objective(in.m, 0.2, in.r), v), 1e-6);
  EXPECT_LT(egrad_error(decorrelation_objective(in.m, {0.2, -0.1, 0.5}, in.r), v), 1e-6);
  EXPECT_LT(egrad_error(rank_objective(in.m, {0.2, -0.1, 0.5}, in.r), v), 1e-6);
  // with clutter (whitened) and on the semi-passive model
  EchoModel mc = in.m;
  const CVec c = ula_steering(4, 0.5, 0.4);
  mc.interference_cov = 3.0 * c * c.adjoint();
  EXPECT_LT(egrad_error(crb_objective(mc, 0.2, in.r), v), 1e-6);
  const EchoModel sp = semi_passive_model(in.gt, v, 6, 1.0);
  EXPECT_LT(egrad_error(crb_objective(sp, 0.2, in.r), v), 1e-6);
  // The CRB objective is proportional to the CRB.
  const double c1 = crb_angle(with_reflection(in.m, v), PointTarget{0.2, {1, 0}}, in.r, 1);
  EXPECT_NEAR(crb_objective(in.m, 0.2, in.r, 0.5).value(v) / c1, 1.0, 1e-10);
}

TEST(Design, CircleOptimiserKeepsUnitModulusAndIsMonotone) {
  const Instance in;
  CircleOptions o;
  o.record_history = true;
  const auto res = minimize_on_circle(echo_power_objective(in.m, 0.2, in.r, 100.0), in.v0, o);
  EXPECT_LT((res.v.cwiseAbs() - RVec::Ones(16)).cwiseAbs().maxCoeff(), 1e-14);
  for (std::size_t i = 1; i < res.history.size(); ++i) EXPECT_LE(res.history[i], res.history[i - 1]);
}

// Acceptance: the CRB-minimising design is never worse (in CRB) than the echo-power design.
TEST(Design, CrbDesignNeverWorseThanEchoPowerDesign) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    Rng rng(seed);
    const CMat gt = rng.complex_normal_matrix(12, 4), gr = rng.complex_normal_matrix(4, 12);
    const CVec v0 = random_phases(12, rng);
    const EchoModel m = monostatic_irs_model(gt, gr, v0, 1.0);
    const PointTarget tg{0.25, {0.1, 0.0}};
    DesignOptions opts;
    opts.outer_iterations = 3;
    const CMat iso = CMat::Identity(4, 4) / 4.0;
    const SensingDesign echo = design_echo_power(m, tg.theta, iso, v0, opts);
    const SensingDesign crbd = design_min_crb(m, tg, 1.0, 32, v0, opts);
    const double c_echo = crb_angle(with_reflection(m, echo.v), tg, echo.tx_cov, 32);
    const double c_crb = crb_angle(with_reflection(m, crbd.v), tg, crbd.tx_cov, 32);
    EXPECT_NEAR(crbd.objective / c_crb, 1.0, 1e-12);
    EXPECT_LE(c_crb, c_echo * (1.0 + 1e-12)) << "seed " << seed;
    EXPECT_NEAR(crbd.tx_cov.trace().real(), 1.0, 1e-9);
    // and no worse than the random start with isotropic R_x
    EXPECT_LE(c_crb, crb_angle(m, tg, iso, 32));
  }
}

// Physical scales (path loss 1e-8 per link, echo power ≪ 1): the CRB design must still improve on
// the echo-power design (regression: the comparison once used the echo POWER as if it were a CRB).
TEST(Design, CrbDesignImprovesAtPhysicalScales) {
  Rng rng(8);
  const CMat gt = 1e-4 * rng.complex_normal_matrix(12, 4), gr = 1e-4 * rng.complex_normal_matrix(4, 12);
  const CVec v0 = random_phases(12, rng);
  const EchoModel m = monostatic_irs_model(gt, gr, v0, 1e-13);
  const PointTarget tg{0.25, {1e-3, 0.0}};
  DesignOptions opts;
  opts.outer_iterations = 2;
  const SensingDesign echo = design_echo_power(m, tg.theta, CMat::Identity(4, 4) / 4.0, v0, opts);
  const double c_echo = crb_angle(with_reflection(m, echo.v), tg, echo.tx_cov, 32);
  const SensingDesign crbd = design_min_crb(m, tg, 1.0, 32, v0, opts);
  EXPECT_LT(crbd.objective, c_echo * (1.0 - 1e-3));
  EXPECT_NEAR(crb_angle(with_reflection(m, crbd.v), tg, crbd.tx_cov, 32) / crbd.objective, 1.0, 1e-12);
}

TEST(Design, FrankWolfeTxCovBeatsIsotropic) {
  const Instance in;
  const CMat iso = CMat::Identity(4, 4) / 4.0;
  const CMat r = crb_optimal_tx_cov(in.m, 0.2, 1.0, iso);
  const PointTarget tg{0.2, {1, 0}};
  EXPECT_LE(crb_angle(in.m, tg, r, 8), crb_angle(in.m, tg, iso, 8));
  EXPECT_NEAR(r.trace().real(), 1.0, 1e-12);
  Eigen::SelfAdjointEigenSolver<CMat> es(r);
  EXPECT_GE(es.eigenvalues().minCoeff(), -1e-12);
}

TEST(Design, MaxMinDecorrelationAndRank) {
  const Instance in;
  const std::vector<double> th{-0.4, 0.1, 0.6};
  auto min_power = [&](const CVec& v) {
    double m = 1e300;
    for (double t : th) m = std::min(m, -echo_power_objective(in.m, t, in.r).value(v));
    return m;
  };
  const SensingDesign mm = design_max_min(in.m, th, in.r, in.v0);
  EXPECT_GT(mm.objective, min_power(in.v0));
  EXPECT_NEAR(mm.objective, min_power(mm.v), 1e-9 * mm.objective);
  const SensingDesign mmi = design_max_min(in.m, th, in.r, in.v0, true);
  EXPECT_GT(mmi.objective, 0.0);
  const double corr0 = decorrelation_objective(in.m, th, in.r).value(in.v0);
  const SensingDesign dc = design_decorrelation(in.m, th, in.r, in.v0);
  EXPECT_LT(dc.objective, corr0);
  const RMat c = echo_correlation(with_reflection(in.m, dc.v), th, in.r);
  EXPECT_NEAR(c(0, 0), 1.0, 1e-12);
  const double ld0 = -rank_objective(in.m, th, in.r).value(in.v0);
  const SensingDesign rk = design_rank(in.m, th, in.r, in.v0);
  EXPECT_GT(rk.objective, ld0);
  EXPECT_EQ(sensing_channel_rank(with_reflection(in.m, rk.v), th, in.r), 3);
  // With a rank-one IRS–BS link AND a rank-one BS–IRS link every target's echo has the same
  // signature direction: the multi-target sensing channel has rank 1 whatever v is.
  const CMat gt1 = irisac::test::los_bs_to_irs(16, 4);
  const EchoModel los = monostatic_irs_model(gt1, gt1.transpose(), in.v0, 1.0);
  EXPECT_EQ(sensing_channel_rank(los, th, in.r), 1);
}

TEST(Design, BadInput) {
  const Instance in;
  EchoModel no_irs;
  no_irs.receive = array_leg(4);
  no_irs.transmit = fixed_leg(CVec::Ones(4));
  EXPECT_THROW((void)echo_power_objective(no_irs, 0.1, in.r), InvalidArgument);
  EXPECT_THROW((void)echo_power_objective(in.m, 0.1, CMat::Zero(4, 4)), InvalidArgument);
  EXPECT_THROW((void)design_min_crb(in.m, PointTarget{0.1, {0, 0}}, 1.0, 8, in.v0), InvalidArgument);
  EXPECT_THROW((void)design_min_crb(in.m, PointTarget{0.1, {1, 0}}, 0.0, 8, in.v0), InvalidArgument);
}
