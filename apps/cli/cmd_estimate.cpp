// irisac estimate SCENARIO --estimator NAME --trials K [--set KEY=VALUE]... [--json]: Monte Carlo MSE
// of an angle estimator next to the CRB, for the scenario's sensing set-up ([sensing] table).
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/cooperation.hpp"
#include "irisac/io/provenance.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/estimators.hpp"

namespace irisac::cli {
namespace {

struct EstimateOptions : ScenarioArgs {
  std::string estimator = "ml";
  long trials = 200;
};

// A scenario with [cooperation]: Monte Carlo position MSE of the centralised ML and of the distributed
// WLS fusion next to the PEB (docs/architectures.md §4); trial k uses Rng(seed, 0, k).
int run_estimate_cooperation(const EstimateOptions& o, const io::Document& doc, const Scene& loaded,
                             const Context& ctx) {
  const io::CooperationOptions co = io::read_cooperation_options(doc, loaded, true);
  const Scene base = io::cooperation_scene(loaded, co);
  double sc = 0.0, sd = 0.0, crb_c = 0.0, crb_d = 0.0;
  for (long k = 0; k < o.trials; ++k) {
    Rng rng(base.seed, 0, static_cast<std::uint64_t>(k));
    Scene scene = base;
    io::place_cooperation_target(scene, co, rng);
    const io::CooperationRealisation s = io::draw_cooperation(scene, co, draw_channels(scene, rng));
    const io::CooperationBounds b = io::cooperation_bounds(s, co);
    const io::CooperationEstimate e = io::cooperation_estimate(s, co, rng);
    sc += (e.centralised - s.position).head<2>().squaredNorm();
    sd += (e.distributed - s.position).head<2>().squaredNorm();
    crb_c += b.crb_centralised_m2;
    crb_d += b.crb_distributed_m2;
  }
  const auto n = static_cast<double>(o.trials);
  sc /= n, sd /= n, crb_c /= n, crb_d /= n;
  if (o.json) {
    using nlohmann::json;
    json j;
    const auto prov = io::current_provenance(ctx.args, base.seed);
    j["provenance"] = {{"irisac_version", prov.irisac_version}, {"git_commit", prov.git_commit},
                       {"command", prov.command}, {"seed", prov.seed}};
    j["scenario"] = {{"name", base.name}, {"file", o.scenario}};
    j["trials"] = o.trials;
    j["cooperation"] = {{"mse_centralised_m2", sc}, {"mse_distributed_m2", sd}, {"crb_centralised_m2", crb_c},
                        {"crb_distributed_m2", crb_d}, {"rmse_centralised_m", std::sqrt(sc)},
                        {"rmse_distributed_m", std::sqrt(sd)}, {"peb_centralised_m", std::sqrt(crb_c)}};
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::cout << "scenario " << base.name << ": " << co.surfaces.size() << " cooperating surfaces, " << o.trials
            << " trials\n";
  std::printf("  centralised ML (raw data)   RMSE %.6g m   MSE/CRB = %.3f  (mean tr J^-1 = %.6e m^2)\n", std::sqrt(sc),
              sc / crb_c, crb_c);
  std::printf("  distributed WLS (reports)   RMSE %.6g m   MSE/CRB = %.3f  (mean tr C_d = %.6e m^2)\n", std::sqrt(sd),
              sd / crb_d, crb_d);
  return 0;
}

int run_estimate(const EstimateOptions& o, const Context& ctx) {
  const AngleEstimator est = angle_estimator_from_string(o.estimator);
  IRISAC_REQUIRE(o.trials >= 2, "--trials must be >= 2 (got ", o.trials, ")");
  const io::Document doc = load_scenario_document(o);
  const Scene scene = load_scenario_scene(o, doc);
  if (doc.table().contains("cooperation")) return run_estimate_cooperation(o, doc, scene, ctx);
  const io::SensingOptions so = io::read_sensing_options(doc, scene);
  io::require_point_target(doc, so, "estimate (an angle estimator)");
  if (est != AngleEstimator::ml) io::require_receive_manifold(doc, so, "estimate --estimator " + o.estimator);
  double sum = 0.0, sum2 = 0.0, crb_sum = 0.0;
  long crb_count = 0;
  for (long k = 0; k < o.trials; ++k) {
    Rng rng(scene.seed, 0, static_cast<std::uint64_t>(k));
    const io::SensingRealisation s = io::draw_sensing(scene, so, rng);
    const CMat x = waveform_from_covariance(s.tx_cov, std::max(so.snapshots, s.problem.model.num_tx()));
    const CMat y = simulate_echo(s.problem.model, {s.problem.target}, x, rng);
    const double e = estimate_angle(est, s.problem.model, y, x, so.search) - s.problem.target.theta;
    sum += e * e;
    sum2 += e * e * e * e;
    try {
      crb_sum += crb_angle(s.problem.model, s.problem.target, s.tx_cov, x.cols());
      ++crb_count;
    } catch (const NumericalError&) {
    }
  }
  const auto n = static_cast<double>(o.trials);
  const double mse = sum / n;
  const double se = std::sqrt(std::max(0.0, (sum2 / n - mse * mse) / (n - 1.0)));
  const bool have_crb = crb_count == o.trials;
  const double crb = have_crb ? crb_sum / n : std::numeric_limits<double>::quiet_NaN();
  if (o.json) {
    using nlohmann::json;
    json j;
    const auto prov = io::current_provenance(ctx.args, scene.seed);
    j["provenance"] = {{"irisac_version", prov.irisac_version}, {"git_commit", prov.git_commit},
                       {"command", prov.command}, {"seed", prov.seed}};
    j["scenario"] = {{"name", scene.name}, {"file", o.scenario}};
    j["estimator"] = to_string(est);
    j["trials"] = o.trials;
    j["mse_rad2"] = mse;
    j["mse_std_error_rad2"] = se;
    j["rmse_deg"] = rad_to_deg(std::sqrt(mse));
    j["crb_rad2"] = have_crb ? json(crb) : json(nullptr);
    j["mse_over_crb"] = have_crb ? json(mse / crb) : json(nullptr);
    if (!have_crb) j["diagnostic"] = "the angle is not identifiable in some realisations (singular FIM): no CRB";
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::cout << "scenario " << scene.name << ": estimator " << to_string(est) << ", " << o.trials << " trials\n";
  std::printf("  MSE        %.6e rad^2  (standard error %.2e)\n", mse, se);
  std::printf("  RMSE       %.4g deg\n", rad_to_deg(std::sqrt(mse)));
  if (have_crb)
    std::printf("  mean CRB   %.6e rad^2   MSE/CRB = %.3f\n", crb, mse / crb);
  else
    std::cout << "  CRB        not identifiable in some realisations (singular Fisher information)\n";
  return 0;
}

}  // namespace

void add_estimate(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<EstimateOptions>();
  auto* cmd = app.add_subcommand("estimate", "Monte Carlo MSE of an angle estimator next to the CRB");
  add_scenario_args(*cmd, *opts, "sensing.snapshots=128");
  cmd->add_option("--estimator", opts->estimator, "ml | music | beam_scan")->capture_default_str();
  cmd->add_option("--trials", opts->trials, "Monte Carlo trials (>= 2)")->capture_default_str();
  cmd->callback([opts, &ctx] { ctx.exit_code = guarded([&] { return run_estimate(*opts, ctx); }); });
}

}  // namespace irisac::cli
