// CRB tests. Golden values: tests/reference/sensing_reference.py → tests/data/sensing_golden.txt.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/echo_model.hpp"
#include "irisac/sensing/fisher.hpp"
#include "test_support.hpp"

using namespace irisac;
using irisac::test::G2;
using irisac::test::G3;
using irisac::test::golden;

// Acceptance: closed-form CRB(θ) = [J⁻¹]_θθ of the numerically evaluated FIM to 1e-8 relative.
TEST(Crb, G2ClosedFormEqualsInverseNumericFim) {
  const G2 g;
  const EchoModel m = monostatic_irs_model(g.gt, g.gr, g.v, 1.0);
  const PointTarget tg{g.theta, g.alpha};
  const double closed = crb_angle(m, tg, g.r, G2::t);
  // (a) FIM with analytic derivatives, (b) FIM with Richardson finite differences, (c) FIM from samples.
  const double from_fim = crb_angle_from_fim(m, tg, g.r, G2::t);
  const RMat fim_num = point_target_fim_numeric(m, {tg}, g.r, G2::t);
  const double from_numeric = crb_from_fim(fim_num)(0, 0);
  const CMat x = waveform_from_covariance(g.r, G2::t);
  const double from_samples = crb_from_fim(point_target_fim_samples(m, {tg}, x))(0, 0);
  EXPECT_NEAR(from_fim / closed, 1.0, 1e-12);
  EXPECT_NEAR(from_numeric / closed, 1.0, 1e-8);
  EXPECT_NEAR(from_samples / closed, 1.0, 1e-10);
  // Independent NumPy value (closed form) and NumPy's inverse finite-difference FIM.
  EXPECT_NEAR(closed / golden("g2_crb_theta"), 1.0, 1e-9);
  EXPECT_NEAR(closed / golden("g2_crb_theta_numeric_fim"), 1.0, 1e-8);
  EXPECT_NEAR(echo_snr(m, tg, g.r, G2::t) / golden("g2_echo_snr"), 1.0, 1e-12);
}

// Acceptance: a rank-one BS–IRS and IRS–BS channel is "not identifiable", with a rank diagnostic.
TEST(Crb, RankOneChannelsAreNotIdentifiable) {
  const G2 g;
  const CMat gt1 = ula_steering(8, 0.5, -0.4) * ula_steering(4, 0.5, 0.2).adjoint();
  const CMat gr1 = ula_steering(4, 0.5, 0.2) * ula_steering(8, 0.5, -0.4).adjoint();
  const EchoModel m = monostatic_irs_model(gt1, gr1, g.v, 1.0);
  const PointTarget tg{g.theta, g.alpha};
  try {
    (void)crb_angle(m, tg, g.r, G2::t);
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("not identifiable"), std::string::npos) << msg;
    EXPECT_NE(msg.find("rank"), std::string::npos) << msg;
  }
  const RMat fim = point_target_fim(m, {tg}, g.r, G2::t);
  const FimDiagnostic d = diagnose_fim(fim);
  EXPECT_EQ(d.rank, 2);
  EXPECT_LT(d.min_normalised_eigenvalue, 1e-12);
  // NumPy finds the same collapse (smallest normalised eigenvalue at round-off level).
  EXPECT_LT(golden("g2_rank_one_min_normalised_eigenvalue"), 1e-12);
  try {
    (void)crb_from_fim(fim, point_target_parameter_names(m, 1));
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("numerical rank 2 of 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("theta[0]"), std::string::npos) << msg;
  }
}

// A high-rank link on ONE side restores identifiability (reference doc §2.2); so do IRS sensors.
TEST(Crb, OneHighRankSideOrSensorsRestoreIdentifiability) {
  const G2 g;
  const CMat gt1 = ula_steering(8, 0.5, -0.4) * ula_steering(4, 0.5, 0.2).adjoint();
  const EchoModel m = monostatic_irs_model(gt1, g.gr, g.v, 1.0);
  const PointTarget tg{g.theta, g.alpha};
  const double c = crb_angle(m, tg, g.r, G2::t);
  EXPECT_TRUE(std::isfinite(c));
  EXPECT_NEAR(crb_angle_from_fim(m, tg, g.r, G2::t) / c, 1.0, 1e-9);
  const EchoModel sp = semi_passive_model(gt1, g.v, 8, 1.0);
  EXPECT_TRUE(std::isfinite(crb_angle(sp, tg, g.r, G2::t)));
}

