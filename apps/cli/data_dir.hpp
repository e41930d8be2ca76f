#pragma once
// Where the CLI finds its data (experiments/, python/): $IRISAC_DATA_DIR, else the source tree the
// program was built from (IRISAC_SOURCE_DIR), else the current directory.
#include <string>
#include <vector>

namespace irisac::cli {

/// The directory holding experiments/ and python/.
[[nodiscard]] std::string data_dir();
/// <data_dir>/experiments.
[[nodiscard]] std::string experiments_dir();
/// Resolves an experiment argument: an existing path as is, else a name or file in experiments_dir()
/// ("case-study-fig4" or "case-study-fig4.toml"); returns the argument unchanged if nothing matches.
[[nodiscard]] std::string resolve_experiment(const std::string& arg);
/// Draws the figures of `json_path` into `out_dir` with python/irisac_plot.py through
/// /usr/bin/python3. Returns the files written; a missing Python or matplotlib gives a warning on
/// stderr (and no files), never an error.
std::vector<std::string> draw_figures(const std::string& json_path, const std::string& out_dir, bool quiet);

}  // namespace irisac::cli
