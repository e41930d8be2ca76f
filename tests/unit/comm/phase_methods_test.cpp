// Gradients vs finite differences, RCG stationarity, precoders, metrics.
#include "irisac/comm/phase_methods.hpp"

#include <gtest/gtest.h>

#include "irisac/comm/precoding.hpp"
#include "irisac/comm/split_matrix.hpp"
#include "irisac/core/error.hpp"
#include "unit/comm/comm_fixtures.hpp"

namespace irisac {
namespace {

// Directional derivative Re(g^H δ) against central differences (f is smooth on all of C^N).
void check_gradient(const PhaseObjective& f, std::uint64_t seed) {
  Rng rng(seed);
  const Index N = f.size();
  CVec v(N);
  for (Index n = 0; n < N; ++n) v(n) = rng.unit_phasor();
  const CVec g = f.gradient(v);
  for (int t = 0; t < 3; ++t) {
    const CVec d = rng.complex_normal_vector(N);
    const double h = 1e-6;
    const double fd = (f.value(v + h * d) - f.value(v - h * d)) / (2 * h);
    const double an = g.dot(d).real();
    EXPECT_NEAR(an, fd, 1e-6 * std::max(1.0, std::abs(fd)));
  }
  // Riemannian gradient: tangent (Re(conj(v) ⊙ r) = 0) and equal to the derivative along tangent curves
  const CVec r = riemannian_gradient(f, v);
  EXPECT_LT((v.conjugate().cwiseProduct(r)).real().cwiseAbs().maxCoeff(), 1e-10 * std::max(1.0, r.norm()));
  const RVec phi = RVec::Random(N);
  auto curve = [&](double s) {
    CVec w(N);
    for (Index n = 0; n < N; ++n) w(n) = v(n) * std::polar(1.0, s * phi(n));
    return f.value(w);
  };
  const CVec tangent = (Complex(0, 1) * phi.cast<Complex>()).cwiseProduct(v);
  const double fd = (curve(1e-6) - curve(-1e-6)) / 2e-6;
  EXPECT_NEAR(r.dot(tangent).real(), fd, 1e-6 * std::max(1.0, std::abs(fd)));
}

TEST(CommGradient, TermObjectivesMatchFiniteDifferences) {
  const CommProblem p = test::rayleigh_problem(12, 3, 3, 7);
  Rng rng(8);
  const CMat B = rng.complex_normal_matrix(13, 9);
  check_gradient(TermObjective::sum(B, RVec::LinSpaced(9, -1.0, 2.0), 0.3), 1);
  std::vector<TermObjective::Group> groups;
  for (Index k = 0; k < 3; ++k) {
    TermObjective::Group g;
    g.signal = 3 * k + k;
    for (Index j = 0; j < 3; ++j)
      if (j != k) g.interference.push_back(3 * k + j);
    g.noise = 0.5 + 0.1 * static_cast<double>(k);
    g.scale = 1.0 + static_cast<double>(k);
    groups.push_back(g);
  }
  check_gradient(TermObjective::ratios(TermObjective::Kind::sum_log_ratio, B, groups, CVec::Ones(12)), 2);
  check_gradient(TermObjective::ratios(TermObjective::Kind::min_ratio, B, groups, CVec::Ones(12), 5.0), 3);
  check_gradient(DecorrelationObjective(p), 4);
}

TEST(CommRcg, StopsAtAStationaryPointWithUnitModulusIterates) {
  Rng rng(12);
  const CMat B = rng.complex_normal_matrix(41, 3);
  const TermObjective f = TermObjective::sum(B, RVec::Ones(3));
  for (auto beta : {RcgOptions::Beta::hestenes_stiefel, RcgOptions::Beta::polak_ribiere}) {
    RcgOptions opt;
    opt.beta = beta;
    const PhaseRun r = riemannian_cg(f, CVec::Ones(40), opt);
    EXPECT_TRUE(r.converged);
    EXPECT_LE(unit_modulus_residual(r.v), 1e-12);
    EXPECT_LT(riemannian_gradient(f, r.v).norm(), 1e-6 * r.value);
    // BCD from the same start reaches a point of comparable value; neither exceeds N·λ_max bound
    const double ub = 41.0 * Eigen::SelfAdjointEigenSolver<CMat>(f.quadratic_form()).eigenvalues().maxCoeff();
    EXPECT_LE(r.value, ub);
  }
}

// The trig-free kernels against their definitions, including the edge cases they handle without
// branches: x_n = 0, |x_n| near the under/overflow limits, b = 0.
TEST(CommKernels, UnitModulusProjectionAndAlignmentMatchTheirDefinitions) {
  Rng rng(5);
  CVec x = rng.complex_normal_vector(37);
  x(3) = 0.0;
  x(4) = Complex(1e-200, -3e-200);
  x(5) = Complex(-2e200, 1e200);
  x(6) = Complex(0.0, -1e-320);  // subnormal
  const CVec v = project_unit_modulus(x);
  for (Index n = 0; n < x.size(); ++n) {
    const Complex expect = std::abs(x(n)) > 0 ? std::polar(1.0, std::arg(x(n))) : Complex(1.0, 0.0);
    EXPECT_NEAR(std::abs(v(n) - expect), 0.0, 1e-15) << n;
  }
  for (Complex b : {Complex(0.3, -1.7), Complex(0.0, 0.0)}) {
    const CVec a = x;
    const CVec w = align_phases(a, b);
    const double ref = std::abs(b) > 0 ? std::arg(b) : 0.0;
    for (Index n = 0; n < a.size(); ++n) {
      const Complex expect = std::polar(1.0, ref - (std::abs(a(n)) > 0 ? std::arg(a(n)) : 0.0));
      EXPECT_NEAR(std::abs(w(n) - expect), 0.0, 1e-15) << n;
    }
    // and it is the maximiser: |a^T w + b| = Σ|a_n| + |b|
    EXPECT_NEAR(std::abs(a.cwiseProduct(w).sum() + b), a.cwiseAbs().sum() + std::abs(b), 1e-12 * (a.cwiseAbs().sum() + 1));
  }
}

TEST(CommKernels, SplitMatrixProductsMatchEigen) {
  Rng rng(6);
  for (Index rows : {1, 7, 64, 1031}) {  // odd sizes exercise the vector-loop remainders
    const CMat a = rng.complex_normal_matrix(rows, 5);
    const SplitMatrix s(a);
    const CVec x = rng.complex_normal_vector(rows), w = rng.complex_normal_vector(5);
    CVec y, z;
    s.adjoint_times(x, y);
    s.times(w, z);
    EXPECT_LT((y - a.adjoint() * x).norm(), 1e-12 * (1.0 + (a.adjoint() * x).norm())) << rows;
    EXPECT_LT((z - a * w).norm(), 1e-12 * (1.0 + (a * w).norm())) << rows;
  }
  CVec out;
  EXPECT_THROW(SplitMatrix(CMat::Ones(3, 2)).adjoint_times(CVec::Ones(2), out), InvalidArgument);
  EXPECT_THROW(SplitMatrix(CMat::Ones(3, 2)).times(CVec::Ones(3), out), InvalidArgument);
}

// RCG through the fast TermObjective path and through the generic PhaseObjective interface (a
// wrapper hides the type) takes the same steps: the same values, to rounding, at every iteration.
TEST(CommRcg, FastTermPathEqualsGenericPath) {
  struct Wrapped final : PhaseObjective {
    const TermObjective& f;
    explicit Wrapped(const TermObjective& t) : f(t) {}
    Index size() const override { return f.size(); }
    double value(const CVec& v) const override { return f.value(v); }
    CVec gradient(const CVec& v) const override { return f.gradient(v); }
  };
  Rng rng(8);
  const TermObjective f = TermObjective::sum(rng.complex_normal_matrix(65, 4), RVec::Ones(4));
  const CVec v0 = rng.complex_normal_vector(64);
  const PhaseRun a = riemannian_cg(f, v0), b = riemannian_cg(Wrapped(f), v0);
  // Rounding differs (split-plane products), so the stopping test may fire one iteration apart.
  const std::size_t common = std::min(a.history.size(), b.history.size());
  EXPECT_LE(std::max(a.history.size(), b.history.size()) - common, 2u);
  ASSERT_GT(common, 20u);
  for (std::size_t i = 0; i < common; ++i) EXPECT_NEAR(a.history[i], b.history[i], 1e-9 * a.history[i]) << i;
  EXPECT_NEAR(a.value, b.value, 1e-9 * a.value);
}

TEST(CommPrecoding, ZfNullsInterferenceMrtMaximisesOwnGainWmmseImproves) {
  Rng rng(13);
  const CMat H = rng.complex_normal_matrix(4, 3);
  const RVec noise = RVec::Constant(3, 0.1);
  const CMat zf = zf_precoder(H, 2.0);
  EXPECT_NEAR(zf.squaredNorm(), 2.0, 1e-12);
  const CMat G = H.adjoint() * zf;
  for (Index k = 0; k < 3; ++k)
    for (Index j = 0; j < 3; ++j) {
      if (j != k) {
        EXPECT_LT(std::abs(G(k, j)), 1e-12);
      }
    }
  const CMat mrt = mrt_precoder(H, 2.0);
  for (Index k = 0; k < 3; ++k) EXPECT_NEAR(std::abs(H.col(k).dot(mrt.col(k))), H.col(k).norm() * std::sqrt(2.0 / 3), 1e-12);
  auto sum_rate = [&](const CMat& W) {
    CommProblem p = single_cell_problem(CMat::Zero(1, 4), CMat::Zero(1, 3), H, noise, 2.0);
    return rates(p, CVec::Ones(1), W).sum();
  };
  const CMat mm = mmse_precoder(H, noise, 2.0);
  const CMat wm = wmmse_precoder(H, noise, 2.0, mm);
  EXPECT_GE(sum_rate(wm), sum_rate(mm) - 1e-12);
  EXPECT_LE(wm.squaredNorm(), 2.0 * (1 + 1e-9));
  // max–min: equal SINRs at the optimum, all at least the reported value
  const MaxMinResult mx = max_min_sinr_precoder(H, noise, 2.0);
  CommProblem p = single_cell_problem(CMat::Zero(1, 4), CMat::Zero(1, 3), H, noise, 2.0);
  const RVec s = sinr(p, CVec::Ones(1), mx.W);
  EXPECT_GE(s.minCoeff(), mx.min_sinr * (1 - 1e-12));
  EXPECT_LT(s.maxCoeff() / s.minCoeff() - 1, 1e-6);
  EXPECT_NEAR(mx.W.squaredNorm(), 2.0, 1e-9);
  EXPECT_NEAR(s.minCoeff() / mx.min_sinr, 1.0, 1e-6);
  // optimality: meeting the balanced level for every user needs exactly the budget (fixed point)
  const PowerMinResult pm = power_min_precoder(H, noise, RVec::Constant(3, mx.min_sinr));
  EXPECT_NEAR(pm.power_w / 2.0, 1.0, 1e-6);
}

TEST(CommMetrics, DiagnosticsOfKnownMatrices) {
  CMat I = CMat::Identity(3, 3);
  ChannelDiagnostics d = channel_diagnostics(I);
  EXPECT_NEAR(d.max_correlation, 0.0, 1e-15);
  EXPECT_NEAR(d.effective_rank, 3.0, 1e-12);
  EXPECT_NEAR(d.condition_number, 1.0, 1e-12);
  CMat R(2, 2);
  R << 1, 1, 0, 1e-3;  // two nearly parallel users
  d = channel_diagnostics(R);
  EXPECT_NEAR(d.max_correlation, 1.0 / std::sqrt(1.0 + 1e-6), 1e-12);
  EXPECT_GT(d.condition_number, 1e3);
  CMat r1(2, 2);
  r1 << 1, 2, 1, 2;
  EXPECT_TRUE(std::isinf(channel_diagnostics(r1).condition_number));
  EXPECT_NEAR(channel_diagnostics(r1).effective_rank, 1.0, 1e-9);
}

}  // namespace
}  // namespace irisac