// Acceptance: ULA DoA CRB = 6σ²/(T·SNR·π²cos²θ·M(M²−1)); the general bound reproduces it and ∝ 1/M³.
TEST(Crb, UlaDoaMatchesClosedFormAndFallsAsInverseCube) {
  const double theta = 30.0 * constants::pi / 180.0;
  const Index t = 100;
  double prev = 0.0;
  for (Index m : {4, 8, 16, 32}) {
    // Semi-passive sensors; the illumination is folded into a known unit per-snapshot amplitude.
    EchoModel sp;
    sp.receive = array_leg(m, 0.5);
    sp.transmit = fixed_leg(CVec::Ones(1));
    sp.noise_var = 1.0;
    const CMat r = CMat::Identity(1, 1);  // |s|² = 1 ⇒ SNR = |β|²/σ² = 1
    const double general = crb_angle(sp, PointTarget{theta, {1.0, 0.0}}, r, t);
    const double closed = ula_doa_crb(m, 0.5, theta, 1.0, t);
    EXPECT_NEAR(general / closed, 1.0, 1e-10) << "M = " << m;
    EXPECT_NEAR(closed / golden("ula_crb_m" + std::to_string(m)), 1.0, 1e-12);
    if (prev > 0.0) {
      const auto md = static_cast<double>(m), mh = md / 2.0;
      EXPECT_NEAR(prev / closed, md * (md * md - 1.0) / (mh * (mh * mh - 1.0)), 1e-9);
    }
    prev = closed;
  }
  // CRB·M³ tends to a constant: between M = 64 and 128 it changes by < 0.1 %.
  const double c64 = ula_doa_crb(64, 0.5, theta, 1.0, t) * 64.0 * 64.0 * 64.0;
  const double c128 = ula_doa_crb(128, 0.5, theta, 1.0, t) * 128.0 * 128.0 * 128.0;
  EXPECT_NEAR(c128 / c64, 1.0, 1e-3);
}

// The semi-passive DoA CRB with the IRS illumination in the model (t depends on θ): still ∝ 1/M³
// asymptotically, and never above the amplitude-folded bound.
TEST(Crb, SemiPassiveSensorsFollowInverseCube) {
  const G2 g;
  const PointTarget tg{g.theta, g.alpha};
  double prev = 0.0;
  // CRB ≈ 1/(a·M³ + b): b (the information carried by the illumination t(θ)) fades as M grows.
  for (Index m : {64, 128, 256}) {
    const EchoModel sp = semi_passive_model(g.gt, g.v, m, 1.0);
    const double c = crb_angle(sp, tg, g.r, G2::t);
    if (prev > 0.0) {
      EXPECT_NEAR(prev / c, 8.0, 0.1) << "M = " << m;
      EXPECT_LT(prev / c, 8.0 + 1e-9);
    }
    prev = c;
  }
}

