// irisac isac SCENARIO [--design NAME] [--metric NAME] [--set K=V]... [--json] [--seed S]
// Joint sensing–communication design on one channel realisation of the scenario ([isac] table,
// docs/isac.md): one design, or the trade-off front between the comm-only and sensing-only end points.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/isac_joint_io.hpp"
#include "irisac/io/provenance.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::cli {
namespace {

struct IsacCliOptions : ScenarioArgs {
  std::string design, metric;
};

nlohmann::json isac_design_json(const IsacDesign& d, const Scene& scene, SensingMetric metric) {
  using nlohmann::json;
  json j;
  j["feasible"] = d.feasible;
  j["min_rate_bps_hz"] = d.metrics.min_rate_bps_hz;
  j["sum_rate_bps_hz"] = d.metrics.sum_rate_bps_hz;
  j["tx_power_dbm"] = watt_to_dbm(d.metrics.power_w);
  j["sensing_power_dbm"] = d.R_s.trace().real() > 0 ? json(watt_to_dbm(d.R_s.trace().real())) : json(nullptr);
  j["objective"] = d.objective;
  j["bound"] = d.bound ? json(*d.bound) : json(nullptr);
  j["iterations"] = d.iterations;
  j["sensing_level"] = sensing_level(d.metrics, metric);
  for (Index k = 0; k < d.metrics.sinr.size(); ++k)
    j["users"].push_back({{"name", scene.users[static_cast<std::size_t>(k)].name},
                          {"sinr_db", lin_to_db(d.metrics.sinr(k))}, {"rate_bps_hz", d.metrics.rate_bps_hz(k)}});
  for (Index t = 0; t < d.metrics.echo_snr.size(); ++t) {
    const double crb = d.metrics.crb_rad2(t);
    j["targets"].push_back({{"name", scene.targets[static_cast<std::size_t>(t)].name},
                            {"echo_snr_db", d.metrics.echo_snr(t) > 0 ? json(lin_to_db(d.metrics.echo_snr(t))) : json(nullptr)},
                            {"crb_rad2", std::isfinite(crb) ? json(crb) : json(nullptr)},
                            {"crb_rmse_deg", std::isfinite(crb) ? json(rad_to_deg(std::sqrt(crb))) : json(nullptr)}});
  }
  return j;
}

std::string isac_level_text(double level, SensingMetric metric) {
  if (metric == SensingMetric::crb)
    return level > 0 ? "CRB rmse " + fmt("%.4g", rad_to_deg(std::sqrt(1.0 / level))) + " deg" : "CRB rmse inf";
  return level > 0 ? "echo SNR " + fmt("%.2f", lin_to_db(level)) + " dB" : "echo SNR 0";
}

void isac_print_design(const char* title, const IsacDesign& d, SensingMetric metric) {
  std::printf("%-14s min rate %8.4f bps/Hz, sum rate %8.4f bps/Hz, %s, power %.2f dBm\n", title,
              d.metrics.min_rate_bps_hz, d.metrics.sum_rate_bps_hz,
              isac_level_text(sensing_level(d.metrics, metric), metric).c_str(), watt_to_dbm(d.metrics.power_w));
}

int run_isac(const IsacCliOptions& o, const Context& ctx) {
  io::Document doc = load_scenario_document(o);
  if (!o.design.empty()) doc.set_value("isac.design", "\"" + o.design + "\"", "--design");
  if (!o.metric.empty()) doc.set_value("isac.metric", "\"" + o.metric + "\"", "--metric");
  const Scene scene = load_scenario_scene(o, doc);
  const io::IsacConfig cfg = io::read_isac_config(doc, scene);
  const std::uint64_t seed = scene.seed;  // system.seed, or --seed
  Rng channel_rng(seed, 0, 0, 0);
  const io::IsacRun run = io::prepare_isac(scene, cfg, channel_rng, seed);
  const SensingMetric metric = cfg.metric;
  const SubspaceCoupling before = subspace_coupling(run.problem, run.start_v);
  using nlohmann::json;
  json j;
  const auto prov = io::current_provenance(ctx.args, seed);
  j["provenance"] = {{"irisac_version", prov.irisac_version}, {"git_commit", prov.git_commit},
                     {"command", prov.command}, {"seed", seed}};
  j["scenario"] = {{"name", scene.name}, {"file", o.scenario}};
  j["design"] = cfg.design;
  j["metric"] = to_string(metric);
  j["echo_receiver"] = io::isac_receiver_text(scene, cfg);
  j["comm_end"] = isac_design_json(run.ends.comm, scene, metric);
  j["sensing_end"] = isac_design_json(run.ends.sensing, scene, metric);
  j["coupling_before"] = before.max_cos2;
  if (!o.json) {
    std::cout << "scenario " << scene.name << " (" << o.scenario << "): design " << cfg.design << ", metric "
              << to_string(metric) << "\nN = " << run.problem.elements() << " elements, M = " << run.problem.antennas()
              << " antennas, K = " << run.problem.users() << " users, T = " << run.problem.num_targets()
              << " targets, " << cfg.snapshots << " snapshots\necho receiver: " << io::isac_receiver_text(scene, cfg) << "\n";
    isac_print_design("comm end", run.ends.comm, metric);
    isac_print_design("sensing end", run.ends.sensing, metric);
  }
  if (cfg.design == "front") {
    const IsacFront f = isac_front(run.problem, run.ends, cfg.front_points, cfg.options);
    if (!o.json)
      std::printf("\n%-22s %14s %14s %16s %10s\n", "requirement", "min_rate_bps_hz", "sum_rate_bps_hz",
                  "time_sharing_bps_hz", "coupling");
    for (const FrontPoint& pt : f.points) {
      json pj = isac_design_json(pt.design, scene, metric);
      pj["level"] = pt.level;
      pj["time_sharing_min_rate_bps_hz"] = pt.time_sharing_rate;
      pj["coupling_after"] = pt.design.feasible ? json(subspace_coupling(run.problem, pt.design.v).max_cos2) : json(nullptr);
      j["front"].push_back(pj);
      if (!o.json) {
        if (pt.design.feasible)
          std::printf("%-22s %14.4f %14.4f %16.4f %10.4f\n", isac_level_text(pt.level, metric).c_str(),
                      pt.design.metrics.min_rate_bps_hz, pt.design.metrics.sum_rate_bps_hz, pt.time_sharing_rate,
                      subspace_coupling(run.problem, pt.design.v).max_cos2);
        else
          std::printf("%-22s %14s\n", isac_level_text(pt.level, metric).c_str(), "infeasible");
      }
    }
  } else {
    const IsacDesign d = io::run_isac_design(run, cfg);
    j["result"] = isac_design_json(d, scene, metric);
    j["coupling_after"] = subspace_coupling(run.problem, d.v).max_cos2;
    j["time_sharing_min_rate_bps_hz"] = [&] {
      const double t = time_sharing_rate(run.ends, sensing_level(d.metrics, metric), metric);
      return std::isfinite(t) ? json(t) : json(nullptr);
    }();
    if (!o.json) {
      isac_print_design(cfg.design.c_str(), d, metric);
      std::cout << "objective " << fmt("%.6g", d.objective)
                << (d.bound ? " (certified bound at these phases " + fmt("%.6g", *d.bound) + ")" : std::string()) << "\n";
      std::printf("S&C coupling (cos^2 of the smallest principal angle): %.4f before, %.4f after\n", before.max_cos2,
                  subspace_coupling(run.problem, d.v).max_cos2);
    }
  }
  if (o.json) std::cout << j.dump(2) << '\n';
  return 0;
}

}  // namespace

void add_isac(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<IsacCliOptions>();
  auto* cmd = app.add_subcommand("isac", "Joint sensing-communication design and trade-off fronts ([isac] table)");
  add_scenario_args(*cmd, *opts, "isac.crb_rmse_max_deg=0.5");
  cmd->add_option("--design", opts->design, "max_rate, max_sensing, weighted, front (overrides isac.design)");
  cmd->add_option("--metric", opts->metric, "crb, echo_snr (overrides isac.metric)");
  cmd->callback([opts, &ctx] { ctx.exit_code = guarded([&] { return run_isac(*opts, ctx); }); });
}

}  // namespace irisac::cli
