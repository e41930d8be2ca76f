#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/sensing/design.hpp"
#include "irisac/sensing/echo_model.hpp"
#include "test_support.hpp"

using namespace irisac;

TEST(Echo, WaveformHasExactCovariance) {
  Rng rng(3);
  const CMat a = rng.complex_normal_matrix(4, 4);
  const CMat r = a * a.adjoint();
  const CMat x = waveform_from_covariance(r, 16);
  EXPECT_LT((x * x.adjoint() / 16.0 - r).norm(), 1e-12 * r.norm());
}

TEST(Echo, EnergyMatchesSamples) {
  const irisac::test::G2 g;
  const EchoModel m = monostatic_irs_model(g.gt, g.gr, g.v, 1.0);
  const PointTarget tg{g.theta, g.alpha};
  const CMat x = waveform_from_covariance(g.r, 64);
  EXPECT_NEAR(echo_mean(m, {tg}, x).squaredNorm() / echo_energy(m, tg, g.r, 64), 1.0, 1e-12);
  // B = G_r Φ a aᵀ Φ G_t written out.
  const CVec a = ula_steering(8, 0.5, g.theta);
  const CMat b = g.gr * g.v.asDiagonal() * a * a.transpose() * g.v.asDiagonal() * g.gt;
  EXPECT_LT((echo_response(m, g.theta) - b).norm(), 1e-12 * b.norm());
  // Extended target with H = α a aᵀ reproduces the point-target echo.
  const CMat h = g.alpha * a * a.transpose();
  EXPECT_LT((extended_echo_mean(g.gt, g.gr, g.v, h, x) - echo_mean(m, {tg}, x)).norm(), 1e-12 * b.norm());
}

TEST(Echo, SimulatedNoiseHasTheModelVariance) {
  const irisac::test::G2 g;
  EchoModel m = monostatic_irs_model(g.gt, g.gr, g.v, 2.0);
  Rng rng(5);
  const CMat x = waveform_from_covariance(g.r, 256);
  const CMat y = simulate_echo(m, {}, x, rng);  // no target: pure noise, 4·256 samples
  const double est = y.squaredNorm() / static_cast<double>(y.size());
  EXPECT_NEAR(est, 2.0, 4.0 * 2.0 / std::sqrt(static_cast<double>(y.size())));  // 4σ, σ = σ²/√n
}

// Acceptance: fully passive echo power ∝ N⁴, semi-passive ∝ N² (LoS links, optimal phases found by
// the RCG design from random phases; closed forms N⁴·M·P and M_s·N²·P for R_x = (P/M)·I).
TEST(Echo, PassiveEchoPowerScalesAsN4AndSemiPassiveAsN2) {
  const Index m = 4, ms = 4;
  const double p = 1.0, theta = 0.35;
  const CMat r = p / static_cast<double>(m) * CMat::Identity(m, m);
  Rng rng(9);
  DesignOptions opts;
  opts.optimize_tx_cov = false;
  opts.circle.max_iterations = 500;
  double prev_passive = 0.0, prev_semi = 0.0;
  for (Index n : {8, 16, 32, 64}) {
    const CMat gt = irisac::test::los_bs_to_irs(n, m);
    CVec v0(n);
    for (auto& e : v0) e = rng.unit_phasor();
    const EchoModel passive = monostatic_irs_model(gt, gt.transpose(), v0, 1.0);
    const EchoModel semi = semi_passive_model(gt, v0, ms, 1.0);
    const double pp = design_echo_power(passive, theta, r, v0, opts).objective;
    const double ps = design_echo_power(semi, theta, r, v0, opts).objective;
    const auto nd = static_cast<double>(n);
    EXPECT_NEAR(pp / (nd * nd * nd * nd * static_cast<double>(m) * p), 1.0, 1e-6) << "N = " << n;
    EXPECT_NEAR(ps / (static_cast<double>(ms) * nd * nd * p), 1.0, 1e-6) << "N = " << n;
    if (prev_passive > 0.0) {
      EXPECT_NEAR(pp / prev_passive, 16.0, 16.0 * 1e-5);
      EXPECT_NEAR(ps / prev_semi, 4.0, 4.0 * 1e-5);
    }
    prev_passive = pp;
    prev_semi = ps;
  }
}
