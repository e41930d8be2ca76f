// Path loss against textbook values, link statistics, cascaded channels and rank diagnostics.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/channel/cascaded.hpp"
#include "irisac/channel/link.hpp"
#include "irisac/channel/pathloss.hpp"
#include "irisac/core/constants.hpp"
#include "irisac/core/units.hpp"

using namespace irisac;

TEST(PathLoss, FriisMatchesTheTextbookFormula) {
  // FSPL[dB] = 20 log10(d) + 20 log10(f) + 20 log10(4π/c) = 20 log10 d + 20 log10 f − 147.55 (d in m, f in Hz).
  const double f = 2.4e9, d = 100.0;
  const double fspl_db = -lin_to_db(friis_gain(d, wavelength_m(f)));
  EXPECT_NEAR(fspl_db, 20 * std::log10(d) + 20 * std::log10(f) - 147.55, 0.01);
  EXPECT_NEAR(fspl_db, 80.05, 0.01);
  EXPECT_NEAR(friis_gain(2 * d, wavelength_m(f)) / friis_gain(d, wavelength_m(f)), 0.25, 1e-15);
}

TEST(PathLoss, RadarEquationMatchesTheTextbookValue) {
  // Monostatic, λ = 0.1 m, σ = 1 m², R = 10 km: P_r/P_t = λ²σ/((4π)³R⁴) = 0.01/(1984.4·1e16) ≈ −213.0 dB.
  const double g = radar_equation_gain(1e4, 1e4, 0.1, 1.0);
  EXPECT_NEAR(g / (0.01 / (std::pow(4 * constants::pi, 3) * 1e16)), 1.0, 1e-12);
  EXPECT_NEAR(lin_to_db(g), -212.98, 0.01);
  // Its factorisation into two free-space legs and the scattering gain 4πσ/λ².
  EXPECT_NEAR(g / (friis_gain(1e4, 0.1) * scattering_gain(1.0, 0.1) * friis_gain(1e4, 0.1)), 1.0, 1e-12);
}

TEST(PathLoss, ExponentModelAndNoisePower) {
  EXPECT_NEAR(exponent_gain(100.0, 1e-3, 1.0, 2.2), 1e-3 * std::pow(100.0, -2.2), 1e-20);
  // −174 dBm/Hz over 1 MHz with a 7 dB noise figure: −174 + 60 + 7 = −107 dBm.
  EXPECT_NEAR(watt_to_dbm(noise_power_w(dbm_to_watt(-174.0), 1e6, db_to_lin(7.0))), -107.0, 1e-9);
  EXPECT_NEAR(watt_to_dbm(constants::thermal_noise_psd), -173.98, 0.01);
}

namespace {
struct TwoArrays {
  ArrayLayout a{1, 4, 0.5, 0.5, {}}, b{2, 3, 0.5, 0.5, {}};
  Pose pa{}, pb{};
  TwoArrays() {
    pb.position_m = Vec3(30.0, 10.0, 2.0);
    pb.rotation = rotation_from_ypr(constants::pi, 0.0, 0.0);
  }
};
}  // namespace

TEST(Link, LosIsRankOneWithFriisPower) {
  TwoArrays t;
  Rng rng(1);
  const double lambda = 0.01;
  const CMat h = draw_link({&t.a, &t.pa}, {&t.b, &t.pb}, LinkModel{}, lambda, rng);
  EXPECT_EQ(h.rows(), 6);
  EXPECT_EQ(h.cols(), 4);
  const double d = t.pb.position_m.norm();
  EXPECT_NEAR(h.squaredNorm() / (24.0 * friis_gain(d, lambda)), 1.0, 1e-12);
  EXPECT_EQ(link_diagnostics(h).rank, 1);
  EXPECT_TRUE(std::isinf(link_diagnostics(h).condition_number));
}

