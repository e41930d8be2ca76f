// irisac crb SCENARIO [--set KEY=VALUE]... [--json]: Cramér–Rao bounds of the scenario's sensing set-up
// ([sensing] table) for one channel realisation (seed of the scenario).
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/io/cooperation.hpp"
#include "irisac/io/design_file.hpp"
#include "irisac/io/hybrid.hpp"
#include "irisac/io/provenance.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/scene/report.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/fisher.hpp"

namespace irisac::cli {
namespace {

struct CrbOptions : ScenarioArgs {
  std::string phases;
};

// A scenario with [cooperation]: the surfaces' angle CRBs and the fused position bounds
// (docs/architectures.md §4) for one channel realisation.
int run_crb_cooperation(const CrbOptions& o, const io::Document& doc, const Scene& loaded, const Context& ctx) {
  IRISAC_REQUIRE(o.phases.empty(), "crb --phases: not with [cooperation] (each surface uses its aligned phases)");
  const io::CooperationOptions co = io::read_cooperation_options(doc, loaded, true);
  Scene scene = io::cooperation_scene(loaded, co);
  Rng rng(scene.seed);
  io::place_cooperation_target(scene, co, rng);
  const ChannelSet ch = draw_channels(scene, rng);
  const io::CooperationRealisation s = io::draw_cooperation(scene, co, ch);
  const io::CooperationBounds b = io::cooperation_bounds(s, co);
  const char* fusion = co.fusion == CoopFusion::inverse_variance ? "inverse_variance" : "equal_weight";
  if (o.json) {
    using nlohmann::json;
    json j;
    const auto prov = io::current_provenance(ctx.args, scene.seed);
    j["provenance"] = {{"irisac_version", prov.irisac_version}, {"git_commit", prov.git_commit},
                       {"command", prov.command}, {"seed", prov.seed}};
    j["scenario"] = {{"name", scene.name}, {"file", o.scenario}};
    json surf = json::array();
    for (std::size_t l = 0; l < s.views.size(); ++l)
      surf.push_back({{"name", scene.surfaces[static_cast<std::size_t>(co.surfaces[l])].name},
                      {"azimuth_deg", rad_to_deg(s.views[l].target.theta)},
                      {"angle_crb_rad2", b.local_crb_rad2[l]}});
    j["cooperation"] = {{"surfaces", surf}, {"fusion", fusion}, {"report_bits", co.report_bits},
                        {"crb_centralised_m2", b.crb_centralised_m2}, {"crb_distributed_m2", b.crb_distributed_m2},
                        {"peb_centralised_m", std::sqrt(b.crb_centralised_m2)},
                        {"peb_distributed_m", std::sqrt(b.crb_distributed_m2)}, {"fusion_loss_db", b.loss_db}};
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::cout << "scenario " << scene.name << ": " << s.views.size() << " cooperating surfaces sense target '"
            << scene.targets[static_cast<std::size_t>(co.target)].name << "'\n";
  for (std::size_t l = 0; l < s.views.size(); ++l)
    std::printf("  %-10s azimuth %8.3f deg   CRB(azimuth) %.6e rad^2\n",
                scene.surfaces[static_cast<std::size_t>(co.surfaces[l])].name.c_str(),
                rad_to_deg(s.views[l].target.theta), b.local_crb_rad2[l]);
  std::printf("  PEB centralised (all raw data)   %.6g m  (tr J^-1 = %.6e m^2)\n", std::sqrt(b.crb_centralised_m2),
              b.crb_centralised_m2);
  std::printf("  distributed (%s, %ld bits)   %.6g m  (tr C = %.6e m^2), loss %.4g dB\n", fusion,
              static_cast<long>(co.report_bits), std::sqrt(b.crb_distributed_m2), b.crb_distributed_m2, b.loss_db);
  return 0;
}

int run_crb(const CrbOptions& o, const Context& ctx) {
  const io::Document doc = load_scenario_document(o);
  const Scene scene = load_scenario_scene(o, doc);
  if (doc.table().contains("cooperation")) return run_crb_cooperation(o, doc, scene, ctx);
  io::SensingOptions so = io::read_sensing_options(doc, scene);
  if (!o.phases.empty()) {
    std::vector<io::SurfaceSize> sizes;
    for (const auto& sf : scene.surfaces) sizes.push_back({sf.name, sf.size()});
    so.given_phases = split_phases(scene, io::read_phases_file(o.phases, sizes))[static_cast<std::size_t>(so.selection.surface)];
    so.phases = "given (" + o.phases + ")";
  }
  Rng rng(scene.seed);
  const io::SensingRealisation s = io::draw_sensing(scene, so, rng);
  const auto& p = s.problem;
  const Index t = so.snapshots;
  const double snr = echo_snr(p.model, p.target, s.tx_cov, t);
  if (!(snr > 0.0))
    throw InvalidArgument("crb: the echo of target '" + scene.targets[static_cast<std::size_t>(so.selection.target)].name +
                          "' is zero (no path, or zero transmit power)");
  const FimDiagnostic diag = diagnose_fim(point_target_fim(p.model, {p.target}, s.tx_cov, t));
  double crb = std::numeric_limits<double>::quiet_NaN(), crb_fim = crb;
  std::string why;
  try {
    crb = crb_angle(p.model, p.target, s.tx_cov, t);
    crb_fim = crb_angle_from_fim(p.model, p.target, s.tx_cov, t);
  } catch (const NumericalError& e) {
    why = e.what();
  }
  // Range and velocity where the waveform carries them: T samples at f_s = B of a unit-modulus
  // random-phase (OFDM-like) waveform scaled to the echo SNR above.
  const RangeVelocityCrb rv = [&] {
    Rng wr(scene.seed, 0, 0, 7);
    CVec w(std::max<Index>(t, 2));
    for (auto& e : w) e = wr.unit_phasor();
    const double amp = std::sqrt(snr / w.squaredNorm());
    return range_velocity_crb(w, scene.system.bandwidth_hz, {amp, 0.0}, 1.0, scene.system.wavelength_m());
  }();
  // The bounds of the other [sensing] models on the same draw: the extended target's response, the
  // targets seen together (several [[target]]s), and the bistatic receiver's name.
  const bool extended = so.target_model == "extended";
  const io::ExtendedCrb ext = extended ? io::extended_crb(s, so) : io::ExtendedCrb{};
  const bool many = s.targets.thetas.size() >= 2;
  const io::TargetsSummary ts = many ? io::targets_summary(s) : io::TargetsSummary{};
  const bool bistatic = is_bistatic(so.selection);
  const std::string rx_name =
      bistatic ? scene.base_stations[static_cast<std::size_t>(so.selection.receiver)].name : std::string();
  const char* path = so.selection.bistatic == BistaticPath::tx_irs ? "tx_irs" : "irs_rx";
  const bool ok = why.empty();
  const bool carried = so.selection.mode == SensingMode::target_mounted;
  const char* mode = bistatic ? "bistatic" : so.selection.mode == SensingMode::monostatic ? "monostatic"
                     : carried                                     ? "target_mounted"
                                                                   : "semi_passive";
  const char* frame = carried ? "BS frame, of the carried surface" : "surface frame";
  // The per-sample echo SNR of the same target with aligned phases, from the code `irisac show` runs.
  const SceneReport rep = report(scene);
  const double snr_show = so.selection.bs == 0 && !bistatic ? rep.targets.at(static_cast<std::size_t>(so.selection.target)).echo_snr_aligned
                                              : std::numeric_limits<double>::quiet_NaN();
  if (o.json) {
    using nlohmann::json;
    json j;
    const auto prov = io::current_provenance(ctx.args, scene.seed);
    j["provenance"] = {{"irisac_version", prov.irisac_version}, {"git_commit", prov.git_commit},
                       {"command", prov.command}, {"seed", prov.seed}};
    j["scenario"] = {{"name", scene.name}, {"file", o.scenario}};
    j["setup"] = {{"mode", mode}, {"surface_elements", p.num_elements}, {"bs_tx", p.model.num_tx()},
                  {"receive_elements", p.model.num_rx()}, {"snapshots", t}, {"phases", so.phases},
                  {"tx_cov", so.tx_cov}, {"azimuth_deg", rad_to_deg(p.target.theta)},
                  {"elevation_deg", rad_to_deg(p.elevation)}, {"angle_frame", frame}};
    j["echo_snr_integrated_db"] = lin_to_db(snr);
    j["echo_snr_aligned_db"] = snr_show > 0.0 ? json(lin_to_db(snr_show)) : json(nullptr);  // as `irisac show`
    j["fim"] = {{"rank", diag.rank}, {"parameters", diag.num_parameters},
                {"min_normalised_eigenvalue", diag.min_normalised_eigenvalue}};
    j["identifiable"] = ok;
    j["angle_crb_rad2"] = ok ? json(crb) : json(nullptr);
    j["angle_crb_from_fim_rad2"] = ok ? json(crb_fim) : json(nullptr);
    j["angle_crb_rmse_deg"] = ok ? json(rad_to_deg(std::sqrt(crb))) : json(nullptr);
    if (!ok) j["diagnostic"] = why;
    j["notes"] = rep.notes;
    if (doc.table().contains("hybrid")) {  // hybrid IRS: both links and their fusion (architectures.md §4)
      Rng hr(scene.seed);
      const io::HybridSummary h = io::hybrid_summary(scene, io::read_hybrid_options(doc, scene), hr);
      j["hybrid"] = {{"surface", h.surface}, {"passive", h.passive}, {"active", h.active}, {"sensors", h.sensors},
                     {"active_gain_db", h.amplification_db}, {"sensor_snr_db", h.sensor_snr_db},
                     {"bs_snr_db", h.bs_snr_db}, {"crb_sensors_rad2", h.crb.crb_sensors},
                     {"crb_bs_rad2", std::isfinite(h.crb.crb_bs) ? json(h.crb.crb_bs) : json(nullptr)},
                     {"crb_fused_rad2", h.crb.crb_fused}};
    }
    if (bistatic) j["bistatic"] = {{"receiver", rx_name}, {"path", path}};
    if (extended)
      j["extended"] = {{"crb_extended_db", lin_to_db(ext.realised)},
                       {"crb_extended_isotropic_db", lin_to_db(ext.isotropic)},
                       {"crb_extended_optimal_db", lin_to_db(ext.optimal)},
                       {"crb_extended_gain_db", lin_to_db(ext.isotropic / ext.optimal)}};
    if (many)
      j["targets"] = {{"count", s.targets.thetas.size()}, {"min_target_gain_db", lin_to_db(ts.min_gain)},
                      {"max_target_correlation_ratio", ts.max_correlation}, {"target_channel_rank_count", ts.rank}};
    j["range_crb_m2"] = rv.range_m2;
    j["velocity_crb_m2ps2"] = rv.velocity_m2ps2;
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::cout << "scenario " << scene.name << ": " << mode << " sensing of target '"
            << scene.targets[static_cast<std::size_t>(so.selection.target)].name << "' through surface '"
            << scene.surfaces[static_cast<std::size_t>(so.selection.surface)].name << "'\n";
  std::printf("  N = %ld surface elements, Nt = %ld, receive elements = %ld, T = %ld snapshots, phases %s, R_x %s\n",
              static_cast<long>(p.num_elements), static_cast<long>(p.model.num_tx()),
              static_cast<long>(p.model.num_rx()), static_cast<long>(t), so.phases.c_str(), so.tx_cov.c_str());
  std::printf("  target azimuth %.3f deg, elevation %.3f deg (%s)\n", rad_to_deg(p.target.theta),
              rad_to_deg(p.elevation), frame);
  std::printf("  integrated echo SNR      %.2f dB (T snapshots, the CRB's R_x and phases)\n", lin_to_db(snr));
  if (snr_show > 0.0)
    std::printf("  echo SNR per sample      %.2f dB (aligned phases, full power: as irisac show)\n", lin_to_db(snr_show));
  std::printf("  FIM (theta, alpha, ...)  rank %ld of %ld, smallest normalised eigenvalue %.3e\n",
              static_cast<long>(diag.rank), static_cast<long>(diag.num_parameters), diag.min_normalised_eigenvalue);
  if (ok) {
    std::printf("  CRB(azimuth)             %.6e rad^2 (closed form), %.6e rad^2 (inverse FIM)\n", crb, crb_fim);
    std::printf("  RMSE bound               %.4g deg\n", rad_to_deg(std::sqrt(crb)));
  } else {
    std::cout << "  CRB(azimuth)             not identifiable\n  diagnostic: " << why << '\n';
  }
  if (bistatic)
    std::printf("  bistatic receiver        BS '%s', path %s (the CRB above is the bistatic model's)\n",
                rx_name.c_str(), path);
  if (extended) {
    std::printf("  CRB(extended response)   %.4f dB (sum of entry variances, R_x %s)\n", lin_to_db(ext.realised),
                so.tx_cov.c_str());
    std::printf("                           %.4f dB isotropic R_x, %.4f dB optimal R_x (gain %.4f dB)\n",
                lin_to_db(ext.isotropic), lin_to_db(ext.optimal), lin_to_db(ext.isotropic / ext.optimal));
  }
  if (many)
    std::printf("  targets (%zu, phases %s)\n                           min gain %.4f dB, max correlation %.4f, "
                "channel rank %ld\n",
                s.targets.thetas.size(), so.phases.c_str(), lin_to_db(ts.min_gain), ts.max_correlation,
                static_cast<long>(ts.rank));
  std::printf("  CRB(range)               %.4e m^2 (random-phase waveform, B = %.4g MHz)\n", rv.range_m2,
              scene.system.bandwidth_hz / 1e6);
  std::printf("  CRB(radial velocity)     %.4e (m/s)^2\n", rv.velocity_m2ps2);
  if (doc.table().contains("hybrid")) {  // hybrid IRS: both links and their fusion (architectures.md §4)
    Rng hr(scene.seed);
    const io::HybridSummary h = io::hybrid_summary(scene, io::read_hybrid_options(doc, scene), hr);
    std::printf("hybrid surface '%s': %ld passive, %ld active (gain %.2f dB), %ld sensor elements\n", h.surface.c_str(),
                static_cast<long>(h.passive), static_cast<long>(h.active), h.amplification_db,
                static_cast<long>(h.sensors));
    std::printf("  link S (sensors)  SNR %.2f dB  CRB %.6e rad^2\n", h.sensor_snr_db, h.crb.crb_sensors);
    if (std::isfinite(h.crb.crb_bs))
      std::printf("  link B (BS)       SNR %.2f dB  CRB %.6e rad^2\n", h.bs_snr_db, h.crb.crb_bs);
    else
      std::printf("  link B (BS)       SNR %.2f dB  not identifiable (rank-one links)\n", h.bs_snr_db);
    std::printf("  fused             CRB %.6e rad^2 (1/(J_s + J_b))\n", h.crb.crb_fused);
  }
  for (const auto& n : rep.notes) std::cout << "note: " << n << '\n';
  return 0;
}

}  // namespace

void add_crb(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<CrbOptions>();
  auto* cmd = app.add_subcommand("crb", "Cramer-Rao bounds of the scenario's sensing set-up ([sensing] table)");
  add_scenario_args(*cmd, *opts, "sensing.snapshots=128");
  cmd->add_option("--phases", opts->phases,
                  "Phases of the surfaces to evaluate (CSV from optimize --out, or .csv/.npy: N unit-modulus values or phases in rad)");
  cmd->callback([opts, &ctx] { ctx.exit_code = guarded([&] { return run_crb(*opts, ctx); }); });
}

}  // namespace irisac::cli
