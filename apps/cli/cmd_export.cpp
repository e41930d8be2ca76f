// irisac export DIR [--json] [-o FILE]: the results of an output directory (CSV, or JSON with --json),
// also while a run is writing to it (read-only snapshot of the store).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "irisac/io/deprecated.hpp"
#include "irisac/io/results.hpp"

namespace irisac::cli {

void add_export(CLI::App& app, Context& ctx) {
  struct Args {
    std::string dir, format = "csv", output, legacy_output;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("export", "Export the results of an output directory (works during a run)");
  cmd->add_option("dir", a->dir, "Output directory of `irisac run`")->required();
  cmd->add_flag("--json", a->json, "Print JSON instead of CSV");
  cmd->add_option("-o,--out", a->output, "Write to this file instead of standard output");
  auto* format = cmd->add_option("-f,--format", a->format, "Deprecated: use --json (csv or json)")
                     ->check(CLI::IsMember({"csv", "json"}));
  auto* legacy = cmd->add_option("--output", a->legacy_output, "Deprecated: use -o/--out");
  cmd->callback([a, &ctx, format, legacy] {
    ctx.exit_code = guarded([&] {
      if (format->count() > 0) io::warn_deprecated(io::deprecation_message(*io::find_rename("option", "export --format")));
      if (legacy->count() > 0) {
        io::warn_deprecated(io::deprecation_message(*io::find_rename("option", "export --output")));
        if (!a->output.empty() && a->output != a->legacy_output)
          throw io::InputError("--output", "", "one output file (--out or --output)", "both");
        a->output = a->legacy_output;
      }
      if (a->json) a->format = "json";
      const io::ResultTable t = io::load_results(a->dir);
      const io::Provenance prov = io::current_provenance(ctx.args, t.seed);
      const std::string text = a->format == "json" ? io::json_text(t, prov) : io::csv_text(t, prov);
      if (a->output.empty()) {
        std::cout << text;
      } else {
        std::ofstream out(a->output);
        out << text;
        if (!out) throw std::runtime_error("cannot write " + a->output);
        std::cerr << "irisac: " << t.rows.size() << " of " << t.points_total << " points written to " << a->output
                  << '\n';
      }
      return 0;
    });
  });
}

}  // namespace irisac::cli
