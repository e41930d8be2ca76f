// irisac optimize SCENARIO [--objective NAME] [--algorithm NAME] [--set K=V]... [--json] [--out FILE] [--seed S]
// Draws one channel realisation of the scenario, designs the IRS phases and BS precoder, prints the
// achieved metrics and time, and writes the phases (CSV with a provenance header).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "irisac/comm/optimize.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/comm_io.hpp"
#include "irisac/io/provenance.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/scene/report.hpp"

namespace irisac::cli {
namespace {

struct OptimizeOptions : ScenarioArgs {
  std::string objective, algorithm, out;
};

template <class T>
T pick(const std::string& name, const std::vector<std::string>& names, std::optional<T> parsed, const char* what) {
  if (parsed) return *parsed;
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
  const std::string near = io::closest(name, names);
  throw InvalidArgument(std::string("unknown ") + what + " \"" + name + "\"" +
                        (near.empty() ? std::string() : "; did you mean \"" + near + "\"?") + " (one of: " + list + ")");
}

std::string default_out(const std::string& scenario) {
  std::string stem = scenario;
  if (const auto s = stem.find_last_of('/'); s != std::string::npos) stem = stem.substr(s + 1);
  if (const auto d = stem.rfind(".toml"); d != std::string::npos) stem = stem.substr(0, d);
  return stem + "-phases.csv";
}

int run_optimize(const OptimizeOptions& o, const Context& ctx) {
  const io::Document doc = load_scenario_document(o);
  const Scene scene = load_scenario_scene(o, doc);
  io::OptimizeConfig cfg = io::read_optimize_config(doc, scene);
  if (!o.objective.empty()) cfg.objective = pick(o.objective, io::objective_names(), parse_objective(o.objective), "objective");
  if (!o.algorithm.empty()) cfg.algorithm = pick(o.algorithm, io::algorithm_names(), parse_algorithm(o.algorithm), "algorithm");
  if (scene.users.empty())
    throw InvalidArgument("scenario " + o.scenario + " has no users ([[user]]): nothing to optimise for");
  const std::uint64_t seed = scene.seed;  // system.seed, or --seed
  Rng channel_rng(seed, 0, 0, 0);
  const ChannelSet ch = draw_channels(scene, channel_rng);
  CommProblem p = comm_problem(scene, ch, cfg.serving);
  if (cfg.sinr_min > 0) p.sinr_min = RVec::Constant(p.users(), cfg.sinr_min);
  if (cfg.objective == CommObjective::power_min && p.sinr_min.size() == 0)
    throw InvalidArgument("objective power_min needs SINR targets: set min_sinr_db for every user or "
                          "--set optimize.min_sinr_db=VALUE");
  Rng rng(seed, 0, 0, 1);
  const CommResult r = optimize(p, cfg.objective, cfg.algorithm, cfg.options, rng);

  const bool mc = cfg.objective == CommObjective::multicast;
  const RVec s = mc ? multicast_snr(p, r.v, r.W.col(0)) : sinr(p, r.v, r.W);
  const RVec rate = s.unaryExpr([](double x) { return std::log2(1.0 + x); });
  const double tx = r.W.squaredNorm();
  const ChannelDiagnostics d = channel_diagnostics(effective_channels(p, r.v, 0));

  const std::string out = o.out.empty() ? default_out(o.scenario) : o.out;
  {
    std::ofstream f(out);
    if (!f) throw InvalidArgument("cannot write the phases file " + out);
    const io::Provenance prov = io::current_provenance(ctx.args, seed);
    f << "# irisac " << prov.irisac_version << " (" << prov.git_commit << ")\n"
      << "# command: " << prov.command << "\n# started: " << prov.started_utc << "\n# seed: " << seed
      << "\n# scenario: " << o.scenario << " (" << scene.name << ")\n# objective: " << to_string(cfg.objective)
      << "\n# algorithm: " << to_string(cfg.algorithm) << "\n# bits: " << cfg.options.bits
      << "\n# objective_value: " << fmt("%.12g", r.objective) << "\nsurface,element,phase_rad,real,imag\n";
    const auto per = split_phases(scene, r.v);
    for (std::size_t i = 0; i < per.size(); ++i)
      for (Index n = 0; n < per[i].size(); ++n) {
        double ph = std::arg(per[i](n));
        if (ph < 0) ph += 2 * 3.14159265358979323846;
        f << scene.surfaces[i].name << ',' << n << ',' << fmt("%.15g", ph) << ',' << fmt("%.15g", per[i](n).real()) << ','
          << fmt("%.15g", per[i](n).imag()) << '\n';
      }
  }
  if (o.json) {
    using nlohmann::json;
    json j;
    j["scenario"] = {{"name", scene.name}, {"file", o.scenario}};
    j["objective"] = to_string(cfg.objective);
    j["algorithm"] = to_string(cfg.algorithm);
    j["precoder"] = to_string(cfg.options.precoder);
    j["bits"] = cfg.options.bits;
    j["seed"] = seed;
    j["value"] = r.objective;
    j["maximize"] = r.maximize;
    j["bound"] = r.bound ? json(*r.bound) : json(nullptr);
    j["status"] = to_string(r.status);
    j["iterations"] = r.iterations;
    j["wall_time_s"] = r.wall_time_s;
    j["residuals"] = {{"unit_modulus", r.residuals.unit_modulus}, {"power", r.residuals.power}, {"sinr", r.residuals.sinr}};
    j["tx_power_dbm"] = watt_to_dbm(tx);
    j["sum_rate_bps_hz"] = mc ? rate.minCoeff() : rate.sum();
    j["min_rate_bps_hz"] = rate.minCoeff();
    j["max_correlation"] = d.max_correlation;
    j["effective_rank"] = d.effective_rank;
    j["condition_number"] = std::isfinite(d.condition_number) ? json(d.condition_number) : json(nullptr);
    for (Index k = 0; k < p.users(); ++k)
      j["users"].push_back({{"name", scene.users[static_cast<std::size_t>(k)].name},
                            {mc ? "snr_db" : "sinr_db", lin_to_db(s(k))}, {"rate_bps_hz", rate(k)}});
    j["phases_file"] = out;
    j["notes"] = path_notes(scene);
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::cout << "scenario " << scene.name << " (" << o.scenario << "): objective " << to_string(cfg.objective)
            << ", algorithm " << to_string(cfg.algorithm) << ", "
            << (cfg.options.bits > 0 ? std::to_string(cfg.options.bits) + "-bit phases" : std::string("continuous phases"))
            << "\n"
            << "N = " << p.elements() << " elements (" << scene.surfaces.size() << " surface(s)), M = " << p.antennas()
            << " antennas, K = " << p.users() << " users, B = " << p.base_stations() << " BS(s), P = "
            << fmt("%.2f", watt_to_dbm(p.power_w)) << " dBm, noise " << fmt("%.2f", watt_to_dbm(p.noise_w(0))) << " dBm\n";
  std::string unit;
  if (cfg.objective == CommObjective::power_min) unit = " W (" + fmt("%.2f", watt_to_dbm(r.objective)) + " dBm)";
  if (cfg.objective == CommObjective::sum_rate) unit = " bps/Hz";
  if ((cfg.objective == CommObjective::snr || mc || cfg.objective == CommObjective::max_min_sinr) && r.objective > 0)
    unit = " (" + fmt("%.2f", lin_to_db(r.objective)) + " dB)";
  std::cout << "objective " << to_string(cfg.objective) << " = " << fmt("%.6g", r.objective) << unit
            << (r.bound ? "  (SDR upper bound " + fmt("%.6g", *r.bound) + ")" : std::string()) << "\n"
            << "status " << to_string(r.status) << " after " << r.iterations << " iterations in "
            << fmt("%.4g", r.wall_time_s) << " s\n\n";
  std::printf("%-12s %12s %12s\n", "user", mc ? "snr_db" : "sinr_db", "rate_bps_hz");
  for (Index k = 0; k < p.users(); ++k)
    std::printf("%-12s %12.3f %12.4f\n", scene.users[static_cast<std::size_t>(k)].name.c_str(), lin_to_db(s(k)), rate(k));
  std::cout << "\n" << (mc ? "common rate " : "sum rate ") << fmt("%.4f", mc ? rate.minCoeff() : rate.sum())
            << " bps/Hz, min rate " << fmt("%.4f", rate.minCoeff()) << " bps/Hz, transmit power "
            << fmt("%.2f", watt_to_dbm(tx)) << " dBm\n"
            << "channel: max correlation " << fmt("%.4f", d.max_correlation) << ", effective rank "
            << fmt("%.3f", d.effective_rank) << ", condition number "
            << (std::isfinite(d.condition_number) ? fmt("%.4g", d.condition_number) : std::string("inf")) << "\n"
            << "phases written to " << out << "\n";
  for (const auto& n : path_notes(scene)) std::cout << "note: " << n << '\n';
  return 0;
}

}  // namespace

void add_optimize(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<OptimizeOptions>();
  auto* cmd = app.add_subcommand("optimize", "Design IRS phases and BS precoder for a communication objective");
  add_scenario_args(*cmd, *opts, "optimize.bits=2");
  cmd->add_option("--objective", opts->objective, "snr, multicast, sum_rate, max_min_sinr, power_min, decorrelation, intercell");
  cmd->add_option("--algorithm", opts->algorithm,
                  "closed_form, alternating, sdr, manifold, bcd, arc_sweep, codebook, random_phase");
  cmd->add_option("-o,--out", opts->out, "Phases file (CSV); default <scenario>-phases.csv");
  cmd->callback([opts, &ctx] { ctx.exit_code = guarded([&] { return run_optimize(*opts, ctx); }); });
}

}  // namespace irisac::cli
