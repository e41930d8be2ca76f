// Tests of the reconstructed case study (docs/case-study.md, shared/reference/case-study-model.md §8).
#include "irisac/isac/case_study.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/core/units.hpp"

using namespace irisac;

namespace {
constexpr double pi = std::numbers::pi;
const CaseStudy& default_model() {
  static const CaseStudy cs{CaseStudyParams{}};
  return cs;
}
std::vector<double> sweep_db() {
  std::vector<double> v;
  for (double x = 0.0; x <= 18.0 + 1e-9; x += 0.5) v.push_back(x);
  return v;
}
}  // namespace

// ---------------------------------------------------------------- §8.1 array gain
TEST(ArrayGain, RangeLimitsAndMonotone) {
  const Index m = 64;
  const double kappa = pi * std::cos(0.5);
  EXPECT_DOUBLE_EQ(array_gain(m, kappa, 0.0), 64.0 * 64.0);
  double prev = 1.0;
  for (double s = 1e-4; s < 10.0; s *= 1.5) {
    const double g = normalized_array_gain(m, kappa, s * s);
    EXPECT_LE(g, prev + 1e-15);
    EXPECT_GE(g, 1.0 / 64.0 - 1e-15);
    EXPECT_LE(g, 1.0);
    prev = g;
  }
  EXPECT_NEAR(normalized_array_gain(m, kappa, 100.0), 1.0 / 64.0, 1e-12);  // σ → ∞
}

TEST(ArrayGain, DependsOnlyOnKappaSigmaProduct) {
  for (double c : {0.5, 2.0, 3.7})
    EXPECT_NEAR(array_gain(32, c * 1.3, 0.01), array_gain(32, 1.3, c * c * 0.01), 1e-9);
  // g_s(σ²) = g_c(4σ²) since κ_s = 2κ_c
  const auto& cs = default_model();
  EXPECT_NEAR(cs.gain_sense(1e-3), cs.gain_comm(4e-3), 1e-13);
}

// array_gain() and its derivative evaluate e^{an²} by a re-anchored 4-lane recurrence (blocks of 64); they
// must equal the term-by-term sum with one std::exp per term to 1e-12 relative, across block
// boundaries (M = 65, 129), large M and the whole range of κσ (from g ≈ 1 to g ≈ 1/M).
TEST(ArrayGain, RecurrenceEqualsTermByTermSum) {
  for (Index m : {2, 3, 5, 31, 64, 65, 66, 100, 129, 1024, 4096}) {
    for (double s : {1e-6, 1e-4, 1e-3, 0.01, 0.05, 0.3, 1.0}) {
      const double k = 2.7, a = -0.5 * k * k * s * s, dm = static_cast<double>(m);
      double g = 0.0, d = 0.0;
      for (Index n = 1; n < m; ++n) {
        const double dn = static_cast<double>(n), e = std::exp(a * dn * dn);
        g += (dm - dn) * e;
        d += (dm - dn) * dn * dn * e;
      }
      g = dm + 2.0 * g;
      d = -k * k * d;
      EXPECT_NEAR(array_gain(m, k, s * s) / g, 1.0, 1e-12) << "M=" << m << " s=" << s;
      if (d != 0.0) {
        EXPECT_NEAR(array_gain_derivative(m, k, s * s) / d, 1.0, 1e-12) << "M=" << m << " s=" << s;
      }
    }
  }
}

TEST(ArrayGain, TwoElementClosedForm) {
  for (double s2 : {0.0, 0.01, 0.3, 2.0}) {
    const double k = 2.2;
    EXPECT_NEAR(array_gain(2, k, s2), 2.0 + 2.0 * std::exp(-k * k * s2 / 2.0), 1e-14);
  }
}

