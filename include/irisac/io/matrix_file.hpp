#pragma once
/// \file Channel matrices from and to other tools: NumPy .npy (complex128 '<c16' or float64 '<f8',
/// C or Fortran order, 1-D or 2-D) and CSV (one matrix row per line; entries are real numbers or
/// complex numbers written as NumPy does, e.g. `1.5-0.25j`). Writing uses 17 significant digits
/// (CSV) or the raw bytes (.npy), so a write–read round trip is exact.
#include <string>

#include "irisac/core/types.hpp"

namespace irisac::io {

/// Reads a matrix; the format follows the extension (.npy or .csv). Errors are InputError naming
/// the file (and line for CSV).
[[nodiscard]] CMat read_matrix(const std::string& path);
[[nodiscard]] CMat read_npy(const std::string& path);
[[nodiscard]] CMat read_csv_matrix(const std::string& path);

/// Writes complex128 .npy (C order, 2-D).
void write_npy(const std::string& path, const CMat& m);
/// Writes CSV with complex entries `re+imj`; `header_comment` lines are prefixed with "# ".
void write_csv_matrix(const std::string& path, const CMat& m, const std::string& header_comment = {});

}  // namespace irisac::io
