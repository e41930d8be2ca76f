// Secure ISAC metrics on scenarios/secure-isac.toml: the designed phases never lose secrecy against
// the user-aligned ones, the reported rates are consistent, the sensing constraint holds, the echo
// is nulled at the eavesdropper, and bad scenes name the key.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/io/document.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/registry.hpp"

using namespace irisac;
using namespace irisac::io;

namespace {
Document sec_doc(const std::vector<std::string>& sets = {}) {
  Document d = Document::from_file(std::string(IRISAC_SOURCE_DIR) + "/scenarios/secure-isac.toml");
  for (const auto& s : sets) d.set(s);
  return d;
}
std::vector<double> sec_eval(const std::string& metric, const Document& d, std::uint64_t trial) {
  const MetricGroup* g = builtin_registry().find_metric(metric);
  EXPECT_NE(g, nullptr);
  std::vector<double> out(g->metrics.size());
  Rng rng(9, 0, trial, 0);
  g->prepare(d)(rng, out);
  return out;
}
}  // namespace

TEST(SecureIo, DesignedPhasesNeverLoseSecrecy) {
  const Document d = sec_doc();
  for (std::uint64_t t = 0; t < 10; ++t) {
    const std::vector<double> o = sec_eval("secrecy_capacity_designed_bps_hz", d, t);
    EXPECT_GE(o[1], o[0] - 1e-12) << t;
    if (o[1] > 0.0) {
      EXPECT_NEAR(o[1], o[2] - o[3], 1e-9) << t;
    }
  }
}

TEST(SecureIo, SensingConstraintHoldsAndSecurityNulls) {
  const Document d = sec_doc({"secure.min_target_power_dbm=-42.0"});
  for (std::uint64_t t = 0; t < 5; ++t) {
    const std::vector<double> o = sec_eval("secrecy_capacity_sensing_bps_hz", d, t);
    EXPECT_GE(o[2], -42.0 - 1e-9) << t;
    EXPECT_GE(o[1], 0.0);
    EXPECT_LE(o[1], 1.0);
    const std::vector<double> s = sec_eval("urs_suppression_db", d, t);
    EXPECT_GT(s[0], 90.0) << t;  // relative residual below 1e-9
    EXPECT_GE(s[1], 0.0);
    EXPECT_LT(s[1], 3.0);
  }
}

TEST(SecureIo, BadScenesNameTheKey) {
  auto message = [](const Document& d, const std::string& metric) -> std::string {
    try {
      (void)sec_eval(metric, d, 0);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message(sec_doc({"eavesdropper.0.antennas=2"}), "secrecy_capacity_designed_bps_hz").find("eavesdropper"),
            std::string::npos);
  EXPECT_NE(message(sec_doc({"secure.user=\"bob\""}), "secrecy_capacity_designed_bps_hz").find("secure.user"),
            std::string::npos);
  EXPECT_NE(message(sec_doc({"secure.min_target_power_dbm=1e999"}), "secrecy_capacity_sensing_bps_hz")
                .find("min_target_power_dbm"),
            std::string::npos);
}
