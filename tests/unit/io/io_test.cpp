// Scenario documents, --set overrides, precise errors, and matrix files (round trips, NumPy files).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "irisac/core/rng.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/document.hpp"
#include "irisac/io/matrix_file.hpp"
#include "irisac/io/scene_io.hpp"

using namespace irisac;
using namespace irisac::io;

namespace {
const std::string data = std::string(IRISAC_SOURCE_DIR) + "/tests/data/";
std::string tmp(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("irisac_io_test_" + name)).string();
}
// The matrix of tests/reference/make_matrix_files.py.
CMat reference_matrix() {
  CMat m(4, 3);
  for (Index r = 0; r < 4; ++r)
    for (Index c = 0; c < 3; ++c) m(r, c) = Complex(double(r + 1), (double(c) - 0.5) / 3.0);
  return m;
}
std::string error_of(const std::string& toml, const std::vector<std::string>& sets = {}) {
  try {
    Document d = Document::from_string(toml, "t.toml");
    for (const auto& s : sets) d.set(s);
    (void)load_scene(d, {});
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}
const char* base = R"(
[system]
carrier_hz = 28e9
[[bs]]
name = "bs"
position_m = [0, 0, 10]
tx = { rows = 1, cols = 4 }
[[irs]]
name = "ris"
position_m = [20, 5, 10]
rows = 4
cols = 4
[[user]]
name = "ue"
position_m = [25, 0, 1.5]
)";
}  // namespace

TEST(MatrixFile, ReadsNumpyWrittenFilesExactly) {
  const CMat ref = reference_matrix();
  EXPECT_EQ((read_matrix(data + "channel_4x3_c16.npy") - ref).norm(), 0.0);
  EXPECT_EQ((read_matrix(data + "channel_4x3.csv") - ref).norm(), 0.0);
  EXPECT_EQ((read_matrix(data + "channel_4x3_f8_fortran.npy") - CMat(ref.real().cast<Complex>())).norm(), 0.0);
}

TEST(MatrixFile, WriteReadRoundTripIsBitExact) {
  Rng rng(7);
  const CMat m = rng.complex_normal_matrix(5, 7, 3.0);
  write_npy(tmp("rt.npy"), m);
  write_csv_matrix(tmp("rt.csv"), m, "irisac test\nsecond line");
  EXPECT_EQ((read_matrix(tmp("rt.npy")) - m).norm(), 0.0);
  EXPECT_EQ((read_matrix(tmp("rt.csv")) - m).norm(), 0.0);
}

TEST(MatrixFile, BadFilesNameFileAndLine) {
  {
    std::FILE* f = std::fopen(tmp("bad.csv").c_str(), "w");
    std::fputs("1,2\n3,abc\n", f);
    std::fclose(f);
  }
  try {
    (void)read_matrix(tmp("bad.csv"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:2: column 2: expected a finite real or complex number"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)read_matrix(tmp("missing.npy")), InputError);
}

TEST(Scenario, LoadsConvertsUnitsAndAppliesOverridesThroughTheSamePath) {
  Document d = Document::from_string(base, "t.toml");
  d.set("irs.ris.rows=8");
  d.set("bs.0.tx_power_dbm = 20");
  d.set("system.noise_figure_db=7");
  const Scene s = load_scene(d, {});
  EXPECT_EQ(s.surfaces[0].size(), 32);
  EXPECT_NEAR(s.base_stations[0].tx_power_w, 0.1, 1e-15);
  EXPECT_NEAR(lin_to_db(s.system.noise_figure), 7.0, 1e-12);
  EXPECT_NEAR(s.system.wavelength_m(), 299792458.0 / 28e9, 1e-18);
}

TEST(Scenario, ErrorsNameFileLineKeyExpectedAndFound) {
  const std::string b = base;
  EXPECT_EQ(error_of(b + "[[target]]\nname = \"t\"\nposition_m = [20, 5, 10]\n"),
            "t.toml:10:14: ris.position_m: expected a position distinct from every other node, found the position of "
            "'t' (t.toml:18:14)");
  EXPECT_EQ(error_of(b, {"irs.0.rows=0"}),
            "--set irs.0.rows: irs[0].rows: expected an integer >= 1 (a surface needs elements), found 0");
  EXPECT_EQ(error_of(b, {"system.bandwidth_hz=-1e6"}),
            "--set system.bandwidth_hz: system.bandwidth_hz: expected a value >= 1, found -1000000");
  EXPECT_EQ(error_of(b + "[[user]]\nname = \"u2\"\nposition_m = [1, 2, 3]\nantenas = 2\n"),
            "t.toml:19:11: user[1].antenas: expected a known key, found unknown key 'antenas' (did you mean 'antennas'?)");
  EXPECT_EQ(error_of(b, {"irs.0.mode=\"reflekt\""}),
            "--set irs.0.mode: irs[0].mode: expected one of \"reflect\", \"refract\", \"simultaneous\", found \"reflekt\" "
            "(did you mean \"reflect\"?)");
  EXPECT_EQ(error_of(b, {"system.carrier_hz=\"high\""}),
            "--set system.carrier_hz: system.carrier_hz: expected a number, found \"high\"");
  EXPECT_EQ(error_of("[system]\ncarrier_hz = = 3\n"), "t.toml:2:14: expected valid TOML, found a syntax error: Error while parsing value: could not determine value type");
  EXPECT_EQ(error_of(b, {"irs.nosuch.rows=3"}).substr(0, 40), "--set irs.nosuch.rows: irs.nosuch.rows: ");
}

// Reader::integer(key, fallback, min, max): the fallback when absent, the value when inside the
// range, and the same range error as require_at_least/require_at_most otherwise.
TEST(Reader, IntegerWithRange) {
  auto read = [](const std::string& toml, std::int64_t lo, std::int64_t hi) -> std::string {
    try {
      const Document d = Document::from_string(toml, "r.toml");
      Reader r(d);
      return std::to_string(r.integer("n", 7, lo, hi));
    } catch (const InputError& e) {
      return e.what();
    }
  };
  EXPECT_EQ(read("", 0, 10), "7");
  EXPECT_EQ(read("n = 10\n", 0, 10), "10");
  EXPECT_NE(read("n = 11\n", 0, 10).find("a value <= 10"), std::string::npos) << read("n = 11\n", 0, 10);
  EXPECT_NE(read("n = -1\n", 0, 10).find("a value >= 0"), std::string::npos) << read("n = -1\n", 0, 10);
  EXPECT_NE(read("n = -1\n", 0, 10).find("r.toml:1"), std::string::npos);
  EXPECT_EQ(read("n = 123456789\n", 1, std::numeric_limits<std::int64_t>::max()), "123456789");
}
