#pragma once
/// \file The one table of renamed names (metrics, scenario keys, experiment names and keys, CLI
/// options): an old name keeps working for one release and prints a deprecation warning on stderr.
/// docs/conventions.md lists the same table ("Renamed names"); a test checks that they agree.
#include <span>
#include <string>
#include <string_view>

namespace irisac::io {

struct Rename {
  std::string_view kind;      ///< "metric", "key", "experiment", "axis", "option"
  std::string_view old_name;  ///< e.g. "snr_value"
  std::string_view new_name;  ///< e.g. "snr_objective_db"; empty: removed (see note)
  std::string_view note;      ///< why, or what to use instead when removed
};

/// Every rename, in the order of the docs table.
[[nodiscard]] std::span<const Rename> renames();

/// The rename of `old_name` of `kind`; nullptr if the name is not deprecated.
[[nodiscard]] const Rename* find_rename(std::string_view kind, std::string_view old_name);

/// The warning text for a rename, e.g. "metric 'snr_value' is deprecated: use 'snr_objective_db' (...)".
[[nodiscard]] std::string deprecation_message(const Rename& r, std::string_view where = {});

/// Prints "irisac: warning: MESSAGE" on stderr, once per distinct message and process (the io
/// layer's only output: it is how old names announce themselves while they keep working).
void warn_deprecated(const std::string& message);

}  // namespace irisac::io