TEST(Crb, G3ExtendedTargetClosedFormOptimumAndNumericFim) {
  const G3 g;
  const CMat ropt = extended_target_optimal_tx_cov(g.gt, 1.0);
  EXPECT_NEAR(ropt.trace().real(), 1.0, 1e-12);
  const double c_opt = extended_target_crb(g.gt, g.gr, ropt, G3::t, 1.0);
  EXPECT_NEAR(c_opt / golden("g3_crb_optimal"), 1.0, 1e-10);
  EXPECT_NEAR(c_opt / golden("g3_crb_closed_form_optimum"), 1.0, 1e-10);
  const CMat iso = CMat::Identity(6, 6) / 6.0;
  const double c_iso = extended_target_crb(g.gt, g.gr, iso, G3::t, 1.0);
  EXPECT_NEAR(c_iso / golden("g3_crb_isotropic"), 1.0, 1e-10);
  EXPECT_GT(c_iso, c_opt);
  // tr(J⁻¹) of the 2N²-parameter FIM equals the closed form, for any v (independent of Φ).
  Rng rng(7);
  for (int k = 0; k < 2; ++k) {
    CVec v(4);
    for (auto& e : v) e = rng.unit_phasor();
    EXPECT_NEAR(extended_target_crb_numeric(g.gt, g.gr, v, ropt, G3::t, 1.0) / c_opt, 1.0, 1e-9);
  }
  // Property: the optimum is no worse than random feasible R_x.
  for (int k = 0; k < 20; ++k) {
    const CMat a = rng.complex_normal_matrix(6, 6);
    CMat r = a * a.adjoint();
    r /= r.trace().real();
    EXPECT_GE(extended_target_crb(g.gt, g.gr, r, G3::t, 1.0), c_opt * (1.0 - 1e-12));
  }
}

TEST(Crb, ExtendedTargetNeedsHighRankLinks) {
  const G3 g;
  const CMat gt1 = ula_steering(4, 0.5, 0.1) * ula_steering(6, 0.5, 0.3).adjoint();
  try {
    (void)extended_target_crb(gt1, g.gr, CMat::Identity(6, 6) / 6.0, 16, 1.0);
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("rank 1 of 4"), std::string::npos) << e.what();
  }
}

TEST(Crb, SemiPassiveExtendedCrbGrowsLinearlyInSensors) {
  const G3 g;
  const CMat r = CMat::Identity(6, 6) / 6.0;
  const double c4 = semi_passive_extended_crb(g.gt, r, 4, 64, 1.0);
  const double c8 = semi_passive_extended_crb(g.gt, r, 8, 64, 1.0);
  EXPECT_NEAR(c8 / c4, 2.0, 1e-12);
}

// Nuisance echoes and clutter can only add uncertainty; several targets sharing one IRS–BS link.
TEST(Crb, DirectPathClutterAndSharedLink) {
  const G2 g;
  const EchoModel m = monostatic_irs_model(g.gt, g.gr, g.v, 1.0);
  const PointTarget tg{g.theta, g.alpha};
  const double base = crb_angle(m, tg, g.r, G2::t);
  const EchoModel md = with_direct_path(m, ula_steering(4, 0.5, 0.7), ula_steering(4, 0.5, 0.7));
  const double with_direct = crb_angle(md, tg, g.r, G2::t);
  EXPECT_GE(with_direct, base * (1.0 - 1e-12));
  EXPECT_NEAR(crb_from_fim(point_target_fim(md, {tg}, g.r, G2::t))(0, 0) / with_direct, 1.0, 1e-9);
  EchoModel mc = m;
  const CVec c = ula_steering(4, 0.5, -0.3);
  mc.interference_cov = 5.0 * c * c.adjoint();
  const double with_clutter = crb_angle(mc, tg, g.r, G2::t);
  EXPECT_GE(with_clutter, base);
  EXPECT_NEAR(crb_from_fim(point_target_fim(mc, {tg}, g.r, G2::t))(0, 0) / with_clutter, 1.0, 1e-9);
  // Two targets through the shared link: the joint bound on θ₁ is above the single-target bound.
  const PointTarget t2{g.theta + 0.15, 0.5 * g.alpha};
  const RMat crb2 = crb_from_fim(point_target_fim(m, {tg, t2}, g.r, G2::t));
  EXPECT_GE(crb2(0, 0), base * (1.0 - 1e-12));
  EXPECT_EQ(crb2.rows(), 6);
}

