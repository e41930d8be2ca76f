#include "data_dir.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "irisac/io/deprecated.hpp"
#include "irisac/io/provenance.hpp"

namespace irisac::cli {
namespace fs = std::filesystem;

std::string data_dir() {
  if (const char* env = std::getenv("IRISAC_DATA_DIR"); env && *env) return env;
  // An installed irisac (<prefix>/bin/irisac) finds its data in <prefix>/share/irisac, wherever the
  // prefix was moved; only a program in the build tree falls back to the source tree.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path share = exe.parent_path().parent_path() / "share" / "irisac";
    if (fs::is_directory(share / "experiments", ec)) return share.string();
  }
#ifdef IRISAC_SOURCE_DIR
  if (fs::is_directory(fs::path(IRISAC_SOURCE_DIR) / "experiments")) return IRISAC_SOURCE_DIR;
#endif
  return ".";
}

std::string experiments_dir() { return (fs::path(data_dir()) / "experiments").string(); }

std::string resolve_experiment(const std::string& arg) {
  std::error_code ec;
  if (fs::is_regular_file(arg, ec)) return arg;
  for (const std::string& cand : {arg, arg + ".toml"}) {
    const fs::path p = fs::path(experiments_dir()) / cand;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  // A renamed experiment (snake_case → kebab-case) still resolves, with a warning.
  std::string stem = arg;
  if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".toml") == 0) stem.resize(stem.size() - 5);
  if (const io::Rename* r = io::find_rename("experiment", stem)) {
    const fs::path p = fs::path(experiments_dir()) / (std::string(r->new_name) + ".toml");
    if (fs::is_regular_file(p, ec)) {
      io::warn_deprecated(io::deprecation_message(*r));
      return p.string();
    }
  }
  return arg;
}

std::vector<std::string> draw_figures(const std::string& json_path, const std::string& out_dir, bool quiet) {
  const std::string python = "/usr/bin/python3";
  const fs::path script = fs::path(data_dir()) / "python" / "irisac_plot.py";
  std::error_code ec;
  if (!fs::exists(python, ec)) {
    std::cerr << "irisac: warning: " << python << " not found: figures not drawn (the data are written)\n";
    return {};
  }
  if (!fs::exists(script, ec)) {
    std::cerr << "irisac: warning: " << script.string()
              << " not found (set IRISAC_DATA_DIR): figures not drawn (the data are written)\n";
    return {};
  }
  const std::string cmd = io::shell_quote(python) + " " + io::shell_quote(script.string()) + " " +
                          io::shell_quote(json_path) + " " + io::shell_quote(out_dir) + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) {
    std::cerr << "irisac: warning: cannot start " << python << ": figures not drawn\n";
    return {};
  }
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe)) out += buf;
  const int status = pclose(pipe);
  const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::vector<std::string> files;
  std::istringstream is(out);
  std::string line;
  while (std::getline(is, line)) {
    if (line.rfind("wrote ", 0) == 0)
      files.push_back(line.substr(6));
    else if (!line.empty() && (!quiet || rc != 0))
      std::cerr << "irisac: plot: " << line << '\n';
  }
  if (rc == 3)
    std::cerr << "irisac: warning: matplotlib is not available for " << python
              << ": figures not drawn (the data are written)\n";
  else if (rc != 0)
    std::cerr << "irisac: warning: drawing the figures failed (exit " << rc << "); the data are written\n";
  return files;
}

}  // namespace irisac::cli