TEST(ArrayGain, SmallSigmaExpansionOnlyInItsRange) {
  const Index m = 64;
  const double k = 2.0;
  const double s = 0.01 / (k * 64.0);  // κσM = 0.01 ≪ 1
  const double approx = 1.0 - k * k * s * s * (64.0 * 64.0 - 1.0) / 12.0;
  EXPECT_NEAR(normalized_array_gain(m, k, s * s), approx, 1e-8);
  // Outside (κσM = 5) the expansion is badly off (it goes negative): documented, not used.
  const double s_big = 5.0 / (k * 64.0);
  EXPECT_LT(1.0 - k * k * s_big * s_big * (64.0 * 64.0 - 1.0) / 12.0, 0.0);
  EXPECT_GT(normalized_array_gain(m, k, s_big * s_big), 0.2);
}

TEST(ArrayGain, ErfFormMatchesExactForLargeM) {
  for (Index m : {256, 1024}) {
    for (double smv : {0.5, 2.0, 10.0, 50.0}) {  // sM
      const double s = smv / static_cast<double>(m);
      const double exact = array_gain(m, 1.0, s * s);
      EXPECT_NEAR(array_gain_large_m(m, 1.0, s * s) / exact, 1.0, 2e-3) << "M=" << m << " sM=" << smv;
    }
  }
}

TEST(ArrayGain, DerivativeMatchesFiniteDifferenceAndIsNegative) {
  const Index m = 64;
  const double k = pi * std::cos(deg_to_rad(30.0));
  for (double s2 : {1e-5, 1e-4, 6.85e-4, 3e-3}) {
    const double h = s2 * 1e-4;
    const double fd = (array_gain(m, k, s2 + h) - array_gain(m, k, s2 - h)) / (2.0 * h);
    const double d = array_gain_derivative(m, k, s2);
    EXPECT_LT(d, 0.0);
    EXPECT_NEAR(d / fd, 1.0, 1e-6);
  }
}

TEST(ArrayGain, DirichletKernel) {
  EXPECT_DOUBLE_EQ(dirichlet_kernel(16, 0.0), 256.0);
  EXPECT_NEAR(dirichlet_kernel(16, 2.0 * pi), 256.0, 1e-9);
  EXPECT_NEAR(dirichlet_kernel(16, 2.0 * pi / 16.0), 0.0, 1e-20 + 1e-12);
  // direct sum
  const double x = 0.37;
  Complex s{0.0, 0.0};
  for (int m = 0; m < 16; ++m) s += std::polar(1.0, x * m);
  EXPECT_NEAR(dirichlet_kernel(16, x), std::norm(s), 1e-10);
}

// Statistical: closed-form G vs Monte Carlo within 5σ̂/√n (n = 20000 samples, seed 7).
TEST(ArrayGain, ClosedFormMatchesMonteCarlo) {
  const Index m = 64;
  const double k = pi * std::cos(deg_to_rad(30.0));
  for (double s_deg : {0.5, 1.5, 3.0}) {
    Rng rng(7, static_cast<std::uint64_t>(s_deg * 10.0));
    const double s2 = std::pow(deg_to_rad(s_deg), 2);
    const McEstimate mc = array_gain_mc(m, k, s2, 20000, rng);
    EXPECT_NEAR(mc.mean, array_gain(m, k, s2), 5.0 * mc.std_error) << "sigma=" << s_deg << " deg";
  }
}

// ---------------------------------------------------------------- §8.2 rate
TEST(Rate, JensenClosedFormNotBelowErgodic) {
  const Index m = 64;
  const double k = pi * std::cos(deg_to_rad(30.0));
  double prev_gap = -1.0;
  for (double s_deg : {0.25, 0.75, 1.5, 3.0, 6.0}) {
    Rng rng(11, static_cast<std::uint64_t>(s_deg * 100.0));
    const double s2 = std::pow(deg_to_rad(s_deg), 2);
    const McEstimate mc = ergodic_rate_mc(m, k, s2, 100.0, 20000, rng);
    const double cf = rate_closed_form(m, k, s2, 100.0);
    EXPECT_GE(cf, mc.mean - 5.0 * mc.std_error) << s_deg;  // Jensen (5σ̂/√n MC tolerance)
    const double gap = cf - mc.mean;
    EXPECT_GT(gap, prev_gap - 5.0 * mc.std_error);  // gap grows with σ
    prev_gap = gap;
  }
  Rng rng(1);
  EXPECT_NEAR(ergodic_rate_mc(m, k, 0.0, 100.0, 10, rng).mean, std::log2(101.0), 1e-12);
  EXPECT_NEAR(rate_closed_form(m, k, 0.0, 100.0), std::log2(101.0), 1e-12);
}

