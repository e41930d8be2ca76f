// Multi-target sensing through a shared BS–IRS link (sensing/multi_target.hpp): time-division closed
// form, the Bessel bound for orthogonal cascades, the rank condition of signature sequences.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/geometry/array.hpp"
#include "irisac/sensing/multi_target.hpp"

using namespace irisac;

namespace {
// LoS BS–IRS link G = g·a_N(ψ)b_M(φ)ᴴ (rank one).
CMat mt_test_los(Index n, Index m, Complex g, double psi, double phi) {
  return g * ula_steering(n, 0.5, psi) * ula_steering(m, 0.5, phi).adjoint();
}
}  // namespace

// Time division through a rank-one link: the aligned gain is P|g|²MN², whatever θ_k, ψ, φ.
TEST(MultiTarget, TimeDivisionGainIsPg2MN2) {
  Rng rng(5);
  for (int k = 0; k < 30; ++k) {
    const Index n = 4 + static_cast<Index>(rng.uniform_index(30)), m = 1 + static_cast<Index>(rng.uniform_index(8));
    const Complex g = rng.uniform(0.1, 2.0) * rng.unit_phasor();
    const CMat gm = mt_test_los(n, m, g, rng.uniform(-1.2, 1.2), rng.uniform(-1.2, 1.2));
    const CVec a = ula_steering(n, 0.5, rng.uniform(-1.2, 1.2));
    const double p = rng.uniform(0.5, 3.0);
    const BeamAndPhases d = time_division_design(gm, a, p);
    const double ref = p * std::norm(g) * static_cast<double>(m * n * n);
    EXPECT_NEAR(d.gain / ref, 1.0, 1e-9);
    EXPECT_NEAR(multi_target_gain(gm, a, d.v, d.w * d.w.adjoint()) / ref, 1.0, 1e-9);
    EXPECT_NEAR(d.w.squaredNorm(), p, 1e-12 * p);
  }
}

// Orthogonal cascades (sin θ_k = s₀ + 2m_k/N): Σ_k |c_kᵀv|² ≤ N² for every v (200 random v per
// instance and the max–min design), and the max–min design gives each target ≤ N²/K and at least
// the best of 100 random phase vectors.
TEST(MultiTarget, BesselBoundForOrthogonalCascades) {
  Rng rng(17);
  for (int inst = 0; inst < 20; ++inst) {
    const Index n = 16, k = 2 + static_cast<Index>(rng.uniform_index(3));
    const CVec u = ula_steering(n, 0.5, rng.uniform(-1.0, 1.0));
    const double s0 = rng.uniform(-0.2, 0.0);
    CMat c(k, n);
    for (Index t = 0; t < k; ++t) {
      const double s = s0 + 2.0 * static_cast<double>(t + 1) / static_cast<double>(n) * 1.0;
      c.row(t) = ula_steering(n, 0.5, std::asin(s)).cwiseProduct(u).transpose();
    }
    ASSERT_LT((c * c.adjoint() - static_cast<double>(n) * CMat::Identity(k, k)).norm(), 1e-9);
    double best_random = 0.0;
    for (int r = 0; r < 200; ++r) {
      CVec v(n);
      for (auto& e : v) e = rng.unit_phasor();
      const RVec gk = (c * v).cwiseAbs2();
      EXPECT_LE(gk.sum(), static_cast<double>(n * n) * (1.0 + 1e-12));
      if (r < 100) best_random = std::max(best_random, gk.minCoeff());
    }
    const CVec v = max_min_common_phase(c);
    const RVec gk = (c * v).cwiseAbs2();
    EXPECT_NEAR(v.cwiseAbs().maxCoeff(), 1.0, 1e-12);
    EXPECT_LE(gk.sum(), static_cast<double>(n * n) * (1.0 + 1e-12));
    EXPECT_LE(gk.minCoeff(), static_cast<double>(n * n) / static_cast<double>(k) * (1.0 + 1e-12));
    EXPECT_GE(gk.minCoeff(), best_random);
  }
}

// The rank condition: through a rank-one link the signature sequences are not separable (reported,
// no beams); through a rank-≥K link the zero-forcing beams leave no cross-illumination and give every
// target P/tr((HHᴴ)⁻¹) with Σ‖w_k‖² = P.
TEST(MultiTarget, SignatureSequencesNeedRankK) {
  Rng rng(8);
  const Index n = 16, m = 4, k = 3;
  CMat a(k, n);
  for (Index t = 0; t < k; ++t) a.row(t) = ula_steering(n, 0.5, -0.6 + 0.5 * static_cast<double>(t)).transpose();
  CVec v(n);
  for (auto& e : v) e = rng.unit_phasor();
  const SignatureDesign bad = signature_sequence_design(mt_test_los(n, m, {0.5, 0.1}, 0.3, -0.2), a, v, 1.0);
  EXPECT_FALSE(bad.separable);
  EXPECT_EQ(bad.rank, 1);
  EXPECT_EQ(bad.beams.size(), 0);
  EXPECT_NE(bad.diagnostic.find("rank 1 < K = 3"), std::string::npos) << bad.diagnostic;
  CMat g(n, m);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < m; ++j) g(i, j) = rng.complex_normal();
  const SignatureDesign ok = signature_sequence_design(g, a, v, 2.0);
  ASSERT_TRUE(ok.separable);
  const CMat hw = a * v.asDiagonal() * g * ok.beams;  // K × K
  const CMat off = hw - CMat(hw.diagonal().asDiagonal());
  EXPECT_LT(off.norm(), 1e-10 * hw.norm());
  for (Index t = 0; t < k; ++t) EXPECT_NEAR(std::norm(hw(t, t)) / ok.gain, 1.0, 1e-10);
  EXPECT_NEAR(ok.beams.squaredNorm(), 2.0, 1e-10);
  const CMat h = a * v.asDiagonal() * g;
  EXPECT_NEAR(ok.gain * (h * h.adjoint()).inverse().trace().real(), 2.0, 1e-9);
}

// Hybrid groups through a rank-one link: G_r = K reproduces time division (P|g|²MN² each, sensing
// frequency 1/K); fewer groups sense more often and, with orthogonal cascades, give each target at
// most N²G_r/K (normalised by P|g|²M).
TEST(MultiTarget, HybridGroupsTradeGainForSensingFrequency) {
  const Index n = 16, m = 2, k = 4;
  const Complex g{0.8, 0.0};
  const CMat gm = mt_test_los(n, m, g, 0.0, 0.0);  // u = 1: cascades are the target steering vectors
  CMat a(k, n);
  for (Index t = 0; t < k; ++t) a.row(t) = ula_steering(n, 0.5, std::asin(-0.5 + 2.0 * static_cast<double>(t) / n)).transpose();
  const double norm = std::norm(g) * static_cast<double>(m);
  const HybridDesign td = hybrid_group_design(gm, a, k, 1.0);
  EXPECT_NEAR(td.sensing_frequency, 0.25, 1e-15);
  EXPECT_NEAR(td.min_gain / (norm * n * n), 1.0, 1e-9);
  for (Index gr : {1, 2}) {
    const HybridDesign h = hybrid_group_design(gm, a, gr, 1.0);
    EXPECT_NEAR(h.sensing_frequency, 1.0 / static_cast<double>(gr), 1e-15);
    EXPECT_LE(h.min_gain / norm, static_cast<double>(n * n * gr) / k * (1.0 + 1e-9));
    EXPECT_GT(h.min_gain / norm, 0.25 * static_cast<double>(n * n * gr) / k);
  }
  EXPECT_THROW((void)hybrid_group_design(gm, a, 5, 1.0), InvalidArgument);
}
