// Statistical checks of the counter-based RNG: moments of the uniform, normal and complex normal
// draws with tolerance k·σ/√n (k = 5), and reproducibility as a pure function of its key.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/core/rng.hpp"

using namespace irisac;

TEST(Rng, SameKeySameStreamDifferentKeyDifferentStream) {
  Rng a(42, 3, 7, 1), b(42, 3, 7, 1), c(42, 3, 8, 1), d(43, 3, 7, 1);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    EXPECT_NE(x, c.next_u64());
    EXPECT_NE(x, d.next_u64());
  }
}

TEST(Rng, MomentsWithinFiveSigma) {
  constexpr int n = 200000;
  Rng rng(1);
  double su = 0, su2 = 0, sn = 0, sn2 = 0, sn4 = 0, sc2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    su += u;
    su2 += u * u;
    const double z = rng.normal();
    sn += z;
    sn2 += z * z;
    sn4 += z * z * z * z;
    sc2 += std::norm(rng.complex_normal(2.0));
  }
  const double k = 5.0, rn = std::sqrt(static_cast<double>(n));
  EXPECT_NEAR(su / n, 0.5, k * std::sqrt(1.0 / 12.0) / rn);
  EXPECT_NEAR(su2 / n, 1.0 / 3.0, k * std::sqrt(4.0 / 45.0) / rn);  // var(U²) = 1/5 − 1/9
  EXPECT_NEAR(sn / n, 0.0, k / rn);
  EXPECT_NEAR(sn2 / n, 1.0, k * std::sqrt(2.0) / rn);              // var(Z²) = 2
  EXPECT_NEAR(sn4 / n, 3.0, k * std::sqrt(96.0) / rn);             // var(Z⁴) = 105 − 9
  EXPECT_NEAR(sc2 / n, 2.0, k * 2.0 / rn);                         // |z|² ~ Exp(mean 2), sd 2
}
