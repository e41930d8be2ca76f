// Scene-level physics: received power through a surface grows as N² with aligned phases and as N
// with random phases; rank-one BS–IRS links give rank-one cascaded channels; echo via IRS ∝ N⁴.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/channel/cascaded.hpp"
#include "irisac/channel/pathloss.hpp"
#include "irisac/core/units.hpp"
#include "irisac/scene/link_budget.hpp"

using namespace irisac;

namespace {
// A single-antenna BS and user, the direct path blocked, one reflecting surface of `cols` elements
// (one row) between them: the IRS path dominates.
Scene one_irs(Index rows, Index cols, LinkModel::Kind kind = LinkModel::Kind::los) {
  Scene s;
  s.system.carrier_hz = 28e9;
  BaseStation b;
  b.name = "bs";
  b.pose.position_m = Vec3(0, 0, 10);
  b.tx_power_w = 1.0;
  s.base_stations.push_back(b);
  Surface f;
  f.name = "irs";
  f.layout = ArrayLayout{rows, cols, 0.5, 0.5, {}};
  f.pose.position_m = Vec3(30, 10, 10);
  f.pose.rotation = rotation_from_ypr(-constants::pi / 2, 0, 0);
  s.surfaces.push_back(f);
  User u;
  u.name = "ue";
  u.pose.position_m = Vec3(40, 2, 1.5);
  s.users.push_back(u);
  Target t;
  t.name = "tg";
  t.pose.position_m = Vec3(45, 3, 1.0);
  t.rcs_m2 = 1.0;
  s.targets.push_back(t);
  s.default_link.kind = kind;
  LinkModel blocked;
  blocked.kind = LinkModel::Kind::blocked;
  s.links.push_back({{NodeKind::bs, 0}, {NodeKind::user, 0}, blocked, std::nullopt, "test"});
  s.links.push_back({{NodeKind::bs, 0}, {NodeKind::target, 0}, blocked, std::nullopt, "test"});
  return s;
}
}  // namespace

TEST(LinkBudget, AlignedPowerGrowsAsNSquared) {
  // With LoS links and aligned phases, P = β₁β₂N² exactly (coherent sum): +6.02 dB per doubling.
  double prev = 0.0;
  for (Index n : {16, 32, 64, 128, 256}) {
    const Scene s = one_irs(1, n);
    Rng rng(1);
    const ChannelSet ch = draw_channels(s, rng);
    const double snr = user_snr(s, ch, 0, 0, aligned_phases_for_user(s, ch, 0, 0));
    const double beta1 = friis_gain((s.surfaces[0].pose.position_m - s.base_stations[0].pose.position_m).norm(),
                                    s.system.wavelength_m());
    const double beta2 = friis_gain((s.users[0].pose.position_m - s.surfaces[0].pose.position_m).norm(),
                                    s.system.wavelength_m());
    EXPECT_NEAR(snr * s.system.noise_power_w() / (beta1 * beta2 * double(n) * double(n)), 1.0, 1e-9);
    if (prev > 0.0) {
      EXPECT_NEAR(lin_to_db(snr / prev), 20.0 * std::log10(2.0), 1e-9);
    }
    prev = snr;
  }
}

TEST(LinkBudget, RandomPhasePowerGrowsAsN) {
  // E_v|Σ a_n v_n|² = Σ|a_n|² = β₁β₂N for independent uniform phases: +3.01 dB per doubling.
  // Statistical check: mean over 2000 phase draws, 5σ/√n tolerance.
  for (Index n : {16, 64, 256}) {
    const Scene s = one_irs(1, n);
    Rng rng(1);
    const ChannelSet ch = draw_channels(s, rng);
    const double ref = user_snr(s, ch, 0, 0, aligned_phases_for_user(s, ch, 0, 0)) / double(n);  // β₁β₂N·P/σ²
    const int draws = 2000;
    double sum = 0.0, sum2 = 0.0;
    Rng prng(9, static_cast<std::uint64_t>(n));
    for (int k = 0; k < draws; ++k) {
      const double x = user_snr(s, ch, 0, 0, random_phases(s, prng)) / ref;
      sum += x;
      sum2 += x * x;
    }
    const double mean = sum / draws, sd = std::sqrt(sum2 / draws - mean * mean);
    EXPECT_NEAR(mean, 1.0, 5.0 * sd / std::sqrt(double(draws))) << "N = " << n;
  }
}