TEST(Rate, NonDecreasingInGammaAndBounded) {
  const auto& cs = default_model();
  double prev = 0.0;
  for (double gdb = -10.0; gdb <= 40.0; gdb += 1.0) {
    const double r = cs.comm_rate(Scheme::proposed, db_to_lin(gdb));
    EXPECT_GE(r, prev - 1e-14);
    EXPECT_LE(r, std::log2(1.0 + cs.params().comm_snr));
    prev = r;
  }
}

// ---------------------------------------------------------------- §8.3 CRB / tracking
TEST(Crb, InverseInGammaAndClassicalForm) {
  const double th = deg_to_rad(30.0);
  EXPECT_NEAR(angle_crb(10.0, th, 16) / angle_crb(100.0, th, 16), 10.0, 1e-12);
  // classical: L snapshots, per-element SNR; Γ = L·N·SNR
  const double l = 100.0, snr = 0.5;
  const double n = 16.0;
  const double classical = 6.0 / (l * snr * n * (n * n - 1.0) * pi * pi * std::cos(th) * std::cos(th));
  EXPECT_NEAR(angle_crb(l * n * snr, th, 16) / classical, 1.0, 1e-12);
  EXPECT_THROW((void)angle_crb(0.0, th, 16), InvalidArgument);
}

TEST(Crb, PosteriorBelowBoth) {
  for (double sp : {1e-4, 1e-3}) {
    for (double sm : {1e-5, 1e-3, 1e-2}) {
      const double sc = fuse_variance(sp, sm);
      EXPECT_LE(sc, std::min(sp, sm));
    }
  }
  EXPECT_DOUBLE_EQ(fuse_variance(2e-4, std::numeric_limits<double>::infinity()), 2e-4);
}

TEST(Crb, RiccatiFixedPoint) {
  for (double q : {1e-6, 1e-4}) {
    for (double sm : {1e-5, 1e-3}) {
      const double sp = riccati_steady_prior(q, sm);
      EXPECT_NEAR(sp, fuse_variance(sp, sm) + q, 1e-15 + 1e-12 * sp);
      EXPECT_LT(fuse_variance(sp, sm), sp);
      EXPECT_LT(fuse_variance(sp, sm), sm);
    }
  }
}

// ---------------------------------------------------------------- §8.4 Fig. 4 sweep
// Golden values: tests/reference/case_study_reference.py (independent bounded scalar search).
TEST(Fig4, GoldenRatesFromReferenceScript) {
  const double golden[][5] = {
      {0.0, 6.322939355, 5.535021061, 5.584470740, 5.465263376},
      {6.0, 6.322939355, 5.535021061, 5.566027783, 5.257310716},
      {12.0, 6.322939355, 5.535021061, 4.978899644, 4.429436265},
      {14.0, 6.185339314, 5.403981778, 4.329737520, 3.782787245},
      {16.0, 4.576715435, 3.939882306, 3.203700805, 2.757917614},
      {18.0, 1.902378910, 1.619441019, 1.331665237, 1.133608713},
  };
  const auto& cs = default_model();
  EXPECT_NEAR(cs.effective_echo_snr(), 79.3463987148, 1e-8);
  EXPECT_NEAR(cs.prior_rate(), 5.53502106053, 1e-10);
  for (const auto& row : golden) {
    int i = 1;
    for (Scheme s : all_schemes()) {
      const auto a = optimal_time_allocation(cs, s, db_to_lin(row[0]));
      EXPECT_NEAR(a.rate, row[i], 1e-4) << scheme_name(s) << " at " << row[0] << " dB";
      ++i;
    }
  }
}

