// Two timescales (docs/isac.md, "Two timescales"): the AR(1) user channels and drifting target of
// one block, and the losses of joint designs held for K_s / K_c slots against re-optimising every
// slot — exactly zero at period 1 and on a static scene, non-decreasing in the period on average.
#include "irisac/isac/two_timescales.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "irisac/core/units.hpp"

#include "irisac/io/isac_joint_io.hpp"
#include "irisac/io/scene_io.hpp"

using namespace irisac;

namespace {

struct TsSetup {
  Scene scene;
  io::IsacConfig cfg;
  TimescaleSpec spec;
};

TsSetup ts_setup() {
  const io::Document doc = io::Document::from_file(std::string(IRISAC_SOURCE_DIR) + "/scenarios/isac-two-timescales.toml");
  TsSetup s{io::load_scene(doc), {}, {}};
  s.cfg = io::read_isac_config(doc, s.scene);
  s.spec = io::read_timescale_config(doc);
  s.cfg.options.outer_iterations = 1;       // keep each design cheap: the properties are the staleness's
  s.cfg.options.bisection_tolerance = 1e-4;
  s.spec.slots = 4;
  return s;
}

IsacProblem ts_problem(const TsSetup& s, Rng& rng) {
  const ChannelSet ch = draw_channels(s.scene, rng);
  return isac_problem(s.scene, ch, s.cfg.surface, s.cfg.snapshots);
}

}  // namespace

TEST(TwoTimescales, ScenarioTableReadsItsKeys) {
  const TsSetup s = ts_setup();
  EXPECT_EQ(s.cfg.metric, SensingMetric::echo_snr);
  EXPECT_DOUBLE_EQ(s.spec.comm_coherence_slots, 8.0);
  EXPECT_NEAR(s.spec.target_rate_rad_per_slot, deg_to_rad(1.0), 1e-15);
  EXPECT_EQ(s.spec.sensing_update_slots, 1);
  EXPECT_EQ(s.spec.comm_update_slots, 1);
}

TEST(TwoTimescales, Ar1ChannelKeepsPowerAndHasCorrelationExpMinusOneOverCoherence) {
  // One step of h(1) = ρh(0) + √(1−ρ²)σg: E[Re⟨h(0), h(1)⟩]/‖h(0)‖² = ρ = e^{−1/4} and
  // E‖h(1)‖² = ‖h(0)‖² (σ² = ‖h(0)‖²/N). n = 400 draws; tolerance 4σ/√n of the sample means.
  const TsSetup s = ts_setup();
  Rng rng0(s.scene.seed, 0, 0, 0);
  const IsacProblem p = ts_problem(s, rng0);
  TimescaleSpec spec = s.spec;
  spec.slots = 2;
  spec.comm_coherence_slots = 4.0;
  const CVec h0 = p.comm.irs_to_user.col(0);
  const double n0 = h0.squaredNorm();
  const int n = 400;
  double sc = 0, sc2 = 0, sp = 0, sp2 = 0;
  for (int i = 0; i < n; ++i) {
    Rng rng(99, 0, static_cast<std::uint64_t>(i), 0);
    const TimescaleTrajectory tr = timescale_trajectory(p, spec, rng);
    ASSERT_EQ(tr.irs_to_user.size(), 2u);
    EXPECT_EQ(tr.irs_to_user[0], p.comm.irs_to_user);  // slot 0 is the drawn channel itself
    const CVec h1 = tr.irs_to_user[1].col(0);
    const double c = h0.dot(h1).real() / n0, q = h1.squaredNorm() / n0;
    sc += c, sc2 += c * c, sp += q, sp2 += q * q;
    EXPECT_NEAR(tr.theta[1](0) - tr.theta[0](0), spec.target_rate_rad_per_slot, 1e-15);
  }
  const double mc = sc / n, mp = sp / n;
  const double sdc = std::sqrt(sc2 / n - mc * mc), sdp = std::sqrt(sp2 / n - mp * mp);
  EXPECT_NEAR(mc, std::exp(-0.25), 4 * sdc / std::sqrt(n));
  EXPECT_NEAR(mp, 1.0, 4 * sdp / std::sqrt(n));
}

