// Sensing metrics (bounds, estimator errors, detection, designs) and named sensing items.
#include <cmath>
#include <limits>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/limits.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/io/sensing_options.hpp"
#include "irisac/scene/link_budget.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/design.hpp"
#include "irisac/sensing/detection.hpp"
#include "irisac/sensing/fisher.hpp"
#include "irisac/sensing/mounted_irs.hpp"
#include "irisac/sensing/scene_problem.hpp"

namespace irisac::io {

SensingOptions read_sensing_options(const Document& doc, const Scene& scene) {
  SensingOptions o;
  const ScenarioLimits limits = read_scenario_limits(doc);
  Reader top(doc);  // knows which keys came from --set or an [[axis]]
  if (scene.targets.empty()) top.fail("target", "at least one [[target]] to sense", "none");
  if (scene.base_stations.empty()) top.fail("bs", "at least one [[bs]] for sensing", "none");
  if (scene.surfaces.empty()) top.fail("irs", "at least one [[irs]] (sensing goes through a surface)", "none");
  auto pick = [&](Reader& r, const char* key, NodeKind kind, const char* what) -> Index {
    if (!r.has(key)) return 0;
    const std::string name = r.string(key);
    const auto n = scene.find(name);
    if (!n || n->kind != kind) r.fail(key, std::string("the name of a ") + what + " of the scene", "\"" + name + "\"");
    return n->index;
  };
  if (auto t = top.optional_table("sensing")) {
    o.selection.bs = pick(*t, "bs", NodeKind::bs, "base station");
    o.selection.surface = pick(*t, "surface", NodeKind::surface, "surface");
    o.selection.target = pick(*t, "target", NodeKind::target, "target");
    const std::string mode = t->choice("mode", "monostatic", {"monostatic", "semi_passive", "target_mounted"});
    o.selection.mode = mode == "monostatic"     ? SensingMode::monostatic
                       : mode == "semi_passive" ? SensingMode::semi_passive
                                                : SensingMode::target_mounted;
    o.selection.num_sensors = t->integer("num_sensors", 0, 0);
    o.snapshots = t->integer("snapshots", 64, 1);
    require_within_limit(*t, "snapshots", o.snapshots, limits.snapshots, "snapshots", "snapshots");
    o.phases = t->choice("phases", "aligned",
                         {"aligned", "random", "ones", "echo_design", "crb_design", "max_min", "decorrelation", "rank"});
    o.tx_cov = t->choice("tx_cov", "isotropic", {"isotropic", "crb"});
    o.selection.receiver = t->has("receiver") ? pick(*t, "receiver", NodeKind::bs, "base station") : -1;
    const bool has_path = t->has("bistatic_path");
    const std::string path = t->choice("bistatic_path", "tx_irs", {"tx_irs", "irs_rx"});
    o.selection.bistatic = path == "tx_irs" ? BistaticPath::tx_irs : BistaticPath::irs_rx;
    o.target_model = t->choice("target_model", "point", {"point", "extended"});
    o.pfa = t->number("pfa", 1e-3);
    t->require_at_least("pfa", o.pfa, 0.0, true);
    t->require_at_most("pfa", o.pfa, 1.0, true);
    o.search.grid_size = t->integer("grid_size", 512, 2);
    require_within_limit(*t, "grid_size", o.search.grid_size, limits.grid_points, "grid_points", "grid points");
    o.search.theta_min = deg_to_rad(t->number("search_min_deg", -80.0));
    o.search.theta_max = deg_to_rad(t->number("search_max_deg", 80.0));
    if (!(o.search.theta_max > o.search.theta_min))
      t->fail("search_max_deg", "a value above search_min_deg", std::to_string(rad_to_deg(o.search.theta_max)));
    o.design_iterations = t->integer("design_iterations", 3, 1);
    const bool carried = surface_mounted_on_target(scene, o.selection);
    const std::string& sn = scene.surfaces[static_cast<std::size_t>(o.selection.surface)].name;
    if (carried && o.selection.mode == SensingMode::semi_passive)
      t->fail("mode", "monostatic or target_mounted (surface '" + sn + "' is carried by the target)",
              "\"semi_passive\"");
    if (!carried && o.selection.mode == SensingMode::target_mounted)
      t->fail("mode", "a surface carried by the sensed target (mounted_on) for target_mounted",
              "surface '" + sn + "', not mounted on target '" +
                  scene.targets[static_cast<std::size_t>(o.selection.target)].name + "'");
    const std::string& bsn = scene.base_stations[static_cast<std::size_t>(o.selection.bs)].name;
    const bool bistatic = is_bistatic(o.selection);
    if (has_path && !bistatic)
      t->fail("bistatic_path", "a receiver other than the transmitting BS ([sensing] receiver)",
              "receiver = transmitting BS '" + bsn + "'");
    if (bistatic && (carried || o.selection.mode != SensingMode::monostatic))
      t->fail("receiver", "the transmitting BS '" + bsn + "' for mode " + mode +
                              (carried ? " (surface '" + sn + "' is carried by the target)" : "") +
                              " (a bistatic receiver needs mode = \"monostatic\")",
              "\"" + scene.base_stations[static_cast<std::size_t>(o.selection.receiver)].name + "\"");
    if (is_multi_target_phases(o.phases)) {
      if (scene.targets.size() < 2)
        t->fail("phases", "at least 2 [[target]]s for \"" + o.phases + "\" (a multi-target design)",
                std::to_string(scene.targets.size()) + " target");
      if (carried || bistatic)
        t->fail("phases",
                "aligned, random or ones for " +
                    std::string(carried ? "a target-mounted surface" : "a bistatic receiver") +
                    " (the multi-target designs see the targets through a wall surface, monostatic or semi-passive)",
                "\"" + o.phases + "\"");
    }
    if (o.target_model == "extended") {
      if (carried || bistatic)
        t->fail("target_model",
                std::string("\"point\" for ") + (carried ? "a target-mounted surface" : "a bistatic receiver") +
                    " (the extended target is sensed monostatically or by semi-passive sensors)",
                "\"extended\"");
      const BaseStation& b = scene.base_stations[static_cast<std::size_t>(o.selection.bs)];
      const Index n = scene.surfaces[static_cast<std::size_t>(o.selection.surface)].size();
      const bool mono = o.selection.mode == SensingMode::monostatic;
      if (b.tx.size() < n || (mono && b.rx.size() < n))
        t->fail("target_model",
                "a BS with at least N = " + std::to_string(n) + " transmit" + (mono ? " and receive" : "") +
                    " antennas for \"extended\" (the N x N response needs full-rank links)",
                "BS '" + b.name + "' with " + std::to_string(b.tx.size()) + " tx, " + std::to_string(b.rx.size()) +
                    " rx antennas");
    }
    if (carried && (o.phases == "echo_design" || o.phases == "crb_design"))
      t->fail("phases",
              "aligned or random for a target-mounted surface (retro-reflection maximises |alpha|^2 and so "
              "minimises the CRB)",
              "\"" + o.phases + "\"");
    t->finish();
  }
  const Surface& s = scene.surfaces[static_cast<std::size_t>(o.selection.surface)];
  // A surface carried by the sensed target: the target-mounted model (sensing/mounted_irs.hpp).
  if (surface_mounted_on_target(scene, o.selection)) o.selection.mode = SensingMode::target_mounted;
  if (o.selection.mode == SensingMode::semi_passive && o.selection.num_sensors == 0 && s.num_sensors == 0)
    top.fail("sensing", "num_sensors > 0 for semi-passive sensing (in [sensing] or on the surface)", "0");
  if (!(scene.base_stations[static_cast<std::size_t>(o.selection.bs)].tx_power_w > 0.0))
    top.fail("bs", "a base station with transmit power > 0", "zero power");
  return o;
}

bool is_multi_target_phases(const std::string& phases) {
  return phases == "max_min" || phases == "decorrelation" || phases == "rank";
}

SensingRealisation draw_sensing(const Scene& scene, const SensingOptions& o, Rng& rng) {
  ChannelSet ch = draw_channels(scene, rng);
  const auto& sel = o.selection;
  const Index n = scene.surfaces[static_cast<std::size_t>(sel.surface)].size();
  CVec v;
  if (o.given_phases.size()) {
    IRISAC_REQUIRE(o.given_phases.size() == n, "given phases: ", n, " entries for the sensing surface (got ",
                   o.given_phases.size(), ")");
    v = o.given_phases;
  } else if (o.phases == "random") {
    v.resize(n);
    for (auto& e : v) e = rng.unit_phasor();
  } else if (o.phases == "ones") {  // v = 1: every phase 0 (an unconfigured surface)
    v = CVec::Ones(n);
  } else {
    v = aligned_phases_for_target(scene, ch, sel.bs, sel.target)[static_cast<std::size_t>(sel.surface)];
    for (Index k = 0; k < v.size(); ++k) v[k] = std::abs(v[k]) > 0.0 ? v[k] / std::abs(v[k]) : Complex{1.0, 0.0};
  }
  SensingRealisation r{make_sensing_problem(scene, ch, sel, v), {}, {}, v, {}};
  const Index nt = r.problem.model.num_tx();
  const double p = r.problem.power_w;
  r.tx_cov = p / static_cast<double>(nt) * CMat::Identity(nt, nt);
  DesignOptions dopt;
  dopt.outer_iterations = o.design_iterations;
  dopt.circle.max_iterations = 200;
  if (o.given_phases.size()) {
    // the given design as it is
  } else if (o.phases == "echo_design") {
    const SensingDesign d = design_echo_power(r.problem.model, r.problem.target.theta, r.tx_cov, v, dopt);
    r.problem.model = with_reflection(r.problem.model, d.v);
    r.tx_cov = d.tx_cov;
  } else if (o.phases == "crb_design") {
    const SensingDesign d = design_min_crb(r.problem.model, r.problem.target, p, o.snapshots, v, dopt);
    r.problem.model = with_reflection(r.problem.model, d.v);
    r.tx_cov = d.tx_cov;
  }
  const bool carried = surface_mounted_on_target(scene, sel) || sel.mode == SensingMode::target_mounted;
  if (scene.targets.size() >= 2 && !carried && !is_bistatic(sel))
    r.targets = surface_targets_view(scene, sel, r.problem);
  if (!o.given_phases.size() && is_multi_target_phases(o.phases)) {
    IRISAC_REQUIRE(r.targets.thetas.size() >= 2, "[sensing] phases = \"", o.phases, "\": needs >= 2 targets");
    CircleOptions copt;
    copt.max_iterations = 200;
    SensingDesign d;
    if (o.phases == "max_min") {
      // Start from the best single-target alignment (by its own minimum gain), so the design is never
      // below any of them (design_max_min keeps the best iterate).
      auto min_gain = [&](const CVec& u) {
        double m = std::numeric_limits<double>::infinity();
        for (double th : r.targets.thetas)
          m = std::min(m, -echo_power_objective(r.targets.model, th, r.tx_cov).value(u));
        return m;
      };
      double best = min_gain(v);
      for (Index k = 0; k < static_cast<Index>(scene.targets.size()); ++k) {
        CVec u = aligned_phases_for_target(scene, ch, sel.bs, k)[static_cast<std::size_t>(sel.surface)];
        for (auto& e : u) e = std::abs(e) > 0.0 ? e / std::abs(e) : Complex{1.0, 0.0};
        const double g = min_gain(u);
        if (g > best) {
          best = g;
          r.start_phases = u;
        }
      }
      d = design_max_min(r.targets.model, r.targets.thetas, r.tx_cov, r.start_phases, false, copt);
    } else if (o.phases == "decorrelation") {
      d = design_decorrelation(r.targets.model, r.targets.thetas, r.tx_cov, v, copt);
    } else {
      d = design_rank(r.targets.model, r.targets.thetas, r.tx_cov, v, copt);
    }
    r.problem.model = with_reflection(r.problem.model, d.v);
  }
  if (o.tx_cov == "crb") {
    if (o.target_model == "extended")
      r.tx_cov = extended_target_optimal_tx_cov(r.problem.model.transmit.channel.transpose(), p);
    else
      r.tx_cov = crb_optimal_tx_cov(r.problem.model, r.problem.target.theta, p, r.tx_cov);
  }
  r.channels = std::move(ch);
  return r;
}

namespace {
// The surface phases of a realised model (on whichever leg goes through the surface).
const CVec& realised_phases(const EchoModel& m) {
  return m.transmit.kind == EchoLeg::Kind::irs ? m.transmit.reflection : m.receive.reflection;
}
}  // namespace

ExtendedCrb extended_crb(const SensingRealisation& s, const SensingOptions& o) {
  const EchoModel& m = s.problem.model;
  IRISAC_REQUIRE(o.target_model == "extended", "extended_crb: [sensing] target_model is \"", o.target_model, "\"");
  IRISAC_REQUIRE(m.transmit.kind == EchoLeg::Kind::irs, "extended_crb: the transmit leg goes through no surface");
  const CMat gt = m.transmit.channel.transpose();  // G_t (N × Nt)
  const Index nt = gt.cols();
  const double p = s.problem.power_w;
  auto crb = [&](const CMat& r) {
    if (o.selection.mode == SensingMode::semi_passive)
      return semi_passive_extended_crb(gt, r, m.num_rx(), o.snapshots, m.noise_var);
    return extended_target_crb(gt, m.receive.channel, r, o.snapshots, m.noise_var);
  };
  return {crb(s.tx_cov), crb(p / static_cast<double>(nt) * CMat::Identity(nt, nt)),
          crb(extended_target_optimal_tx_cov(gt, p))};
}

TargetsSummary targets_summary(const SensingRealisation& s) {
  const TargetsView& tv = s.targets;
  IRISAC_REQUIRE(tv.thetas.size() >= 2, "targets_summary: fewer than 2 targets seen through the surface");
  const EchoModel m = with_reflection(tv.model, realised_phases(s.problem.model));
  TargetsSummary out;
  out.min_gain = std::numeric_limits<double>::infinity();
  for (double th : tv.thetas)
    out.min_gain = std::min(out.min_gain, echo_energy(m, PointTarget{th, {1.0, 0.0}}, s.tx_cov, 1) / s.problem.power_w);
  const RMat c = echo_correlation(m, tv.thetas, s.tx_cov);
  for (Index k = 0; k < c.rows(); ++k)
    for (Index j = 0; j < k; ++j) out.max_correlation = std::max(out.max_correlation, c(k, j));
  out.rank = sensing_channel_rank(m, tv.thetas, s.tx_cov);
  return out;
}

namespace {
double db_checked(double x, const char* what) {
  if (!(x > 0.0)) throw NumericalError(std::string(what) + ": zero (no echo)");
  return lin_to_db(x);
}

// Fails at [sensing] `key` (or at the document when the table is absent).
[[noreturn]] void fail_sensing(const Document& doc, const char* key, const std::string& expected,
                               const std::string& found) {
  Reader top(doc);
  if (auto t = top.optional_table("sensing")) t->fail(key, expected, found);
  top.fail(std::string("sensing.") + key, expected, found);
}

}  // namespace

void require_point_target(const Document& doc, const SensingOptions& o, const std::string& use) {
  if (o.target_model != "point")
    fail_sensing(doc, "target_model", "\"point\" for " + use + " (the extended target has the sensing.extended "
                                      "metrics crb_extended_*_db)",
                 "\"" + o.target_model + "\"");
}

void require_receive_manifold(const Document& doc, const SensingOptions& o, const std::string& use) {
  if (is_bistatic(o.selection) && o.selection.bistatic == BistaticPath::tx_irs)
    fail_sensing(doc, "receiver",
                 "a receiver whose response depends on the angle for " + use +
                     " (the transmitting BS, or bistatic_path = \"irs_rx\")",
                 "bistatic_path tx_irs (the receiver's response to the target is known and angle-independent)");
}

void register_sensing(Registry& r) {
  r.parameter_tables.push_back("sensing");
  r.metric_groups.push_back(MetricGroup{
      "sensing.bounds",
      "one channel realisation per trial; CRB of the target's azimuth at the surface ([sensing] table)",
      {{"angle_crb_rad2", "rad^2", "closed-form CRB of the azimuth, reflection coefficient unknown"},
       {"angle_crb_rmse_deg", "deg", "square root of the CRB in degrees"},
       {"echo_snr_integrated_db", "dB", "integrated echo SNR |alpha|^2 T tr(B R B^H)/sigma^2"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const SensingOptions o = read_sensing_options(doc, scene);
        require_point_target(doc, o, "the sensing.bounds metrics");
        return [scene, o](Rng& rng, std::span<double> out) {
          const SensingRealisation s = draw_sensing(scene, o, rng);
          const double crb = crb_angle(s.problem.model, s.problem.target, s.tx_cov, o.snapshots);
          out[0] = crb;
          out[1] = rad_to_deg(std::sqrt(crb));
          out[2] = db_checked(echo_snr(s.problem.model, s.problem.target, s.tx_cov, o.snapshots), "echo SNR");
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "sensing.identifiability",
      "rank of the (theta, Re alpha, Im alpha) Fisher information; 3 = identifiable, 2 = rank-one channels",
      {{"fim_rank_count", "", "numerical rank of the normalised FIM (tolerance 1e-10)"},
       {"fim_min_eigenvalue_ratio", "", "smallest eigenvalue of the normalised FIM over the largest"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const SensingOptions o = read_sensing_options(doc, scene);
        require_point_target(doc, o, "the sensing.identifiability metrics");
        return [scene, o](Rng& rng, std::span<double> out) {
          const SensingRealisation s = draw_sensing(scene, o, rng);
          const FimDiagnostic d =
              diagnose_fim(point_target_fim(s.problem.model, {s.problem.target}, s.tx_cov, o.snapshots));
          out[0] = static_cast<double>(d.rank);
          out[1] = d.min_normalised_eigenvalue;
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "sensing.estimation",
      "one channel and noise realisation per trial; squared errors (their mean is the MSE) next to the CRB",
      {{"mse_ml_rad2", "rad^2", "squared error of the ML estimate (grid + golden-section refinement)"},
       {"mse_music_rad2", "rad^2", "squared error of MUSIC on the receive manifold"},
       {"mse_beam_scan_rad2", "rad^2", "squared error of the beam-scan periodogram"},
       {"angle_crb_estimation_rad2", "rad^2", "CRB of the same realisation"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const SensingOptions o = read_sensing_options(doc, scene);
        require_point_target(doc, o, "the sensing.estimation metrics");
        require_receive_manifold(doc, o, "the sensing.estimation metrics (MUSIC and beam scan)");
        const Index nr = o.selection.mode != SensingMode::semi_passive
                             ? scene.base_stations[static_cast<std::size_t>(o.selection.bs)].rx.size()
                             : (o.selection.num_sensors > 0
                                    ? o.selection.num_sensors
                                    : scene.surfaces[static_cast<std::size_t>(o.selection.surface)].num_sensors);
        if (nr < 2) {
          Reader top(doc.table(), doc.source(), "");
          top.fail("sensing", "at least 2 receive elements (BS rx array or sensors) for MUSIC", std::to_string(nr));
        }
        return [scene, o](Rng& rng, std::span<double> out) {
          const SensingRealisation s = draw_sensing(scene, o, rng);
          const CMat x = waveform_from_covariance(s.tx_cov, std::max(o.snapshots, s.problem.model.num_tx()));
          const CMat y = simulate_echo(s.problem.model, {s.problem.target}, x, rng);
          const double th = s.problem.target.theta;
          auto se = [&](AngleEstimator e) {
            const double d = estimate_angle(e, s.problem.model, y, x, o.search) - th;
            return d * d;
          };
          out[0] = se(AngleEstimator::ml);
          out[1] = se(AngleEstimator::music);
          out[2] = se(AngleEstimator::beam_scan);
          out[3] = crb_angle(s.problem.model, s.problem.target, s.tx_cov, x.cols());
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "sensing.detection",
      "one channel and noise realisation per trial; GLRT and energy detector at [sensing] pfa",
      {{"pd_glrt_mc_prob", "", "GLRT decision (1 = detected); its mean is the Monte Carlo P_d"},
       {"pd_glrt_prob", "", "Marcum-Q P_d of the GLRT at this realisation's echo SNR"},
       {"pd_energy_mc_prob", "", "energy-detector decision (1 = detected)"},
       {"pd_energy_prob", "", "generalised Marcum-Q P_d of the energy detector"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const SensingOptions o = read_sensing_options(doc, scene);
        require_point_target(doc, o, "the sensing.detection metrics");
        return [scene, o](Rng& rng, std::span<double> out) {
          const SensingRealisation s = draw_sensing(scene, o, rng);
          const CMat x = waveform_from_covariance(s.tx_cov, std::max(o.snapshots, s.problem.model.num_tx()));
          const CMat mean = echo_mean(s.problem.model, {s.problem.target}, x);
          const CVec sig = mean.reshaped();
          const double nv = s.problem.model.noise_var;
          const CVec y = sig + rng.complex_normal_vector(sig.size(), nv);
          const double snr = sig.squaredNorm() / nv;
          out[0] = glrt_statistic(sig, y, nv) > glrt_threshold(o.pfa) ? 1.0 : 0.0;
          out[1] = glrt_pd(snr, o.pfa);
          out[2] = energy_statistic(y, nv) > energy_threshold(sig.size(), o.pfa) ? 1.0 : 0.0;
          out[3] = energy_detector_pd(sig.size(), snr, o.pfa);
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "sensing.design",
      "one channel realisation per trial; CRB of the echo-power design and of the CRB design (same start)",
      {{"angle_crb_echo_design_rad2", "rad^2", "CRB with phases and R_x maximising the echo power"},
       {"angle_crb_min_crb_design_rad2", "rad^2", "CRB with phases and R_x minimising the CRB (AO: RCG + Frank-Wolfe)"},
       {"angle_crb_design_gain_db", "dB", "10 log10(CRB echo design / CRB design), >= 0"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        SensingOptions o = read_sensing_options(doc, scene);
        require_point_target(doc, o, "the sensing.design metrics");
        o.phases = "aligned";
        o.tx_cov = "isotropic";
        return [scene, o](Rng& rng, std::span<double> out) {
          const SensingRealisation s = draw_sensing(scene, o, rng);
          DesignOptions dopt;
          dopt.outer_iterations = o.design_iterations;
          dopt.circle.max_iterations = 200;
          const CVec v0 = s.problem.model.transmit.reflection;
          const SensingDesign e = design_echo_power(s.problem.model, s.problem.target.theta, s.tx_cov, v0, dopt);
          const SensingDesign c = design_min_crb(s.problem.model, s.problem.target, s.problem.power_w, o.snapshots,
                                                 v0, dopt);
          const double ce = crb_angle(with_reflection(s.problem.model, e.v), s.problem.target, e.tx_cov, o.snapshots);
          out[0] = ce;
          out[1] = c.objective;
          out[2] = lin_to_db(ce / c.objective);
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "sensing.targets",
      "one channel realisation per trial; every [[target]] through the sensing surface with the [sensing] "
      "phases and R_x (equal target gains, the multi-target designs' view)",
      {{"min_target_gain_db", "dB", "min over the targets of the two-way surface gain tr(B_k R_x B_k^H)/P"},
       {"max_target_correlation_ratio", "", "largest echo-signature correlation |G_kj|/sqrt(G_kk G_jj) of two targets"},
       {"target_channel_rank_count", "", "numerical rank of the Gram matrix G_kj = tr(B_k^H B_j R_x)"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const SensingOptions o = read_sensing_options(doc, scene);
        if (scene.targets.size() < 2) {
          Reader top(doc);
          top.fail("target", "at least 2 [[target]]s for the sensing.targets metrics",
                   std::to_string(scene.targets.size()));
        }
        if (is_bistatic(o.selection) || o.selection.mode == SensingMode::target_mounted)
          fail_sensing(doc, is_bistatic(o.selection) ? "receiver" : "mode",
                       "monostatic or semi-passive sensing through a wall surface for the sensing.targets metrics",
                       is_bistatic(o.selection) ? "a bistatic receiver" : "\"target_mounted\"");
        return [scene, o](Rng& rng, std::span<double> out) {
          const TargetsSummary t = targets_summary(draw_sensing(scene, o, rng));
          out[0] = db_checked(t.min_gain, "minimum target gain");
          out[1] = t.max_correlation;
          out[2] = static_cast<double>(t.rank);
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "sensing.bistatic",
      "one channel realisation per trial; echo at the [sensing] receiver (bistatic) and at the transmitting BS "
      "(monostatic, same phases and R_x)",
      {{"echo_snr_bistatic_db", "dB", "integrated echo SNR |alpha|^2 T tr(B R B^H)/sigma^2 at the receiver"},
       {"echo_snr_monostatic_db", "dB", "the same at the transmitting BS (BS-IRS-target-IRS-BS)"},
       {"angle_crb_bistatic_rad2", "rad^2", "closed-form CRB of the azimuth at the surface, bistatic model"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const SensingOptions o = read_sensing_options(doc, scene);
        if (!is_bistatic(o.selection))
          fail_sensing(doc, "receiver", "a receiving BS other than the transmitting one for the sensing.bistatic metrics",
                       "the transmitting BS '" + scene.base_stations[static_cast<std::size_t>(o.selection.bs)].name + "'");
        require_point_target(doc, o, "the sensing.bistatic metrics");
        return [scene, o](Rng& rng, std::span<double> out) {
          const SensingRealisation s = draw_sensing(scene, o, rng);
          SensingSelection mono = o.selection;
          mono.receiver = -1;
          const SensingProblem m =
              make_sensing_problem(scene, s.channels, mono, realised_phases(s.problem.model));
          out[0] = db_checked(echo_snr(s.problem.model, s.problem.target, s.tx_cov, o.snapshots), "bistatic echo SNR");
          out[1] = db_checked(echo_snr(m.model, m.target, s.tx_cov, o.snapshots), "monostatic echo SNR");
          out[2] = crb_angle(s.problem.model, s.problem.target, s.tx_cov, o.snapshots);
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "sensing.extended",
      "one channel realisation per trial; CRB of the extended target's response through the surface "
      "([sensing] target_model = \"extended\"), sum of the entry variances",
      {{"crb_extended_db", "dB", "extended-target CRB with the [sensing] R_x (tx_cov)"},
       {"crb_extended_isotropic_db", "dB", "the same with R_x = P/Nt I"},
       {"crb_extended_optimal_db", "dB", "the same with the closed-form optimal R_x"},
       {"crb_extended_gain_db", "dB", "isotropic over optimal, >= 0"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const SensingOptions o = read_sensing_options(doc, scene);
        if (o.target_model != "extended")
          fail_sensing(doc, "target_model", "\"extended\" for the sensing.extended metrics", "\"" + o.target_model + "\"");
        return [scene, o](Rng& rng, std::span<double> out) {
          const ExtendedCrb c = extended_crb(draw_sensing(scene, o, rng), o);
          out[0] = lin_to_db(c.realised);
          out[1] = lin_to_db(c.isotropic);
          out[2] = lin_to_db(c.optimal);
          out[3] = lin_to_db(c.isotropic / c.optimal);
        };
      }});
  const std::string est = "estimate --estimator (metrics mse_<name>_rad2)";
  const std::vector<NamedItem> items = {
      {"sensing_mode", "monostatic", "BS-IRS-target-IRS-BS echo through the IRS's virtual LoS (direct path optional)",
       "[sensing] mode"},
      {"sensing_mode", "semi_passive", "BS-IRS-target-sensors: sensors at the IRS receive the echo", "[sensing] mode"},
      {"estimator", "ml", "maximum likelihood (reflection coefficient unknown): grid + golden-section refinement", est},
      {"estimator", "music", "MUSIC pseudo-spectrum on the receive manifold", est},
      {"estimator", "beam_scan", "beam-scan (Bartlett) periodogram", est},
      {"detector", "glrt", "GLRT |s^H y|^2/(sigma^2 |s|^2), P_d = Marcum Q1", "metrics pd_glrt_prob, pd_glrt_mc_prob"},
      {"detector", "energy", "energy detector |y|^2/sigma^2, P_d = generalised Marcum Q_n",
       "metrics pd_energy_prob, pd_energy_mc_prob"},
      {"sensing_phases", "aligned", "surface phases pointed at the target (link_budget.hpp)", "[sensing] phases"},
      {"sensing_phases", "random", "independent uniform surface phases", "[sensing] phases"},
      {"sensing_phases", "ones", "v = 1 (every phase 0: an unconfigured surface)", "[sensing] phases"},
      {"sensing_phases", "echo_design", "maximise echo power over IRS phases (RCG) and R_x (closed form)",
       "[sensing] phases"},
      {"sensing_phases", "crb_design", "minimise the angle CRB over IRS phases (RCG) and R_x (Frank-Wolfe)",
       "[sensing] phases"},
      {"sensing_phases", "max_min", "maximise the smallest two-way surface gain over the targets (soft-min RCG)",
       "[sensing] phases"},
      {"sensing_phases", "decorrelation", "minimise the targets' pairwise echo-signature correlation (RCG)",
       "[sensing] phases"},
      {"sensing_phases", "rank", "maximise log det of the targets' echo-signature Gram matrix (RCG)",
       "[sensing] phases"},
      {"sensing_tx_cov", "isotropic", "R_x = P/Nt I", "[sensing] tx_cov"},
      {"sensing_tx_cov", "crb",
       "R_x minimising the CRB: angle CRB for the surface phases (Frank-Wolfe), or the extended target's closed form",
       "[sensing] tx_cov"},
      {"sensing_bistatic_path", "tx_irs", "BS-IRS-target-receiver, the receiver sees the target directly",
       "[sensing] bistatic_path"},
      {"sensing_bistatic_path", "irs_rx", "BS-target-IRS-receiver, the BS illuminates the target directly",
       "[sensing] bistatic_path"},
      {"sensing_target_model", "point", "point target: angle CRB, reflection coefficient nuisance",
       "[sensing] target_model"},
      {"sensing_target_model", "extended",
       "N x N response through the surface: CRB (sigma^2/T) tr((G_t R G_t^H)^-1) tr((G_r^H G_r)^-1)",
       "[sensing] target_model"},
  };
  r.items.insert(r.items.end(), items.begin(), items.end());
}

}  // namespace irisac::io