// The same goldens with the general method (the default "automatic" is the 1-D solver).
TEST(Fig4, GoldenRatesWithPolyblock) {
  const double golden[][5] = {
      {0.0, 6.322939355, 5.535021061, 5.584470740, 5.465263376},
      {14.0, 6.185339314, 5.403981778, 4.329737520, 3.782787245},
      {18.0, 1.902378910, 1.619441019, 1.331665237, 1.133608713},
  };
  const auto& cs = default_model();
  for (const auto& row : golden) {
    int i = 1;
    for (Scheme s : all_schemes()) {
      const auto a = optimal_time_allocation(cs, s, db_to_lin(row[0]), AllocationMethod::polyblock);
      EXPECT_EQ(a.status, PolyblockStatus::converged);
      EXPECT_NEAR(a.rate, row[i], 1e-4) << scheme_name(s) << " at " << row[0] << " dB";
      EXPECT_GE(a.upper_bound, row[i] - 1e-9);
      ++i;
    }
  }
}

// "automatic" is the closed form for the schemes whose rate does not depend on Γ and the boundary
// search otherwise: identical numbers, not just close.
TEST(Fig4, AutomaticIsClosedFormOrBoundarySearch) {
  const auto& cs = default_model();
  for (double gdb : sweep_db()) {
    const double g = db_to_lin(gdb);
    for (Scheme s : all_schemes()) {
      const auto a = optimal_time_allocation(cs, s, g, AllocationMethod::automatic);
      const auto b = optimal_time_allocation(cs, s, g, AllocationMethod::boundary_search);
      EXPECT_EQ(a.rate, b.rate) << scheme_name(s) << " at " << gdb << " dB";
      EXPECT_EQ(a.tau_c, b.tau_c) << scheme_name(s) << " at " << gdb << " dB";
    }
    EXPECT_NEAR(optimal_time_allocation(cs, Scheme::without_both, g).rate, rate_without_both_closed_form(cs, g),
                1e-13);
  }
}

TEST(Fig4, MonotoneOrderedAndOnTheBoundary) {
  const auto& cs = default_model();
  PolyblockOptions fast;
  fast.abs_tolerance = 1e-4;
  std::vector<std::array<double, 4>> rates;
  for (double gdb : sweep_db()) {
    std::array<double, 4> r{};
    for (std::size_t i = 0; i < 4; ++i) {
      const auto a = optimal_time_allocation(cs, all_schemes()[i], db_to_lin(gdb), AllocationMethod::polyblock, fast);
      EXPECT_EQ(a.status, PolyblockStatus::converged);
      EXPECT_NEAR(a.tau_s + a.tau_c, cs.params().slot, 1e-6);
      EXPECT_GE(a.sensing_snr, db_to_lin(gdb) * (1.0 - 1e-9));
      r[i] = a.rate;
    }
    const double tol = 2e-4;  // twice the POA tolerance
    EXPECT_GE(r[0], r[1] - tol);  // proposed ≥ w/o s
    EXPECT_GE(r[1], r[3] - tol);  // w/o s ≥ w/o s&c
    EXPECT_GE(r[0], r[2] - tol);  // proposed ≥ w/o c
    EXPECT_GE(r[2], r[3] - tol);  // w/o c ≥ w/o s&c
    if (!rates.empty()) {
      for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_LE(r[i], rates.back()[i] + tol) << gdb << " dB scheme " << i;
      }
    }
    rates.push_back(r);
  }
  // Gap proposed − w/o s largest at low requirements and shrinking towards Γ_max.
  const double gap_low = rates.front()[0] - rates.front()[1];
  const double gap_high = rates.back()[0] - rates.back()[1];
  EXPECT_GT(gap_low, 0.5);
  EXPECT_LT(gap_high, 0.5 * gap_low);
  // The gap is constant while both curves are flat (up to the knee ηρ'T ≈ 13.8 dB) and then shrinks
  // monotonically: its largest value is the one at the lowest requirement.
  for (std::size_t i = 0; i + 1 < rates.size(); ++i) {
    const double gap = rates[i][0] - rates[i][1], next = rates[i + 1][0] - rates[i + 1][1];
    EXPECT_GE(gap, next - 2e-4) << sweep_db()[i] << " dB";  // non-increasing (POA tolerance)
    EXPECT_GE(gap_low, next - 2e-4) << sweep_db()[i + 1] << " dB";
  }
  for (std::size_t i = rates.size() - 10; i + 1 < rates.size(); ++i)  // last 5 dB: strictly shrinking
    EXPECT_GT(rates[i][0] - rates[i][1], rates[i + 1][0] - rates[i + 1][1]);
}

