// irisac validate [--json] [--reference-override NAME=VALUE]...: the built-in reference checks
// (closed forms and golden values, io/validate.hpp) as a table; exit 1 with the failing rows.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "irisac/io/validate.hpp"

namespace irisac::cli {

void add_validate(CLI::App& app, Context& ctx) {
  struct Args {
    bool json = false;
    std::vector<std::string> overrides;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("validate", "Run the built-in reference checks (closed forms, golden values)");
  cmd->add_flag("--json", a->json, "Print JSON instead of the table");
  cmd->add_option("--reference-override", a->overrides,
                  "Self-test: replace the reference of check NAME by VALUE, NAME=VALUE (repeatable); "
                  "a wrong reference must make validate fail")
      ->take_all()
      ->allow_extra_args(false);
  cmd->callback([a, &ctx] {
    ctx.exit_code = guarded([&] {
      const auto results = io::run_checks(io::parse_reference_overrides(a->overrides, "--reference-override"));
      std::size_t failed = 0;
      for (const auto& r : results) failed += r.pass ? 0 : 1;
      if (a->json) {
        nlohmann::json j;
        j["checks"] = nlohmann::json::array();
        for (const auto& r : results)
          j["checks"].push_back({{"check", r.name}, {"value", r.value}, {"reference", r.reference}, {"error", r.error},
                                 {"tolerance", r.tolerance}, {"pass", r.pass}, {"source", r.source}});
        j["passed"] = results.size() - failed;
        j["failed"] = failed;
        std::cout << j.dump(2) << '\n';
      } else {
        std::printf("%-44s %22s %22s %10s %10s %5s\n", "check", "value", "reference", "error", "tolerance", "pass");
        for (const auto& r : results)
          std::printf("%-44s %22.15g %22.15g %10.3g %10.3g %5s\n", r.name.c_str(), r.value, r.reference, r.error,
                      r.tolerance, r.pass ? "yes" : "NO");
        std::printf("%zu of %zu checks passed\n", results.size() - failed, results.size());
      }
      if (failed) {
        std::cerr << "irisac: validate: " << failed << " check(s) failed:\n";
        for (const auto& r : results)
          if (!r.pass)
            std::cerr << "  " << r.name << ": value " << fmt("%.15g", r.value) << ", reference "
                      << fmt("%.15g", r.reference) << ", error " << fmt("%.3g", r.error) << " > tolerance "
                      << fmt("%.3g", r.tolerance) << " (" << r.source << ")\n";
        return 1;
      }
      return 0;
    });
  });
}

}  // namespace irisac::cli
