#pragma once
/// \file A user's own design for `show`, `crb` and `optimize --evaluate` (`--phases FILE`,
/// `--precoder FILE`). Phases files:
///  - the CSV that `irisac optimize --out FILE` writes (`surface,element,phase_rad,real,imag` after
///    `#` comment lines; rows in the scene's surface order, the surface names must match), or
///  - a matrix file (io/matrix_file.hpp: .csv or .npy) holding N entries as one row or one column,
///    N = Σ_i N_i of the scene's surfaces in order: complex entries must have unit modulus
///    (| |v_n| − 1 | ≤ 1e-6), entries that are all real are phases in rad (so ±1 must be given as
///    0 and π, or as complex numbers).
/// Precoder files: a matrix file with M rows (BS antennas) and K columns (users; 1 for multicast).
/// Errors are io::InputError naming the file (and line), what was expected and what was found.
#include <string>
#include <vector>

#include "irisac/core/types.hpp"

namespace irisac::io {

struct SurfaceSize {
  std::string name;
  Index elements = 0;
};

/// The stacked phase vector v (Σ N_i entries, |v_n| = 1).
[[nodiscard]] CVec read_phases_file(const std::string& path, const std::vector<SurfaceSize>& surfaces);

/// A precoder of `antennas` rows and `users` columns, finite.
[[nodiscard]] CMat read_precoder_file(const std::string& path, Index antennas, Index users);

}  // namespace irisac::io