TEST(Fig4, ProposedSupportsHigherRequirementAt4p9) {
  const auto& cs = default_model();
  // Largest requirement with rate ≥ 4.9 bps/Hz, by bisection on Γ_th [dB].
  auto support = [&](Scheme s) {
    double lo = 0.0, hi = lin_to_db(cs.max_requirement());
    for (int i = 0; i < 50; ++i) {
      const double mid = 0.5 * (lo + hi);
      const double r = optimal_time_allocation(cs, s, db_to_lin(mid), AllocationMethod::boundary_search).rate;
      (r >= 4.9 ? lo : hi) = mid;
    }
    return lo;
  };
  const double prop = support(Scheme::proposed), woc = support(Scheme::without_communication);
  EXPECT_GT(prop, woc + 3.0);  // ≈ 15.6 dB vs ≈ 12.3 dB
  EXPECT_NEAR(prop, 15.67, 0.05);
  EXPECT_NEAR(woc, 12.3, 0.1);
}

TEST(Fig4, InfeasibleBeyondRhoPrimeT) {
  const auto& cs = default_model();
  const double gmax = cs.max_requirement();
  for (Scheme s : all_schemes()) {
    EXPECT_NO_THROW((void)optimal_time_allocation(cs, s, gmax));
    EXPECT_THROW((void)optimal_time_allocation(cs, s, gmax * 1.001), Infeasible);
    EXPECT_THROW((void)optimal_time_allocation(cs, s, gmax * 1.001, AllocationMethod::boundary_search),
                 Infeasible);
  }
  EXPECT_THROW((void)rate_without_both_closed_form(cs, 2.0 * gmax), Infeasible);
}

TEST(Fig4, ClosedFormsOfBaselines) {
  const auto& cs = default_model();
  const double knee = cs.params().eta * cs.max_requirement();
  for (double gdb : sweep_db()) {
    const double g = db_to_lin(gdb);
    EXPECT_NEAR(optimal_time_allocation(cs, Scheme::without_both, g).rate, rate_without_both_closed_form(cs, g),
                1e-4);
    EXPECT_NEAR(optimal_time_allocation(cs, Scheme::without_sensing, g).rate,
                rate_without_sensing_closed_form(cs, g), 1e-4);
    if (g <= knee) {
      EXPECT_NEAR(rate_without_sensing_closed_form(cs, g), cs.prior_rate(), 1e-12);
    } else {
      EXPECT_LT(rate_without_sensing_closed_form(cs, g), cs.prior_rate());
    }
  }
}

TEST(Fig4, SchemesAsSpecialCasesOfProposed) {
  CaseStudyParams p;
  p.eta = 0.0;
  const CaseStudy no_eta(p);
  const auto& cs = default_model();
  for (double gdb : {0.0, 8.0, 15.0}) {
    const double g = db_to_lin(gdb);
    EXPECT_NEAR(optimal_time_allocation(no_eta, Scheme::proposed, g).rate,
                optimal_time_allocation(cs, Scheme::without_communication, g).rate, 2e-4);
  }
}

