#pragma once
// Verb registration for the CLI. Each cmd_<verb>.cpp defines one `void add_<verb>(CLI::App&, Context&)`;
// add it to registry() in commands.cpp. Verbs set ctx.exit_code (0 ok, 1 run-time failure, 2 bad input).
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace irisac::cli {

struct Context {
  std::vector<std::string> args;  ///< argv, for provenance
  int exit_code = 0;
};

using Registrar = std::function<void(CLI::App&, Context&)>;
const std::vector<Registrar>& registry();

// Verbs (one line each).
void add_show(CLI::App& app, Context& ctx);
void add_list(CLI::App& app, Context& ctx);
void add_optimize(CLI::App& app, Context& ctx);
void add_run(CLI::App& app, Context& ctx);
void add_plot(CLI::App& app, Context& ctx);
void add_export(CLI::App& app, Context& ctx);
void add_crb(CLI::App& app, Context& ctx);
void add_estimate(CLI::App& app, Context& ctx);
void add_isac(CLI::App& app, Context& ctx);

/// The arguments every scenario verb shares: SCENARIO, --set KEY=VALUE (repeatable), --json.
struct ScenarioArgs {
  std::string scenario;
  std::vector<std::string> overrides;
  bool json = false;
};
/// Registers them on `cmd` (`set_example` is shown in --set's help, e.g. "irs.0.rows=16").
void add_scenario_args(CLI::App& cmd, ScenarioArgs& args, const std::string& set_example,
                       const std::string& json_help = "Print JSON instead of text");

/// printf-style formatting of one number (`fmt("%.2f", x)`).
std::string fmt(const char* format, double value);

/// Runs `body`, mapping exceptions to exit codes and messages on stderr: irisac::InvalidArgument,
/// irisac::io::InputError and irisac::Infeasible → 2 (bad input); anything else → 1.
int guarded(const std::function<int()>& body);

}  // namespace irisac::cli
