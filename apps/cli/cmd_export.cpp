// irisac export DIR --format csv|json: the results of an output directory, also while a run is
// writing to it (read-only snapshot of the store).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "irisac/io/results.hpp"

namespace irisac::cli {

void add_export(CLI::App& app, Context& ctx) {
  struct Args {
    std::string dir, format = "csv", output;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("export", "Export the results of an output directory (works during a run)");
  cmd->add_option("dir", a->dir, "Output directory of `irisac run`")->required();
  cmd->add_option("-f,--format", a->format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("-o,--output", a->output, "Write to this file instead of standard output");
  cmd->callback([a, &ctx] {
    ctx.exit_code = guarded([&] {
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