// ---------------------------------------------------------------- §8.5 polyblock
TEST(Polyblock, EqualsBoundarySearchWithin1e3) {
  PolyblockOptions fast;  // ε = 1e-4 < the 1e-3 acceptance tolerance
  fast.abs_tolerance = 1e-4;
  for (double eta : {0.0, 0.2, 0.6}) {
    for (double sp_deg : {0.5, 1.5, 3.0}) {
      CaseStudyParams p;
      p.eta = eta;
      p.sigma_p = deg_to_rad(sp_deg);
      const CaseStudy cs(p);
      for (double frac : {0.01, 0.3, 0.7, 0.95, 1.0}) {
        const double g = frac * cs.max_requirement();
        for (Scheme s : all_schemes()) {
          const auto a = optimal_time_allocation(cs, s, g, AllocationMethod::polyblock, fast);
          const auto b = optimal_time_allocation(cs, s, g, AllocationMethod::boundary_search);
          EXPECT_NEAR(a.rate, b.rate, 1e-3) << scheme_name(s) << " eta=" << eta << " sp=" << sp_deg;
          EXPECT_GE(a.upper_bound + 1e-9, b.rate - 1e-9);  // POA bound is an upper bound
        }
      }
    }
  }
}

TEST(Polyblock, HistoryMonotoneAndInfeasibleAtInit) {
  // Generic problem: max x0·x1 over x0 + 2x1 ≤ 2, x0 ≥ 0.5 (optimum x = (1, 0.5), value 0.5).
  PolyblockProblem pb;
  pb.dimension = 2;
  pb.objective = [](const RVec& x) { return x[0] * x[1]; };
  pb.in_conormal = [](const RVec& x) { return x[0] >= 0.5; };
  pb.normal_scale = [](const RVec& x) { return simplex_scale(x, RVec{{1.0, 2.0}}, 2.0); };
  pb.upper_corner = RVec::Constant(2, 2.0);
  PolyblockOptions o;
  o.record_history = true;
  o.abs_tolerance = 1e-6;
  const auto r = polyblock_maximize(pb, o);
  EXPECT_EQ(r.status, PolyblockStatus::converged);
  EXPECT_NEAR(r.value, 0.5, 1e-5);
  EXPECT_NEAR(r.x[0] + 2.0 * r.x[1], 2.0, 1e-9);
  for (std::size_t i = 1; i < r.upper_history.size(); ++i) {
    EXPECT_LE(r.upper_history[i], r.upper_history[i - 1]);
    EXPECT_GE(r.lower_history[i], r.lower_history[i - 1]);
  }
  // Same problem via bisection on in_normal.
  PolyblockProblem pb2 = pb;
  pb2.normal_scale = nullptr;
  pb2.in_normal = [](const RVec& x) { return x[0] + 2.0 * x[1] <= 2.0; };
  EXPECT_NEAR(polyblock_maximize(pb2, o).value, 0.5, 1e-5);
  // Infeasible: requires x0 ≥ 3 > corner.
  pb.in_conormal = [](const RVec& x) { return x[0] >= 3.0; };
  EXPECT_EQ(polyblock_maximize(pb, o).status, PolyblockStatus::infeasible);
  // Iteration cap reported.
  pb.in_conormal = [](const RVec& x) { return x[0] >= 0.5; };
  o.max_iterations = 3;
  EXPECT_EQ(polyblock_maximize(pb, o).status, PolyblockStatus::max_iterations);
  // x0 ≥ 1.9: one plain iteration projects (2, 2) to (2/3, 2/3) ∉ ℋ. No feasible point seen proves
  // nothing: status max_iterations (not "infeasible") and x empty.
  pb.in_conormal = [](const RVec& x) { return x[0] >= 1.9; };
  o.max_iterations = 1;
  o.coordinate_incumbents = false;
  o.reduce_vertices = false;
  const auto none = polyblock_maximize(pb, o);
  EXPECT_EQ(none.status, PolyblockStatus::max_iterations);
  EXPECT_EQ(none.x.size(), 0);
  // A feasible seed becomes the incumbent, x = (1.95, 0.02), f = 0.039; an infeasible one is ignored.
  pb.initial_points = {RVec{{0.2, 0.9}}, RVec{{1.95, 0.02}}};
  const auto seeded = polyblock_maximize(pb, o);
  ASSERT_EQ(seeded.x.size(), 2);
  EXPECT_DOUBLE_EQ(seeded.value, 1.95 * 0.02);
  // optimum of x0·x1 on x0 + 2x1 = 2, x0 ≥ 1.9: x = (1.9, 0.05), f = 0.095
  o = PolyblockOptions{};
  o.abs_tolerance = 1e-7;
  EXPECT_NEAR(polyblock_maximize(pb, o).value, 0.095, 1e-6);
}

