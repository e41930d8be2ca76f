// Sensing security: a target-mounted IRS nulls its echo at an unauthorised receiver (to 1e-9 of
// the unsecured echo) while keeping most of it at the legitimate one.
#include <gtest/gtest.h>

#include "irisac/core/error.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/sensing/sensing_security.hpp"

using namespace irisac;

TEST(SensingSecurity, ExactNullAtTheUnauthorisedReceiver) {
  Rng rng(41);
  for (int inst = 0; inst < 30; ++inst) {
    const Index n = 8 + 8 * (inst % 3);
    CMat cl(1, n), cu(1, n);
    for (Index k = 0; k < n; ++k) {
      cl(0, k) = rng.complex_normal();
      cu(0, k) = rng.complex_normal();
    }
    const EchoNullDesign d = design_echo_null(cl, cu);
    ASSERT_TRUE(d.exact) << inst;
    EXPECT_LE(d.urs_power, 1e-9 * d.urs_power_unsecured) << inst;
    EXPECT_LT((d.v.array().abs() - 1.0).abs().maxCoeff(), 1e-12);
    // The null costs little of the legitimate echo with N ≥ 8 degrees of freedom.
    EXPECT_GT(d.lrs_power, 0.5 * d.lrs_power_unsecured) << inst;
    EXPECT_LE(d.lrs_power, d.lrs_power_unsecured * (1.0 + 1e-12));
  }
}

TEST(SensingSecurity, MultiAntennaReceiversUsePenaltyOnly) {
  Rng rng(42);
  const Index n = 32;
  CMat cl(4, n), cu(2, n);
  for (Index r = 0; r < 4; ++r)
    for (Index k = 0; k < n; ++k) cl(r, k) = rng.complex_normal();
  for (Index r = 0; r < 2; ++r)
    for (Index k = 0; k < n; ++k) cu(r, k) = rng.complex_normal();
  const EchoNullDesign d = design_echo_null(cl, cu);
  EXPECT_FALSE(d.exact);
  EXPECT_LT(d.urs_power, 1e-3 * d.urs_power_unsecured);
  EXPECT_GT(d.lrs_power, 0.3 * d.lrs_power_unsecured);
  EXPECT_THROW((void)design_echo_null(CMat(1, 4), CMat(1, 5)), InvalidArgument);
}
