// Size limits (issue 16): overflow-checked products and the [limits] table of a scenario.
#include <gtest/gtest.h>

#include <limits>

#include "irisac/io/document.hpp"
#include "irisac/io/limits.hpp"
#include "irisac/io/scene_io.hpp"

using namespace irisac;
using namespace irisac::io;

TEST(Limits, CheckedMulDetectsEveryOverflow) {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(checked_mul(3000, 3000), 9000000);
  EXPECT_EQ(checked_mul(max, 1), max);
  EXPECT_EQ(checked_mul(0, max), 0);
  EXPECT_FALSE(checked_mul(max, 2));
  EXPECT_FALSE(checked_mul(4611686018427387904LL, 4));  // 2^62 x 4 = 2^64
  EXPECT_FALSE(checked_mul(4294967296LL, 4294967296LL));
  EXPECT_EQ(checked_mul(3037000499LL, 3037000499LL), 9223372030926249001LL);  // the largest square
  EXPECT_FALSE(checked_mul(3037000500LL, 3037000500LL));
  EXPECT_FALSE(checked_mul(-1, 4));
}

namespace {
std::string limits_error(const std::string& toml, const std::vector<std::string>& sets = {}) {
  try {
    Document d = Document::from_string(toml, "l.toml");
    for (const auto& s : sets) d.set(s);
    (void)load_scene(d, {});
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}
const std::string limits_base = R"([system]
carrier_hz = 28e9
[[bs]]
name = "bs"
position_m = [0, 0, 10]
tx = 64
[[user]]
name = "a"
position_m = [1, 0, 0]
[[user]]
name = "b"
position_m = [2, 0, 0]
)";
}  // namespace

TEST(Limits, ScenarioTableRaisesAndLowersEachLimit) {
  EXPECT_EQ(limits_error(limits_base), "no error");
  EXPECT_EQ(limits_error(limits_base, {"limits.nodes=2"}),
            "l.toml:7:1: user: expected bs + irs + user + target + eavesdropper: nodes of at most 2 (limits.nodes; raise it "
            "with [limits] nodes = N in the file or --set limits.nodes=N), found 3");
  EXPECT_EQ(limits_error(limits_base, {"limits.elements=63"}),
            "l.toml:6:6: bs[0].tx: expected a number of elements of at most 63 (limits.elements; raise it with [limits] "
            "elements = N in the file or --set limits.elements=N), found 64");
  EXPECT_EQ(limits_error(limits_base + "[limits]\nelements = 64\n"), "no error");
  EXPECT_EQ(limits_error(limits_base + "[limits]\nelemnts = 64\n"),
            "l.toml:14:11: limits.elemnts: expected a known key, found unknown key 'elemnts' (did you mean 'elements'?)");
}