TEST(TwoTimescales, PeriodOneLosesExactlyNothingAndPeriodTwoLosesSomething) {
  const TsSetup s = ts_setup();
  Rng rng(s.scene.seed, 0, 0, 0);
  const IsacProblem p = ts_problem(s, rng);
  const auto r = two_timescale_losses(p, RVec::Constant(1, s.cfg.requirement), s.spec, {{1, 1}, {2, 2}},
                                      s.cfg.options, rng);
  EXPECT_EQ(r[0].rate_loss_bps_hz, 0.0);  // held design = the slot's own design, bit for bit
  EXPECT_EQ(r[0].sensing_loss_db, 0.0);
  EXPECT_EQ(r[0].held_rate_bps_hz, r[0].reference_rate_bps_hz);
  EXPECT_EQ(r[0].designs, 4);             // (2,2) holds the designs of slots 0 and 2: no new state
  EXPECT_GT(r[1].rate_loss_bps_hz, 0.01); // the channel fades and the target drifts: stale designs lose
  EXPECT_GT(r[1].sensing_loss_db, 0.01);
}

TEST(TwoTimescales, StaticSceneLosesExactlyNothingForAnyPeriod) {
  TsSetup s = ts_setup();
  s.spec.comm_coherence_slots = std::numeric_limits<double>::infinity();
  s.spec.target_rate_rad_per_slot = 0.0;
  Rng rng(s.scene.seed, 0, 0, 0);
  const IsacProblem p = ts_problem(s, rng);
  const auto r = two_timescale_losses(p, RVec::Constant(1, s.cfg.requirement), s.spec,
                                      {{1, 1}, {2, 2}, {4, 4}, {4, 1}, {1, 4}, {3, 2}}, s.cfg.options, rng);
  for (const TimescaleResult& x : r) {
    EXPECT_EQ(x.rate_loss_bps_hz, 0.0);
    EXPECT_EQ(x.sensing_loss_db, 0.0);
    EXPECT_GT(x.reference_rate_bps_hz, 1.0);
  }
}

TEST(TwoTimescales, LossIsNonDecreasingInTheSharedPeriodOnAverage) {
  // Per block (T = 4 slots, coherence 8 slots, 1°/slot), the paired differences
  // d = loss(K = 4) − loss(K = 2) and loss(K = 2) − loss(K = 1); their means over n = 6 blocks must
  // be ≥ −3·σ_d/√n (σ_d the sample standard deviation of d). The designs are shared across K.
  const TsSetup s = ts_setup();
  const int n = 6;
  RVec d_rate(2 * n), d_sens(2 * n);
  for (int i = 0; i < n; ++i) {
    Rng rng(s.scene.seed, 0, static_cast<std::uint64_t>(i), 0);
    const IsacProblem p = ts_problem(s, rng);
    const auto r = two_timescale_losses(p, RVec::Constant(1, s.cfg.requirement), s.spec, {{1, 1}, {2, 2}, {4, 4}},
                                        s.cfg.options, rng);
    d_rate(2 * i) = r[1].rate_loss_bps_hz - r[0].rate_loss_bps_hz;
    d_rate(2 * i + 1) = r[2].rate_loss_bps_hz - r[1].rate_loss_bps_hz;
    d_sens(2 * i) = r[1].sensing_loss_db - r[0].sensing_loss_db;
    d_sens(2 * i + 1) = r[2].sensing_loss_db - r[1].sensing_loss_db;
  }
  for (const RVec* d : {&d_rate, &d_sens})
    for (int step = 0; step < 2; ++step) {
      double m = 0, m2 = 0;
      for (int i = 0; i < n; ++i) m += (*d)(2 * i + step) / n, m2 += (*d)(2 * i + step) * (*d)(2 * i + step) / n;
      const double sd = std::sqrt(std::max(0.0, m2 - m * m));
      EXPECT_GE(m, -3 * sd / std::sqrt(static_cast<double>(n))) << "step " << step;
      EXPECT_GT(m, 0.0) << "step " << step;  // on this scene the loss grows strictly on average
    }
}
