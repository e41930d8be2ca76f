// Near-field sensing: closed forms, the numerical FIM, focusing and depth of focus, and the 2-D ML
// estimator against its CRB. Equations: docs/near-field.md.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/sensing/near_field.hpp"

using namespace irisac;

namespace {
// 30 GHz, half-wavelength ULA.
NearFieldArray nf_array(Index n) {
  const double lambda = constants::speed_of_light / 30e9;
  return {n, lambda / 2.0, lambda};
}
double rel(double a, double b) { return std::abs(a - b) / std::abs(b); }
}  // namespace

// Acceptance: the range–angle CRB equals the inverse numerical FIM of the exact spherical-wave
// model to 1e-8.
TEST(NearField, ExactCrbEqualsInverseNumericalFim) {
  const NearFieldArray a = nf_array(64);
  const double rd = a.rayleigh_distance_m();
  for (const double theta : {0.0, 0.3, -0.7})
    for (const double frac : {0.02, 0.1, 0.5})
      for (const bool two_way : {false, true}) {
        const PolarPoint p{theta, frac * rd};
        const NearFieldCrb c = near_field_crb(a, p, 1e3, NearFieldModel::exact, two_way);
        const RMat jn = near_field_fim_numeric(a, p, 1e3, NearFieldModel::exact, two_way);
        EXPECT_LT((jn - c.fim).norm() / c.fim.norm(), 1e-8) << theta << " " << frac;
        const RMat crb_n = jn.inverse();
        EXPECT_LT(rel(crb_n(0, 0), c.angle_rad2), 1e-8) << theta << " " << frac;
        EXPECT_LT(rel(crb_n(1, 1), c.range_m2), 1e-8) << theta << " " << frac;
      }
}

// The Fresnel model's FIM inverse is the closed form (ω and φ decouple with centred indices).
TEST(NearField, FresnelModelCrbEqualsClosedForm) {
  const NearFieldArray a = nf_array(33);
  for (const double theta : {0.0, 0.4, -1.0})
    for (const double r : {0.2, 1.0, 7.0})
      for (const bool two_way : {false, true}) {
        const NearFieldCrb num = near_field_crb(a, {theta, r}, 250.0, NearFieldModel::fresnel, two_way);
        const NearFieldCrb cf = near_field_crb_fresnel_closed_form(a, {theta, r}, 250.0, two_way);
        EXPECT_LT(rel(num.angle_rad2, cf.angle_rad2), 1e-9);
        EXPECT_LT(rel(num.range_m2, cf.range_m2), 1e-9);
      }
}

// The exact model's CRB approaches the Fresnel closed form as r grows; the angle CRB tends to the
// far-field CRB beyond the Rayleigh distance.
TEST(NearField, ExactTendsToFresnelAndFarField) {
  const NearFieldArray a = nf_array(64);
  const double rd = a.rayleigh_distance_m();
  double last = 1e9;
  for (const double frac : {0.01, 0.05, 0.3, 2.0}) {
    const PolarPoint p{0.5, frac * rd};
    const NearFieldCrb ex = near_field_crb(a, p, 100.0, NearFieldModel::exact);
    const NearFieldCrb cf = near_field_crb_fresnel_closed_form(a, p, 100.0);
    const double e = std::max(rel(ex.angle_rad2, cf.angle_rad2), rel(ex.range_m2, cf.range_m2));
    EXPECT_LT(e, last) << frac;
    last = e;
  }
  EXPECT_LT(last, 1e-3);
  const NearFieldCrb far = near_field_crb(a, {0.5, 10.0 * rd}, 100.0, NearFieldModel::exact);
  EXPECT_LT(rel(far.angle_rad2, far_field_crb_angle(a, 0.5, 100.0)), 1e-3);
  // Range information vanishes: CRB(r) ∝ r⁴ to first order at broadside.
  const double c1 = near_field_crb_fresnel_closed_form(a, {0.0, 1.0}, 100.0).range_m2;
  const double c2 = near_field_crb_fresnel_closed_form(a, {0.0, 2.0}, 100.0).range_m2;
  EXPECT_NEAR(c2 / c1, 16.0, 1e-9);
}

TEST(NearField, TwoWayDividesTheBoundByFour) {
  const NearFieldArray a = nf_array(40);
  const PolarPoint p{0.2, 0.8};
  const NearFieldCrb one = near_field_crb(a, p, 50.0, NearFieldModel::exact, false);
  const NearFieldCrb two = near_field_crb(a, p, 50.0, NearFieldModel::exact, true);
  EXPECT_LT(rel(two.angle_rad2, one.angle_rad2 / 4.0), 1e-9);
  EXPECT_LT(rel(two.range_m2, one.range_m2 / 4.0), 1e-9);
}

