#include "irisac/io/provenance.hpp"

#include <unistd.h>

#include <array>
#include <ctime>

#include "irisac/core/version.hpp"

namespace irisac::io {

std::string utc_now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

std::string shell_quote(const std::string& arg) {
  if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                            "_-./=:,+@%") == std::string::npos)
    return arg;
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

Provenance current_provenance(const std::vector<std::string>& args, std::uint64_t seed) {
  Provenance p;
  p.irisac_version = version();
  p.git_commit = git_commit();
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i) p.command += ' ';
    p.command += shell_quote(args[i]);
  }
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) == 0) p.host = host.data();
  p.started_utc = utc_now_iso8601();
  p.seed = seed;
  return p;
}

}  // namespace irisac::io
