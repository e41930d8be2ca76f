// AirComp through an IRS (docs/aircomp.md): closed forms, certified lower bounds, monotonicity.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/comm/aircomp.hpp"
#include "irisac/comm/phase_methods.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"

namespace irisac {
namespace {

AirCompProblem aircomp_random(Rng& rng, Index na, Index n, Index k, double direct = 0.3) {
  AirCompProblem p;
  p.direct = rng.complex_normal_matrix(na, k, direct * direct);
  p.irs_to_ap = rng.complex_normal_matrix(na, n);
  p.sensor_to_irs = rng.complex_normal_matrix(n, k, 0.1);
  p.noise_w = 1e-3;
  p.power_w = 0.5;
  return p;
}

// K = 1, single-antenna AP: p* = 1/(|h_d| + Σ_n |g_n h_{r,n}|)², MSE = σ²/P₀ · p*.
TEST(AirComp, SingleSensorSingleAntennaEqualsClosedForm) {
  for (std::uint64_t s = 0; s < 50; ++s) {
    Rng rng(11, s);
    const AirCompProblem p = aircomp_random(rng, 1, 2 + static_cast<Index>(s % 9), 1);
    const AirCompDesign d = aircomp_design(p);
    double amp = std::abs(p.direct(0, 0));
    for (Index i = 0; i < p.elements(); ++i) amp += std::abs(p.irs_to_ap(0, i) * p.sensor_to_irs(i, 0));
    const double expect = p.noise_w / p.power_w / (amp * amp);
    EXPECT_NEAR(d.mse / expect, 1.0, 1e-9) << "seed " << s;
    EXPECT_NEAR(d.mse_lower_bound / expect, 1.0, 1e-9);
    EXPECT_LT(unit_modulus_residual(d.v), 1e-12);
  }
}

// K = 2 m-step against a brute-force search: min over the relative phase φ of
// c^H (H^H H)^{-1} c, c = (1, e^{jφ}), and the two single-constraint solutions.
TEST(AirComp, TwoSensorBeamEqualsClosedForm) {
  for (std::uint64_t s = 0; s < 60; ++s) {
    Rng rng(12, s);
    const Index na = 2 + static_cast<Index>(s % 3);
    CMat H = rng.complex_normal_matrix(na, 2);
    if (s % 4 == 0) H.col(1) = H.col(0) * Complex(2.5, 0.5) + 0.05 * rng.complex_normal_vector(na);  // near-collinear
    const AirCompBeam b = aircomp_receive_beam(H);
    ASSERT_EQ(b.method, "k2");
    const CMat gi = (H.adjoint() * H).inverse();
    double brute = std::numeric_limits<double>::infinity();
    for (int i = 0; i < 20000; ++i) {
      CVec c(2);
      c << 1.0, std::polar(1.0, 2 * M_PI * i / 20000.0);
      brute = std::min(brute, (c.adjoint() * gi * c)(0, 0).real());
    }
    for (Index i = 0; i < 2; ++i) {
      const CVec m = H.col(i) / H.col(i).squaredNorm();
      if ((H.adjoint() * m).cwiseAbs2().minCoeff() >= 1.0 - 1e-12) brute = std::min(brute, m.squaredNorm());
    }
    // The grid overestimates the continuous minimum by O((2π/20000)²) relative.
    EXPECT_LE(b.norm2, brute * (1 + 1e-9)) << "seed " << s;
    EXPECT_GE(b.norm2, brute * (1 - 1e-6)) << "seed " << s;
    EXPECT_NEAR(b.norm2 / aircomp_k2_value(H.col(0), H.col(1)), 1.0, 1e-9);
    EXPECT_NEAR((H.adjoint() * b.m).cwiseAbs2().minCoeff(), 1.0, 1e-9);  // feasible, active
  }
}

// The certified lower bound never exceeds the achieved MSE; for K = 3 the SDR is tight.
TEST(AirComp, LowerBoundNeverExceedsMse) {
  if (!sdr_available()) GTEST_SKIP() << "built without DSDP";
  int k3 = 0;
  for (std::uint64_t s = 0; s < 40; ++s) {
    Rng rng(13, s);
    const Index k = 1 + static_cast<Index>(s % 5), na = 2 + static_cast<Index>(s % 3);
    const AirCompProblem p = aircomp_random(rng, na, 8, k);
    AirCompOptions o;
    o.max_iterations = 5;
    const AirCompDesign d = aircomp_design(p, CVec(), o);
    EXPECT_LE(d.mse_lower_bound, d.mse * (1 + 1e-12)) << "seed " << s;
    EXPECT_GT(d.mse_lower_bound, 0.0);
    const CMat H = aircomp_channels(p, d.v);
    EXPECT_GE((H.adjoint() * d.beam.m).cwiseAbs2().minCoeff(), 1.0 - 1e-9);  // the design is feasible
    EXPECT_NEAR(d.beam.m.squaredNorm() * p.noise_w / p.power_w, d.mse, 1e-12 * d.mse);
    if (k == 3) {
      const AirCompBeam b = aircomp_receive_beam(H);
      EXPECT_LE(b.norm2 / b.lower_bound - 1.0, 1e-4) << "SDR tight for K = 3, seed " << s;
      ++k3;
    }
  }
  EXPECT_GT(k3, 0);
}

// Alternation: ‖m‖² is non-increasing over the rounds.
TEST(AirComp, HistoryNonIncreasing) {
  for (std::uint64_t s = 0; s < 20; ++s) {
    Rng rng(14, s);
    const AirCompProblem p = aircomp_random(rng, 2, 10, 2);
    const AirCompDesign d = aircomp_design(p);
    for (std::size_t i = 1; i < d.history.size(); ++i) EXPECT_LE(d.history[i], d.history[i - 1]) << "seed " << s;
    EXPECT_NEAR(d.history.back() * p.noise_w / p.power_w, d.mse, 1e-12 * d.mse);
  }
}

// Nested surfaces (K = 1, single-antenna AP): the first N elements of a larger surface; the MSE does
// not increase with N (each added element adds |g_n h_{r,n}| ≥ 0 to the aligned amplitude).
TEST(AirComp, MseDoesNotIncreaseWithNestedSurfaces) {
  for (std::uint64_t s = 0; s < 20; ++s) {
    Rng rng(15, s);
    const AirCompProblem big = aircomp_random(rng, 1, 32, 1);
    double prev = std::numeric_limits<double>::infinity();
    for (Index n : {0, 1, 2, 4, 8, 16, 32}) {
      AirCompProblem p = big;
      p.irs_to_ap = big.irs_to_ap.leftCols(n);
      p.sensor_to_irs = big.sensor_to_irs.topRows(n);
      const double mse = aircomp_design(p).mse;
      EXPECT_LE(mse, prev * (1 + 1e-12)) << "seed " << s << " N " << n;
      prev = mse;
    }
  }
}

TEST(AirComp, BadInputThrowsNamingTheField) {
  Rng rng(16);
  AirCompProblem p = aircomp_random(rng, 2, 4, 2);
  p.noise_w = 0;
  EXPECT_THROW((void)aircomp_design(p), InvalidArgument);
  p = aircomp_random(rng, 2, 4, 2);
  p.irs_to_ap = CMat::Zero(3, 4);
  try {
    (void)aircomp_design(p);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("irs_to_ap"), std::string::npos);
  }
  EXPECT_THROW((void)aircomp_receive_beam(CMat::Zero(2, 2)), InvalidArgument);
}

}  // namespace
}  // namespace irisac
