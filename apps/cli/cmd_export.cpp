// irisac export DIR [--json] [-o FILE]: the results of an output directory (CSV, or JSON with --json),
// also while a run is writing to it (read-only snapshot of the store).
// irisac export SCENARIO --channels [--seed S] [--set K=V]... [--format npy|mat|h5] -o DIR: every
// link of one channel draw with a manifest (io/channel_exchange.hpp, docs/channel-exchange.md).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "irisac/core/error.hpp"
#include "irisac/io/channel_exchange.hpp"
#include "irisac/io/deprecated.hpp"
#include "irisac/io/provenance.hpp"
#include "irisac/io/results.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::cli {
namespace {

int export_channels_verb(const std::string& scenario, const std::vector<std::string>& sets, const std::string& seed_text,
                         const std::string& format, const std::string& out_dir, const Context& ctx) {
  io::ChannelFormat f = io::ChannelFormat::npy;
  if (format == "mat") f = io::ChannelFormat::mat;
  else if (format == "h5") f = io::ChannelFormat::h5;
  else if (format != "npy")
    throw io::InputError("--format", "", "npy, mat or h5 with --channels", "\"" + format + "\"");
  if (out_dir.empty()) throw io::InputError("--out", "", "the output directory of --channels", "none");
  const io::Document doc = io::load_document(scenario, sets);
  const Scene scene = io::load_scene(doc);
  const std::uint64_t seed = parse_seed(seed_text).value_or(scene.seed);
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
    std::string dir, format, output, legacy_output, seed;
    bool json = false, channels = false;
    std::vector<std::string> sets;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("export", "Export the results of an output directory (works during a run), "
                                           "or with --channels every channel of a scenario draw");
  cmd->add_option("dir", a->dir, "Output directory of `irisac run` (with --channels: the scenario file)")->required();
  cmd->add_flag("--json", a->json, "Print JSON instead of CSV (results)");
  cmd->add_option("-o,--out", a->output, "Results: write to this file instead of standard output; "
                                         "--channels: the output directory");
  auto* format = cmd->add_option("-f,--format", a->format, "--channels: npy (default), mat or h5; "
                                                           "results: deprecated (use --json)")
                     ->check(CLI::IsMember({"csv", "json", "npy", "mat", "h5"}));
  auto* legacy = cmd->add_option("--output", a->legacy_output, "Deprecated: use -o/--out");
  cmd->add_flag("--channels", a->channels, "Export the channels of one draw of the scenario DIR");
  add_seed_option(*cmd, a->seed, "--channels: seed of the draw (default: the scenario's system.seed)");
  cmd->add_option("--set", a->sets, "--channels: override a scenario key, KEY=VALUE (repeatable)")
      ->take_all()
      ->allow_extra_args(false);
  cmd->callback([a, &ctx, format, legacy] {
    ctx.exit_code = guarded([&] {
      if (legacy->count() > 0) {
        io::warn_deprecated(io::deprecation_message(*io::find_rename("option", "export --output")));
        if (!a->output.empty() && a->output != a->legacy_output)
          throw io::InputError("--output", "", "one output (--out or --output)", "both");
        a->output = a->legacy_output;
      }
      if (a->channels) return export_channels_verb(a->dir, a->sets, a->seed, a->format.empty() ? "npy" : a->format,
                                                   a->output, ctx);
      if (!a->seed.empty() || !a->sets.empty())
        throw io::InputError(a->seed.empty() ? "--set" : "--seed", "", "--channels (results are exported as stored)",
                             "a results export");
      if (format->count() > 0) {
        if (a->format != "csv" && a->format != "json")
          throw io::InputError("--format", "", "csv or json for results", a->format + " (a channel format: it needs --channels)");
        io::warn_deprecated(io::deprecation_message(*io::find_rename("option", "export --format")));
      } else {
        a->format = "csv";
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