// Model A (chain). K = 1: polyblock equals the exhaustive search within 1e-3. K = 2 (4-D): the POA
// does not close its gap within a test-sized budget (known limitation, docs/case-study.md); we
// assert only that its certified bound brackets the exhaustive-search value.
TEST(Polyblock, ChainModelAMatchesExhaustiveSearch) {
  CaseStudyParams p1, p2;
  p2.theta = deg_to_rad(45.0);
  p2.echo_snr = db_to_lin(27.0);
  const std::vector<CaseStudy> one{CaseStudy(p1)};
  const std::vector<CaseStudy> two{CaseStudy(p1), CaseStudy(p2)};
  PolyblockOptions o;
  o.abs_tolerance = 2e-4;
  PolyblockOptions o2 = o;
  o2.max_iterations = 1500;
  for (bool cyclic : {false, true}) {
    for (double gdb : {5.0, 12.0, 15.0}) {
      const double g = db_to_lin(gdb);
      const auto a1 = chain_allocation_polyblock(one, g, cyclic, o);
      const auto b1 = chain_allocation_grid(one, g, cyclic, 200);
      EXPECT_NEAR(a1.rate, b1.rate, 1e-3) << "K=1 " << gdb;
      // K = 1 chain, non-cyclic: no assistance (w/o c); cyclic: C_1 assists S_1 (Model B proposed).
      const Scheme s = cyclic ? Scheme::proposed : Scheme::without_communication;
      EXPECT_NEAR(a1.rate, optimal_time_allocation(one[0], s, g).rate, 1e-3);
      const auto a2 = chain_allocation_polyblock(two, g, cyclic, o2);
      const auto b2 = chain_allocation_grid(two, g, cyclic, 30);
      EXPECT_GE(a2.upper_bound, b2.rate - 1e-6) << "K=2 cyclic=" << cyclic << " " << gdb << " dB";
      EXPECT_LE(a2.rate, a2.upper_bound + 1e-9);
    }
  }
  // Feasibility Γ_th Σ 1/ρ'_k ≤ T.
  const double gmax = 1.0 / (1.0 / two[0].effective_echo_snr() + 1.0 / two[1].effective_echo_snr());
  EXPECT_TRUE(chain_feasible(two, gmax * 0.999, false));
  EXPECT_FALSE(chain_feasible(two, gmax * 1.001, false));
  EXPECT_THROW((void)chain_allocation_polyblock(two, gmax * 1.01, false), Infeasible);
}

