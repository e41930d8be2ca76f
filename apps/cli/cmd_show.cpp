// irisac show SCENARIO [--set KEY=VALUE]... [--json]: validate a scenario and print its link budget.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "irisac/core/units.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/io/design_file.hpp"
#include "irisac/io/provenance.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/scene/report.hpp"

namespace irisac::cli {
namespace {

struct ShowOptions : ScenarioArgs {
  std::string phases;
};

// A power ratio in dB; zero power (every path blocked) is printed as the reason, never as -inf.
std::string db(double lin) { return lin > 0.0 ? fmt("%.2f", lin_to_db(lin)) : "no_path"; }
nlohmann::json db_json(double lin) { return lin > 0.0 ? nlohmann::json(lin_to_db(lin)) : nlohmann::json(nullptr); }
const char* const kShowNoPathNote = "no_path: nothing reaches it (every path to it is blocked or behind a surface)";

int run_show(const ShowOptions& o, const Context& ctx) {
  const io::Document doc = load_scenario_document(o);
  const Scene scene = load_scenario_scene(o, doc);
  SurfacePhases given;
  if (!o.phases.empty()) {
    std::vector<io::SurfaceSize> sizes;
    for (const auto& sf : scene.surfaces) sizes.push_back({sf.name, sf.size()});
    given = split_phases(scene, io::read_phases_file(o.phases, sizes));
  }
  const SceneReport rep = report(scene, 256, given);
  const bool g = !given.empty();
  if (o.json) {
    using nlohmann::json;
    json j;
    const auto prov = io::current_provenance(ctx.args, scene.seed);
    j["provenance"] = {{"irisac_version", prov.irisac_version}, {"git_commit", prov.git_commit},
                       {"command", prov.command}, {"seed", prov.seed}};
    j["scenario"] = {{"name", scene.name}, {"file", o.scenario}};
    j["system"] = {{"carrier_hz", scene.system.carrier_hz}, {"wavelength_m", rep.wavelength_m},
                   {"bandwidth_hz", scene.system.bandwidth_hz}, {"noise_power_dbm", watt_to_dbm(rep.noise_power_w)}};
    for (const auto& l : rep.links) {
      json sv = json::array();
      for (Index i = 0; i < l.diagnostics.singular_values.size(); ++i) sv.push_back(l.diagnostics.singular_values[i]);
      j["links"].push_back({{"from", l.from}, {"to", l.to}, {"model", l.model},
                            {"distance_m", l.geometry.distance_m},
                            {"aod_azimuth_deg", rad_to_deg(l.geometry.aod_azimuth)},
                            {"aod_elevation_deg", rad_to_deg(l.geometry.aod_elevation)},
                            {"aoa_azimuth_deg", rad_to_deg(l.geometry.aoa_azimuth)},
                            {"aoa_elevation_deg", rad_to_deg(l.geometry.aoa_elevation)},
                            {"path_loss_db", l.path_gain > 0.0 ? json(-lin_to_db(l.path_gain)) : json(nullptr)},
                            {"rank", l.diagnostics.rank},
                            {"singular_values", sv},
                            {"condition_number", std::isfinite(l.diagnostics.condition_number)
                                                     ? json(l.diagnostics.condition_number) : json(nullptr)}});
    }
    for (const auto& u : rep.users) {
      json ju = {{"name", u.name}, {"snr_random_db", db_json(u.snr_random)}, {"snr_aligned_db", db_json(u.snr_aligned)},
                 {"note", u.snr_aligned > 0.0 ? "" : kShowNoPathNote}};
      if (u.snr_given) ju["snr_given_db"] = db_json(*u.snr_given);
      j["users"].push_back(ju);
    }
    for (const auto& t : rep.targets) {
      json jt = {{"name", t.name}, {"echo_snr_random_db", db_json(t.echo_snr_random)},
                 {"echo_snr_aligned_db", db_json(t.echo_snr_aligned)},
                 {"note", t.echo_snr_aligned > 0.0 ? "" : kShowNoPathNote}};
      if (t.echo_snr_given) jt["echo_snr_given_db"] = db_json(*t.echo_snr_given);
      j["targets"].push_back(jt);
    }
    j["notes"] = rep.notes;
    if (g) j["phases_file"] = o.phases;
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::cout << "scenario " << scene.name << " (" << o.scenario << "): valid\n"
            << "system: carrier " << fmt("%.4g", scene.system.carrier_hz / 1e9) << " GHz, wavelength "
            << fmt("%.4g", rep.wavelength_m * 1e3) << " mm, bandwidth " << fmt("%.4g", scene.system.bandwidth_hz / 1e6)
            << " MHz, noise power " << fmt("%.2f", watt_to_dbm(rep.noise_power_w)) << " dBm\n\n";
  std::printf("%-12s %-12s %-8s %10s %8s %8s %8s %8s %9s %4s  %s\n", "from", "to", "model", "dist_m", "aod_az",
              "aod_el", "aoa_az", "aoa_el", "loss_db", "rank", "singular values (top 4)");
  for (const auto& l : rep.links) {
    std::string sv;
    for (Index i = 0; i < std::min<Index>(4, l.diagnostics.singular_values.size()); ++i)
      sv += fmt("%.3e ", l.diagnostics.singular_values[i]);
    std::printf("%-12s %-12s %-8s %10.3f %8.2f %8.2f %8.2f %8.2f %9s %4ld  %s\n", l.from.c_str(), l.to.c_str(),
                l.model.c_str(), l.geometry.distance_m, rad_to_deg(l.geometry.aod_azimuth),
                rad_to_deg(l.geometry.aod_elevation), rad_to_deg(l.geometry.aoa_azimuth),
                rad_to_deg(l.geometry.aoa_elevation), l.path_gain > 0.0 ? db(1.0 / l.path_gain).c_str() : "blocked",
                static_cast<long>(l.diagnostics.rank), sv.c_str());
  }
  std::cout << "(angles in degrees, local frames; loss = -10 log10 path gain)\n";
  if (!rep.users.empty()) {
    std::printf("\n%-12s %16s %16s%s\n", "user", "snr_random_db", "snr_aligned_db", g ? "     snr_given_db" : "");
    for (const auto& u : rep.users)
      std::printf("%-12s %16s %16s %16s\n", u.name.c_str(), db(u.snr_random).c_str(), db(u.snr_aligned).c_str(),
                  g ? db(*u.snr_given).c_str() : "");
    std::cout << "(random: mean SNR over " << rep.random_draws << " uniform phase draws; aligned: AO of MRT and phases"
              << (g ? "; given: the phases of " + o.phases + " with MRT" : std::string()) << ")\n";
    for (const auto& u : rep.users)
      if (!(u.snr_aligned > 0.0)) std::cout << "note: user " << u.name << ": " << kShowNoPathNote << '\n';
  }
  if (!rep.targets.empty()) {
    std::printf("\n%-12s %20s %20s%s\n", "target", "echo_snr_random_db", "echo_snr_aligned_db", g ? "   echo_snr_given_db" : "");
    for (const auto& t : rep.targets)
      std::printf("%-12s %20s %20s %19s\n", t.name.c_str(), db(t.echo_snr_random).c_str(), db(t.echo_snr_aligned).c_str(),
                  g ? db(*t.echo_snr_given).c_str() : "");
    for (const auto& t : rep.targets)
      if (!(t.echo_snr_aligned > 0.0)) std::cout << "note: target " << t.name << ": " << kShowNoPathNote << '\n';
  }
  if (!rep.notes.empty()) std::cout << '\n';
  for (const auto& n : rep.notes) std::cout << "note: " << n << '\n';
  return 0;
}

}  // namespace

void add_show(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ShowOptions>();
  auto* cmd = app.add_subcommand("show", "Validate a scenario and print its links, user SNRs and target echo SNRs");
  add_scenario_args(*cmd, *opts, "irs.0.rows=16", "Print JSON instead of tables");
  cmd->add_option("--phases", opts->phases,
                  "Also evaluate these phases (CSV from optimize --out, or .csv/.npy: N unit-modulus values or phases in rad)");
  cmd->callback([opts, &ctx] { ctx.exit_code = guarded([&] { return run_show(*opts, ctx); }); });
}

}  // namespace irisac::cli
