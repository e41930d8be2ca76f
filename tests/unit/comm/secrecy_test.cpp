// Secure ISAC: the closed-form MISO(ME) secrecy capacity against a general-purpose numerical
// optimum, its corner cases, the IRS design (never below its start) and AN doubling as sensing.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "irisac/comm/secrecy.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"

using namespace irisac;

namespace {
CVec sec_rand_vec(Rng& rng, Index n, double var = 1.0) {
  CVec v(n);
  for (auto& e : v) e = rng.complex_normal(var);
  return v;
}
CMat sec_rand_mat(Rng& rng, Index r, Index c) {
  CMat m(r, c);
  for (Index j = 0; j < c; ++j) m.col(j) = sec_rand_vec(rng, r);
  return m;
}
// General-purpose optimum of the secrecy rate of a unit-power beam direction: projected gradient
// ascent of log2(wᴴAw) − log2(wᴴBw) on the unit sphere from several random starts.
double sec_numeric_optimum(const WiretapChannel& ch, Rng& rng) {
  const Index m = ch.bob.size();
  CMat a = CMat::Identity(m, m) + (ch.power_w / ch.bob_noise_w) * ch.bob * ch.bob.adjoint();
  CMat b = CMat::Identity(m, m);
  for (Index e = 0; e < ch.eve.cols(); ++e) b += (ch.power_w / ch.eve_noise_w[e]) * ch.eve.col(e) * ch.eve.col(e).adjoint();
  auto f = [&](const CVec& w) { return std::log2(std::real(w.dot(a * w)) / std::real(w.dot(b * w))); };
  double best = -1e300;
  for (int start = 0; start < 6; ++start) {
    CVec w = sec_rand_vec(rng, m);
    w.normalize();
    double fw = f(w), step = 0.5;
    for (int it = 0; it < 4000 && step > 1e-15; ++it) {
      const double na = std::real(w.dot(a * w)), nb = std::real(w.dot(b * w));
      CVec g = a * w / na - b * w / nb;
      g -= w * w.dot(g);  // tangent to the sphere
      CVec wn = w + step * g;
      wn.normalize();
      const double fn = f(wn);
      if (fn > fw) {
        w = wn;
        fw = fn;
        step *= 1.5;
      } else {
        step *= 0.5;
      }
    }
    best = std::max(best, fw);
  }
  return std::max(0.0, best);
}
}  // namespace

TEST(Secrecy, ClosedFormEqualsNumericalOptimum) {
  Rng rng(31);
  for (int inst = 0; inst < 40; ++inst) {
    const Index m = 2 + inst % 3, e = 1 + inst % 2;
    WiretapChannel ch{sec_rand_vec(rng, m), 0.5 + rng.uniform(), sec_rand_mat(rng, m, e),
                      RVec::Constant(e, 0.5 + rng.uniform()), 1.0 + 4.0 * rng.uniform()};
    const SecrecySolution s = secrecy_capacity(ch);
    const double num = sec_numeric_optimum(ch, rng);
    EXPECT_NEAR(s.capacity_bps_hz, num, 1e-6) << inst;
    EXPECT_NEAR(secrecy_rate(ch, s.beam), s.capacity_bps_hz, 1e-9) << inst;
    EXPECT_NEAR(s.bob_rate_bps_hz - s.eve_rate_bps_hz, s.capacity_bps_hz, 1e-9) << inst;
    // No random beam of the same power beats it.
    for (int t = 0; t < 20; ++t) {
      CVec w = sec_rand_vec(rng, m);
      w *= std::sqrt(ch.power_w) / w.norm();
      EXPECT_LE(secrecy_rate(ch, w), s.capacity_bps_hz + 1e-12);
    }
  }
}

