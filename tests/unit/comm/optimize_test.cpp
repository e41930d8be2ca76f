// Acceptance tests of issue 4: known optimum (G1), bound and gap properties on random instances,
// monotone histories, unit modulus, orthogonalisation (MRT = ZF), bad input.
#include "irisac/comm/optimize.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "irisac/comm/phase_methods.hpp"
#include "irisac/comm/precoding.hpp"
#include "irisac/core/error.hpp"
#include "unit/comm/comm_fixtures.hpp"

namespace irisac {
namespace {

using test::g1_problem;
using test::rayleigh_problem;
using test::reference_value;

CommResult run(const CommProblem& p, CommObjective o, CommAlgorithm a, CommOptions opt = {}, std::uint64_t seed = 1) {
  Rng rng(seed);
  return optimize(p, o, a, opt, rng);
}

// G1: rank-one LoS BS–IRS link. Golden value from tests/reference/comm_reference.py (closed form
// S²M + 2S|a_M^H h_d| + ‖h_d‖², models-and-algorithms.md §1.6), = 126.160737699588.
TEST(CommG1, ClosedFormAlternatingAndSdrBoundAgreeWithGolden) {
  const CommProblem p = g1_problem();
  const double g1 = reference_value("G1_closed_form");
  EXPECT_NEAR(g1, 126.160737699588, 1e-9);
  const CommResult cf = run(p, CommObjective::snr, CommAlgorithm::closed_form);
  EXPECT_NEAR(cf.objective / g1, 1.0, 1e-9);
  const CommResult ao = run(p, CommObjective::snr, CommAlgorithm::alternating);
  EXPECT_NEAR(ao.objective / g1, 1.0, 1e-9);
  EXPECT_NEAR(ao.objective / reference_value("G1_alternating"), 1.0, 1e-9);
  if (sdr_available()) {
    const CommResult sd = run(p, CommObjective::snr, CommAlgorithm::sdr);
    ASSERT_TRUE(sd.bound.has_value());
    EXPECT_NEAR(*sd.bound / g1, 1.0, 1e-9);
    EXPECT_NEAR(sd.objective / g1, 1.0, 1e-6);  // randomisation of a (numerically) rank-one V
  }
  const CommResult mf = run(p, CommObjective::snr, CommAlgorithm::manifold);
  EXPECT_NEAR(mf.objective / g1, 1.0, 1e-9);
  CommOptions tight;
  tight.tolerance = 1e-15;  // BCD converges linearly: stop only when a sweep gains < 1e-15
  const CommResult bc = run(p, CommObjective::snr, CommAlgorithm::bcd, tight);
  EXPECT_NEAR(bc.objective / g1, 1.0, 1e-9);
  // Θ = I and no-IRS values of the same instance.
  const CVec ones = CVec::Ones(8);
  EXPECT_NEAR(effective_channels(p, ones).squaredNorm() / reference_value("G1_identity"), 1.0, 1e-12);
  EXPECT_NEAR(p.bs_to_user[0].squaredNorm() / reference_value("G1_no_irs"), 1.0, 1e-12);
}

TEST(CommG1, ClosedFormRejectsFullRankMiso) {
  const CommProblem p = rayleigh_problem(8, 2, 1, 3);
  EXPECT_THROW((void)run(p, CommObjective::snr, CommAlgorithm::closed_form), InvalidArgument);
}

// SDR bound ≥ every algorithm's value; manifold within 0.5 % of SDR + randomisation (N ≤ 64).
TEST(CommRandom, SdrBoundDominatesAndManifoldMatchesSdr) {
  if (!sdr_available()) GTEST_SKIP() << "built without DSDP";
  for (Index N : {8, 16, 32, 64}) {
    for (std::uint64_t seed = 10; seed < 12; ++seed) {
      const CommProblem p = rayleigh_problem(N, 4, 1, seed * 100 + static_cast<std::uint64_t>(N));
      const CommResult sd = run(p, CommObjective::snr, CommAlgorithm::sdr);
      ASSERT_TRUE(sd.bound.has_value());
      for (CommAlgorithm a : {CommAlgorithm::alternating, CommAlgorithm::manifold, CommAlgorithm::bcd,
                              CommAlgorithm::codebook, CommAlgorithm::random_phase, CommAlgorithm::sdr}) {
        const CommResult r = run(p, CommObjective::snr, a);
        EXPECT_LE(r.objective, *sd.bound * (1 + 1e-10)) << to_string(a) << " N=" << N;
      }
      const CommResult mf = run(p, CommObjective::snr, CommAlgorithm::manifold);
      EXPECT_GE(mf.objective, 0.995 * sd.objective) << "N=" << N << " seed=" << seed;
    }
  }
}

// Multicast (max–min, M = 1): the max–min SDR bound dominates the manifold and BCD designs.
TEST(CommRandom, MulticastSdrBoundDominates) {
  if (!sdr_available()) GTEST_SKIP() << "built without DSDP";
  const CommProblem p = rayleigh_problem(12, 1, 3, 77);
  const CommResult sd = run(p, CommObjective::multicast, CommAlgorithm::sdr);
  ASSERT_TRUE(sd.bound.has_value());
  // The bound is a theorem for every algorithm. The local methods carry no approximation guarantee
  // for multicast: each must not end below its own start, and the best of them (what a user takes)
  // reaches half the bound here. One method alone need not: under clang 14, BCD and the alternating
  // method stop at 0.456 of the bound on this instance, GCC's rounding takes them past 0.5.
  double best = 0.0;
  for (CommAlgorithm a : {CommAlgorithm::manifold, CommAlgorithm::bcd, CommAlgorithm::alternating}) {
    const CommResult r = run(p, CommObjective::multicast, a);
    EXPECT_LE(r.objective, *sd.bound * (1 + 1e-8)) << to_string(a);
    ASSERT_FALSE(r.history.empty()) << to_string(a);
    EXPECT_GE(r.objective, r.history.front() * (1 - 1e-12)) << to_string(a);
    best = std::max(best, r.objective);
  }
  EXPECT_GE(best, 0.5 * *sd.bound);
}

bool non_decreasing(const std::vector<double>& h) {
  for (std::size_t i = 1; i < h.size(); ++i)
    if (h[i] < h[i - 1] * (1 - 1e-12) - 1e-300) return false;
  return true;
}
bool non_increasing(const std::vector<double>& h) {
  for (std::size_t i = 1; i < h.size(); ++i)
    if (h[i] > h[i - 1] * (1 + 1e-12)) return false;
  return true;
}

TEST(CommProperties, AlternatingAndCoordinateMethodsNeverDecrease) {
  const CommProblem su = rayleigh_problem(32, 4, 1, 5);
  const CommProblem mu = rayleigh_problem(24, 4, 3, 6);
  for (CommAlgorithm a : {CommAlgorithm::alternating, CommAlgorithm::bcd, CommAlgorithm::manifold}) {
    EXPECT_TRUE(non_decreasing(run(su, CommObjective::snr, a).history)) << to_string(a);
    for (CommObjective o : {CommObjective::sum_rate, CommObjective::max_min_sinr, CommObjective::multicast}) {
      const CommResult r = run(mu, o, a);
      EXPECT_TRUE(non_decreasing(r.history)) << to_string(a) << " " << to_string(o);
      EXPECT_GE(r.history.size(), 2u) << to_string(a) << " " << to_string(o);
    }
  }
  // element-wise BCD inner history on a quadratic objective
  const CMat B = Rng(9).complex_normal_matrix(33, 4);
  const TermObjective f = TermObjective::sum(B, RVec::Ones(4));
  EXPECT_TRUE(non_decreasing(element_wise_bcd(f, CVec::Ones(32)).history));
  EXPECT_TRUE(non_decreasing(element_wise_bcd(f, CVec::Ones(32), BcdOptions{50, 1e-12, 2}).history));
  EXPECT_TRUE(non_decreasing(riemannian_cg(f, CVec::Ones(32)).history));
}

TEST(CommProperties, PowerMinimisationNeverIncreasesAndMeetsTargets) {
  CommProblem p = rayleigh_problem(16, 4, 3, 21);
  p.sinr_min = RVec::Constant(3, 10.0);
  for (CommAlgorithm a : {CommAlgorithm::alternating, CommAlgorithm::bcd, CommAlgorithm::manifold, CommAlgorithm::sdr}) {
    if (a == CommAlgorithm::sdr && !sdr_available()) continue;
    const CommResult r = run(p, CommObjective::power_min, a);
    EXPECT_TRUE(non_increasing(r.history)) << to_string(a);
    EXPECT_LE(r.residuals.sinr, 1e-8) << to_string(a);
    EXPECT_FALSE(r.maximize);
    // the IRS design needs no more power than the random-phase baseline
    EXPECT_LE(r.objective, run(p, CommObjective::power_min, CommAlgorithm::random_phase).objective * 1.0000001);
  }
}

TEST(CommProperties, EveryReturnedPhaseHasUnitModulus) {
  CommProblem su = rayleigh_problem(16, 1, 1, 31);
  CommProblem mu = rayleigh_problem(16, 4, 3, 32);
  mu.sinr_min = RVec::Constant(3, 2.0);
  for (int bits : {0, 1, 3}) {
    CommOptions opt;
    opt.bits = bits;
    opt.max_outer_iterations = 5;
    for (CommAlgorithm a : all_algorithms()) {
      if (a == CommAlgorithm::sdr && !sdr_available()) continue;
      const CommResult r = run(su, CommObjective::snr, a, opt);
      EXPECT_LE(unit_modulus_residual(r.v), 1e-12) << to_string(a);
      EXPECT_LE(r.residuals.power, 1e-12);
      for (CommObjective o : all_objectives()) {
        if (o == CommObjective::snr || o == CommObjective::intercell) continue;
        if (a == CommAlgorithm::closed_form || a == CommAlgorithm::arc_sweep) continue;
        if (a == CommAlgorithm::sdr && (o == CommObjective::sum_rate || o == CommObjective::max_min_sinr ||
                                        o == CommObjective::decorrelation))
          continue;
        const CommResult m = run(mu, o, a, opt);
        EXPECT_LE(unit_modulus_residual(m.v), 1e-12) << to_string(a) << " " << to_string(o);
        if (bits > 0) {
          EXPECT_LE((quantize_phases(m.v, bits) - m.v).cwiseAbs().maxCoeff(), 1e-12);
        }
      }
    }
  }
}

// b-bit loss: quantising the optimal phases of a SISO link without direct path gives a gain ratio
// → η(b) = sinc²(π/2^b) as N grows (Wu & Zhang TCOM 2020). The ratio over n = 20 draws with
// N = 256 has a standard deviation below 0.01; tolerance 5σ̂/√n + 1/N bias.
TEST(CommProperties, BitLossMatchesSincSquared) {
  for (int bits : {1, 2, 3}) {
    const double eta = reference_value("ETA_" + std::to_string(bits));
    const int n = 20;
    double sum = 0, sum2 = 0;
    for (int t = 0; t < n; ++t) {
      Rng rng(1000 + static_cast<std::uint64_t>(t));
      const Index N = 256;
      CommProblem p = single_cell_problem(rng.complex_normal_matrix(N, 1), rng.complex_normal_matrix(N, 1),
                                          CMat::Zero(1, 1), RVec::Ones(1), 1.0);
      const double cont = run(p, CommObjective::snr, CommAlgorithm::closed_form).objective;
      CommOptions opt;
      opt.bits = bits;
      const double quant = run(p, CommObjective::snr, CommAlgorithm::closed_form, opt).objective;
      const double exact = run(p, CommObjective::snr, CommAlgorithm::arc_sweep, opt).objective;
      EXPECT_GE(exact, quant * (1 - 1e-12));  // the arc sweep is optimal among b-bit designs
      const double r = quant / cont;
      sum += r;
      sum2 += r * r;
    }
    const double mean = sum / n;
    const double sd = std::sqrt(std::max(0.0, sum2 / n - mean * mean));
    EXPECT_NEAR(mean, eta, 5 * sd / std::sqrt(n) + 1.0 / 256) << "bits=" << bits;
  }
}

// Exhaustive check of the arc sweep (global b-bit optimum of |a^T v + b|) for small N.
TEST(CommProperties, ArcSweepIsTheDiscreteOptimum) {
  Rng rng(4);
  for (int bits : {1, 2}) {
    for (int trial = 0; trial < 5; ++trial) {
      const Index N = 7;
      const CVec a = rng.complex_normal_vector(N);
      const Complex b = rng.complex_normal(0.5);
      const CVec v = discrete_align_phases(a, b, bits);
      const double got = std::abs((a.transpose() * v)(0) + b);
      const Index L = Index{1} << bits;
      Index total = 1;
      for (Index i = 0; i < N; ++i) total *= L;
      double best = 0;
      for (Index code = 0; code < total; ++code) {
        Index c = code;
        Complex s = b;
        for (Index i = 0; i < N; ++i) {
          s += a(i) * std::polar(1.0, 2 * 3.14159265358979323846 * static_cast<double>(c % L) / static_cast<double>(L));
          c /= L;
        }
        best = std::max(best, std::abs(s));
      }
      EXPECT_NEAR(got, best, 1e-12 * best) << "bits=" << bits;
    }
  }
}

// Orthogonalised channels make MRT equal ZF (models-and-algorithms.md §6, article Table I).
TEST(CommOrthogonal, LinearOrthogonalisationMakesMrtEqualZf) {
  const CommProblem p = rayleigh_problem(16, 4, 3, 41, 0.1);
  const Orthogonalization o = orthogonalize_channels(p);
  EXPECT_LT(o.residual, 1e-10);
  const CMat gram = o.H.adjoint() * o.H;
  EXPECT_LT((gram - CMat(gram.diagonal().asDiagonal())).cwiseAbs().maxCoeff(), 1e-10 * gram.diagonal().real().maxCoeff());
  const CMat mrt = mrt_precoder(o.H, 1.0), zf = zf_precoder(o.H, 1.0);
  for (Index k = 0; k < 3; ++k) EXPECT_NEAR(std::abs(mrt.col(k).dot(zf.col(k))) / (1.0 / 3.0), 1.0, 1e-9);
  EXPECT_EQ(o.passive, o.x.cwiseAbs().maxCoeff() <= 1.0 + 1e-12);
}

TEST(CommOrthogonal, UnitModulusDecorrelationReachesOrthogonalityAndMrtEqualsZf) {
  const CommProblem p = rayleigh_problem(32, 4, 3, 42, 0.05);
  CommOptions opt;
  opt.restarts = 1;
  const CommResult r = run(p, CommObjective::decorrelation, CommAlgorithm::manifold, opt);
  EXPECT_LT(r.objective, 1e-14);  // Σρ² of the unit-modulus design
  EXPECT_LE(unit_modulus_residual(r.v), 1e-12);
  const CMat H = effective_channels(p, r.v);
  const CMat mrt = mrt_precoder(H, 1.0), zf = zf_precoder(H, 1.0);
  for (Index k = 0; k < 3; ++k) EXPECT_NEAR(std::abs(mrt.col(k).dot(zf.col(k))) * 3.0, 1.0, 1e-7);
  const double before = channel_diagnostics(effective_channels(p, CVec::Ones(32))).max_correlation;
  EXPECT_LT(channel_diagnostics(H).max_correlation, 1e-7);
  EXPECT_GT(before, 1e-3);
}

// SINR-constrained power minimisation against the reference script (fixed point + scipy SLSQP).
TEST(CommPowerMin, MatchesReferenceOnG4AndIrsInstance) {
  const Index M = 4, K = 3;
  CMat H(M, K);
  for (Index pp = 0; pp < M; ++pp)
    for (Index k = 0; k < K; ++k) {
      const double x = static_cast<double>(pp), y = static_cast<double>(k);
      H(pp, k) = std::polar(1.0 + 0.25 * x * (y + 1) / 4.0, -2 * 3.14159265358979323846 * x * (y + 0.37 * y * y) / 4.0);
    }
  const PowerMinResult r = power_min_precoder(H, RVec::Ones(K), RVec::Constant(K, 10.0));
  EXPECT_NEAR(r.power_w / reference_value("G4_fixed_point"), 1.0, 1e-10);
  EXPECT_NEAR(r.power_w / reference_value("G4_slsqp"), 1.0, 1e-6);
  EXPECT_NEAR(r.dual.sum() / r.power_w, 1.0, 1e-10);  // duality: Σλ = Σ‖w‖²
  // ZF of Wu & Zhang eq. (6) needs at least as much power
  const CMat zf = zf_precoder(H, 1.0);
  double pzf = 0;
  for (Index k = 0; k < K; ++k) pzf += 10.0 / std::norm(H.col(k).dot(zf.col(k)) / zf.col(k).norm());
  EXPECT_GE(pzf, r.power_w);

  // IRS instance with a fixed reflection (same definition as the script's pm_irs()).
  const Index N = 6, M2 = 3, K2 = 2;
  CMat G(N, M2), Hr(N, K2), Hd(M2, K2);
  CVec v(N);
  for (Index n = 0; n < N; ++n) {
    const double x = static_cast<double>(n);
    for (Index m = 0; m < M2; ++m) G(n, m) = std::polar(1.0 + 0.1 * static_cast<double>(m), 0.3 * x * static_cast<double>(m) + 0.1 * x * x);
    for (Index k = 0; k < K2; ++k) {
      const double y = static_cast<double>(k);
      Hr(n, k) = std::polar(0.5 + 0.1 * x, -(0.7 * x * (y + 1) + 0.2 * y));
    }
    v(n) = std::polar(1.0, 0.4 * x * x);
  }
  for (Index m = 0; m < M2; ++m)
    for (Index k = 0; k < K2; ++k) Hd(m, k) = std::polar(0.3, 0.9 * static_cast<double>(m) * (static_cast<double>(k) + 0.5));
  RVec s2(2);
  s2 << 0.1, 0.2;
  CommProblem p = single_cell_problem(G, Hr, Hd, s2, 1.0);
  RVec g(2);
  g << 3.0, 5.0;
  const PowerMinResult r2 = power_min_precoder(effective_channels(p, v), s2, g);
  EXPECT_NEAR(r2.power_w / reference_value("PM_fixed_point"), 1.0, 1e-10);
  EXPECT_NEAR(r2.power_w / reference_value("PM_slsqp"), 1.0, 1e-8);
  const RVec achieved = sinr(p, v, r2.W);
  EXPECT_NEAR(achieved(0), 3.0, 1e-9);
  EXPECT_NEAR(achieved(1), 5.0, 1e-9);
}

TEST(CommErrors, InfeasibleTargetsAreReportedAsInfeasible) {
  CommProblem p = rayleigh_problem(8, 1, 2, 51);  // one antenna, two users: γ₁γ₂ ≥ 1 is infeasible
  p.sinr_min = RVec::Constant(2, 10.0);
  EXPECT_THROW((void)run(p, CommObjective::power_min, CommAlgorithm::manifold), Infeasible);
  try {
    (void)power_min_precoder(effective_channels(p, CVec::Ones(8)), p.noise_w, p.sinr_min);
    FAIL();
  } catch (const Infeasible& e) {
    EXPECT_NE(std::string(e.what()).find("infeasible"), std::string::npos);
  }
}

TEST(CommErrors, BadInputGetsClearErrors) {
  const CommProblem su = rayleigh_problem(8, 2, 1, 52);
  const CommProblem mu = rayleigh_problem(8, 2, 2, 53);
  EXPECT_THROW((void)run(mu, CommObjective::snr, CommAlgorithm::manifold), InvalidArgument);
  EXPECT_THROW((void)run(mu, CommObjective::sum_rate, CommAlgorithm::closed_form), InvalidArgument);
  EXPECT_THROW((void)run(mu, CommObjective::power_min, CommAlgorithm::manifold), InvalidArgument);  // no targets
  EXPECT_THROW((void)run(mu, CommObjective::sum_rate, CommAlgorithm::sdr), InvalidArgument);
  CommProblem bad = su;
  bad.noise_w(0) = -1;
  EXPECT_THROW((void)run(bad, CommObjective::snr, CommAlgorithm::manifold), InvalidArgument);
  EXPECT_FALSE(parse_objective("sum_rates").has_value());
  EXPECT_EQ(parse_algorithm("manifold"), CommAlgorithm::manifold);
}

// Two cells sharing one IRS: the intercell design lowers the leakage into the other cell.
TEST(CommIntercell, SuppressesLeakage) {
  Rng rng(61);
  const Index N = 32, M = 2;
  CommProblem p;
  p.bs_to_irs = {rng.complex_normal_matrix(N, M), rng.complex_normal_matrix(N, M)};
  p.irs_to_user = rng.complex_normal_matrix(N, 2);
  p.bs_to_user = {rng.complex_normal_matrix(M, 2, 0.01), rng.complex_normal_matrix(M, 2, 0.01)};
  p.serving = {0, 1};
  p.noise_w = RVec::Constant(2, 0.1);
  p.power_w = 1.0;
  const CommResult none = run(p, CommObjective::intercell, CommAlgorithm::random_phase);
  for (CommAlgorithm a : {CommAlgorithm::manifold, CommAlgorithm::bcd}) {
    const CommResult r = run(p, CommObjective::intercell, a);
    EXPECT_GT(r.objective, none.objective) << to_string(a);
    EXPECT_TRUE(non_decreasing(r.history));
    EXPECT_GT(sinr(p, r.v, r.W).minCoeff(), sinr(p, none.v, none.W).minCoeff()) << to_string(a);
  }
  if (sdr_available()) {
    const CommResult sd = run(p, CommObjective::intercell, CommAlgorithm::sdr, {}, 3);
    EXPECT_TRUE(sd.bound.has_value());
  }
}

}  // namespace
}  // namespace irisac