TEST(Link, RicianPowerAndRankStatistics) {
  // E‖H‖²_F = β·N_r·N_t for every K; a Rayleigh 6×4 matrix has full rank 4.
  TwoArrays t;
  const double lambda = 0.01, beta = friis_gain(t.pb.position_m.norm(), lambda);
  for (double k_db : {-100.0, 0.0, 10.0}) {
    LinkModel m;
    m.kind = LinkModel::Kind::rician;
    m.k_factor = db_to_lin(k_db);
    const int n = 4000;
    double s = 0.0, s2 = 0.0;
    for (int i = 0; i < n; ++i) {
      Rng rng(5, 0, static_cast<std::uint64_t>(i));
      const double p = draw_link({&t.a, &t.pa}, {&t.b, &t.pb}, m, lambda, rng).squaredNorm() / (beta * 24.0);
      s += p;
      s2 += p * p;
    }
    const double mean = s / n, sd = std::sqrt(s2 / n - mean * mean);
    EXPECT_NEAR(mean, 1.0, 5.0 * sd / std::sqrt(double(n))) << "K " << k_db << " dB (5 sigma)";
  }
  LinkModel ray;
  ray.kind = LinkModel::Kind::rayleigh;
  Rng rng(3);
  EXPECT_EQ(link_diagnostics(draw_link({&t.a, &t.pa}, {&t.b, &t.pb}, ray, lambda, rng)).rank, 4);
}

TEST(Link, NearFieldLosTendsToFarField) {
  ArrayLayout big{1, 64, 0.5, 0.5, {}};
  ArrayLayout one{};
  Pose p0{}, p1{};
  const double lambda = 0.01, rd = rayleigh_distance_m(big.aperture_wl() * lambda, lambda);
  p1.position_m = 20.0 * rd * Vec3(0.8, 0.6, 0.0);
  const CMat far = los_response({&big, &p0}, {&one, &p1}, lambda, false);
  const CMat near = los_response({&big, &p0}, {&one, &p1}, lambda, true);
  EXPECT_LT((far - near).norm() / far.norm(), 0.03);
  p1.position_m = 0.05 * rd * Vec3(0.8, 0.6, 0.0);
  EXPECT_GT((los_response({&big, &p0}, {&one, &p1}, lambda, false) - los_response({&big, &p0}, {&one, &p1}, lambda, true))
                .norm() / far.norm(),
            0.5);
}

TEST(Cascaded, MatchesTheMatrixProductAndRankOneLosGivesRankOne) {
  Rng rng(11);
  const Index nt = 4, nr = 3, n = 32;
  const CMat g = rng.complex_normal_matrix(n, nt), hout = rng.complex_normal_matrix(nr, n), hd = rng.complex_normal_matrix(nr, nt);
  CVec v(n);
  for (Index i = 0; i < n; ++i) v[i] = rng.unit_phasor();
  const CVec vv = v;
  const CMat ref = hd + hout * vv.asDiagonal() * g;
  EXPECT_LT((cascaded_channel(hd, {{&hout, &vv, &g}}) - ref).norm(), 1e-12 * ref.norm());
  // A rank-one (LoS) BS–IRS link G = a bᵀ makes the cascaded channel H_out diag(v) G rank one for
  // any v and any (full-rank) IRS–receiver link.
  const CMat g1 = rng.complex_normal_vector(n) * rng.complex_normal_vector(nt).transpose();
  const CMat h = cascaded_channel(CMat::Zero(nr, nt), {{&hout, &vv, &g1}});
  const LinkDiagnostics d = link_diagnostics(h);
  EXPECT_EQ(d.rank, 1);
  EXPECT_LT(d.singular_values[1] / d.singular_values[0], 1e-12);
  EXPECT_EQ(link_diagnostics(hout).rank, 3);
}

TEST(Cascaded, PointTargetEchoIsRankOneAndScalesWithScattering) {
  Rng rng(2);
  const CVec f = rng.complex_normal_vector(4), b = rng.complex_normal_vector(6);
  const CMat e = point_target_echo(f, b, Complex{0.0, 2.0});
  EXPECT_EQ(link_diagnostics(e).rank, 1);
  EXPECT_NEAR(e.squaredNorm(), 4.0 * f.squaredNorm() * b.squaredNorm(), 1e-9);
}
