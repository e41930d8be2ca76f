// Steering vectors: closed forms, derivatives against central finite differences, near field → far field.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/geometry/array.hpp"
#include "irisac/geometry/frame.hpp"

using namespace irisac;

TEST(Steering, UlaMatchesDefinitionAndHasNormN) {
  const Index n = 37;
  const double d = 0.5, theta = 0.4;
  const CVec a = ula_steering(n, d, theta);
  for (Index k = 0; k < n; ++k) {
    const Complex expect = std::polar(1.0, 2.0 * constants::pi * d * static_cast<double>(k) * std::sin(theta));
    EXPECT_NEAR(std::abs(a[k] - expect), 0.0, 1e-13);
  }
  EXPECT_NEAR(a.squaredNorm(), static_cast<double>(n), 1e-11);
}

TEST(Steering, RecurrenceStaysExactForLongArrays) {
  const Index n = 4096;
  const CVec a = ula_steering(n, 0.5, 1.1);
  const Complex last = std::polar(1.0, 2.0 * constants::pi * 0.5 * static_cast<double>(n - 1) * std::sin(1.1));
  EXPECT_LT(std::abs(a[n - 1] - last), 1e-12);
}

TEST(Steering, UlaEqualsUpaWithOneRowAndLayoutSteering) {
  const double theta = -0.7;
  const CVec a = ula_steering(8, 0.5, theta);
  const CVec b = upa_steering(1, 8, 0.5, 0.5, theta, 0.0);
  EXPECT_LT((a - b).norm(), 1e-12);
  ArrayLayout l{1, 8, 0.5, 0.5, {}};
  EXPECT_LT((l.steering(direction(theta, 0.0)) - a).norm(), 1e-12);
}

TEST(Steering, UlaDerivativeMatchesCentralDifference) {
  const double h = 1e-6;
  for (double theta : {-1.2, -0.3, 0.0, 0.5, 1.3}) {
    const CVec da = ula_steering_derivative(16, 0.5, theta);
    const CVec fd = (ula_steering(16, 0.5, theta + h) - ula_steering(16, 0.5, theta - h)) / (2.0 * h);
    EXPECT_LT((da - fd).norm() / da.norm(), 1e-8) << "theta " << theta;
  }
}

TEST(Steering, UpaDerivativesMatchCentralDifferences) {
  const double h = 1e-6, az = 0.3, el = -0.2;
  const auto [d_az, d_el] = upa_steering_derivatives(4, 6, 0.5, 0.4, az, el);
  const CVec fd_az = (upa_steering(4, 6, 0.5, 0.4, az + h, el) - upa_steering(4, 6, 0.5, 0.4, az - h, el)) / (2 * h);
  const CVec fd_el = (upa_steering(4, 6, 0.5, 0.4, az, el + h) - upa_steering(4, 6, 0.5, 0.4, az, el - h)) / (2 * h);
  EXPECT_LT((d_az - fd_az).norm() / d_az.norm(), 1e-8);
  EXPECT_LT((d_el - fd_el).norm() / d_el.norm(), 1e-8);
}

TEST(Steering, NearFieldTendsToFarFieldBeyondRayleighDistance) {
  // 32-element ULA (λ = 1 cm, d = λ/2): aperture D = 15.5 cm, Rayleigh distance 2D²/λ = 4.8 m.
  const double lambda = 0.01;
  ArrayLayout l{1, 32, 0.5, 0.5, {}};
  const Eigen::Matrix3Xd p = l.positions_wl() * lambda;
  const double rd = rayleigh_distance_m(l.aperture_wl() * lambda, lambda);
  EXPECT_NEAR(rd, 2.0 * 0.155 * 0.155 / 0.01, 1e-12);
  const Vec3 u = direction(0.6, 0.1);
  const CVec far = l.steering(u);
  double prev_err = 1e9;
  for (double mult : {0.1, 1.0, 10.0, 100.0}) {
    const CVec near = near_field_response(p, mult * rd * u, lambda);
    const double err = (near - far).norm() / far.norm();
    EXPECT_LT(err, prev_err);
    prev_err = err;
    // Far beyond the Rayleigh distance the difference is the Fresnel phase φ_n = π‖p_n⊥‖²/(λr)
    // (p_n⊥: element offset across the direction), so the relative error → rms(φ_n), falling as 1/r.
    if (mult >= 10.0) {
      double ms = 0.0;
      for (Index k = 0; k < p.cols(); ++k) {
        const Vec3 q = p.col(k);
        const double perp2 = q.squaredNorm() - std::pow(q.dot(u), 2);
        ms += std::pow(constants::pi * perp2 / (lambda * mult * rd), 2) / static_cast<double>(p.cols());
      }
      EXPECT_NEAR(err / std::sqrt(ms), 1.0, 0.05) << "at " << mult << " Rayleigh distances";
    }
  }
  EXPECT_LT(prev_err, 5e-3);
}

TEST(Steering, BadArgumentsThrowWithTheValue) {
  try {
    (void)ula_steering(0, 0.5, 0.0);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "ula_steering(): num_elements must be >= 1 (got 0)");
  }
  EXPECT_THROW((void)ula_steering(4, -0.5, 0.0), InvalidArgument);
}

TEST(Frame, RotationAndAngles) {
  const Mat3 r = rotation_from_ypr(constants::pi / 2, 0.0, 0.0);
  EXPECT_LT((r.col(0) - Vec3(0, 1, 0)).norm(), 1e-15);  // yaw 90°: boresight along +y
  const Vec3 u = direction(0.3, -0.4);
  EXPECT_NEAR(azimuth_of(u), 0.3, 1e-15);
  EXPECT_NEAR(elevation_of(u), -0.4, 1e-15);
  const Mat3 p = rotation_from_ypr(0.0, 0.5, 0.0);
  EXPECT_NEAR(p.col(0).z(), -std::sin(0.5), 1e-15);  // positive pitch tilts the boresight down
}

TEST(ElementPattern, CosinePatternHasUnitMeanOverTheSphere) {
  // ∫ G dΩ / 4π = 1 for G = 2(q+1) cos^q ψ on the front hemisphere.
  for (double q : {0.0, 1.0, 2.0, 4.0}) {
    ElementPattern pat{ElementPattern::Kind::cosine, q, false};
    double sum = 0.0;
    const int n = 400;
    for (int i = 0; i < n; ++i) {
      const double psi = (i + 0.5) * constants::pi / n;  // polar angle from +x
      sum += pat.gain(Vec3(std::cos(psi), std::sin(psi), 0.0)) * std::sin(psi) * (constants::pi / n) * 2.0 * constants::pi;
    }
    EXPECT_NEAR(sum / (4.0 * constants::pi), 1.0, 1e-4) << "q " << q;
  }
}
