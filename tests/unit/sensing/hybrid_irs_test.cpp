// Hybrid IRS (docs/architectures.md §4): closed forms of the two links and their fusion.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/rng.hpp"
#include "irisac/geometry/array.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/hybrid_irs.hpp"

namespace irisac {
namespace {

// LoS geometry: G_t = g a_N(θ_A) c(θ_D)ᵀ, G_r = G_tᵀ, sensors = the first k elements, the other
// n_r elements reflect with phases aligned to the target.
HybridGeometry hybrid_los(Index n_r, Index k, double theta, Index m, Rng* rng) {
  const Index n = n_r + k;
  HybridGeometry g;
  const CVec a_a = ula_steering(n, 0.5, 0.3), c = ula_steering(m, 0.5, -0.2);
  g.bs_to_irs = Complex(1e-3, 0.0) * a_a * c.transpose();
  if (rng) g.bs_to_irs += 3e-4 * CMat::Random(n, m);  // rank >= 2 (the BS link identifies θ)
  g.irs_to_bs = g.bs_to_irs.transpose();
  const CVec a = ula_steering(n, 0.5, theta);
  g.reflection = CVec::Zero(n);
  for (Index i = k; i < n; ++i) g.reflection[i] = std::conj(a[i] * a_a[i]) / std::abs(a[i] * a_a[i]);
  for (Index i = 0; i < k; ++i) g.sensors.push_back(i);
  g.noise_var = 1e-12;
  g.beta = {2e-3, 1e-3};
  return g;
}

TEST(HybridIrs, BsEchoGrowsAsN4AndSensorEchoAsN2) {
  const double theta = 0.4;
  std::vector<double> ln, lb, ls;
  for (Index n_r : {8, 16, 32, 64, 128}) {
    const HybridLinks l = hybrid_links(hybrid_los(n_r, 4, theta, 4, nullptr));
    const CVec c = ula_steering(4, 0.5, -0.2);
    const CMat r = c.conjugate() * c.transpose() / 4.0;  // MRT towards the surface, unit power
    const PointTarget t{theta, {1.0, 0.0}};
    ln.push_back(std::log(static_cast<double>(n_r)));
    lb.push_back(std::log(hybrid_link_echo_power(l.bs, t, r)));
    ls.push_back(std::log(hybrid_link_echo_power(l.sensors, t, r)));
  }
  for (std::size_t i = 1; i < ln.size(); ++i) {  // the sensor elements are not in the reflect count
    const double eb = (lb[i] - lb[i - 1]) / (ln[i] - ln[i - 1]);
    const double es = (ls[i] - ls[i - 1]) / (ln[i] - ln[i - 1]);
    EXPECT_NEAR(eb, 4.0, 1e-9);
    EXPECT_NEAR(es, 2.0, 1e-9);
  }
}

TEST(HybridIrs, FusedCrbEqualsInverseNumericalFim) {
  Rng rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    HybridGeometry g = hybrid_los(12 + trial % 5, 4 + trial % 3, rng.uniform(-0.8, 0.8), 4, &rng);
    g.active = {g.sensors.back() + 1, g.sensors.back() + 3};
    g.amplified_noise_w = 1e-12;
    const HybridLinks l = hybrid_links(g);
    const PointTarget t{rng.uniform(-0.7, 0.7), {rng.normal(), rng.normal()}};
    const CMat x = waveform_from_covariance(CMat::Identity(4, 4), 16);
    const CMat r = x * x.adjoint() / 16.0;
    const HybridCrb c = hybrid_crb(l, t, r, 16);
    ASSERT_GT(c.info_bs, 0.0);
    const RMat j = hybrid_fim_numeric(l, t, x);
    const double crb_num = j.inverse()(0, 0);
    EXPECT_NEAR(c.crb_fused / crb_num, 1.0, 1e-8);
    EXPECT_NEAR(1.0 / c.crb_fused, c.info_sensors + c.info_bs, 1e-9 * (c.info_sensors + c.info_bs));
  }
}

TEST(HybridIrs, RankOneLinkGivesNoBsInformation) {
  const HybridLinks l = hybrid_links(hybrid_los(16, 4, 0.2, 4, nullptr));
  const CMat r = CMat::Identity(4, 4);
  const HybridCrb c = hybrid_crb(l, {0.2, {1.0, 0.0}}, r, 16);
  EXPECT_LT(c.info_bs, 1e-9 * c.info_sensors);
  EXPECT_NEAR(c.crb_fused / c.crb_sensors, 1.0, 1e-8);
}

TEST(HybridIrs, DistributedFusionOfEfficientGaussianEstimatesMeetsTheCentralisedCrb) {
  // Local estimates N(θ, 1/J_s), N(θ, 1/J_b): the fused variance 1/(J_s + J_b) is the centralised
  // CRB [J⁻¹]_θθ of the stacked FIM; Monte Carlo check with n = 20000 draws, 5σ of √(2/n).
  Rng rng(3);
  HybridGeometry g = hybrid_los(16, 6, 0.3, 4, &rng);
  const HybridLinks l = hybrid_links(g);
  const PointTarget t{0.3, {1.0, 0.5}};
  const CMat x = waveform_from_covariance(CMat::Identity(4, 4), 16);
  const HybridCrb c = hybrid_crb(l, t, x * x.adjoint() / 16.0, 16);
  EXPECT_NEAR(c.crb_fused / hybrid_fim_numeric(l, t, x).inverse()(0, 0), 1.0, 1e-8);
  const int n = 20000;
  double se = 0.0;
  for (int i = 0; i < n; ++i) {
    const double ts = t.theta + rng.normal() * std::sqrt(c.crb_sensors);
    const double tb = t.theta + rng.normal() * std::sqrt(c.crb_bs);
    const double f = fuse_local_estimates(ts, c.info_sensors, tb, c.info_bs);
    se += (f - t.theta) * (f - t.theta);
  }
  EXPECT_NEAR(se / n / c.crb_fused, 1.0, 5.0 * std::sqrt(2.0 / n));
}

TEST(HybridIrs, MlFusionReachesTheFusedCrbAtHighSnr) {
  // 400 trials: relative standard error of the MSE ≈ √(2/400) = 7 %; the 10 % band is > 1.4σ,
  // so the test also requires the 95 % CI of MSE/CRB (±1.96·s/√n) to lie within [0.85, 1.15].
  Rng rng(11);
  HybridGeometry g = hybrid_los(24, 8, 0.35, 4, &rng);
  g.noise_var = 1e-13;
  const HybridLinks l = hybrid_links(g);
  const PointTarget t{0.35, {1.0, 0.0}};
  const CMat x = waveform_from_covariance(CMat::Identity(4, 4), 16);
  const HybridCrb c = hybrid_crb(l, t, x * x.adjoint() / 16.0, 16);
  AngleSearchOptions o;
  o.grid_size = 256;
  const int n = 400;
  double s1 = 0.0, s2 = 0.0;
  for (int i = 0; i < n; ++i) {
    const HybridObservation y = simulate_hybrid(l, t, x, rng);
    const double e = hybrid_ml_fused(l, y, x, o) - t.theta;
    s1 += e * e / c.crb_fused;
    s2 += std::pow(e * e / c.crb_fused, 2);
  }
  const double mean = s1 / n, sd = std::sqrt(s2 / n - mean * mean);
  EXPECT_NEAR(mean, 1.0, 0.10) << "CI half-width " << 1.96 * sd / std::sqrt(double(n));
}

TEST(HybridIrs, QuantiserAndBadInput) {
  EXPECT_DOUBLE_EQ(quantise_uniform(0.1, -1.0, 1.0, 1), 0.5);
  EXPECT_DOUBLE_EQ(quantise_uniform(-5.0, -1.0, 1.0, 2), -0.75);
  EXPECT_NEAR(uniform_quantiser_variance(-1.0, 1.0, 3), 0.25 * 0.25 / 12.0, 1e-15);
  EXPECT_THROW((void)quantise_uniform(0.0, 1.0, 1.0, 2), InvalidArgument);
  EXPECT_THROW((void)fuse_local_estimates(0.0, 0.0, 0.0, 0.0), InvalidArgument);
  HybridGeometry g = hybrid_los(8, 2, 0.1, 4, nullptr);
  g.reflection[0] = 1.0;  // a sensor element that reflects
  EXPECT_THROW((void)hybrid_links(g), InvalidArgument);
}

}  // namespace
}  // namespace irisac
