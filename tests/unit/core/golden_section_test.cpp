// Golden-section search against closed forms.
#include "irisac/core/golden_section.hpp"

#include <gtest/gtest.h>

namespace irisac {
namespace {

TEST(GoldenSection, FindsTheMaximumOfAUnimodalFunction) {
  int evals = 0;
  auto f = [&](double x) {
    ++evals;
    return -(x - 0.3) * (x - 0.3);
  };
  const auto r = golden_section_max(f, 0.0, 1.0, 60);
  EXPECT_NEAR(r.midpoint, 0.3, 1e-9);
  EXPECT_NEAR(r.x, 0.3, 1e-9);
  EXPECT_DOUBLE_EQ(r.fx, f(r.x));
  EXPECT_EQ(evals, 2 + 60 + 1);  // two to start, one per iteration (+ the check above)
  // the tolerance stops early: the bracket shrinks by r = 0.618 per iteration, 1e-3 needs 15
  evals = 0;
  const auto t = golden_section_max(f, 0.0, 1.0, 1000, 1e-3);
  EXPECT_EQ(evals, 2 + 15);
  EXPECT_NEAR(t.midpoint, 0.3, 1e-3);
  // the maximum on the boundary: the bracket closes on the end
  EXPECT_NEAR(golden_section_max([](double x) { return x; }, -1.0, 2.0, 80).midpoint, 2.0, 1e-12);
}

}  // namespace
}  // namespace irisac
