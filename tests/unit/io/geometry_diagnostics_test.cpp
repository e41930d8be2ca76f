// Geometry diagnostics: a modelled link shorter than its path loss's minimum distance (where the
// far-field gain would exceed 1) is an error naming the nodes, the distance and the limit.
#include <gtest/gtest.h>

#include <cmath>

#include "irisac/channel/link.hpp"
#include "irisac/core/constants.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::io {
namespace {

TEST(GeometryDiagnostics, MinimumDistanceIsWhereThePathGainReachesOne) {
  const double lambda = 299792458.0 / 28e9;
  PathLoss fs;
  EXPECT_DOUBLE_EQ(fs.min_distance_m(lambda), lambda / (4.0 * constants::pi));
  EXPECT_NEAR(fs.gain(fs.min_distance_m(lambda), lambda), 1.0, 1e-12);
  PathLoss ex;
  ex.kind = PathLoss::Kind::exponent;
  ex.exponent = 2.2;
  ex.ref_gain = 1e-3;
  EXPECT_NEAR(ex.min_distance_m(lambda), std::pow(1e-3, 1.0 / 2.2), 1e-15);
  EXPECT_NEAR(ex.gain(ex.min_distance_m(lambda), lambda), 1.0, 1e-12);
  ex.exponent = 0.0;
  EXPECT_EQ(ex.min_distance_m(lambda), 0.0);
}

TEST(GeometryDiagnostics, AUserOneMicrometreFromASurfaceIsAnErrorNotAGainAboveOne) {
  const std::string scn = std::string(IRISAC_SOURCE_DIR) + "/scenarios/multiuser-one-irs.toml";
  try {
    (void)load_scene(load_document(scn, {"user.u1.position_m=[50.999999, 0.0, 2.0]"}));
    FAIL() << "accepted a user 1 um from the surface";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("position_m"), std::string::npos) << msg;
    EXPECT_NE(msg.find("link 'irs' -> 'u1' is 1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("below the minimum distance"), std::string::npos) << msg;
    EXPECT_NE(msg.find("> 1)"), std::string::npos) << msg;
  }
  // 5 cm away (beyond lambda/(4 pi) = 9.9 mm at the 2.4 GHz carrier) is a valid scene.
  EXPECT_NO_THROW((void)load_scene(load_document(scn, {"user.u1.position_m=[50.95, 0.0, 2.0]"})));
}

}  // namespace
}  // namespace irisac::io