TEST(Secrecy, CornerCases) {
  // Eve orthogonal to Bob: the capacity is Bob's MISO capacity.
  CVec hb(2), he(2);
  hb << Complex{1.0, 0.5}, Complex{0.0, 0.0};
  he << Complex{0.0, 0.0}, Complex{0.7, -0.2};
  WiretapChannel ch{hb, 0.3, he, RVec::Constant(1, 0.2), 2.0};
  EXPECT_NEAR(secrecy_capacity(ch).capacity_bps_hz, std::log2(1.0 + 2.0 * hb.squaredNorm() / 0.3), 1e-12);
  // Eve on Bob's channel with the same noise: zero, and the BS stays silent.
  WiretapChannel same{hb, 0.3, hb, RVec::Constant(1, 0.3), 2.0};
  const SecrecySolution z = secrecy_capacity(same);
  EXPECT_NEAR(z.capacity_bps_hz, 0.0, 1e-12);
  EXPECT_EQ(z.beam.norm(), 0.0);
  EXPECT_THROW((void)secrecy_capacity(WiretapChannel{hb, 0.0, he, RVec::Constant(1, 0.2), 2.0}), InvalidArgument);
}

TEST(Secrecy, IrsDesignNeverBelowItsStart) {
  Rng rng(32);
  int improved = 0;
  for (int inst = 0; inst < 30; ++inst) {
    const Index n = 16, m = 2;
    Cascade bob{sec_rand_mat(rng, n, m), sec_rand_vec(rng, n), sec_rand_vec(rng, m, 0.1)};
    std::vector<Cascade> eves{{bob.bs_to_irs, sec_rand_vec(rng, n), sec_rand_vec(rng, m, 0.1)}};
    // Start: phases aligned to Bob's strongest cascade entry (the comm-only choice).
    CVec v0(n);
    for (Index k = 0; k < n; ++k) v0[k] = std::polar(1.0, rng.uniform(0.0, 6.283185307179586));
    WiretapChannel start{bob.at(v0), 1.0, eves[0].at(v0), RVec::Constant(1, 1.0), 1.0};
    const double c0 = secrecy_capacity(start).capacity_bps_hz;
    const SecrecyDesign d = design_secrecy_phases(bob, 1.0, eves, RVec::Constant(1, 1.0), 1.0, v0);
    EXPECT_GE(d.solution.capacity_bps_hz, c0 - 1e-12) << inst;
    EXPECT_LT((d.v.array().abs() - 1.0).abs().maxCoeff(), 1e-12);
    if (d.solution.capacity_bps_hz > c0 + 0.1) ++improved;
  }
  EXPECT_GE(improved, 25);
}

TEST(Secrecy, ArtificialNoiseDoublesAsSensing) {
  Rng rng(33);
  for (int inst = 0; inst < 20; ++inst) {
    const Index m = 4;
    WiretapChannel ch{sec_rand_vec(rng, m), 1.0, sec_rand_mat(rng, m, 1), RVec::Constant(1, 1.0), 2.0};
    const CVec target = sec_rand_vec(rng, m);
    const double plain = secrecy_capacity(ch).capacity_bps_hz;
    // Without a sensing requirement AN can only help (p = P is a candidate).
    const SecrecyWithSensing free = secrecy_with_sensing(ch, target, 0.0);
    EXPECT_GE(free.solution.capacity_bps_hz, plain - 1e-9);
    // A requirement below the all-AN gain P‖P⊥a‖² (AN along the target, projected off Bob's
    // channel) is feasible and holds at the returned split.
    const CVec perp = target - ch.bob * (ch.bob.dot(target) / ch.bob.squaredNorm());
    const double need = 0.9 * ch.power_w * perp.squaredNorm();
    try {
      const SecrecyWithSensing r = secrecy_with_sensing(ch, target, need);
      EXPECT_GE(r.sensing_gain, need * (1.0 - 1e-12));
      EXPECT_NEAR(r.info_power_w + r.an_power_w, ch.power_w, 1e-12);
      EXPECT_LE(r.solution.capacity_bps_hz, free.solution.capacity_bps_hz + 1e-9);
    } catch (const Infeasible&) {
      ADD_FAILURE() << "0.9 P|P_perp a|^2 must be reachable with all power on AN " << inst;
    }
    // Beyond P‖a‖² (the matched-filter maximum) nothing is feasible.
    EXPECT_THROW((void)secrecy_with_sensing(ch, target, 1.01 * ch.power_w * target.squaredNorm()), Infeasible);
  }
}
