// Channel exchange (io/channel_exchange.hpp): export → import round trips bitwise in the three
// formats; SimRIS, quadriga-lib and Sionna fixtures written by tests/reference/make_channel_fixtures.py
// from the documented layouts import with the expected values (the script's own NumPy matrices).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "irisac/io/channel_exchange.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/matrix_file.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::io {
namespace {

const std::string cx_data = std::string(IRISAC_SOURCE_DIR) + "/tests/data/exchange/";

const char* cx_scene_text = R"(
[system]
carrier_hz = 28e9
seed = 5
[links]
model = "rician"
[[bs]]
name = "bs"
position_m = [0.0, 0.0, 10.0]
tx = { rows = 1, cols = 3 }
rx = { rows = 1, cols = 3 }
[[irs]]
name = "ris"
position_m = [30.0, 0.0, 10.0]
orientation_deg = [180.0, 0.0, 0.0]
rows = 2
cols = 5
[[user]]
name = "u1"
position_m = [25.0, 4.0, 1.5]
[[user]]
name = "u2"
position_m = [20.0, -6.0, 1.5]
antennas = 2
[[target]]
name = "car"
position_m = [24.0, 8.0, 1.0]
)";

void cx_expect_near(const CMat& a, const CMat& b, double tol) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  EXPECT_LE((a - b).cwiseAbs().maxCoeff(), tol * std::max(1.0, b.cwiseAbs().maxCoeff()));
}

class ChannelExportRoundTrip : public ::testing::TestWithParam<ChannelFormat> {};

TEST_P(ChannelExportRoundTrip, IsBitwise) {
  const Scene scene = load_scene(Document::from_string(cx_scene_text, "<exchange>"));
  Rng rng(scene.seed, 0, 0, 0);
  const ChannelSet ch = draw_channels(scene, rng);
  const std::string dir = std::string(IRISAC_BINARY_DIR) + "/exchange_roundtrip_" + to_string(GetParam());
  std::filesystem::remove_all(dir);
  const auto links = export_channels(scene, ch, scene.seed, GetParam(), dir);
  const auto named = named_channels(scene, ch);
  ASSERT_EQ(links.size(), named.size());
  EXPECT_GE(named.size(), 8u);  // bs->u1, bs->u2, bs->ris, ris->u1, ris->u2, bs->car, ris->car, car->bs, ris->bs
  const auto back = read_exported_channels(dir);
  ASSERT_EQ(back.size(), named.size());
  for (const auto& n : named) {
    const CMat& m = back.at(n.key);
    ASSERT_EQ(m.rows(), n.matrix->rows()) << n.key;
    ASSERT_EQ(m.cols(), n.matrix->cols()) << n.key;
    for (Index i = 0; i < m.size(); ++i) {
      EXPECT_EQ(m.data()[i].real(), n.matrix->data()[i].real()) << n.key;
      EXPECT_EQ(m.data()[i].imag(), n.matrix->data()[i].imag()) << n.key;
    }
  }
  // rows = receiver: the IRS -> u2 channel is 2 x 10.
  EXPECT_EQ(back.at("ris->u2").rows(), 2);
  EXPECT_EQ(back.at("ris->u2").cols(), 10);
  // The exported file re-imports as a scenario link (model = "file").
  if (GetParam() != ChannelFormat::npy) {
    ChannelFileSpec spec;
    spec.format = to_string(GetParam());
    for (const auto& l : links)
      if (l.key == "bs->ris") spec.variable = l.variable;
    const CMat g = read_channel_file(dir + "/" + links.front().file, spec);
    EXPECT_EQ(g, back.at("bs->ris"));
  }
}
INSTANTIATE_TEST_SUITE_P(Formats, ChannelExportRoundTrip,
                         ::testing::Values(ChannelFormat::npy, ChannelFormat::mat, ChannelFormat::h5));

TEST(SimrisImport, VariablesRealisationsAndCascade) {
  ChannelFileSpec s;
  s.format = "simris";
  s.variable = "H";
  s.realisation = 1;
  const CMat h1 = read_channel_file(cx_data + "simris_v5.mat", s);
  EXPECT_EQ(h1, read_npy(cx_data + "expected_simris_H1.npy"));  // N x Nt = 6 x 2, exact doubles
  EXPECT_EQ(h1(4, 1), Complex(105.0, 20.0));                       // (n+1) + 10j(t+1) + 100 s
  s.variable = "G";
  s.realisation = 0;
  const CMat g0 = read_channel_file(cx_data + "simris_v5.mat", s);
  EXPECT_EQ(g0, read_npy(cx_data + "expected_simris_G0.npy"));  // Nr x N = 3 x 6
  // y = (G diag(v) H + D) x with a chirp v, imported as is (no conjugation).
  s.realisation = 1;
  const CMat g1 = read_channel_file(cx_data + "simris_v5.mat", s);
  s.variable = "D";
  const CMat d1 = read_channel_file(cx_data + "simris_v5.mat", s);
  const CVec v = read_npy(cx_data + "simris_chirp_v.npy").col(0);
  cx_expect_near(g1 * v.asDiagonal() * h1 + d1, read_npy(cx_data + "expected_simris_cascade1.npy"), 1e-12);
  // v7 (compressed), Nsym = 1, Nt = 1: 2-D N x 1.
  s.variable = "H";
  s.realisation = 0;
  const CMat hv7 = read_channel_file(cx_data + "simris_v7.mat", s);
  ASSERT_EQ(hv7.rows(), 6);
  ASSERT_EQ(hv7.cols(), 1);
  for (Index n = 0; n < 6; ++n) EXPECT_EQ(hv7(n, 0), Complex(static_cast<double>(n + 1), 10.0));
}

