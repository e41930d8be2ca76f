// irisac plot DIR: (re)draws the figures of an output directory from its results store.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "data_dir.hpp"
#include "irisac/io/results.hpp"

namespace irisac::cli {

void add_plot(CLI::App& app, Context& ctx) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("plot", "Draw the figures of an output directory of `irisac run` (PNG and SVG)");
  cmd->add_option("dir", *dir, "Output directory of `irisac run`")->required();
  cmd->callback([dir, &ctx] {
    ctx.exit_code = guarded([&] {
      const io::ResultTable t = io::load_results(*dir);
      if (t.figures.empty()) {
        std::cout << "irisac: " << t.name << " declares no [[figure]]\n";
        return 0;
      }
      const std::string input = (std::filesystem::path(*dir) / ".plot-input.json").string();
      io::write_json(t, io::current_provenance(ctx.args, t.seed), input);
      const auto files = draw_figures(input, *dir, false);
      std::filesystem::remove(input);
      for (const auto& f : files) std::cout << "  figure:  " << f << '\n';
      return files.empty() ? 1 : 0;
    });
  });
}

}  // namespace irisac::cli
