// The strict .npy and CSV readers (issue 16): every malformed header, shape or size is a located
// InputError, checked before anything of the claimed size is allocated or read.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>

#include "irisac/io/input_error.hpp"
#include "irisac/io/matrix_file.hpp"

using namespace irisac;
using namespace irisac::io;

namespace {

// A .npy file of format 1.0 with `header` (padded as NumPy pads it) and `data_bytes` zero bytes.
std::string strict_npy(const std::string& header_dict, std::size_t data_bytes, std::uint16_t claimed_len = 0) {
  std::string header = header_dict;
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  const std::uint16_t len = claimed_len ? claimed_len : static_cast<std::uint16_t>(header.size());
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>(len >> 8);
  out += header;
  out.append(data_bytes, '\0');
  return out;
}

std::string strict_error(const std::string& bytes, bool csv = false, MatrixFileLimits limits = {}) {
  try {
    if (csv)
      (void)parse_csv_matrix(bytes, "m.csv", limits);
    else
      (void)parse_npy(bytes, "m.npy", limits);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string strict_tmp(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("irisac_strict_" + name)).string();
}

}  // namespace

TEST(StrictNpy, AValidFileReads) {
  const std::string f = strict_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 48);
  const CMat m = parse_npy(f, "m.npy");
  EXPECT_EQ(m.rows(), 2);
  EXPECT_EQ(m.cols(), 3);
  const std::string v = strict_npy("{'descr': '<c16', 'fortran_order': True, 'shape': (5,), }", 80);
  EXPECT_EQ(parse_npy(v, "m.npy").rows(), 5);
}

TEST(StrictNpy, HeaderLengthBeyondTheFileIsRefused) {
  // A version 2 header claiming 4 GB.
  std::string f("\x93NUMPY\x02\x00\xff\xff\xff\xff{'descr': '<c16'}", 29);
  EXPECT_EQ(strict_error(f), "m.npy: expected a header of at most the file's 17 bytes, found a header length of 4294967295 bytes");
  const std::string g = strict_npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1), }", 16, 60000);
  EXPECT_NE(strict_error(g).find("found a header length of 60000 bytes"), std::string::npos) << strict_error(g);
}

TEST(StrictNpy, ShapeMustMatchTheFileSize) {
  // 30000 x 30000 complex in a file of about 600 bytes: refused before allocating 14 GB.
  const std::string f = strict_npy("{'descr': '<c16', 'fortran_order': False, 'shape': (30000, 30000), }", 512,
                                   0);
  EXPECT_EQ(strict_error(f, false, {std::int64_t{1} << 40, std::int64_t{1} << 40}),
            "m.npy: expected a shape that fits the file's 512 data bytes, found a shape of 30000 x 30000 <c16 (a "
            "truncated file or a wrong shape)");
  // With the default limits it is over the entry limit first.
  EXPECT_EQ(strict_error(f),
            "m.npy: expected at most 4194304 entries (limits.matrix_entries; raise it with [limits] matrix_entries = "
            "N), found a shape of 30000 x 30000");
  const std::string extra = strict_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", 40);
  EXPECT_EQ(strict_error(extra), "m.npy: expected 32 data bytes for a shape of 2 x 2 <f8, found 40 (trailing bytes)");
}

