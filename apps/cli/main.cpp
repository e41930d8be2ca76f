// irisac command-line program: argument parsing and dispatch only. Each verb lives in cmd_<verb>.cpp
// and is registered in commands.hpp; no physics here.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.hpp"
#include "irisac/core/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"irisac: intelligent surfaces for integrated sensing and communication"};
  app.set_version_flag("--version", std::string("irisac ") + irisac::version() + " (" +
                                        irisac::git_commit() + ")");
  app.require_subcommand(0, 1);
  const std::vector<std::string> args(argv, argv + argc);
  irisac::cli::Context ctx{args};
  for (const auto& reg : irisac::cli::registry()) reg(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;  // usage errors exit 2, like every other bad input
  }
  if (app.get_subcommands().empty()) {
    std::cout << app.help();
    return 0;
  }
  return ctx.exit_code;
}
