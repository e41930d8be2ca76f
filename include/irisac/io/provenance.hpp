#pragma once
/// \file Provenance recorded in every output file: version, commit, command line, seed, host, times.
#include <cstdint>
#include <string>
#include <vector>

namespace irisac::io {

struct Provenance {
  std::string irisac_version;
  std::string git_commit;
  std::string command;        ///< the command line, arguments shell-quoted
  std::string host;
  std::string started_utc;    ///< ISO 8601
  std::uint64_t seed = 0;
};

/// Provenance of this process: version, commit, host, now, and `args` joined as a command line.
[[nodiscard]] Provenance current_provenance(const std::vector<std::string>& args, std::uint64_t seed);
/// Current time as ISO 8601 UTC, e.g. "2026-11-28T19:45:17Z".
[[nodiscard]] std::string utc_now_iso8601();
/// Shell-quotes one argument if it needs quoting.
[[nodiscard]] std::string shell_quote(const std::string& arg);

}  // namespace irisac::io
