#pragma once
// Verb registration for the CLI. Each cmd_<verb>.cpp defines one `void add_<verb>(CLI::App&, Context&)`;
// add it to registry() in commands.cpp. Verbs set ctx.exit_code (0 ok, 1 run-time failure, 2 bad input).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "irisac/io/document.hpp"
#include "irisac/scene/scene.hpp"

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
void add_validate(CLI::App& app, Context& ctx);
void add_isac(CLI::App& app, Context& ctx);

/// The arguments every scenario verb shares: SCENARIO, --set KEY=VALUE and --unset KEY (repeatable),
/// --seed S, --json.
struct ScenarioArgs {
  std::string scenario;
  std::vector<std::string> overrides;  ///< --set KEY=VALUE; KEY= (no value) removes KEY
  std::vector<std::string> unsets;     ///< --unset KEY
  std::string seed;                    ///< --seed, as typed (checked by parse_seed)
  bool json = false;
};
/// Registers them on `cmd` (`set_example` is shown in --set's help, e.g. "irs.0.rows=16").
void add_scenario_args(CLI::App& cmd, ScenarioArgs& args, const std::string& set_example,
                       const std::string& json_help = "Print JSON instead of text");
/// The scenario file with --set and --unset applied (in that order).
[[nodiscard]] io::Document load_scenario_document(const ScenarioArgs& args);
/// The scene of `doc`, its seed replaced by --seed when given: one seed rule for every verb
/// (system.seed, overridden by --seed; docs/conventions.md, "Randomness").
[[nodiscard]] Scene load_scenario_scene(const ScenarioArgs& args, const io::Document& doc);

/// --seed S: a decimal integer in [0, 2^64 − 1] (no sign, no exponent); anything else is an
/// io::InputError naming `option` (exit code 2). Empty text: no seed given.
[[nodiscard]] std::optional<std::uint64_t> parse_seed(const std::string& text, const std::string& option = "--seed");
/// Registers --seed on `cmd` into `text` (parse it with parse_seed).
void add_seed_option(CLI::App& cmd, std::string& text, const std::string& help);

/// printf-style formatting of one number (`fmt("%.2f", x)`).
std::string fmt(const char* format, double value);

/// Runs `body`, mapping exceptions to exit codes and messages on stderr: irisac::InvalidArgument,
/// irisac::io::InputError and irisac::Infeasible → 2 (bad input); anything else → 1.
int guarded(const std::function<int()>& body);

}  // namespace irisac::cli