TEST(StrictNpy, OverflowingAndMalformedShapesAreLocatedErrors) {
  const std::string big = strict_npy("{'descr': '<c16', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 16);
  EXPECT_EQ(strict_error(big, false, {std::int64_t{1} << 62, std::int64_t{1} << 40}),
            "m.npy: expected at most 4611686018427387904 entries (limits.matrix_entries; raise it with [limits] "
            "matrix_entries = N), found a shape of 4294967296 x 4294967296");
  // 2^31 x 2^31 is under that limit, and its byte count (2^66) is never computed: the division check refuses it.
  const std::string half = strict_npy("{'descr': '<c16', 'fortran_order': False, 'shape': (2147483648, 2147483648), }", 16);
  EXPECT_EQ(strict_error(half, false, {std::int64_t{1} << 62, std::int64_t{1} << 40}),
            "m.npy: expected a shape that fits the file's 16 data bytes, found a shape of 2147483648 x 2147483648 <c16 "
            "(a truncated file or a wrong shape)");
  EXPECT_EQ(strict_error(strict_npy("{'descr': '<c16', 'fortran_order': False, 'shape': ('a', 4), }", 16)),
            "m.npy: expected a shape of non-negative integers, found '('a', 4)'");
  EXPECT_EQ(strict_error(strict_npy("{'descr': '<c16', 'fortran_order': False, 'shape': (-1, 4), }", 16)),
            "m.npy: expected a shape of non-negative integers, found '(-1, 4)'");
  EXPECT_EQ(strict_error(strict_npy("{'descr': '<c16', 'fortran_order': False, 'shape': (99999999999999999999, 4), }", 16)),
            "m.npy: expected a shape of non-negative integers, found '(99999999999999999999, 4)'");
  EXPECT_EQ(strict_error(strict_npy("{'descr': '<c16', 'fortran_order': False, 'shape': (0, 4), }", 0)),
            "m.npy: expected a non-empty matrix, found 0 x 4");
  EXPECT_EQ(strict_error(strict_npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 1), }", 8)),
            "m.npy: expected dtype complex128 ('<c16') or float64 ('<f8'), found '<i8'");
  EXPECT_EQ(strict_error(strict_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", 8)),
            "m.npy: expected a 1-D or 2-D array, found 3 dimensions");
  EXPECT_EQ(strict_error(std::string("\x93NUMPY\x01", 7)), "m.npy: expected a .npy file, found no NumPy magic");
}

TEST(StrictCsv, RectangularWithoutEmptyCells) {
  EXPECT_EQ(parse_csv_matrix("# c\n1,2\n3,4-1j\n", "m.csv").cols(), 2);
  EXPECT_EQ(strict_error("1,2,\n3,4,\n", true),
            "m.csv:1: column 3: expected a number (no empty cell or trailing separator), found an empty cell");
  EXPECT_EQ(strict_error("1,,2\n", true),
            "m.csv:1: column 2: expected a number (no empty cell or trailing separator), found an empty cell");
  EXPECT_EQ(strict_error("1,2\n3\n", true), "m.csv:2: expected 2 columns (a rectangular matrix), found 1");
  EXPECT_EQ(strict_error("1,2\n3,4\n", true, {3, 1 << 20}),
            "m.csv:2: expected at most 3 entries (limits.matrix_entries; raise it with [limits] matrix_entries = N), "
            "found more");
  EXPECT_EQ(strict_error("# only a comment\n", true), "m.csv: expected at least one row, found an empty file");
}

TEST(StrictFiles, OnlyRegularFilesOfBoundedSize) {
  const std::string link = strict_tmp("zero.csv");
  std::filesystem::remove(link);
  std::filesystem::create_symlink("/dev/zero", link);
  try {
    (void)read_matrix(link);
    FAIL() << "a link to /dev/zero was read";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), link + ": expected a regular CSV file, found a directory, device or other special file");
  }
  std::filesystem::remove(link);
  const std::string dir = strict_tmp("dir.npy");
  std::filesystem::create_directories(dir);
  EXPECT_THROW((void)read_matrix(dir), InputError);
  const std::string big = strict_tmp("big.csv");
  {
    std::ofstream out(big);
    for (int i = 0; i < 100; ++i) out << "1,2,3,4\n";
  }
  try {
    (void)read_matrix(big, {1 << 20, 100});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              big + ": expected a file of at most 100 bytes (limits.file_bytes; raise it with [limits] file_bytes = N), "
                    "found 800 bytes");
  }
  EXPECT_EQ(read_matrix(big).rows(), 100);
}
