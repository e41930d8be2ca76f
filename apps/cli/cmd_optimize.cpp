// irisac optimize SCENARIO [--objective NAME] [--algorithm NAME] [--set K=V]... [--json] [--seed S]
//                 [--bound] [--out FILE] [--out-precoder FILE] [--evaluate --phases FILE [--precoder FILE]]
// Draws one channel realisation of the scenario, designs the IRS phases and BS precoder (or, with
// --evaluate, takes the user's design), prints the achieved metrics and time, and writes the phases
// (CSV with a provenance header) and the precoder only where --out / --out-precoder say.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "irisac/comm/joint_bound.hpp"
#include "irisac/comm/optimize.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/comm_io.hpp"
#include "irisac/io/design_file.hpp"
#include "irisac/io/matrix_file.hpp"
#include "irisac/io/provenance.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/scene/report.hpp"

namespace irisac::cli {
namespace {

struct OptimizeOptions : ScenarioArgs {
  std::string objective, algorithm, out, out_precoder, phases, precoder;
  bool bound = false, evaluate = false;
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

int run_optimize(const OptimizeOptions& o, const Context& ctx) {
  const io::Document doc = load_scenario_document(o);
  const Scene scene = load_scenario_scene(o, doc);
  io::OptimizeConfig cfg = io::read_optimize_config(doc, scene);
  if (!o.objective.empty()) cfg.objective = pick(o.objective, io::objective_names(), parse_objective(o.objective), "objective");
  if (!o.algorithm.empty()) cfg.algorithm = pick(o.algorithm, io::algorithm_names(), parse_algorithm(o.algorithm), "algorithm");
  const std::uint64_t seed = scene.seed;  // system.seed, or --seed
  const CommProblem p = io::optimize_problem(scene, cfg, seed, o.scenario);
  if (o.bound) cfg.options.bound = true;
  if (!o.evaluate && (!o.phases.empty() || !o.precoder.empty()))
    throw InvalidArgument("--phases/--precoder give a design to evaluate: add --evaluate");
  if (o.evaluate && o.phases.empty()) throw InvalidArgument("--evaluate needs --phases FILE (and optionally --precoder FILE)");
  std::vector<io::SurfaceSize> sizes;
  for (const auto& sf : scene.surfaces) sizes.push_back({sf.name, sf.size()});
  Rng rng(seed, 0, 0, 1);
  CommResult r;
  if (o.evaluate) {
    const CVec v = io::read_phases_file(o.phases, sizes);
    const CMat W = o.precoder.empty() ? CMat()
                   : io::read_precoder_file(o.precoder, p.antennas(),
                                            cfg.objective == CommObjective::multicast ? 1 : p.users());
    r = evaluate_design(p, cfg.objective, v, W, cfg.options);
    if (cfg.options.bound && has_joint_bound(cfg.objective)) r.bound = joint_upper_bound(p, cfg.objective, v);
  } else {
    r = optimize(p, cfg.objective, cfg.algorithm, cfg.options, rng);
  }
  const bool bound_asked = cfg.options.bound || (cfg.algorithm == CommAlgorithm::sdr && !o.evaluate);
  const std::string bound_text =
      r.bound ? fmt("%.6g", *r.bound) + " (certified upper bound of the joint (W, v) problem, SDP relaxation)"
      : !has_joint_bound(cfg.objective) ? "none (objective " + to_string(cfg.objective) + " has no certified bound)"
      : bound_asked ? std::string("none") : std::string("not computed (--bound computes it)");
  const std::string status_text =
      o.evaluate ? "evaluated (given design, no optimisation)"
      : r.status == OptStatus::converged ? "converged (stopping tolerance met)"
                                         : "iteration_limit (stopped at the iteration limit: not certified stationary)";

  const bool mc = cfg.objective == CommObjective::multicast;
  const RVec s = mc ? multicast_snr(p, r.v, r.W.col(0)) : sinr(p, r.v, r.W);
  const RVec rate = s.unaryExpr([](double x) { return std::log2(1.0 + x); });
  const double tx = r.W.squaredNorm();
  const ChannelDiagnostics d = channel_diagnostics(effective_channels(p, r.v, 0));

  if (!o.out.empty()) {
    std::ofstream f(o.out);
    if (!f) throw InvalidArgument("--out: cannot write the phases file " + o.out);
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
        f << scene.surfaces[i].name << ',' << n << ',' << fmt("%.17g", ph) << ',' << fmt("%.17g", per[i](n).real()) << ','
          << fmt("%.17g", per[i](n).imag()) << '\n';
      }
  }
  if (!o.out_precoder.empty())
    io::write_csv_matrix(o.out_precoder, r.W,
                         "irisac optimize precoder W (rows: BS antennas, columns: users)\nscenario: " + o.scenario +
                             "\nseed: " + std::to_string(seed));
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
    j["bound_certified"] = r.bound.has_value();
    j["status"] = o.evaluate ? std::string("evaluated") : to_string(r.status);
    j["projected_value"] = r.projected_objective ? json(*r.projected_objective) : json(nullptr);
    j["continuous_value"] = r.continuous_objective ? json(*r.continuous_objective) : json(nullptr);
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
    j["phases_file"] = o.out.empty() ? json(nullptr) : json(o.out);
    j["precoder_file"] = o.out_precoder.empty() ? json(nullptr) : json(o.out_precoder);
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
  std::cout << "objective " << to_string(cfg.objective) << " = " << fmt("%.6g", r.objective) << unit << "\n"
            << "upper bound " << bound_text << "\n";
  if (r.projected_objective)
    std::cout << cfg.options.bits << "-bit design: refined " << fmt("%.6g", r.objective) << ", projection of the continuous design "
              << fmt("%.6g", *r.projected_objective) << ", continuous design " << fmt("%.6g", *r.continuous_objective) << "\n";
  std::cout << "status " << status_text << " after " << r.iterations << " iterations in " << fmt("%.4g", r.wall_time_s)
            << " s\n\n";
  std::printf("%-12s %12s %12s\n", "user", mc ? "snr_db" : "sinr_db", "rate_bps_hz");
  for (Index k = 0; k < p.users(); ++k)
    std::printf("%-12s %12.3f %12.4f\n", scene.users[static_cast<std::size_t>(k)].name.c_str(), lin_to_db(s(k)), rate(k));
  std::cout << "\n" << (mc ? "common rate " : "sum rate ") << fmt("%.4f", mc ? rate.minCoeff() : rate.sum())
            << " bps/Hz, min rate " << fmt("%.4f", rate.minCoeff()) << " bps/Hz, transmit power "
            << fmt("%.2f", watt_to_dbm(tx)) << " dBm\n"
            << "channel: max correlation " << fmt("%.4f", d.max_correlation) << ", effective rank "
            << fmt("%.3f", d.effective_rank) << ", condition number "
            << (std::isfinite(d.condition_number) ? fmt("%.4g", d.condition_number) : std::string("inf")) << "\n"
            << (o.out.empty() ? std::string() : "phases written to " + o.out + "\n")
            << (o.out_precoder.empty() ? std::string() : "precoder written to " + o.out_precoder + "\n");
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
  cmd->add_option("-o,--out", opts->out, "Write the phases (CSV) to FILE (nothing is written without it)");
  cmd->add_option("--out-precoder", opts->out_precoder, "Write the precoder W (CSV, M×K) to FILE");
  cmd->add_flag("--bound", opts->bound, "Compute the certified upper bound of the joint problem (SDP; always with sdr)");
  cmd->add_flag("--evaluate", opts->evaluate, "Evaluate the design given by --phases (and --precoder) instead of optimising");
  cmd->add_option("--phases", opts->phases, "Phases file to evaluate (CSV from --out, or .csv/.npy: N unit-modulus values or phases in rad)");
  cmd->add_option("--precoder", opts->precoder, "Precoder file to evaluate (.csv/.npy, M×K; M×1 for multicast)");
  cmd->callback([opts, &ctx] { ctx.exit_code = guarded([&] { return run_optimize(*opts, ctx); }); });
}

}  // namespace irisac::cli
