// Refraction/reflection balance of a target-mounted surface (star_split.hpp): closed forms of the
// end points, time split = the chord (convex hull of the end points), energy split above it.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/isac/star_split.hpp"

using namespace irisac;

namespace {
// A random case-study instance: M ∈ [4, 256], γ̄, ρ ∈ [−10, 30] dB, σ_p ∈ [0.05°, 3°], θ ∈ [−60°, 60°].
CaseStudy random_instance(Rng& rng) {
  CaseStudyParams p;
  p.irs_elements = 4 + static_cast<Index>(rng.uniform() * 252.0);
  p.comm_snr = std::pow(10.0, -1.0 + 4.0 * rng.uniform());
  p.echo_snr = std::pow(10.0, -1.0 + 4.0 * rng.uniform());
  p.sigma_p = (0.05 + 2.95 * rng.uniform()) * 3.141592653589793 / 180.0;
  p.theta = (-60.0 + 120.0 * rng.uniform()) * 3.141592653589793 / 180.0;
  return CaseStudy(p);
}
double info(const StarSplitPoint& pt, const CaseStudy& cs) {  // J = C⁻¹ − σ_p⁻²
  return 1.0 / pt.crb - 1.0 / (cs.params().sigma_p * cs.params().sigma_p);
}
}  // namespace

TEST(StarSplit, EndPointsClosedForm) {
  const CaseStudy cs{CaseStudyParams{}};
  const auto& p = cs.params();
  const double sp2 = p.sigma_p * p.sigma_p;
  const double r_max = std::log2(1.0 + p.comm_snr * cs.gain_comm(sp2));
  const double g_max = p.echo_snr * cs.gain_sense(sp2) * p.slot;
  for (StarSplit k : {StarSplit::energy, StarSplit::time, StarSplit::elements}) {
    const StarSplitPoint a = star_split_point(cs, k, 0.0), b = star_split_point(cs, k, 1.0);
    EXPECT_NEAR(a.rate, r_max, 1e-12);
    EXPECT_DOUBLE_EQ(a.crb, sp2);
    EXPECT_NEAR(b.rate, 0.0, 1e-15);
    EXPECT_NEAR(b.echo_snr, g_max, 1e-9 * g_max);
    EXPECT_NEAR(b.crb, 1.0 / (1.0 / sp2 + 1.0 / angle_crb(g_max, p.theta, p.rx_antennas)), 1e-12 * b.crb);
  }
}

// On 200 random instances and 9 fractions: the time split is exactly the convex combination of the
// end points in the (J, R) plane; the energy split has the same J and a rate at least as large,
// strictly inside (0, 1); the element split at negligible prior uncertainty has R = log2(1+γ̄(1−f)²)
// and Γ = ρ f² T, below the energy split.
TEST(StarSplit, TimeSplitIsTheChordAndEnergySplitDominates) {
  Rng rng(2026);
  for (int n = 0; n < 200; ++n) {
    const CaseStudy cs = random_instance(rng);
    const StarSplitPoint e0 = star_split_point(cs, StarSplit::time, 0.0), e1 = star_split_point(cs, StarSplit::time, 1.0);
    const double j_max = info(e1, cs), r_max = e0.rate;
    for (int i = 1; i <= 9; ++i) {
      const double f = 0.1 * i;
      const StarSplitPoint t = star_split_point(cs, StarSplit::time, f), e = star_split_point(cs, StarSplit::energy, f);
      EXPECT_NEAR(info(t, cs), f * j_max, 1e-9 * j_max);
      EXPECT_NEAR(t.rate, (1.0 - f) * r_max, 1e-12 * r_max);
      EXPECT_NEAR(info(e, cs), info(t, cs), 1e-9 * j_max);
      EXPECT_GT(e.rate, t.rate);
    }
  }
  CaseStudyParams p;
  p.sigma_p = 1e-7;  // g_c = g_s = 1 to 1e-9
  const CaseStudy sharp(p);
  for (int i = 1; i < 8; ++i) {
    const double f = 0.125 * i;  // M_r = 8i of 64: exact
    const StarSplitPoint m = star_split_point(sharp, StarSplit::elements, f), e = star_split_point(sharp, StarSplit::energy, f);
    EXPECT_NEAR(m.rate, std::log2(1.0 + p.comm_snr * (1.0 - f) * (1.0 - f)), 1e-7);
    EXPECT_NEAR(m.echo_snr, p.echo_snr * f * f, 1e-6 * p.echo_snr);
    EXPECT_LT(m.rate, e.rate);
    EXPECT_LT(m.echo_snr, e.echo_snr);
  }
}

// The region boundary: the best point meets the bound, with equality for ES/TS inside (0, 1), and any
// smaller reflected fraction violates it; below the all-reflect bound the requirement is infeasible.
TEST(StarSplit, BestPointMeetsTheBoundMinimally) {
  Rng rng(7);
  for (int n = 0; n < 100; ++n) {
    const CaseStudy cs = random_instance(rng);
    const double c_all = star_split_point(cs, StarSplit::energy, 1.0).crb;
    const double sp2 = cs.params().sigma_p * cs.params().sigma_p;
    const double c = c_all + (sp2 - c_all) * rng.uniform();
    for (StarSplit k : {StarSplit::energy, StarSplit::time, StarSplit::elements}) {
      const StarSplitPoint b = star_split_best(cs, k, c);
      EXPECT_LE(b.crb, c * (1.0 + 1e-9));
      if (k != StarSplit::elements) {
        EXPECT_NEAR(b.crb, c, 1e-9 * c);
      } else if (b.fraction > 0.0) {
        const double below = b.fraction - 1.0 / static_cast<double>(cs.params().irs_elements);
        EXPECT_GT(star_split_point(cs, k, std::max(0.0, below)).crb, c);
      }
    }
    EXPECT_THROW((void)star_split_best(cs, StarSplit::energy, 0.99 * c_all), Infeasible);
    EXPECT_GE(star_split_best(cs, StarSplit::energy, 2.0 * sp2).rate, star_split_point(cs, StarSplit::energy, 0.0).rate);
  }
  EXPECT_THROW((void)star_split_point(CaseStudy{CaseStudyParams{}}, StarSplit::time, 1.5), InvalidArgument);
  EXPECT_THROW((void)star_split_best(CaseStudy{CaseStudyParams{}}, StarSplit::time, 0.0), InvalidArgument);
}
