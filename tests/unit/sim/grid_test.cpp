#include "irisac/sim/grid.hpp"

#include <gtest/gtest.h>

#include "irisac/core/error.hpp"

namespace irisac::sim {
namespace {

Axis axis(std::string key, std::vector<double> v, bool zip = false) {
  Axis a;
  a.key = std::move(key);
  for (double x : v) a.labels.push_back(format_value(x));
  a.values = std::move(v);
  a.zip_with_previous = zip;
  return a;
}

TEST(Grid, Spacings) {
  EXPECT_EQ(linspace(0.0, 1.0, 5), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
  EXPECT_EQ(linspace(3.0, 9.0, 1), (std::vector<double>{3.0}));
  const auto g = geomspace(1e-3, 1.0, 4);
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[0], 1e-3);
  EXPECT_NEAR(g[1], 1e-2, 1e-16);
  EXPECT_NEAR(g[2], 1e-1, 1e-15);
  EXPECT_EQ(g[3], 1.0);
  EXPECT_EQ(arange(0.0, 1.0, 0.25), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
  EXPECT_EQ(arange(0.0, 0.3, 0.1).size(), 4u);  // 0.3 reached within rounding
  EXPECT_EQ(arange(10.0, 0.0, -5.0), (std::vector<double>{10.0, 5.0, 0.0}));
  EXPECT_THROW((void)arange(0.0, 1.0, -1.0), InvalidArgument);
  EXPECT_THROW((void)geomspace(0.0, 1.0, 3), InvalidArgument);
  // numpy.logspace takes exponents: logspace(-3, 0, 4) = geomspace(1e-3, 1, 4).
  const auto l = logspace(-3.0, 0.0, 4);
  ASSERT_EQ(l.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(l[i], g[i], 1e-15 * g[i]);
  EXPECT_THROW((void)logspace(0.0, 400.0, 3), InvalidArgument);
}

TEST(Grid, FormatValueRoundTrips) {
  EXPECT_EQ(format_value(16.0), "16");
  EXPECT_EQ(format_value(-3.0), "-3");
  EXPECT_EQ(format_value(0.1), "0.1");
  EXPECT_EQ(format_value(1e-9), "1e-09");
  EXPECT_EQ(std::stod(format_value(0.1 + 0.2)), 0.1 + 0.2);
}

TEST(Grid, CartesianLastAxisFastest) {
  Grid g({axis("a", {1, 2}), axis("b", {10, 20, 30})});
  ASSERT_EQ(g.size(), 6u);
  EXPECT_EQ(g.indices(0), (std::vector<std::size_t>{0, 0}));
  EXPECT_EQ(g.indices(1), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(g.indices(3), (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(g.indices(5), (std::vector<std::size_t>{1, 2}));
}

TEST(Grid, ZipMovesTogetherAndChecksLengths) {
  Grid g({axis("a", {1, 2, 3}), axis("b", {4, 5, 6}, true), axis("c", {0, 1})});
  ASSERT_EQ(g.size(), 6u);
  EXPECT_EQ(g.indices(2), (std::vector<std::size_t>{1, 1, 0}));
  EXPECT_EQ(g.indices(5), (std::vector<std::size_t>{2, 2, 1}));
  EXPECT_THROW(Grid({axis("a", {1, 2}), axis("b", {1, 2, 3}, true)}), InvalidArgument);
  EXPECT_THROW(Grid({axis("a", {1}, true)}), InvalidArgument);
  EXPECT_EQ(Grid().size(), 1u);
}

}  // namespace
}  // namespace irisac::sim
