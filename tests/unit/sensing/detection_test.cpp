#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "irisac/core/rng.hpp"
#include "irisac/core/error.hpp"
#include "irisac/sensing/detection.hpp"
#include "test_support.hpp"

using namespace irisac;
using irisac::test::golden;

// Golden values: scipy.stats.ncx2.sf(b², 2M, a²) (tests/reference/sensing_reference.py).
TEST(Detection, MarcumQMatchesScipy) {
  for (int i = 0; i < 13; ++i) {
    const std::string k = "marcum_" + std::to_string(i) + "_";
    const int m = static_cast<int>(golden(k + "order"));
    const double a = golden(k + "a"), b = golden(k + "b"), q = golden(k + "q");
    const double got = marcum_q(m, a, b);
    // relative 1e-10 for values above 1e-300; the absolute error stays below 1e-14 everywhere
    EXPECT_NEAR(got, q, std::max(1e-10 * q, 1e-14)) << "M=" << m << " a=" << a << " b=" << b;
    EXPECT_NEAR(got / q, 1.0, 1e-8) << "M=" << m << " a=" << a << " b=" << b;
  }
}

TEST(Detection, MarcumQIdentities) {
  // Q₁(0, b) = e^{−b²/2}; Q₁(a, 0) = 1; Q₁(a,b) + Q₁(b,a) = 1 + e^{−(a²+b²)/2} I₀(ab).
  EXPECT_NEAR(marcum_q1(0.0, 2.5), std::exp(-2.5 * 2.5 / 2.0), 1e-15);
  EXPECT_EQ(marcum_q1(3.0, 0.0), 1.0);
  for (double a : {0.3, 1.7, 4.0})
    for (double b : {0.5, 2.2, 5.1}) {
      const double lhs = marcum_q1(a, b) + marcum_q1(b, a);
      const double rhs = 1.0 + std::exp(-(a * a + b * b) / 2.0) * std::cyl_bessel_i(0.0, a * b);
      EXPECT_NEAR(lhs, rhs, 1e-13) << a << " " << b;
    }
  EXPECT_THROW((void)marcum_q(0, 1.0, 1.0), InvalidArgument);
  EXPECT_THROW((void)marcum_q(1, -1.0, 1.0), InvalidArgument);
}

TEST(Detection, GlrtPdTable) {
  for (int e : {2, 4, 6})
    for (int s : {0, 5, 10, 13, 15, 20}) {
      const double pfa = std::pow(10.0, -e), snr = std::pow(10.0, s / 10.0);
      const double ref = golden("pd_glrt_pfa" + std::to_string(e) + "_snr" + std::to_string(s));
      EXPECT_NEAR(glrt_pd(snr, pfa), ref, 1e-12) << e << " " << s;
    }
}

TEST(Detection, EnergyDetectorThresholdAndPd) {
  for (Index n : {4, 16}) {
    const double eta = energy_threshold(n, 1e-3);
    EXPECT_NEAR(eta / golden("energy_threshold_n" + std::to_string(n)), 1.0, 1e-10);
    EXPECT_NEAR(energy_detector_pd(n, 10.0, 1e-3), golden("energy_pd_n" + std::to_string(n) + "_snr10db"), 1e-10);
  }
  EXPECT_NEAR(energy_threshold(1, 1e-3), glrt_threshold(1e-3), 1e-10);  // n = 1: same as the GLRT
}

// Acceptance: P_d matches Marcum Q within Monte Carlo error (4σ, σ = √(p(1−p)/n), n = 4000).
TEST(Detection, MonteCarloMatchesClosedForm) {
  Rng rng(31);
  const Index n = 8;
  CVec s(n);
  for (auto& e : s) e = rng.complex_normal();
  const double noise = 0.7, pfa = 1e-2;
  for (double snr_db : {3.0, 8.0, 11.0}) {
    const double snr = std::pow(10.0, snr_db / 10.0);
    const CVec sig = s * std::sqrt(snr * noise / s.squaredNorm());  // |α|²‖s‖²/σ² = snr
    const auto g = detection_monte_carlo(Detector::glrt, sig, noise, pfa, 4000, rng);
    const double pd = glrt_pd(snr, pfa);
    EXPECT_NEAR(g.pd, pd, 4.0 * std::sqrt(pd * (1 - pd) / 4000.0) + 1e-3) << snr_db;
    const auto en = detection_monte_carlo(Detector::energy, sig, noise, pfa, 4000, rng);
    const double pde = energy_detector_pd(n, snr, pfa);
    EXPECT_NEAR(en.pd, pde, 4.0 * std::sqrt(pde * (1 - pde) / 4000.0) + 1e-3) << snr_db;
    const auto sw = detection_monte_carlo(Detector::glrt, sig, noise, pfa, 4000, rng, true);
    const double pds = glrt_pd_swerling1(snr, pfa);
    EXPECT_NEAR(sw.pd, pds, 4.0 * std::sqrt(pds * (1 - pds) / 4000.0) + 1e-3) << snr_db;
  }
  // The GLRT (known signature) beats the energy detector at the same SNR.
  EXPECT_GT(glrt_pd(5.0, pfa), energy_detector_pd(n, 5.0, pfa));
}

TEST(Detection, RocIsMonotone) {
  const auto roc = glrt_roc(4.0, {1e-6, 1e-4, 1e-2, 0.1, 0.5});
  for (std::size_t i = 1; i < roc.size(); ++i) EXPECT_GT(roc[i].pd, roc[i - 1].pd);
  EXPECT_THROW((void)glrt_threshold(0.0), InvalidArgument);
  EXPECT_THROW((void)glrt_threshold(1.0), InvalidArgument);
}
