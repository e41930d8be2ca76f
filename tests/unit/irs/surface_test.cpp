// Surfaces: energy conservation of simultaneous reflection/refraction, quantisation loss sinc²(π/2^b),
// geometry picks reflection or refraction, active power budget.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/core/units.hpp"
#include "irisac/irs/surface.hpp"

using namespace irisac;

namespace {
Surface star(StarProtocol p, double eps, PhaseCoupling c = PhaseCoupling::independent) {
  Surface s;
  s.layout = ArrayLayout{4, 8, 0.5, 0.5, {}};
  s.mode = SurfaceMode::simultaneous;
  s.protocol = p;
  s.reflect_fraction = eps;
  s.coupling = c;
  return s;
}
CVec random_phasors(Index n, Rng& rng) {
  CVec v(n);
  for (Index i = 0; i < n; ++i) v[i] = rng.unit_phasor();
  return v;
}
}  // namespace

TEST(Surface, EnergySplittingConservesEnergyPerElement) {
  Rng rng(1);
  for (double eps : {0.0, 0.2, 0.5, 0.9, 1.0})
    for (auto c : {PhaseCoupling::independent, PhaseCoupling::coupled}) {
      const Surface s = star(StarProtocol::energy_splitting, eps, c);
      const SurfaceResponse r = surface_response(s, random_phasors(32, rng), random_phasors(32, rng));
      for (Index n = 0; n < 32; ++n) {
        EXPECT_NEAR(std::norm(r.reflect[n]) + std::norm(r.transmit[n]), 1.0, 1e-14);
        EXPECT_NEAR(std::norm(r.reflect[n]), eps, 1e-14);
        if (c == PhaseCoupling::coupled && eps > 0 && eps < 1) {  // θ^t = θ^r + π/2
          EXPECT_NEAR(std::arg(r.transmit[n] / r.reflect[n]), constants::pi / 2, 1e-12);
        }
      }
    }
}

TEST(Surface, ModeAndTimeSwitchingConserveEnergy) {
  Rng rng(2);
  const Surface ms = star(StarProtocol::mode_switching, 0.25);
  const SurfaceResponse r = surface_response(ms, random_phasors(32, rng), random_phasors(32, rng));
  EXPECT_NEAR(r.reflect.squaredNorm(), 8.0, 1e-12);    // 25 % of the 32 elements reflect
  EXPECT_NEAR(r.transmit.squaredNorm(), 24.0, 1e-12);
  for (Index n = 0; n < 32; ++n) EXPECT_NEAR(std::norm(r.reflect[n]) + std::norm(r.transmit[n]), 1.0, 1e-14);
  const Surface ts = star(StarProtocol::time_switching, 0.3);
  const auto [a, b] = surface_response_time_switching(ts, random_phasors(32, rng), random_phasors(32, rng));
  EXPECT_NEAR(a.time_fraction + b.time_fraction, 1.0, 1e-15);
  EXPECT_NEAR(a.time_fraction * a.reflect.squaredNorm() + b.time_fraction * b.transmit.squaredNorm(), 32.0 * 1.0, 1e-12 * 32);
  EXPECT_NEAR(a.transmit.norm() + b.reflect.norm(), 0.0, 0.0);
}

TEST(Surface, GeometryDecidesReflectionOrRefraction) {
  Surface s;
  s.pose.position_m = Vec3(0, 0, 0);  // boresight +x
  EXPECT_TRUE(is_reflection_path(s, Vec3(5, 1, 0), Vec3(3, -2, 0)));
  EXPECT_FALSE(is_reflection_path(s, Vec3(5, 1, 0), Vec3(-3, -2, 0)));
  EXPECT_TRUE(is_reflection_path(s, Vec3(-5, 1, 0), Vec3(-3, -2, 0)));
}

TEST(Surface, QuantisationLossTheoryValues) {
  EXPECT_NEAR(-lin_to_db(quantization_loss(1)), 3.92, 0.005);
  EXPECT_NEAR(-lin_to_db(quantization_loss(2)), 0.91, 0.005);
  EXPECT_NEAR(-lin_to_db(quantization_loss(3)), 0.22, 0.005);
}

TEST(Surface, QuantisedAlignmentLossTendsToSincSquared) {
  // Aligned phases v_n = e^{−j arg g_n} for random channel phases; quantising them to b bits leaves
  // |Σ g_n v_n^q|² / |Σ |g_n||² → sinc²(π/2^b) as N → ∞ (uniform error over a quantisation cell).
  // For unit-modulus g the ratio's deviation is O(1/√N): at N = 16384 we allow 0.05 dB.
  Rng rng(42);
  const Index n = 16384;
  CVec g = random_phasors(n, rng);
  CVec aligned(n);
  for (Index i = 0; i < n; ++i) aligned[i] = std::conj(g[i]);
  for (int b : {1, 2, 3}) {
    const CVec vq = quantize_phases(aligned, b);
    const double ratio = std::norm(g.cwiseProduct(vq).sum()) / (static_cast<double>(n) * static_cast<double>(n));
    EXPECT_NEAR(lin_to_db(ratio), lin_to_db(quantization_loss(b)), 0.05) << b << " bits";
    for (Index i = 0; i < n; ++i) ASSERT_NEAR(std::abs(vq[i]), 1.0, 1e-12);
  }
  // The loss shrinks towards the limit as N grows (N = 64 is further away than N = 16384 on average).
}

TEST(Surface, ActiveBudgetAndValidation) {
  RVec p(4);
  p << 1e-6, 2e-6, 3e-6, 4e-6;
  EXPECT_NEAR(active_max_amplification(p, 1e-6, 1e-3), 1e-3 / (1e-5 + 4e-6), 1e-9);
  Surface s;
  s.amplification = 10.0;  // passive surface cannot amplify
  EXPECT_THROW(validate(s), InvalidArgument);
  s.kind = SurfaceKind::active;
  EXPECT_NO_THROW(validate(s));
  s.layout.rows = 0;
  EXPECT_THROW(validate(s), InvalidArgument);
}
