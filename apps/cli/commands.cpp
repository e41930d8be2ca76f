#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "irisac/core/error.hpp"
#include "irisac/io/input_error.hpp"

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
      add_isac,
  };
  return r;
}

void add_scenario_args(CLI::App& cmd, ScenarioArgs& args, const std::string& set_example, const std::string& json_help) {
  cmd.add_option("scenario", args.scenario, "Scenario file (TOML)")->required();
  cmd.add_option("--set", args.overrides, "Override a scenario key, e.g. --set " + set_example);
  cmd.add_flag("--json", args.json, json_help);
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