TEST(LinkBudget, RayleighAlignedGainApproachesPiSquaredOver16NSquared) {
  // Wu & Zhang Prop. 2: with i.i.d. CN(0,1) links, E[P]/N² = [N(N−1)π²/16 + N]/N² (exact for finite N).
  const Index n = 64;
  const int trials = 400;
  double sum = 0.0, sum2 = 0.0;
  for (int k = 0; k < trials; ++k) {
    Scene s = one_irs(1, n, LinkModel::Kind::rayleigh);
    s.default_link.pathloss.kind = PathLoss::Kind::exponent;
    s.default_link.pathloss.exponent = 0.0;
    s.default_link.pathloss.ref_gain = 1.0;  // unit-variance entries
    Rng rng(3, 0, static_cast<std::uint64_t>(k));
    const ChannelSet ch = draw_channels(s, rng);
    const double p = user_snr(s, ch, 0, 0, aligned_phases_for_user(s, ch, 0, 0)) * s.system.noise_power_w() /
                     (double(n) * double(n));
    sum += p;
    sum2 += p * p;
  }
  const double mean = sum / trials, sd = std::sqrt(sum2 / trials - mean * mean);
  const double expect = (double(n) * double(n - 1) * constants::pi * constants::pi / 16.0 + double(n)) / double(n * n);
  EXPECT_NEAR(mean, expect, 5.0 * sd / std::sqrt(double(trials)));
}

TEST(LinkBudget, EchoThroughPassiveIrsGrowsAsNToTheFourth) {
  // Virtual-LoS echo BS–IRS–target–IRS–BS with aligned phases: amplitude ∝ N² (two coherent passes),
  // power ∝ N⁴: +12.04 dB per doubling of N.
  double prev = 0.0;
  for (Index n : {16, 32, 64}) {
    Scene s = one_irs(1, n);
    s.targets[0].random_phase = false;
    Rng rng(1);
    const ChannelSet ch = draw_channels(s, rng);
    const double e = echo_snr(s, ch, 0, 0, aligned_phases_for_target(s, ch, 0, 0));
    if (prev > 0.0) {
      EXPECT_NEAR(lin_to_db(e / prev), 40.0 * std::log10(2.0), 1e-9);
    }
    prev = e;
  }
}

TEST(LinkBudget, RankOneBsIrsLinkGivesRankOneCascadedChannel) {
  Scene s = one_irs(4, 8);
  s.base_stations[0].tx = ArrayLayout{1, 8, 0.5, 0.5, {}};
  s.users[0].array = ArrayLayout{1, 4, 0.5, 0.5, {}};
  // IRS–user link rich (Rayleigh), BS–IRS LoS (rank one).
  LinkModel ray;
  ray.kind = LinkModel::Kind::rayleigh;
  s.links.push_back({{NodeKind::surface, 0}, {NodeKind::user, 0}, ray, std::nullopt, "test"});
  Rng rng(4);
  const ChannelSet ch = draw_channels(s, rng);
  EXPECT_EQ(link_diagnostics(ch.bs_surface[0][0]).rank, 1);
  EXPECT_EQ(link_diagnostics(ch.surface_user[0][0]).rank, 4);
  Rng prng(5);
  const CMat h = user_channel(s, ch, 0, 0, random_phases(s, prng));
  EXPECT_EQ(link_diagnostics(h).rank, 1);
}

TEST(LinkBudget, ImportedMatrixIsUsedAndTransposedForTheReverseDirection) {
  Scene s = one_irs(1, 4);
  Rng rng(6);
  const CMat g = rng.complex_normal_matrix(4, 1);
  s.links.push_back({{NodeKind::bs, 0}, {NodeKind::surface, 0}, std::nullopt, g, "test"});
  Rng r2(1);
  const ChannelSet ch = draw_channels(s, r2);
  EXPECT_EQ((ch.bs_surface[0][0] - g).norm(), 0.0);
  EXPECT_EQ((ch.surface_bs[0][0] - g.transpose()).norm(), 0.0);
}

TEST(LinkBudget, ActiveSurfaceAmplifiesAddsNoiseAndRespectsItsBudget) {
  // Single-antenna BS, blocked direct path. An active surface with gain a multiplies the signal
  // power by a and adds σ_a²·a·Σ|h_n|² of amplifier noise at the user.
  Scene s = one_irs(1, 64);
  Rng rng(1);
  const ChannelSet ch = draw_channels(s, rng);
  const SurfacePhases v = aligned_phases_for_user(s, ch, 0, 0);
  const double passive = user_snr(s, ch, 0, 0, v);
  s.surfaces[0].kind = SurfaceKind::active;
  s.surfaces[0].amplification = 100.0;
  s.surfaces[0].amplifier_noise_w = 1e-13;
  const double sigma2 = s.system.noise_power_w();
  const double hn2 = ch.surface_user[0][0].squaredNorm();
  EXPECT_NEAR(user_snr(s, ch, 0, 0, v) / passive, 100.0 * sigma2 / (sigma2 + 1e-13 * 100.0 * hn2), 1e-9);
  // A budget below the would-be output power caps the amplification: a_eff = P_a/(P Σ|g_n|² + Nσ_a²).
  const double p_in = s.base_stations[0].tx_power_w * ch.bs_surface[0][0].squaredNorm();
  s.surfaces[0].power_budget_w = 10.0 * (p_in + 64 * 1e-13);
  const double a_eff = 10.0;
  EXPECT_NEAR(user_snr(s, ch, 0, 0, v) / passive, a_eff * sigma2 / (sigma2 + 1e-13 * a_eff * hn2), 1e-9);
}
