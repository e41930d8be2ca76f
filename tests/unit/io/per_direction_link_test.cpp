// Per-direction links: an IRS→BS channel of its own (G_r ≠ G_tᵀ) reproduces a CRB computed
// independently from the same matrices (tests/reference/per_direction_reference.py); imported
// matrices are checked against the arrays they attach to; a [[link]] is never silently ignored.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/sensing/crb.hpp"

namespace irisac::io {
namespace {

const std::string kPerDirDir = std::string(IRISAC_SOURCE_DIR) + "/tests/data/per_direction/";

std::map<std::string, double> per_direction_golden() {
  std::ifstream in(std::string(IRISAC_SOURCE_DIR) + "/tests/data/per_direction_golden.txt");
  std::map<std::string, double> g;
  std::string k;
  double v = 0;
  while (in >> k >> v) g[k] = v;
  return g;
}

// The scenario with `edit` applied to its text, written next to the matrices (relative paths resolve).
std::string per_direction_variant(const std::string& name, const std::string& from, const std::string& to) {
  std::ifstream in(kPerDirDir + "scenario.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const auto p = text.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  if (p != std::string::npos) text.replace(p, from.size(), to);
  // One directory per variant: ctest runs each test as its own process, in parallel, and a shared
  // directory let one test truncate h.csv (copy_file overwrite) while another read it.
  const std::string dir = std::string(IRISAC_BINARY_DIR) + "/per_direction_test_" + name + "/";
  std::filesystem::create_directories(dir);
  for (const char* f : {"gt.csv", "gr.csv", "h.csv"})
    std::filesystem::copy_file(kPerDirDir + f, dir + f, std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + name) << text;
  return dir + name;
}

std::string per_direction_error(const std::string& path) {
  try {
    (void)load_scene(load_document(path, {}));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(PerDirectionLinks, DistinctGtAndGrReproduceTheReferenceCrb) {
  const Document doc = load_document(kPerDirDir + "scenario.toml", {});
  const Scene scene = load_scene(doc);
  const SensingOptions o = read_sensing_options(doc, scene);
  Rng rng(scene.seed);
  const SensingRealisation s = draw_sensing(scene, o, rng);
  const auto g = per_direction_golden();
  ASSERT_EQ(g.count("crb_angle_rad2"), 1u);
  const double crb = crb_angle(s.problem.model, s.problem.target, s.tx_cov, o.snapshots);
  EXPECT_NEAR(crb / g.at("crb_angle_rad2"), 1.0, 1e-9);
  EXPECT_NEAR(echo_snr(s.problem.model, s.problem.target, s.tx_cov, o.snapshots) / g.at("echo_snr_integrated"), 1.0,
              1e-9);
  // The two directions are the two files, not one transposed.
  Rng r2(1);
  const ChannelSet ch = draw_channels(scene, r2);
  EXPECT_EQ(ch.bs_surface[0][0].rows(), 4);
  EXPECT_EQ(ch.bs_surface[0][0].cols(), 2);
  EXPECT_EQ(ch.surface_bs[0][0].rows(), 3);
  EXPECT_EQ(ch.surface_bs[0][0].cols(), 4);
  // and the blocked BS–target link serves both directions
  EXPECT_EQ(ch.bs_target[0][0].norm(), 0.0);
  EXPECT_EQ(ch.target_bs[0][0].norm(), 0.0);
}

TEST(PerDirectionLinks, WithoutItsOwnReverseLinkAMatrixMustFitTransposedToo) {
  // Only BS→IRS (4 x 2) given: IRS→BS would be its transpose (2 x 4), but the BS receives on 3.
  const std::string path = per_direction_variant(
      "no_reverse.toml", "[[link]]\nbetween = [\"irs\", \"bs\"]\nmodel = \"file\"\nfile = \"gr.csv\"\n", "");
  const std::string msg = per_direction_error(path);
  EXPECT_NE(msg.find("also serves, transposed, 'irs' to 'bs': 4 x 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("found 4 x 2 in"), std::string::npos) << msg;
  EXPECT_NE(msg.find("gt.csv"), std::string::npos) << msg;
}

TEST(PerDirectionLinks, AMatrixOfTheWrongShapeNamesFileAndShapes) {
  const std::string path = per_direction_variant("swapped.toml", "file = \"gr.csv\"", "file = \"gt.csv\"");
  const std::string msg = per_direction_error(path);
  EXPECT_NE(msg.find("a matrix from 'irs' to 'bs' with rows = receive elements of 'bs' and columns = transmit "
                     "elements of 'irs' (3 x 4)"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("found 4 x 2 in"), std::string::npos) << msg;
  EXPECT_NE(msg.find("swapped.toml"), std::string::npos) << msg;
}

TEST(PerDirectionLinks, AnIgnoredLinkIsAnError) {
  // A second link in the same direction, and a reverse link where irisac draws only one direction.
  std::string msg = per_direction_error(per_direction_variant(
      "twice.toml", "[sensing]", "[[link]]\nbetween = [\"bs\", \"irs\"]\nmodel = \"rayleigh\"\n\n[sensing]"));
  EXPECT_NE(msg.find("one [[link]] per direction"), std::string::npos) << msg;
  msg = per_direction_error(per_direction_variant(
      "target_irs.toml", "[sensing]", "[[link]]\nbetween = [\"t\", \"irs\"]\nmodel = \"rayleigh\"\n\n[sensing]"));
  EXPECT_NE(msg.find("which would be ignored"), std::string::npos) << msg;
}

}  // namespace
}  // namespace irisac::io
