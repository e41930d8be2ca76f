#pragma once
/// \file Channel matrices from and to other tools: NumPy .npy (complex128 '<c16' or float64 '<f8',
/// C or Fortran order, 1-D or 2-D) and CSV (one matrix row per line; entries are real numbers or
/// complex numbers written as NumPy does, e.g. `1.5-0.25j`). Writing uses 17 significant digits
/// (CSV) or the raw bytes (.npy), so a write–read round trip is exact.
#include <cstdint>
#include <string>
#include <string_view>

#include "irisac/core/types.hpp"

namespace irisac::io {

/// Caps a reader checks before it allocates (a scenario's [limits] matrix_entries and file_bytes).
struct MatrixFileLimits {
  std::int64_t max_entries = std::int64_t{1} << 22;
  std::int64_t max_bytes = std::int64_t{256} << 20;
};

/// Reads a matrix; the format follows the extension (.npy or .csv). Errors are InputError naming
/// the file (and line for CSV). Only regular files are read, at most `limits.max_bytes` of them.
/// .npy: the header length, dtype, shape and file size are checked against each other before any
/// data is read (a shape that does not match the file's size is an error, in both directions).
/// CSV: rectangular, no empty cells (so no trailing separator), '#' comment lines.
[[nodiscard]] CMat read_matrix(const std::string& path, const MatrixFileLimits& limits = {});
[[nodiscard]] CMat read_npy(const std::string& path, const MatrixFileLimits& limits = {});
[[nodiscard]] CMat read_csv_matrix(const std::string& path, const MatrixFileLimits& limits = {});
/// The same from bytes already in memory (`name` is what errors call them; for the fuzzers).
[[nodiscard]] CMat parse_npy(std::string_view bytes, const std::string& name, const MatrixFileLimits& limits = {});
[[nodiscard]] CMat parse_csv_matrix(std::string_view text, const std::string& name,
                                    const MatrixFileLimits& limits = {});

/// Writes complex128 .npy (C order, 2-D).
void write_npy(const std::string& path, const CMat& m);
/// Writes CSV with complex entries `re+imj`; `header_comment` lines are prefixed with "# ".
void write_csv_matrix(const std::string& path, const CMat& m, const std::string& header_comment = {});

}  // namespace irisac::io
