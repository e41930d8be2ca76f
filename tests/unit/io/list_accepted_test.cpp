// `irisac list` names only what some key or option accepts: every registry item is accepted by the
// key or option its accepted_by names (tried here through the same loaders the CLI uses).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "irisac/comm/optimize.hpp"
#include "irisac/io/case_study_params.hpp"
#include "irisac/io/channel_exchange.hpp"
#include "irisac/io/validate.hpp"
#include "irisac/io/comm_io.hpp"
#include "irisac/io/matrix_file.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/sensing/estimators.hpp"

namespace irisac::io {
namespace {

const std::string kListScenario = std::string(IRISAC_SOURCE_DIR) + "/scenarios/sensing-blind-area.toml";

// Loads the sensing scenario with `sets` and reads everything a sensing verb reads.
void list_load_sensing(const std::vector<std::string>& sets) {
  const Document doc = load_document(kListScenario, sets);
  const Scene scene = load_scene(doc);
  const SensingOptions o = read_sensing_options(doc, scene);
  Rng rng(1);
  (void)draw_sensing(scene, o, rng);
}

TEST(ListAccepted, EveryListedNameIsAcceptedWhereItSaysSo) {
  const std::string file16x4 = std::string(IRISAC_BINARY_DIR) + "/list_accepted_16x4.npy";
  write_npy(file16x4, CMat::Constant(16, 4, Complex{1e-3, 0.0}));
  std::size_t checked = 0;
  for (const NamedItem& it : builtin_registry().items) {
    SCOPED_TRACE(it.kind + " " + it.name + " (" + it.accepted_by + ")");
    EXPECT_FALSE(it.accepted_by.empty());
    const std::string& n = it.name;
    if (it.kind == "objective") {
      EXPECT_TRUE(parse_objective(n).has_value());
    } else if (it.kind == "algorithm") {
      EXPECT_TRUE(parse_algorithm(n).has_value());
    } else if (it.kind == "precoder") {
      EXPECT_TRUE(parse_precoder(n).has_value());
      const Document doc = load_document(kListScenario, {"optimize.precoder=" + n});
      EXPECT_NO_THROW((void)read_optimize_config(doc, load_scene(doc)));
    } else if (it.kind == "model") {
      if (n == "file") {
        EXPECT_NO_THROW(list_load_sensing({"link.0.model=file", "link.0.file=\"" + file16x4 + "\"", "link.0.k_factor_db="}));
      } else if (n == "blocked") {  // the only BS-surface link blocked: a valid scene without an echo
        EXPECT_NO_THROW((void)load_scene(load_document(kListScenario, {"link.0.model=blocked", "link.0.k_factor_db="})));
      } else {
        EXPECT_NO_THROW(list_load_sensing({"link.0.model=" + n, "link.0.k_factor_db="}));
        if (n != "blocked") {
          EXPECT_NO_THROW(list_load_sensing({"links.model=" + n}));
        }
      }
    } else if (it.kind == "pathloss") {
      EXPECT_NO_THROW(list_load_sensing({"links.pathloss=" + n}));
    } else if (it.kind == "surface_mode") {
      EXPECT_NO_THROW((void)load_scene(load_document(kListScenario, {"irs.0.mode=" + n})));
    } else if (it.kind == "surface_kind") {
      std::vector<std::string> sets = {"irs.0.kind=" + n};
      if (n != "semi_passive") sets.push_back("irs.0.sensors=");
      EXPECT_NO_THROW((void)load_scene(load_document(kListScenario, sets)));
    } else if (it.kind == "sensing_mode") {
      if (n == "target_mounted") {  // needs a surface carried by the target
        const Document doc = load_document(std::string(IRISAC_SOURCE_DIR) + "/scenarios/vehicle-irs.toml",
                                           {"sensing.mode=" + n});
        const Scene scene = load_scene(doc);
        EXPECT_NO_THROW((void)read_sensing_options(doc, scene));
      } else {
        EXPECT_NO_THROW(list_load_sensing({"sensing.mode=" + n}));
      }
    } else if (it.kind == "anchor_codebook" || it.kind == "multi_target_mode") {
      const bool anchor = it.kind == "anchor_codebook";
      const Document doc = load_document(std::string(IRISAC_SOURCE_DIR) + (anchor ? "/scenarios/irs-anchor.toml"
                                                                                  : "/scenarios/multi-target.toml"),
                                         anchor ? std::vector<std::string>{"anchor.codebook=" + n}
                                                : std::vector<std::string>{"multi_target.mode=" + n,
                                                                           n == "hybrid" ? "multi_target.groups=2"
                                                                                         : "multi_target.groups="});
      const MetricGroup* g = builtin_registry().find_metric(anchor ? "anchor_correct_beam_prob" : "mt_separable_flag");
      ASSERT_NE(g, nullptr);
      EXPECT_NO_THROW((void)g->prepare(doc));
    } else if (it.kind == "cooperation_fusion") {
      const Document doc = load_document(std::string(IRISAC_SOURCE_DIR) + "/scenarios/cooperating-irs.toml",
                                         {"cooperation.fusion=" + n});
      const MetricGroup* g = builtin_registry().find_metric("coop_peb_centralised_m");
      ASSERT_NE(g, nullptr);
      EXPECT_NO_THROW((void)g->prepare(doc));
    } else if (it.kind == "case_study_model") {
      const std::string file = n == "scene" ? "/scenarios/case-study-physical.toml" : "/scenarios/case-study.toml";
      const Document doc = load_document(std::string(IRISAC_SOURCE_DIR) + file, {"case_study.model=" + n});
      EXPECT_NO_THROW((void)load_case_study(doc));
    } else if (it.kind == "isac_design") {
      const Document doc = load_document(std::string(IRISAC_SOURCE_DIR) + "/scenarios/isac-one-irs.toml",
                                         {"isac.design=" + n});
      const MetricGroup* g = builtin_registry().find_metric("isac_min_rate_bps_hz");
      ASSERT_NE(g, nullptr);
      EXPECT_NO_THROW((void)g->prepare(doc));
    } else if (it.kind == "channel_format") {
      const auto& f = channel_file_formats();
      EXPECT_NE(std::find(f.begin(), f.end(), n), f.end());
    } else if (it.kind == "export_format") {
      EXPECT_TRUE(n == "npy" || n == "mat" || n == "h5");
    } else if (it.kind == "check") {
      const auto& c = reference_checks();
      EXPECT_TRUE(std::any_of(c.begin(), c.end(), [&](const auto& x) { return x.name == n; }));
    } else if (it.kind == "sensing_phases") {
      if (n == "max_min" || n == "decorrelation" || n == "rank") {  // designs for several targets
        const Document doc = load_document(std::string(IRISAC_SOURCE_DIR) + "/scenarios/multi-target.toml",
                                           {"sensing.phases=" + n, "link.0.model=rician"});
        const Scene scene = load_scene(doc);
        Rng rng(1);
        EXPECT_NO_THROW((void)draw_sensing(scene, read_sensing_options(doc, scene), rng));
      } else {
        EXPECT_NO_THROW(list_load_sensing({"sensing.phases=" + n, "sensing.design_iterations=1"}));
      }
    } else if (it.kind == "sensing_bistatic_path") {
      const Document doc = load_document(std::string(IRISAC_SOURCE_DIR) + "/scenarios/sensing-bistatic.toml",
                                         {"sensing.bistatic_path=" + n, "link.1.model=los"});
      const Scene scene = load_scene(doc);
      Rng rng(1);
      EXPECT_NO_THROW((void)draw_sensing(scene, read_sensing_options(doc, scene), rng));
    } else if (it.kind == "sensing_target_model") {
      // extended: a surface no larger than the BS's arrays (N = 4 = Nt = Nr)
      EXPECT_NO_THROW(list_load_sensing({"sensing.target_model=" + n, "irs.0.cols=4", "irs.0.sensors=2"}));
    } else if (it.kind == "sensing_tx_cov") {
      EXPECT_NO_THROW(list_load_sensing({"sensing.tx_cov=" + n}));
      EXPECT_NO_THROW(list_load_sensing(
          {"sensing.tx_cov=" + n, "sensing.target_model=extended", "irs.0.cols=4", "irs.0.sensors=2"}));
    } else if (it.kind == "estimator") {
      EXPECT_NO_THROW((void)angle_estimator_from_string(n));
    } else if (it.kind == "detector") {
      std::stringstream ss(it.accepted_by.substr(it.accepted_by.find(' ') + 1));
      std::string m;
      while (std::getline(ss, m, ',')) {
        m.erase(0, m.find_first_not_of(' '));
        EXPECT_NE(builtin_registry().find_metric(m), nullptr) << m;
      }
    } else if (it.kind == "solver") {
      const Document doc = load_document(std::string(IRISAC_SOURCE_DIR) + "/scenarios/case-study.toml",
                                         {"case_study.solver=" + n});
      EXPECT_NO_THROW((void)load_case_study(doc));
    } else {
      ADD_FAILURE() << "no acceptance check for kind '" << it.kind << "': add one here";
    }
    ++checked;
  }
  EXPECT_GT(checked, 30u);
}

TEST(ListAccepted, CaseStudySolversAreNotOptimizeAlgorithms) {
  // `optimize --algorithm polyblock` used to be advertised; polyblock is the case study's solver.
  EXPECT_FALSE(parse_algorithm("polyblock").has_value());
  for (const NamedItem& it : builtin_registry().of_kind("algorithm")) EXPECT_TRUE(parse_algorithm(it.name).has_value());
  const auto solvers = builtin_registry().of_kind("solver");
  ASSERT_EQ(solvers.size(), 3u);  // polyblock, boundary_search, auto
  EXPECT_EQ(solvers[0].accepted_by, "[case_study] solver");
}

}  // namespace
}  // namespace irisac::io