// Acceptance: the normalised focusing gain at the focus is N² (1 after dividing by N²), and the
// documented depth-of-focus formula matches the exact 3-dB points within 1 %.
TEST(NearField, FocusingGainAndDepthOfFocus) {
  EXPECT_NEAR(depth_of_focus_constant(), 3.476, 5e-4);
  const NearFieldArray a = nf_array(256);
  for (const double theta : {0.0, 0.35}) {
    const PolarPoint f0{theta, 1.0};
    EXPECT_NEAR(focusing_gain(a, f0, f0), 1.0, 1e-12);
    const CVec b = near_field_ula_response(a, f0, NearFieldModel::exact);
    EXPECT_NEAR(std::norm(b.dot(b)), 256.0 * 256.0, 1e-6);
    for (const double frac : {0.1, 0.25, 0.5}) {
      const DepthOfFocus formula = depth_of_focus(a, {0.0, 1.0});
      const PolarPoint f{theta, frac * depth_of_focus(a, f0).r_df_m};
      const DepthOfFocus df = depth_of_focus(a, f), ex = depth_of_focus_exact(a, f);
      ASSERT_TRUE(df.bounded && ex.bounded);
      EXPECT_LT(rel(ex.near_m, df.near_m), 0.01) << theta << " " << frac;
      EXPECT_LT(rel(ex.far_m, df.far_m), 0.01) << theta << " " << frac;
      EXPECT_NEAR(focusing_gain(a, f, {theta, ex.near_m}), 0.5, 1e-9);
      (void)formula;
    }
  }
  // Beyond r_DF the 3-dB region extends to infinity.
  const PolarPoint beyond{0.0, 2.0 * depth_of_focus(a, {0.0, 1.0}).r_df_m};
  EXPECT_FALSE(depth_of_focus(a, beyond).bounded);
  EXPECT_FALSE(depth_of_focus_exact(a, beyond).bounded);
}

// The 2-D ML estimator reaches the exact-model CRB at high SNR: MSE/CRB within 10 % for both θ
// and r. With n = 1500 trials the relative standard error of an efficient estimator's MSE is
// √(2/n) ≈ 3.7 %, so 10 % is about 2.7 standard errors.
TEST(NearField, MlReachesCrbAtHighSnr) {
  const NearFieldArray a = nf_array(32);
  const PolarPoint truth{0.25, 0.1 * a.rayleigh_distance_m()};
  const double snr = 1e4;  // 40 dB total
  const NearFieldCrb crb = near_field_crb(a, truth, snr, NearFieldModel::exact);
  const CVec b = near_field_ula_response(a, truth, NearFieldModel::exact);
  NearFieldSearch s;
  s.theta_min = -0.6;
  s.theta_max = 0.9;
  s.range_min_m = 0.3 * truth.range_m;
  s.range_max_m = 5.0 * truth.range_m;
  s.grid_angles = 32;
  s.grid_ranges = 8;
  s.refine_rounds = 3;
  const int trials = 1500;
  const double sigma2 = static_cast<double>(a.num_elements) / snr;
  double se_t = 0.0, se_r = 0.0, se_ff = 0.0;
  for (int t = 0; t < trials; ++t) {
    Rng rng(7, 0, static_cast<std::uint64_t>(t), 1);
    const Complex beta = rng.unit_phasor();
    CVec y = beta * b;
    for (auto& e : y) e += rng.complex_normal(sigma2);
    const PolarPoint est = near_field_ml(a, y, s, NearFieldModel::exact);
    se_t += (est.theta - truth.theta) * (est.theta - truth.theta);
    se_r += (est.range_m - truth.range_m) * (est.range_m - truth.range_m);
    const double ff = far_field_ml_angle(a, y, s);
    se_ff += (ff - truth.theta) * (ff - truth.theta);
  }
  EXPECT_NEAR(se_t / trials / crb.angle_rad2, 1.0, 0.10);
  EXPECT_NEAR(se_r / trials / crb.range_m2, 1.0, 0.10);
  // The far-field estimator used in the near field is biased: its MSE is far above the CRB.
  EXPECT_GT(se_ff / trials / crb.angle_rad2, 3.0);
}

TEST(NearField, BadArgumentsAreRejected) {
  EXPECT_THROW(validate(NearFieldArray{1, 0.005, 0.01}), InvalidArgument);
  EXPECT_THROW(validate(NearFieldArray{8, 0.0, 0.01}), InvalidArgument);
  const NearFieldArray a = nf_array(8);
  EXPECT_THROW((void)near_field_crb(a, {0.0, -1.0}, 10.0, NearFieldModel::exact), InvalidArgument);
  EXPECT_THROW((void)near_field_crb(a, {2.0, 1.0}, 10.0, NearFieldModel::exact), InvalidArgument);
  EXPECT_THROW((void)near_field_crb(a, {0.0, 1.0}, 0.0, NearFieldModel::exact), InvalidArgument);
}