TEST(SimrisImport, ErrorsNameTheOriginAndTheKey) {
  ChannelFileSpec s;
  s.format = "simris";
  s.origin = "scn.toml:12:1";
  s.variable = "X";
  try {
    (void)read_channel_file(cx_data + "simris_v5.mat", s);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("scn.toml:12:1: variable: expected H (Tx -> RIS)"), std::string::npos) << e.what();
  }
  s.variable = "H";
  s.realisation = 2;
  EXPECT_THROW((void)read_channel_file(cx_data + "simris_v5.mat", s), InputError);
  s.realisation = 0;
  EXPECT_THROW((void)read_channel_file(cx_data + "no_such.mat", s), InputError);
}

TEST(QuadrigaImport, SnapshotsAndSingleSnapshotLayout) {
  ChannelFileSpec s;
  s.format = "quadriga";
  s.channel = 1;
  s.snapshot = 1;
  const CMat h = read_channel_file(cx_data + "quadriga.h5", s);
  ASSERT_EQ(h.rows(), 3);  // n_rx
  ASSERT_EQ(h.cols(), 2);  // n_tx
  cx_expect_near(h, read_npy(cx_data + "expected_quadriga_c1_s1.npy"), 1e-12);
  s.channel = 2;
  s.snapshot = 0;  // NumSnap = 1: datasets directly in /channel_2
  cx_expect_near(read_channel_file(cx_data + "quadriga.h5", s), read_npy(cx_data + "expected_quadriga_c2_s0.npy"), 1e-12);
  s.snapshot = 1;
  EXPECT_THROW((void)read_channel_file(cx_data + "quadriga.h5", s), InputError);
  s.channel = 3;
  s.snapshot = 0;
  EXPECT_THROW((void)read_channel_file(cx_data + "quadriga.h5", s), InputError);
}

TEST(SionnaImport, ComplexAndRealPairLayouts) {
  ChannelFileSpec s;
  s.format = "sionna";
  s.rx = 1;
  s.time_step = 1;
  const CMat expected = read_npy(cx_data + "expected_sionna_rx1_t1.npy");  // num_rx_ant x num_tx_ant = 3 x 4
  cx_expect_near(read_channel_file(cx_data + "sionna_a_c64.npy", s), expected, 1e-12);
  cx_expect_near(read_channel_file(cx_data + "sionna_a_f32.npy", s), expected, 1e-12);
  s.rx = 2;
  EXPECT_THROW((void)read_channel_file(cx_data + "sionna_a_c64.npy", s), InputError);
  // A truncated file, and a header claiming 10^12 entries: errors, not huge allocations.
  s.rx = 0;
  std::ifstream in(cx_data + "sionna_a_c64.npy", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = std::string(IRISAC_BINARY_DIR) + "/sionna_truncated.npy";
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  EXPECT_THROW((void)read_channel_file(cut, s), InputError);
  std::string huge = bytes.substr(0, 128);
  const auto p = huge.find("(2, 3, 1, 4, 5, 2)");
  ASSERT_NE(p, std::string::npos);
  huge.replace(p, 18, "(1000000, 1000000)");
  const std::string big = std::string(IRISAC_BINARY_DIR) + "/sionna_huge.npy";
  std::ofstream(big, std::ios::binary) << huge;
  EXPECT_THROW((void)read_channel_file(big, s), InputError);
}

TEST(ChannelImport, ScenarioLinkReadsASimrisVariable) {
  const std::string text = std::string(R"(
[system]
carrier_hz = 28e9
[[bs]]
name = "bs"
position_m = [0.0, 0.0, 10.0]
tx = { rows = 1, cols = 2 }
rx = { rows = 1, cols = 2 }  # the imported G also serves IRS -> BS (transposed, reciprocity)
[[irs]]
name = "ris"
position_m = [30.0, 0.0, 10.0]
orientation_deg = [180.0, 0.0, 0.0]
rows = 2
cols = 3
[[user]]
name = "u"
position_m = [25.0, 4.0, 1.5]
[[link]]
between = ["bs", "ris"]
model = "file"
format = "simris"
file = ")") + cx_data + R"(simris_v5.mat"
variable = "H"
realisation = 1
)";
  const Scene scene = load_scene(Document::from_string(text, "<simris-link>"));
  Rng rng(1, 0, 0, 0);
  const ChannelSet ch = draw_channels(scene, rng);
  EXPECT_EQ(ch.bs_surface[0][0], read_npy(cx_data + "expected_simris_H1.npy"));
  // A variable that is not H/G/D is reported at the link's line.
  std::string bad = text;
  bad.replace(bad.find("variable = \"H\""), 14, "variable = \"Q\"");
  try {
    (void)load_scene(Document::from_string(bad, "<simris-link>"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("<simris-link>:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("variable"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace irisac::io
