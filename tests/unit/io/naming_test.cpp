// One vocabulary (docs/conventions.md, "Names"): every registered metric ends in a unit suffix that
// agrees with its unit (dimensionless ones in _ratio/_frac/_prob/_count/_flag), every rename in the
// deprecation table resolves, and the docs table lists the same renames.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "irisac/io/deprecated.hpp"
#include "irisac/io/experiment.hpp"
#include "irisac/io/registry.hpp"

namespace irisac::io {
namespace {

// Name suffix → the unit string MetricInfo must carry ("" = dimensionless).
const std::map<std::string, std::string>& naming_suffix_units() {
  static const std::map<std::string, std::string> m = {
      {"_db", "dB"},   {"_dbm", "dBm"},       {"_bps_hz", "bps/Hz"}, {"_rad2", "rad^2"}, {"_deg", "deg"},
      {"_m2", "m^2"},  {"_slot", "slot"},     {"_w", "W"},          {"_s", "s"},        {"_ratio", ""},
      {"_frac", ""},   {"_prob", ""},         {"_count", ""},       {"_flag", ""},
      {"_m", "m"},     {"_hz", "Hz"}};
  return m;
}

bool naming_has_suffix(const std::string& name, const std::string& suffix) {
  return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST(Naming, EveryMetricEndsInAUnitSuffixMatchingItsUnit) {
  std::size_t checked = 0;
  for (const auto& g : builtin_registry().metric_groups)
    for (const auto& m : g.metrics) {
      std::string found;
      for (const auto& [suffix, unit] : naming_suffix_units())
        if (naming_has_suffix(m.name, suffix) && suffix.size() > found.size()) found = suffix;
      ASSERT_FALSE(found.empty()) << "metric '" << m.name << "' (group " << g.name << ") has no unit suffix";
      EXPECT_EQ(m.unit, naming_suffix_units().at(found)) << "metric '" << m.name << "': suffix " << found
                                                         << " but unit \"" << m.unit << "\"";
      ++checked;
    }
  EXPECT_GT(checked, 50u);
}

TEST(Naming, EveryMetricRenameResolvesAndOldNamesAreGone) {
  const Registry& reg = builtin_registry();
  std::size_t metric_renames = 0;
  for (const Rename& r : renames()) {
    if (r.kind != "metric") continue;
    ++metric_renames;
    EXPECT_EQ(reg.find_metric(std::string(r.old_name)), nullptr) << r.old_name << " is still registered";
    if (!r.new_name.empty()) {
      EXPECT_NE(reg.find_metric(std::string(r.new_name)), nullptr) << r.new_name;
    }
    EXPECT_FALSE(r.note.empty()) << r.old_name;
  }
  EXPECT_GE(metric_renames, 40u);
}

TEST(Naming, DocsTableListsEveryRename) {
  std::ifstream in(std::string(IRISAC_SOURCE_DIR) + "/docs/conventions.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  for (const Rename& r : renames()) {
    const std::string row = "| " + std::string(r.kind) + " | `" + std::string(r.old_name) + "` | " +
                            (r.new_name.empty() ? std::string("(removed)") : "`" + std::string(r.new_name) + "`") + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/conventions.md lacks the row: " << row;
  }
}

TEST(Naming, OldExperimentNamesHaveTheirNewFiles) {
  for (const Rename& r : renames()) {
    if (r.kind != "experiment") continue;
    const auto dir = std::filesystem::path(IRISAC_SOURCE_DIR) / "experiments";
    EXPECT_TRUE(std::filesystem::exists(dir / (std::string(r.new_name) + ".toml"))) << r.new_name;
    EXPECT_FALSE(std::filesystem::exists(dir / (std::string(r.old_name) + ".toml"))) << r.old_name;
  }
}

TEST(Naming, DeprecatedMetricInAnExperimentResolvesToItsNewName) {
  const std::string src = std::string(IRISAC_SOURCE_DIR) + "/scenarios/multiuser-one-irs.toml";
  const std::string text = "[experiment]\nname = \"old-names\"\nscenario = \"" + src +
                           "\"\nmetrics = [\"multicast_value\", \"sum_rate_objective_bps_hz\"]\n"
                           "[[axis]]\nkey = \"system.bandwidth_hz\"\nlogspace = { start = 1e6, stop = 1e8, num = 3 }\n";
  const Experiment e = parse_experiment(Document::from_string(text, "old.toml"), builtin_registry(), {});
  ASSERT_EQ(e.metrics.size(), 2u);
  EXPECT_EQ(e.metrics[0], "multicast_objective_db");
  // the deprecated logspace still gives values from start to stop (geomspace)
  ASSERT_EQ(e.axes.size(), 1u);
  EXPECT_NEAR(e.axes[0].values[1], 1e7, 1e-3);
  // a removed name is an error that names its replacement
  const std::string bad = "[experiment]\nname = \"x\"\nscenario = \"" + src + "\"\nmetrics = [\"comm_objective\"]\n";
  try {
    (void)parse_experiment(Document::from_string(bad, "bad.toml"), builtin_registry(), {});
    FAIL() << "comm_objective accepted";
  } catch (const InputError& err) {
    EXPECT_NE(std::string(err.what()).find("sum_rate_objective_bps_hz"), std::string::npos) << err.what();
  }
}

}  // namespace
}  // namespace irisac::io
