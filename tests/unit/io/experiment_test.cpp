// Experiment files: parsing, every error naming file:line and key, axis application, hashing.
#include "irisac/io/experiment.hpp"

#include <gtest/gtest.h>

#include "unit/io/engine_toy.hpp"

namespace irisac::io {
namespace {

using testing::scratch;
using testing::toy_registry;
using testing::write_file;

const char* kValid = R"([experiment]
name = "toy-sweep"
description = "test"
metrics = ["toy_power", "toy_real"]
seed = 9

[scenario.toy]
variance = 1.0
fail_prob = 0.0

[[axis]]
key = "toy.variance"
linspace = { start = 1, stop = 2, num = 3 }

[[axis]]
key = "toy.fail_prob"
values = [0.0, 0.1]

[monte_carlo]
min_trials = 50
max_trials = 5000
rel_ci = 0.05
batch_size = 32

[[figure]]
name = "power"
x = "toy.variance"
y = "toy_power"
curve = "toy.fail_prob"
hlines = [{ y = 1.5, label = "reference" }]
)";

// Parses `text` written to a file and returns the InputError message ("" if it parsed).
std::string experiment_error_of(const std::string& text, const std::string& name = "bad.toml") {
  const std::string dir = scratch("experiment_errors");
  const std::string path = write_file(dir + "/" + name, text);
  try {
    (void)load_experiment(path, toy_registry());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Experiment, ParsesAllSections) {
  const Experiment e = parse_experiment(Document::from_string(kValid, "valid.toml"), toy_registry());
  EXPECT_EQ(e.name, "toy-sweep");
  EXPECT_EQ(e.seed, 9u);
  ASSERT_EQ(e.axes.size(), 2u);
  EXPECT_EQ(e.axes[0].values, (std::vector<double>{1.0, 1.5, 2.0}));
  EXPECT_EQ(e.axes[1].labels, (std::vector<std::string>{"0", "0.1"}));
  EXPECT_EQ(e.grid().size(), 6u);
  EXPECT_EQ(e.stop.min_trials, 50);
  EXPECT_EQ(e.stop.max_trials, 5000);
  EXPECT_DOUBLE_EQ(e.stop.rel_ci, 0.05);
  EXPECT_EQ(e.batch_size, 32);
  ASSERT_EQ(e.figures.size(), 1u);
  EXPECT_EQ(e.figures[0].curve, "toy.fail_prob");
  ASSERT_EQ(e.figures[0].hlines.size(), 1u);
  EXPECT_EQ(e.figures[0].hlines[0].label, "reference");
  EXPECT_EQ(e.figures[0].ylabel, "toy_power [W]");
}

TEST(Experiment, PointDocumentAppliesAxesAndOverrides) {
  ExperimentOptions o;
  o.sets = {"toy.spin=3"};
  o.seed = 77;
  const Experiment e = parse_experiment(Document::from_string(kValid, "valid.toml"), toy_registry(), o);
  EXPECT_EQ(e.seed, 77u);
  const Document d = e.point_document(5);  // variance index 2, fail_prob index 1 (last axis fastest)
  EXPECT_EQ(d.table()["toy"]["variance"].value<double>(), 2.0);
  EXPECT_EQ(d.table()["toy"]["fail_prob"].value<double>(), 0.1);
  EXPECT_EQ(d.table()["toy"]["spin"].value<std::int64_t>(), 3);
}

TEST(Experiment, SetOnASweptKeyIsAnErrorNamingTheOptionAndTheAxis) {
  // The axis would overwrite the override at every point: silently ignoring --set is refused.
  ExperimentOptions o;
  o.sets = {"toy.fail_prob=0.5"};
  try {
    (void)parse_experiment(Document::from_string(kValid, "valid.toml"), toy_registry(), o);
    FAIL() << "expected an InputError";
  } catch (const InputError& err) {
    const std::string msg = err.what();
    EXPECT_NE(msg.find("--set toy.fail_prob=0.5"), std::string::npos) << msg;
    EXPECT_NE(msg.find("valid.toml:"), std::string::npos) << msg;  // the [[axis]] that sweeps it
    EXPECT_NE(msg.find("no [[axis]] sweeps"), std::string::npos) << msg;
  }
}

TEST(Experiment, HashChangesWithResultsNotWithFigures) {
  const Registry reg = toy_registry();
  const Experiment a = parse_experiment(Document::from_string(kValid, "a.toml"), reg);
  std::string text = kValid;
  text.replace(text.find("reference"), 9, "other lbl");
  text.replace(text.find("description = \"test\""), 20, "description = \"xxxx\"");
  const Experiment b = parse_experiment(Document::from_string(text, "b.toml"), reg);
  EXPECT_EQ(a.hash(), b.hash());
  ExperimentOptions o;
  o.seed = 10;
  EXPECT_NE(a.hash(), parse_experiment(Document::from_string(kValid, "a.toml"), reg, o).hash());
  o = {};
  o.sets = {"toy.spin=3"};
  EXPECT_NE(a.hash(), parse_experiment(Document::from_string(kValid, "a.toml"), reg, o).hash());
  EXPECT_EQ(a.hash().size(), 16u);
}

TEST(Experiment, ScenarioByPathRelativeToTheExperiment) {
  const std::string dir = scratch("experiment_path");
  std::filesystem::create_directories(dir + "/scen");
  write_file(dir + "/scen/s.toml", "[toy]\nvariance = 2.5\n");
  const std::string exp = write_file(dir + "/e.toml",
                                     "[experiment]\nname = \"p\"\nscenario = \"scen/s.toml\"\nmetrics = [\"toy_power\"]\n"
                                     "[monte_carlo]\ntrials = 3\n");
  const Experiment e = load_experiment(exp, toy_registry());
  EXPECT_EQ(e.grid().size(), 1u);
  EXPECT_EQ(e.point_document(0).table()["toy"]["variance"].value<double>(), 2.5);
  EXPECT_EQ(e.stop.max_trials, 3);
  EXPECT_EQ(e.stop.min_trials, 3);
}

TEST(Experiment, ErrorsNameFileLineAndKey) {
  const std::string head = "[experiment]\nname = \"x\"\nmetrics = [\"toy_power\"]\n[scenario.toy]\nvariance = 1\n";
  std::string msg = experiment_error_of("[experiment]\nname = \"x\"\nmetrics = [\"toy_powr\"]\n[scenario.toy]\nvariance = 1\n");
  EXPECT_NE(msg.find("bad.toml:3:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("experiment.metrics"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean \"toy_power\""), std::string::npos) << msg;

  msg = experiment_error_of(head + "[monte_carlo]\ntrails = 10\n");
  EXPECT_NE(msg.find("bad.toml:7:10: monte_carlo.trails: expected a known key"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'trials'"), std::string::npos) << msg;

  msg = experiment_error_of(head + "[[axis]]\nkey = \"toy.variance\"\nvalues = [1, 2]\nlinspace = { start = 0, stop = 1, num = 2 }\n");
  EXPECT_NE(msg.find("bad.toml:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("axis[0]."), std::string::npos) << msg;
  EXPECT_NE(msg.find("exactly one of values, range, linspace, geomspace"), std::string::npos) << msg;

  msg = experiment_error_of(head + "[[axis]]\nkey = \"toy.variance\"\nrange = { start = 0, stop = 1, step = -1 }\n");
  EXPECT_NE(msg.find("bad.toml:8:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("axis[0].range.step"), std::string::npos) << msg;

  msg = experiment_error_of(head + "[monte_carlo]\nmin_trials = 10\nmax_trials = 5\nrel_ci = 0.1\n");
  EXPECT_NE(msg.find("bad.toml:8:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("monte_carlo.max_trials: expected a value >= 10, found 5"), std::string::npos) << msg;

  msg = experiment_error_of(head + "[[axis]]\nkey = \"toy.variance\"\nvalues = [1, 2]\n[[figure]]\nx = \"toy.varianc\"\ny = \"toy_power\"\n");
  EXPECT_NE(msg.find("bad.toml:10:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("figure[0].x"), std::string::npos) << msg;

  msg = experiment_error_of(head + "[[axis]]\nkey = \"toy.variance\"\nvalues = [1, 2]\n[[axis]]\nkey = \"toy.spin\"\nvalues = [1]\nmode = \"zip\"\n");
  EXPECT_NE(msg.find("axis[1].mode"), std::string::npos) << msg;
  EXPECT_NE(msg.find("as many values as the axis before (2)"), std::string::npos) << msg;

  msg = experiment_error_of("[experiment]\nname = \"x\"\nmetrics = [\"toy_power\"]\nscenario = \"nope.toml\"\n");
  EXPECT_NE(msg.find("bad.toml:4:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("experiment.scenario: expected a readable scenario file"), std::string::npos) << msg;

  msg = experiment_error_of("[experiment]\nname = \"x\"\nmetrics = [\"toy_power\"]\nseed = -1\n[scenario.toy]\nvariance = 1\n");
  EXPECT_NE(msg.find("bad.toml:4:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("experiment.seed: expected a value >= 0, found -1"), std::string::npos) << msg;

  msg = experiment_error_of("[experiment\nname = 1\n");
  EXPECT_NE(msg.find("bad.toml:1:"), std::string::npos) << msg;
}

TEST(Experiment, ListsExperimentsOfADirectory) {
  const std::string dir = scratch("experiment_list");
  write_file(dir + "/b.toml", kValid);
  write_file(dir + "/a.toml", "[experiment]\nname = \"first\"\ndescription = \"d\"\n");
  write_file(dir + "/notes.txt", "x");
  const auto l = list_experiments(dir);
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].name, "first");
  EXPECT_EQ(l[1].name, "toy-sweep");
}

}  // namespace
}  // namespace irisac::io
