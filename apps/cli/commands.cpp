#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <iostream>

#include "irisac/core/error.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::cli {

const std::vector<Registrar>& registry() {
  static const std::vector<Registrar> r = {
      add_show,
      add_list,
      add_optimize,
      add_run,
      add_plot,
      add_export,
      add_crb,
      add_estimate,
      add_validate,
      add_isac,
  };
  return r;
}

void add_scenario_args(CLI::App& cmd, ScenarioArgs& args, const std::string& set_example, const std::string& json_help) {
  cmd.add_option("scenario", args.scenario, "Scenario file (TOML)")->required();
  cmd.add_option("--set", args.overrides,
                 "Override a scenario key, e.g. --set " + set_example + " (KEY= with no value removes KEY)");
  cmd.add_option("--unset", args.unsets, "Remove a scenario key (repeatable), e.g. --unset optimize.min_sinr_db");
  add_seed_option(cmd, args.seed, "Seed of the channel and noise draws (default: the scenario's system.seed)");
  cmd.add_flag("--json", args.json, json_help);
}

io::Document load_scenario_document(const ScenarioArgs& args) {
  io::Document doc = io::load_document(args.scenario, args.overrides);
  for (const auto& k : args.unsets) doc.unset(k, "--unset " + k);
  return doc;
}

Scene load_scenario_scene(const ScenarioArgs& args, const io::Document& doc) {
  Scene s = io::load_scene(doc);
  if (const auto seed = parse_seed(args.seed)) s.seed = *seed;
  return s;
}

std::optional<std::uint64_t> parse_seed(const std::string& text, const std::string& option) {
  if (text.empty()) return std::nullopt;
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  const bool digits = text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || ec != std::errc() || ptr != end)
    throw io::InputError(option, "", "an integer in [0, 18446744073709551615] (unsigned 64-bit)", "'" + text + "'");
  return v;
}

void add_seed_option(CLI::App& cmd, std::string& text, const std::string& help) {
  cmd.add_option("--seed", text, help + "; an integer in [0, 2^64 - 1]");
}

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

int guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const InvalidArgument& e) {
    std::cerr << "irisac: error: " << e.what() << '\n';
    return 2;
  } catch (const io::InputError& e) {
    std::cerr << "irisac: error: " << e.what() << '\n';
    return 2;
  } catch (const Infeasible& e) {
    std::cerr << "irisac: infeasible: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "irisac: error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace irisac::cli
