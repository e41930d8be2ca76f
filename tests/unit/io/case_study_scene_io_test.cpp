// [case_study] model = "scene" and [case_study.scene]: errors name the key, and [case_study] keys the
// scene replaces are ignored with a warning when they disagree (docs/case-study.md).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "irisac/io/case_study_params.hpp"
#include "irisac/io/experiment.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::io {
namespace {

const std::string physical = std::string(IRISAC_SOURCE_DIR) + "/scenarios/case-study-physical.toml";

std::string error_of(const Document& d) {
  try {
    (void)load_case_study(d);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CaseStudySceneIo, ErrorsNameTheKey) {
  // no vehicle (no target, no surface)
  const std::string none = error_of(Document::from_string(
      "[system]\ncarrier_hz = 28e9\n[[bs]]\nname = \"bs\"\nposition_m = [0.0, 0.0, 0.0]\ntx = 1\nrx = { rows = 1, cols = 8 }\n[case_study]\nmodel = \"scene\"\n", "cs.toml"));
  EXPECT_NE(none.find("case_study.model"), std::string::npos) << none;
  EXPECT_NE(none.find("no vehicle"), std::string::npos) << none;
  EXPECT_NE(error_of(load_document(physical, {"case_study.model=\"scenery\""})).find("case_study.model"),
            std::string::npos);
  EXPECT_NE(error_of(load_document(physical, {"case_study.scene.slot_s=-1"})).find("case_study.scene.slot_s"),
            std::string::npos);
  EXPECT_NE(error_of(load_document(physical, {"case_study.scene.bs=\"rsu\""})).find("case_study.scene.bs"),
            std::string::npos);
  EXPECT_NE(error_of(load_document(physical, {"case_study.scene.slot=-2"})).find("case_study.scene.slot"),
            std::string::npos);
  EXPECT_NE(error_of(load_document(physical, {"case_study.scene.snapshot=5"})).find("case_study.scene.snapshot"),
            std::string::npos);
  // [case_study.scene] belongs to model = "scene"
  EXPECT_NE(error_of(load_document(physical, {"case_study.model=\"normalised\""})).find("case_study.scene"),
            std::string::npos);
  // two transmit antennas: not the case study's BS
  EXPECT_NE(error_of(load_document(physical, {"bs.0.tx=2"})).find("one transmit antenna"), std::string::npos);
  // the scene_* metrics need the scene model
  const MetricGroup* g = builtin_registry().find_metric("scene_eta_ratio");
  ASSERT_NE(g, nullptr);
  EXPECT_THROW((void)g->prepare(Document::from_string("[case_study]\neta = 0.3\n", "cs.toml")), InputError);
}

TEST(CaseStudySceneIo, SceneWinsAndConflictsWarn) {
  const CaseStudyInput in = load_case_study(
      load_document(physical, {"case_study.irs_elements=32", "case_study.rx_antennas=16", "case_study.eta=0.3"}));
  EXPECT_EQ(in.model.irs_elements, 64);  // the scene's
  EXPECT_EQ(in.model.rx_antennas, 16);
  EXPECT_DOUBLE_EQ(in.model.eta, 1.0);
  ASSERT_EQ(in.warnings.size(), 2u);  // rx_antennas agrees with the scene: no warning
  EXPECT_NE(in.warnings[0].find("case_study.irs_elements = 32 is ignored"), std::string::npos) << in.warnings[0];
  EXPECT_NE(in.warnings[0].find("64"), std::string::npos) << in.warnings[0];
  EXPECT_NE(in.warnings[1].find("case_study.eta"), std::string::npos) << in.warnings[1];
  // the normalised model keeps its keys; a count that differs from the scene's in the same file warns
  const std::string fig4 = std::string(IRISAC_SOURCE_DIR) + "/scenarios/case-study.toml";
  const CaseStudyInput norm = load_case_study(load_document(fig4, {"case_study.irs_elements=32"}));
  EXPECT_FALSE(norm.scene_model);
  EXPECT_EQ(norm.model.irs_elements, 32);
  ASSERT_EQ(norm.warnings.size(), 1u);
  EXPECT_NE(norm.warnings[0].find("case_study.irs_elements = 32 shadows the scene's 64"), std::string::npos)
      << norm.warnings[0];
  EXPECT_TRUE(load_case_study(load_document(fig4, {})).warnings.empty());  // the shipped file agrees
}

TEST(CaseStudySceneIo, PhysicalExperimentsParse) {
  for (const char* f : {"case-study-physical", "case-study-physical-m", "case-study-physical-distance",
                        "case-study-physical-drive", "case-study-physical-joint-stage",
                        "case-study-physical-outer-bound", "case-study-split"}) {
    const std::string path = std::string(IRISAC_SOURCE_DIR) + "/experiments/" + f + ".toml";
    EXPECT_NO_THROW((void)load_experiment(path, builtin_registry())) << path;
  }
}

}  // namespace
}  // namespace irisac::io
