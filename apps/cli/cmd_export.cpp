// irisac export DIR --format csv|json: the results of an output directory, also while a run is
// writing to it (read-only snapshot of the store).
// irisac export SCENARIO --channels [--seed S] [--set K=V]... --format npy|mat|h5 --out DIR: every
// link of one channel draw with a manifest (io/channel_exchange.hpp, docs/channel-exchange.md).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "irisac/core/error.hpp"
#include "irisac/io/channel_exchange.hpp"
#include "irisac/io/provenance.hpp"
#include "irisac/io/results.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::cli {
namespace {

int export_channels_verb(const std::string& scenario, const std::vector<std::string>& sets, long long seed_arg,
                         const std::string& format, const std::string& out_dir, const Context& ctx) {
  io::ChannelFormat f = io::ChannelFormat::npy;
  if (format == "mat") f = io::ChannelFormat::mat;
  else if (format == "h5") f = io::ChannelFormat::h5;
  else if (format != "npy")
    throw InvalidArgument("--format: expected npy, mat or h5 with --channels, found \"" + format + "\"");
  if (out_dir.empty()) throw InvalidArgument("--out: expected the output directory of --channels, found none");
  const io::Document doc = io::load_document(scenario, sets);
  const Scene scene = io::load_scene(doc);
  const std::uint64_t seed = seed_arg >= 0 ? static_cast<std::uint64_t>(seed_arg) : scene.seed;
  Rng rng(seed, 0, 0, 0);  // the stream `irisac optimize --seed` and the Python bindings draw from
  const ChannelSet ch = draw_channels(scene, rng);
  const io::Provenance prov = io::current_provenance(ctx.args, seed);
  const std::string pj = "{\"command\": " + nlohmann::json(prov.command).dump() + ", \"started_utc\": " +
                         nlohmann::json(prov.started_utc).dump() + ", \"scenario_file\": " + nlohmann::json(scenario).dump() + "}";
  const auto links = io::export_channels(scene, ch, seed, f, out_dir, pj);
  std::cerr << "irisac: " << links.size() << " links of " << scene.name << " (seed " << seed << ") written to "
            << out_dir << " as " << format << " (manifest channels.json)\n";
  return 0;
}

}  // namespace

void add_export(CLI::App& app, Context& ctx) {
  struct Args {
    std::string dir, format = "csv", output, out;
    bool channels = false;
    long long seed = -1;
    std::vector<std::string> sets;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("export", "Export the results of an output directory (works during a run), "
                                           "or with --channels every channel of a scenario draw");
  cmd->add_option("dir", a->dir, "Output directory of `irisac run` (with --channels: the scenario file)")->required();
  cmd->add_option("-f,--format", a->format, "csv or json (results); npy, mat or h5 (--channels)")
      ->check(CLI::IsMember({"csv", "json", "npy", "mat", "h5"}));
  cmd->add_option("-o,--output", a->output, "Write to this file instead of standard output");
  cmd->add_flag("--channels", a->channels, "Export the channels of one draw of the scenario DIR");
  cmd->add_option("--out", a->out, "--channels: output directory");
  cmd->add_option("--seed", a->seed, "--channels: seed of the draw (default: the scenario's)");
  cmd->add_option("--set", a->sets, "--channels: override a scenario key, KEY=VALUE (repeatable)")
      ->take_all()
      ->allow_extra_args(false);
  cmd->callback([a, &ctx] {
    ctx.exit_code = guarded([&] {
      if (a->channels) {
        const std::string fmt = a->format == "csv" ? "npy" : a->format;  // csv is the results default
        return export_channels_verb(a->dir, a->sets, a->seed, fmt, a->out, ctx);
      }
      if (a->format != "csv" && a->format != "json")
        throw InvalidArgument("--format " + a->format + " needs --channels (results export as csv or json)");
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
