// The [near_field] metrics on a scene: the geometry (angle and range from the array centre, in the
// array's frame) and the SNR reference are derived from the scenario, then the library's closed
// forms apply. Expected values are recomputed here by hand from the scenario's numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "irisac/core/constants.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/io/document.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/registry.hpp"

using namespace irisac;
using namespace irisac::io;

namespace {
Document nf_doc(const std::vector<std::string>& sets) {
  Document d = Document::from_file(std::string(IRISAC_SOURCE_DIR) + "/scenarios/near-field-xl-array.toml");
  for (const auto& s : sets) d.set(s);
  return d;
}
std::vector<double> nf_eval(const std::string& metric, const Document& d) {
  const MetricGroup* g = builtin_registry().find_metric(metric);
  EXPECT_NE(g, nullptr);
  std::vector<double> out(g->metrics.size());
  Rng rng(1);
  g->prepare(d)(rng, out);
  return out;
}
}  // namespace

TEST(NearFieldIo, GeometryAndFixedSnrGiveTheClosedForms) {
  // Target at (20, 1, 10); 256-element ULA along +y at (0, 0, 10), d = λ/2 at 28 GHz.
  const std::vector<double> out = nf_eval("nf_angle_crb_rad2", nf_doc({}));
  const double lambda = constants::speed_of_light / 28e9, d = lambda / 2.0, n = 256.0;
  const double cy = 0.5 * 255.0 * d;
  const double ry = 1.0 - cy, r = std::hypot(20.0, ry);
  const double theta = std::asin(ry / r);
  const double snr = std::pow(10.0, 1.0);  // snr_db = 10
  const double ff = 6.0 / (snr * constants::pi * constants::pi * std::cos(theta) * std::cos(theta) * (n * n - 1.0));
  EXPECT_NEAR(out[4] / ff, 1.0, 1e-12);                       // ff_angle_crb_rad2
  EXPECT_NEAR(out[5], r / (2.0 * (n * d) * (n * d) / lambda), 1e-12);  // range_over_rayleigh_ratio
  EXPECT_NEAR(out[7], 10.0, 1e-12);                            // nf_total_snr_db
  EXPECT_GT(out[0], out[4]);  // range unknown costs angle information in the near field
  EXPECT_LT(out[0] / out[4], 1.05);
  EXPECT_GT(out[6], 0.0);  // far-field steering loses gain at 20 m (r ≈ 0.06 Rayleigh distances)
}

TEST(NearFieldIo, SceneSnrIsTheRadarEquation) {
  const Document d = nf_doc({"near_field.snr=\"scene\"", "near_field.snapshots=4"});
  const std::vector<double> out = nf_eval("nf_total_snr_db", d);
  const double lambda = constants::speed_of_light / 28e9, dd = lambda / 2.0;
  const double r = std::hypot(20.0, 1.0 - 0.5 * 255.0 * dd);
  const double g = lambda * lambda * 10.0 / (std::pow(4.0 * constants::pi, 3.0) * std::pow(r, 4.0));  // 10 dBsm
  const double noise = std::pow(10.0, (-174.0 - 30.0) / 10.0) * 100e6 * std::pow(10.0, 0.7);
  const double expected = 4.0 * 1.0 * 16.0 * g * 256.0 / noise;  // T · P · N_tx · G · N / σ², P = 30 dBm
  EXPECT_NEAR(out[7], 10.0 * std::log10(expected), 1e-9);
}

TEST(NearFieldIo, BadKeysNameTheKey) {
  EXPECT_THROW((void)nf_eval("nf_angle_crb_rad2", nf_doc({"bs.0.rx.rows=2"})), InputError);
  EXPECT_THROW((void)nf_eval("nf_angle_crb_rad2", nf_doc({"near_field.array=\"nowhere\""})), InputError);
  EXPECT_THROW((void)nf_eval("nf_angle_crb_rad2", nf_doc({"near_field.model=\"paraxial\""})), InputError);
  EXPECT_THROW((void)nf_eval("nf_angle_crb_rad2", nf_doc({"near_field.snr_db=1e400"})), InputError);
  try {
    (void)nf_eval("nf_angle_crb_rad2", nf_doc({"near_field.snapshots=0"}));
    FAIL() << "snapshots = 0 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("snapshots"), std::string::npos) << e.what();
  }
}
