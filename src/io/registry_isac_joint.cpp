// The joint ISAC designs as scenario keys ([isac]) and experiment metrics (docs/isac.md).
#include <cmath>
#include <limits>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/isac_joint_io.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/isac/two_timescales.hpp"
#include "irisac/scene/link_budget.hpp"

namespace irisac::io {

IsacConfig read_isac_config(const Document& doc, const Scene& scene) {
  IsacConfig c;
  Reader top(doc.table(), doc.source(), "");
  if (scene.users.empty()) top.fail("user", "at least one [[user]] for a joint design", "none");
  if (scene.targets.empty()) top.fail("target", "at least one [[target]] for a joint design", "none");
  if (scene.surfaces.empty()) top.fail("irs", "at least one [[irs]] (the phases are shared)", "none");
  c.ends.sensing_options.outer_iterations = 3;
  c.ends.sensing_options.circle.max_iterations = 200;
  bool has_isac_receiver = false;
  if (auto t = top.optional_table("isac")) {
    auto pick_bs = [&](const char* key) {
      const std::string name = t->string(key);
      const auto n = scene.find(name);
      if (!n || n->kind != NodeKind::bs) t->fail(key, "the name of a base station of the scene", "\"" + name + "\"");
      return n->index;
    };
    if (t->has("bs")) c.selection.bs = pick_bs("bs");
    const std::string mode = t->choice("mode", "monostatic", {"monostatic", "semi_passive"});
    c.selection.mode = mode == "monostatic" ? SensingMode::monostatic : SensingMode::semi_passive;
    c.selection.num_sensors = t->integer("num_sensors", 0, 0, 1 << 16);
    if (t->has("num_sensors") && c.selection.mode != SensingMode::semi_passive)
      t->fail("num_sensors", "mode = \"semi_passive\" (sensors receive the echo only in that mode)", "mode = \"" + mode + "\"");
    if (t->has("receiver")) {
      c.selection.receiver = pick_bs("receiver");
      has_isac_receiver = true;
    }
    const bool has_path = t->has("bistatic_path");
    const std::string path = t->choice("bistatic_path", "tx_irs", {"tx_irs", "irs_rx"});
    c.selection.bistatic = path == "tx_irs" ? BistaticPath::tx_irs : BistaticPath::irs_rx;
    const std::string& bsn = scene.base_stations[static_cast<std::size_t>(c.selection.bs)].name;
    if (has_path && !is_bistatic(c.selection))
      t->fail("bistatic_path", "a receiver other than the transmitting BS ([isac] receiver)",
              "receiver = transmitting BS '" + bsn + "'");
    if (is_bistatic(c.selection) && c.selection.mode != SensingMode::monostatic)
      t->fail("receiver", "the transmitting BS '" + bsn + "' for mode semi_passive (the sensors receive the echo)",
              "\"" + scene.base_stations[static_cast<std::size_t>(c.selection.receiver)].name + "\"");
    if (t->has("surface")) {
      const std::string name = t->string("surface");
      const auto n = scene.find(name);
      if (!n || n->kind != NodeKind::surface) t->fail("surface", "the name of a surface of the scene", "\"" + name + "\"");
      c.surface = n->index;
    }
    c.metric = t->choice("metric", "crb", {"crb", "echo_snr"}) == "crb" ? SensingMetric::crb : SensingMetric::echo_snr;
    c.design = t->choice("design", "front", {"max_rate", "max_sensing", "weighted", "front"});
    if (c.metric == SensingMetric::crb && t->has("crb_rmse_max_deg")) {
      const double e = t->number("crb_rmse_max_deg");
      t->require_at_least("crb_rmse_max_deg", e, 0.0, true);
      t->require_at_most("crb_rmse_max_deg", e, 180.0);
      c.requirement = deg_to_rad(e) * deg_to_rad(e);
      c.requirement_key = "isac.crb_rmse_max_deg";
    }
    if (c.metric == SensingMetric::echo_snr && t->has("echo_snr_min_db")) {
      const double e = t->number("echo_snr_min_db");
      t->require_at_least("echo_snr_min_db", e, -200.0);
      t->require_at_most("echo_snr_min_db", e, 300.0);
      c.requirement = db_to_lin(e);
      c.requirement_key = "isac.echo_snr_min_db";
    }
    if (t->has("sinr_min_db")) {
      const double g = t->number("sinr_min_db");
      t->require_at_least("sinr_min_db", g, -100.0);
      t->require_at_most("sinr_min_db", g, 200.0);
      c.sinr_min = db_to_lin(g);
    }
    c.rho = t->number("rho", 0.5);
    t->require_at_least("rho", c.rho, 0.0);
    t->require_at_most("rho", c.rho, 1.0);
    c.front_points = t->integer("front_points", 6, 1, 200);
    c.snapshots = t->integer("snapshots", 64, 1, 1 << 20);
    c.options.outer_iterations = static_cast<int>(t->integer("outer_iterations", 8, 0, 1000));
    c.ends.sensing_options.outer_iterations = t->integer("design_iterations", 3, 1, 1000);
    // the other metric's requirement is checked but unused (so one file can switch metric by --set)
    if (t->has("crb_rmse_max_deg") && c.metric != SensingMetric::crb) (void)t->number("crb_rmse_max_deg");
    if (t->has("echo_snr_min_db") && c.metric != SensingMetric::echo_snr) (void)t->number("echo_snr_min_db");
    t->finish();
    if (c.design == "max_rate" && !(c.requirement > 0))
      t->fail(c.metric == SensingMetric::crb ? "crb_rmse_max_deg" : "echo_snr_min_db",
              "a sensing requirement for design = \"max_rate\"", "none");
  }
  const std::size_t nb_needed = is_bistatic(c.selection) ? 2 : 1;
  if (scene.base_stations.size() != nb_needed) {
    const std::string found = std::to_string(scene.base_stations.size()) + " [[bs]]";
    if (nb_needed == 2)
      top.fail("isac.receiver", "exactly two [[bs]]: the transmitter and the bistatic receiver", found);
    if (auto t = top.optional_table("isac"))
      t->fail(has_isac_receiver ? "receiver" : "bs",
              "one [[bs]] that transmits and receives the echoes, or a second one named by [isac] receiver", found);
    top.fail("bs", "one [[bs]] that transmits and receives the echoes, or a second one named by [isac] receiver", found);
  }
  if (c.design == "max_sensing" && !(c.sinr_min > 0)) {
    bool all = true;
    for (const auto& u : scene.users) all = all && u.min_sinr > 0;
    if (!all) top.fail("isac", "isac.sinr_min_db (or min_sinr_db for every user) for design = \"max_sensing\"", "none");
  }
  c.options.metric = c.metric;
  const OptimizeConfig oc = read_optimize_config(doc, scene);
  if (oc.objective != CommObjective::snr && oc.objective != CommObjective::sum_rate &&
      oc.objective != CommObjective::max_min_sinr)
    top.fail("optimize.objective", "a rate objective for the comm end point (snr, sum_rate or max_min_sinr)",
             "\"" + to_string(oc.objective) + "\"");
  c.ends.objective = oc.objective;
  c.ends.algorithm = oc.algorithm;
  c.ends.options = oc.options;
  return c;
}

IsacRun prepare_isac(const Scene& scene, const IsacConfig& cfg, Rng& channel_rng, std::uint64_t seed) {
  const ChannelSet ch = draw_channels(scene, channel_rng);
  IsacRun r;
  r.problem = isac_problem(scene, ch, cfg.surface, cfg.snapshots, cfg.selection);
  EndPointSpec spec = cfg.ends;
  CVec a = aligned_phases_for_target(scene, ch, cfg.selection.bs, 0)[static_cast<std::size_t>(cfg.surface)];
  for (Index k = 0; k < a.size(); ++k) a[k] = std::abs(a[k]) > 0.0 ? a[k] / std::abs(a[k]) : Complex{1.0, 0.0};
  spec.sensing_start = a;
  r.ends = isac_end_points(r.problem, spec, cfg.metric, seed);
  r.start_v = CVec::Ones(r.problem.elements());
  return r;
}

std::string isac_receiver_text(const Scene& scene, const IsacConfig& cfg) {
  const SensingSelection& s = cfg.selection;
  const auto bs_name = [&](Index b) { return scene.base_stations[static_cast<std::size_t>(b)].name; };
  const Surface& surf = scene.surfaces[static_cast<std::size_t>(cfg.surface)];
  if (s.mode == SensingMode::semi_passive)
    return "semi-passive: " + std::to_string(s.num_sensors > 0 ? s.num_sensors : surf.num_sensors) + " sensors of " + surf.name;
  if (is_bistatic(s))
    return "bistatic at " + bs_name(s.receiver) + " (path " + (s.bistatic == BistaticPath::tx_irs ? "tx_irs" : "irs_rx") + ")";
  return "monostatic at " + bs_name(s.bs);
}

IsacDesign run_isac_design(const IsacRun& run, const IsacConfig& cfg) {
  const IsacProblem& p = run.problem;
  // Starts as the front's: both end points and their phase blends arg((1−τ)v_c + τv_s).
  std::vector<CVec> starts = {run.ends.comm.v, run.ends.sensing.v};
  for (double tau : {0.25, 0.5, 0.75})
    starts.push_back(project_unit_modulus((1 - tau) * run.ends.comm.v + tau * run.ends.sensing.v));
  IsacDesign d;
  if (cfg.design == "max_rate") {
    d = design_max_rate(p, RVec::Constant(p.num_targets(), cfg.requirement), starts, cfg.options);
    if (!d.feasible)
      throw Infeasible("the sensing requirement " + cfg.requirement_key + " cannot be met with the transmit power " +
                       "(best sensing-only level " + std::to_string(sensing_level(run.ends.sensing.metrics, cfg.metric)) +
                       (cfg.metric == SensingMetric::crb ? " 1/rad^2)" : ")"));
  } else if (cfg.design == "max_sensing") {
    RVec g(p.users());
    for (Index k = 0; k < p.users(); ++k) g(k) = cfg.sinr_min;
    d = design_max_sensing(p, g, starts, cfg.options);
    if (!d.feasible) throw Infeasible("the SINR targets cannot be met with the transmit power");
  } else if (cfg.design == "weighted") {
    d = design_weighted(p, run.ends, cfg.rho, cfg.options);
  } else {
    throw InvalidArgument("run_isac_design(): design \"" + cfg.design + "\" is a sweep; use isac_front");
  }
  return d;
}

TimescaleSpec read_timescale_config(const Document& doc) {
  TimescaleSpec s;
  Reader top(doc.table(), doc.source(), "");
  auto t = top.optional_table("timescales");
  if (!t) return s;
  s.slots = t->integer("slots", 16, 1, 4096);
  s.sensing_update_slots = t->integer("sensing_update_slots", 1, 1, 4096);
  s.comm_update_slots = t->integer("comm_update_slots", 1, 1, 4096);
  if (t->has("comm_coherence_slots")) {
    s.comm_coherence_slots = t->number("comm_coherence_slots");
    t->require_at_least("comm_coherence_slots", s.comm_coherence_slots, 0.0, true);
    t->require_at_most("comm_coherence_slots", s.comm_coherence_slots, 1e9);
  }
  const double w = t->number("target_rate_deg_per_slot", 0.0);
  t->require_at_least("target_rate_deg_per_slot", w, -90.0);
  t->require_at_most("target_rate_deg_per_slot", w, 90.0);
  s.target_rate_rad_per_slot = deg_to_rad(w);
  t->finish();
  return s;
}

namespace {
double rij_db(double x) {
  if (!(x > 0.0) || !std::isfinite(x)) throw NumericalError("zero or non-finite echo SNR");
  return lin_to_db(x);
}
}  // namespace

void register_isac_joint(Registry& r) {
  r.parameter_tables.push_back("isac");
  r.metric_groups.push_back(MetricGroup{
      "isac.joint",
      "one channel realisation per trial; the [isac] design (max_rate, max_sensing or weighted; front = max_rate), "
      "its end points and time sharing between them; infeasible trials fail",
      {{"isac_min_rate_bps_hz", "bps/Hz", "minimum user rate of the joint design"},
       {"isac_sum_rate_bps_hz", "bps/Hz", "sum rate of the joint design"},
       {"isac_angle_crb_rad2", "rad^2", "worst target's angle CRB of the joint design"},
       {"isac_echo_snr_db", "dB", "worst target's echo SNR of the joint design"},
       {"isac_comm_end_min_rate_bps_hz", "bps/Hz", "minimum rate of the comm-only end point (irisac optimize)"},
       {"isac_sensing_end_crb_rad2", "rad^2", "worst CRB of the sensing-only end point (irisac crb design)"},
       {"isac_time_sharing_min_rate_bps_hz", "bps/Hz", "rate of time sharing between the end points at the design's sensing level"},
       {"isac_coupling_before_ratio", "", "cos^2 of the smallest principal angle between user and target spans, phases all ones"},
       {"isac_coupling_after_ratio", "", "the same at the joint design's phases"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        IsacConfig cfg = read_isac_config(doc, scene);
        if (cfg.design == "front") {
          cfg.design = "max_rate";
          if (!(cfg.requirement > 0)) {
            Reader top(doc.table(), doc.source(), "");
            top.fail("isac", std::string("a requirement (") +
                                 (cfg.metric == SensingMetric::crb ? "crb_rmse_max_deg" : "echo_snr_min_db") +
                                 ") for the metrics of design = \"front\" (swept as an axis)",
                     "none");
          }
        }
        return [scene, cfg](Rng& rng, std::span<double> out) {
          const IsacRun run = prepare_isac(scene, cfg, rng, scene.seed);
          IsacDesign d;
          try {
            d = run_isac_design(run, cfg);
          } catch (const Infeasible& e) {
            throw NumericalError(std::string("infeasible: ") + e.what());
          }
          const IsacMetrics& m = d.metrics;
          out[0] = m.min_rate_bps_hz;
          out[1] = m.sum_rate_bps_hz;
          out[2] = m.crb_rad2.maxCoeff();
          out[3] = rij_db(m.echo_snr.minCoeff());
          out[4] = run.ends.comm.metrics.min_rate_bps_hz;
          out[5] = run.ends.sensing.metrics.crb_rad2.maxCoeff();
          out[6] = time_sharing_rate(run.ends, sensing_level(m, cfg.metric), cfg.metric);
          if (!std::isfinite(out[6])) throw NumericalError("the design's sensing level is beyond the sensing end point");
          out[7] = subspace_coupling(run.problem, run.start_v).max_cos2;
          out[8] = subspace_coupling(run.problem, d.v).max_cos2;
        };
      }});
  r.parameter_tables.push_back("timescales");
  r.metric_groups.push_back(MetricGroup{
      "isac.timescales",
      "one block of [timescales] slots per trial: user channels AR(1) with coherence comm_coherence_slots, target "
      "angle moving at target_rate_deg_per_slot; the [isac] max_rate design re-optimised from comm knowledge every "
      "comm_update_slots and sensing knowledge every sensing_update_slots, against re-optimising every slot",
      {{"isac_timescale_rate_loss_bps_hz", "bps/Hz", "mean over the slots of the min rate lost to stale designs"},
       {"isac_timescale_sensing_loss_db", "dB", "mean over the slots of 10 log10(S re-optimised / S held), S the echo SNR or 1/CRB ([isac] metric; crb: the CRB loss)"},
       {"isac_timescale_reference_rate_bps_hz", "bps/Hz", "mean min rate re-optimising every slot"},
       {"isac_timescale_held_rate_bps_hz", "bps/Hz", "mean min rate with the update periods"},
       {"isac_timescale_designs_count", "", "joint designs computed in the block (distinct knowledge states)"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        IsacConfig cfg = read_isac_config(doc, scene);
        const TimescaleSpec spec = read_timescale_config(doc);
        cfg.options.bisection_tolerance = 1e-4;  // one design per knowledge state: keep each cheap
        if (!(cfg.requirement > 0)) {
          Reader top(doc.table(), doc.source(), "");
          top.fail("isac", std::string("a requirement (") +
                               (cfg.metric == SensingMetric::crb ? "crb_rmse_max_deg" : "echo_snr_min_db") +
                               ") for the max_rate design of the timescale metrics",
                   "none");
        }
        return [scene, cfg, spec](Rng& rng, std::span<double> out) {
          const ChannelSet ch = draw_channels(scene, rng);
          const IsacProblem p = isac_problem(scene, ch, cfg.surface, cfg.snapshots, cfg.selection);
          const TimescaleResult res =
              two_timescale_loss(p, RVec::Constant(p.num_targets(), cfg.requirement), spec, cfg.options, rng);
          out[0] = res.rate_loss_bps_hz;
          out[1] = res.sensing_loss_db;
          out[2] = res.reference_rate_bps_hz;
          out[3] = res.held_rate_bps_hz;
          out[4] = static_cast<double>(res.designs);
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "isac.undesigned",
      "one channel realisation per trial: the [isac] max_rate covariance step alone (globally solved) at all-ones "
      "phases, at the same sensing requirement; infeasible trials fail. Its own channel stream: paired with "
      "isac.joint trial by trial only on deterministic (LoS, fixed target phase) scenes",
      {{"isac_ones_min_rate_bps_hz", "bps/Hz", "minimum user rate at all-ones phases (covariance step only)"},
       {"isac_ones_echo_snr_db", "dB", "worst target's echo SNR at all-ones phases (covariance step only)"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const IsacConfig cfg = read_isac_config(doc, scene);
        if (!(cfg.requirement > 0)) {
          Reader top(doc.table(), doc.source(), "");
          top.fail("isac", "a sensing requirement (crb_rmse_max_deg or echo_snr_min_db) for isac_ones_* metrics", "none");
        }
        return [scene, cfg](Rng& rng, std::span<double> out) {
          const ChannelSet ch = draw_channels(scene, rng);
          const IsacProblem p = isac_problem(scene, ch, cfg.surface, cfg.snapshots, cfg.selection);
          const IsacDesign d = max_rate_covariance(p, CVec::Ones(p.elements()),
                                                   RVec::Constant(p.num_targets(), cfg.requirement), cfg.options);
          if (!d.feasible) throw NumericalError("infeasible: the sensing requirement at all-ones phases");
          out[0] = d.metrics.min_rate_bps_hz;
          out[1] = rij_db(d.metrics.echo_snr.minCoeff());
        };
      }});
  const std::vector<NamedItem> items = {
      {"isac_design", "max_rate", "max min SINR s.t. CRB <= eps / echo SNR >= Gamma per target: AO of SDP (DSDP) + RCG", "[isac] design, irisac isac --design"},
      {"isac_design", "max_sensing", "max min echo SNR or 1/CRB s.t. SINR_k >= gamma_k: AO of SDP (DSDP) + RCG", "[isac] design, irisac isac --design"},
      {"isac_design", "weighted", "max rho R/R_c + (1 - rho) S/S_s over the max_rate front (golden section)", "[isac] design, irisac isac --design"},
      {"isac_design", "front", "rate-CRB / rate-echo-SNR front between the comm-only and sensing-only end points", "[isac] design, irisac isac --design"},
  };
  r.items.insert(r.items.end(), items.begin(), items.end());
}

}  // namespace irisac::io