TEST(Crb, DelayDopplerClosedForms) {
  Rng rng(11);
  const Index k = 64;
  CVec s = rng.complex_normal_vector(k);
  const double fs = 1e6, noise = 0.5;
  const Complex alpha{0.3, -0.4};
  const RMat fim = delay_doppler_fim(s, fs, alpha, 0.0, 0.0, noise);
  // τ alone (f_D known): drop the Doppler row/column.
  RMat f3(3, 3);
  f3 << fim(0, 0), fim(0, 2), fim(0, 3), fim(2, 0), fim(2, 2), fim(2, 3), fim(3, 0), fim(3, 2), fim(3, 3);
  EXPECT_NEAR(crb_from_fim(f3)(0, 0) / delay_crb_closed_form(s, fs, alpha, noise), 1.0, 1e-9);
  RMat g3(3, 3);
  g3 << fim(1, 1), fim(1, 2), fim(1, 3), fim(2, 1), fim(2, 2), fim(2, 3), fim(3, 1), fim(3, 2), fim(3, 3);
  EXPECT_NEAR(crb_from_fim(g3)(0, 0) / doppler_crb_closed_form(s, fs, alpha, noise), 1.0, 1e-9);
  const RangeVelocityCrb rv = range_velocity_crb(s, fs, alpha, noise, 0.01);
  EXPECT_GE(rv.delay_s2, delay_crb_closed_form(s, fs, alpha, noise) * (1 - 1e-12));
  EXPECT_NEAR(rv.range_m2 / rv.delay_s2, std::pow(constants::speed_of_light / 2.0, 2), 1e-3);
}

// Acceptance: bad input gets a clear error.
TEST(Crb, BadInput) {
  const G2 g;
  const EchoModel m = monostatic_irs_model(g.gt, g.gr, g.v, 1.0);
  const PointTarget tg{g.theta, g.alpha};
  EXPECT_THROW((void)crb_angle(m, tg, CMat::Zero(4, 4), G2::t), InvalidArgument);      // zero power
  EXPECT_THROW((void)crb_angle(m, PointTarget{g.theta, {0.0, 0.0}}, g.r, G2::t), InvalidArgument);
  const EchoModel blocked = monostatic_irs_model(CMat::Zero(8, 4), g.gr, g.v, 1.0);    // no path to the target
  try {
    (void)crb_angle(blocked, tg, g.r, G2::t);
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("zero"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)point_target_fim(m, {}, g.r, G2::t), InvalidArgument);          // no target
  EXPECT_THROW((void)monostatic_irs_model(g.gt, g.gr, g.v, 0.0), InvalidArgument);
  EXPECT_THROW((void)ula_doa_crb(1, 0.5, 0.1, 1.0, 10), InvalidArgument);
}

// Bistatic architectures: closed form = inverse FIM; a rank-one IRS link on the only θ-carrying
// side makes the angle non-identifiable (the single-pass analogue of the monostatic rank condition).
TEST(Crb, BistaticModels) {
  const G2 g;
  const PointTarget tg{g.theta, g.alpha};
  const CVec rx = ula_steering(4, 0.5, 0.4), tx = ula_steering(4, 0.5, -0.2);
  const EchoModel a = bistatic_tx_irs_model(g.gt, g.v, rx, 1.0);
  const EchoModel b = bistatic_irs_rx_model(tx, g.gr, g.v, 1.0);
  for (const EchoModel* m : {&a, &b}) {
    const double c = crb_angle(*m, tg, g.r, G2::t);
    EXPECT_NEAR(crb_angle_from_fim(*m, tg, g.r, G2::t) / c, 1.0, 1e-9);
    EXPECT_NEAR(crb_from_fim(point_target_fim_numeric(*m, {tg}, g.r, G2::t))(0, 0) / c, 1.0, 1e-8);
  }
  const CMat gr1 = ula_steering(4, 0.5, 0.2) * ula_steering(8, 0.5, -0.4).adjoint();
  EXPECT_THROW((void)crb_angle(bistatic_irs_rx_model(tx, gr1, g.v, 1.0), tg, g.r, G2::t), NumericalError);
  const CMat gt1 = ula_steering(8, 0.5, -0.4) * ula_steering(4, 0.5, 0.2).adjoint();
  EXPECT_THROW((void)crb_angle(bistatic_tx_irs_model(gt1, g.v, rx, 1.0), tg, g.r, G2::t), NumericalError);
}