// ---------------------------------------------------------------- §8.6 joint stage (P1)
TEST(JointStage, ConditionMatchesDerivativeAndTrends) {
  const auto& cs = default_model();
  const auto a = joint_stage_analysis(cs);
  const double h = 1e-6;
  const double du0 = (two_stage_rate(cs, h) - two_stage_rate(cs, 0.0)) / h;
  EXPECT_NEAR(a.gain - a.loss, du0, 1e-3 * std::max(1.0, std::abs(du0)));
  EXPECT_EQ(a.worth_it, du0 > 0.0);
  // gain ∝ ρ ε_r; loss independent of ρ
  CaseStudyParams p;
  p.echo_snr *= 10.0;
  const auto b = joint_stage_analysis(CaseStudy(p));
  EXPECT_NEAR(b.gain / a.gain, 10.0, 1e-9);
  EXPECT_NEAR(b.loss, a.loss, 1e-12);
  // loss increases with ε_r
  CaseStudyParams q;
  q.joint_reflect_fraction = 0.8;
  EXPECT_GT(joint_stage_analysis(CaseStudy(q)).loss, a.loss);
  // σ_p → 0: gain vanishes, pure communication optimal.
  CaseStudyParams r;
  r.sigma_p = deg_to_rad(0.01);
  const auto c = joint_stage_analysis(CaseStudy(r));
  EXPECT_LT(c.gain, 1e-3 * c.loss);
  EXPECT_FALSE(c.worth_it);
  EXPECT_DOUBLE_EQ(c.best_tau, 0.0);
  // A threshold on ρ exists: tiny ρ → not worth it, large ρ → worth it (σ_p = 3°).
  CaseStudyParams lo, hi;
  lo.sigma_p = hi.sigma_p = deg_to_rad(3.0);
  lo.echo_snr = db_to_lin(-10.0);
  hi.echo_snr = db_to_lin(40.0);
  EXPECT_FALSE(joint_stage_analysis(CaseStudy(lo)).worth_it);
  EXPECT_TRUE(joint_stage_analysis(CaseStudy(hi)).worth_it);
  EXPECT_GT(joint_stage_analysis(CaseStudy(hi)).best_value, joint_stage_analysis(CaseStudy(hi)).pure_comm_value);
}

// ---------------------------------------------------------------- outer bound (§IV-C)
TEST(OuterBound, ContainsAchievedRegion) {
  const auto& cs = default_model();
  const auto b = outer_bound(cs);
  EXPECT_NEAR(b.s1, cs.max_requirement(), 1e-12);
  EXPECT_NEAR(b.c1, cs.prior_rate(), 1e-12);
  EXPECT_GT(b.s2, b.s1);
  EXPECT_GT(b.c2, b.c1);
  for (double gdb : sweep_db()) {
    const auto a = optimal_time_allocation(cs, Scheme::proposed, db_to_lin(gdb));
    EXPECT_LE(a.rate, b.c2 + 1e-9);
    EXPECT_LE(a.sensing_snr, b.s2 + 1e-9);
  }
}

TEST(RateModel, MonteCarloModelBelowClosedForm) {
  CaseStudyParams p;
  p.rate_model = RateModel::monte_carlo;
  p.mc_samples = 4000;
  const CaseStudy mc(p);
  const auto& cf = default_model();
  for (double gdb : {0.0, 12.0, 16.0}) {
    const double g = db_to_lin(gdb);
    const double a = optimal_time_allocation(mc, Scheme::proposed, g, AllocationMethod::boundary_search).rate;
    const double b = optimal_time_allocation(cf, Scheme::proposed, g, AllocationMethod::boundary_search).rate;
    EXPECT_LE(a, b + 1e-3);
    EXPECT_GT(a, 0.8 * b);
  }
}

TEST(CaseStudy, RejectsBadParameters) {
  CaseStudyParams p;
  p.eta = 1.5;
  EXPECT_THROW(CaseStudy{p}, InvalidArgument);
  p = {};
  p.rx_antennas = 1;
  EXPECT_THROW(CaseStudy{p}, InvalidArgument);
  p = {};
  p.theta = 2.0;
  EXPECT_THROW(CaseStudy{p}, InvalidArgument);
}
