// Hybrid IRS (docs/architectures.md §4): the [hybrid] table, its two metric groups and the summary
// that `irisac crb` and `irisac show` print.
#include <algorithm>
#include <cmath>
#include <string>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/hybrid.hpp"
#include "irisac/io/limits.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/irs/surface.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/estimators.hpp"

namespace irisac::io {

HybridOptions read_hybrid_options(const Document& doc, const Scene& scene) {
  HybridOptions o;
  Reader top(doc);
  auto t = top.optional_table("hybrid");
  if (!t) top.fail("hybrid", "a [hybrid] table (the hybrid surface that senses the target)", "none");
  if (scene.base_stations.empty()) t->fail("bs", "a [[bs]] in the scene (it illuminates the target)", "none");
  if (scene.targets.empty()) t->fail("target", "a [[target]] in the scene", "none");
  auto pick = [&](const char* key, NodeKind kind, const char* what) -> Index {
    const std::string name = t->string(key);
    const auto n = scene.find(name);
    if (!n || n->kind != kind) t->fail(key, std::string("the name of a ") + what + " of the scene", "\"" + name + "\"");
    return n->index;
  };
  o.bs = t->has("bs") ? pick("bs", NodeKind::bs, "base station") : 0;
  o.target = t->has("target") ? pick("target", NodeKind::target, "target") : 0;
  if (t->has("surface")) {
    o.surface = pick("surface", NodeKind::surface, "surface");
  } else {
    const auto it = std::find_if(scene.surfaces.begin(), scene.surfaces.end(),
                                 [](const Surface& s) { return s.kind == SurfaceKind::hybrid; });
    if (it == scene.surfaces.end()) t->fail("surface", "an [[irs]] with kind = \"hybrid\" in the scene", "none");
    o.surface = static_cast<Index>(it - scene.surfaces.begin());
  }
  const Surface& s = scene.surfaces[static_cast<std::size_t>(o.surface)];
  const char* kinds[] = {"passive", "active", "semi_passive", "hybrid"};
  if (s.kind != SurfaceKind::hybrid)
    t->fail("surface", "a surface of kind \"hybrid\"",
            "surface '" + s.name + "' of kind \"" + kinds[static_cast<int>(s.kind)] + "\"");
  if (!s.mounted_on.empty())
    t->fail("surface", "a fixed hybrid surface (not mounted)", "surface '" + s.name + "' is mounted on '" + s.mounted_on + "'");
  {  // The surface's own keys: sensors are required, and at least one element must reflect.
    std::vector<Reader> irs = top.tables("irs");
    Reader& r = irs.at(static_cast<std::size_t>(o.surface));
    const char* key = r.has("element_pattern") ? "element_pattern" : "sensor_elements";
    if (s.mode != SurfaceMode::reflect)
      r.fail("mode", "\"reflect\" for a hybrid surface sensed through [hybrid]", "a transmitting mode");
    if (s.num_sensors < 1)
      r.fail(key, "at least 1 sensor element ([hybrid] senses over the BS-IRS-target-sensors link)", "0 sensor elements");
    if (s.num_sensors >= s.size())
      r.fail(key, "at most " + std::to_string(s.size() - 1) + " sensor elements (at least one element must reflect)",
             std::to_string(s.num_sensors) + " sensor elements of " + std::to_string(s.size()));
  }
  const ScenarioLimits limits = read_scenario_limits(doc);
  o.snapshots = t->integer("snapshots", 32, 1);
  require_within_limit(*t, "snapshots", o.snapshots, limits.snapshots, "snapshots", "snapshots");
  const std::string tx = t->choice("tx_cov", "aligned", {"aligned", "isotropic"});
  o.tx_cov = tx == "aligned" ? HybridTxCov::aligned : HybridTxCov::isotropic;
  o.search.grid_size = t->integer("grid_size", 256, 2);
  require_within_limit(*t, "grid_size", o.search.grid_size, limits.grid_points, "grid_points", "grid points");
  const double lo = t->number("search_min_deg", -80.0), hi = t->number("search_max_deg", 80.0);
  if (!(lo > -90.0 && lo < 90.0)) t->fail("search_min_deg", "a value in (-90, 90)", std::to_string(lo));
  if (!(hi > lo && hi < 90.0)) t->fail("search_max_deg", "a value in (search_min_deg, 90)", std::to_string(hi));
  o.search.theta_min = deg_to_rad(lo);
  o.search.theta_max = deg_to_rad(hi);
  o.report_bits = static_cast<int>(t->integer("report_bits", 8, 1, 32));
  o.raw_bits = static_cast<int>(t->integer("raw_bits", 4, 1, 16));
  o.raw_clip = t->number("raw_clip", 3.0);
  if (!(o.raw_clip > 0.0 && o.raw_clip <= 100.0)) t->fail("raw_clip", "a value in (0, 100]", std::to_string(o.raw_clip));
  t->finish();
  return o;
}

namespace {

// Integrated echo SNR of one link, whitened (amplifier noise included): |α|² T tr(W B R Bᴴ Wᴴ).
double hybrid_link_snr(const EchoModel& m, const PointTarget& t, const CMat& r, Index snapshots) {
  const CMat w = whitening_matrix(m);
  const CMat b = w * echo_response(m, t.theta);
  return std::norm(t.alpha) * static_cast<double>(snapshots) * (b * r * b.adjoint()).trace().real();
}

HybridSceneProblem hybrid_draw(const Scene& scene, const HybridOptions& o, Rng& rng) {
  const ChannelSet ch = draw_channels(scene, rng);
  return make_hybrid_problem(scene, ch, o.bs, o.surface, o.target, o.tx_cov);
}

}  // namespace

HybridSummary hybrid_summary(const Scene& scene, const HybridOptions& o, Rng& rng) {
  const HybridSceneProblem p = hybrid_draw(scene, o, rng);
  const Surface& s = scene.surfaces[static_cast<std::size_t>(o.surface)];
  HybridSummary h;
  h.surface = s.name;
  h.target = scene.targets[static_cast<std::size_t>(o.target)].name;
  h.elements = s.size();
  h.active = static_cast<Index>(element_indices(s, ElementKind::active).size());
  h.sensors = static_cast<Index>(element_indices(s, ElementKind::sensor).size());
  h.passive = h.elements - h.active - h.sensors;
  h.amplification_db = lin_to_db(p.amplification);
  h.sensor_snr_db = lin_to_db(hybrid_link_snr(p.links.sensors, p.target, p.tx_cov, o.snapshots));
  h.bs_snr_db = p.links.has_bs ? lin_to_db(hybrid_link_snr(p.links.bs, p.target, p.tx_cov, o.snapshots)) : -300.0;
  h.crb = hybrid_crb(p.links, p.target, p.tx_cov, o.snapshots);
  h.azimuth_deg = rad_to_deg(p.target.theta);
  return h;
}

void register_hybrid(Registry& r) {
  r.parameter_tables.push_back("hybrid");
  r.metric_groups.push_back(MetricGroup{
      "architectures.hybrid",
      "hybrid IRS ([hybrid]): the BS-IRS-target-sensors and BS-IRS-target-IRS-BS links, their fused CRB and ML fusion",
      {{"hyb_crb_fused_rad2", "rad^2", "CRB of the azimuth from both links, 1/(J_s + J_b)"},
       {"hyb_crb_sensors_rad2", "rad^2", "CRB of the azimuth from the sensor link alone, 1/J_s"},
       {"hyb_bs_info_frac", "", "share of the fused information from the BS link, J_b/(J_s + J_b)"},
       {"hyb_ml_fused_se_rad2", "rad^2", "squared error of the centralised ML fusion of both links' samples"},
       {"hyb_distributed_se_rad2", "rad^2", "squared error of the information-weighted fusion of the two local ML estimates"},
       {"hyb_sensor_ml_se_rad2", "rad^2", "squared error of the sensor link's local ML estimate"},
       {"hyb_sensor_snr_db", "dB", "integrated echo SNR of the sensor link"},
       {"hyb_bs_snr_db", "dB", "integrated echo SNR of the BS link (amplifier noise included)"},
       {"hyb_active_gain_db", "dB", "power gain of the active elements within the budget"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const HybridOptions o = read_hybrid_options(doc, scene);
        return [scene, o](Rng& rng, std::span<double> out) {
          const HybridSceneProblem p = hybrid_draw(scene, o, rng);
          const HybridCrb c = hybrid_crb(p.links, p.target, p.tx_cov, o.snapshots);
          const CMat x = waveform_from_covariance(p.tx_cov, std::max<Index>(o.snapshots, p.tx_cov.rows()));
          if (x.cols() != o.snapshots)
            throw NumericalError("hybrid: snapshots must be >= the BS's transmit antennas for a known waveform");
          const HybridObservation y = simulate_hybrid(p.links, p.target, x, rng);
          const double th = p.target.theta;
          const double t_ml = hybrid_ml_fused(p.links, y, x, o.search);
          const double t_s = estimate_angle_ml(p.links.sensors, y.sensors, x, o.search);
          const double t_b = c.info_bs > 0.0 ? estimate_angle_ml(p.links.bs, y.bs, x, o.search) : 0.0;
          const double t_d = fuse_local_estimates(t_s, c.info_sensors, t_b, c.info_bs);
          out[0] = c.crb_fused;
          out[1] = c.crb_sensors;
          out[2] = c.info_bs / (c.info_sensors + c.info_bs);
          out[3] = (t_ml - th) * (t_ml - th);
          out[4] = (t_d - th) * (t_d - th);
          out[5] = (t_s - th) * (t_s - th);
          out[6] = lin_to_db(hybrid_link_snr(p.links.sensors, p.target, p.tx_cov, o.snapshots));
          out[7] = p.links.has_bs ? lin_to_db(hybrid_link_snr(p.links.bs, p.target, p.tx_cov, o.snapshots)) : -300.0;
          out[8] = lin_to_db(p.amplification);
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "architectures.hybrid_report",
      "hybrid IRS ([hybrid]): quantised local estimate (report_bits) vs raw forwarding (raw_bits) of the sensor link",
      {{"hyb_estimate_report_bits_count", "", "bits per frame of the quantised local estimate"},
       {"hyb_raw_report_bits_count", "", "bits per frame of raw forwarding, 2 K T raw_bits"},
       {"hyb_estimate_report_se_rad2", "rad^2", "squared error of the BS fusion with the quantised local estimate"},
       {"hyb_raw_report_se_rad2", "rad^2", "squared error of the centralised ML fusion with quantised raw samples"},
       {"hyb_estimate_report_bound_rad2", "rad^2", "1/(J_b + 1/(1/J_s + D^2/12)): the fused bound with the report's quantiser"},
       {"hyb_raw_report_bound_rad2", "rad^2", "1/(J_b + J_s s^2/(s^2 + D^2/6)): additive-noise model of raw quantisation"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const HybridOptions o = read_hybrid_options(doc, scene);
        return [scene, o](Rng& rng, std::span<double> out) {
          const HybridSceneProblem p = hybrid_draw(scene, o, rng);
          const HybridCrb c = hybrid_crb(p.links, p.target, p.tx_cov, o.snapshots);
          const CMat x = waveform_from_covariance(p.tx_cov, std::max<Index>(o.snapshots, p.tx_cov.rows()));
          if (x.cols() != o.snapshots)
            throw NumericalError("hybrid: snapshots must be >= the BS's transmit antennas for a known waveform");
          const HybridObservation y = simulate_hybrid(p.links, p.target, x, rng);
          const double th = p.target.theta;
          const double lo = o.search.theta_min, hi = o.search.theta_max;
          // (a) The IRS estimates locally and reports the estimate with report_bits bits.
          const double t_s = estimate_angle_ml(p.links.sensors, y.sensors, x, o.search);
          const double t_b = c.info_bs > 0.0 ? estimate_angle_ml(p.links.bs, y.bs, x, o.search) : 0.0;
          const double vq = uniform_quantiser_variance(lo, hi, o.report_bits);
          const double js_q = 1.0 / (1.0 / c.info_sensors + vq);
          const double t_e = fuse_local_estimates(quantise_uniform(t_s, lo, hi, o.report_bits), js_q, t_b, c.info_bs);
          // (b) The IRS forwards its K x T samples, each real part with raw_bits bits, clipped at
          // raw_clip times the frame's RMS per real dimension (an automatic gain control).
          const auto k = static_cast<double>(y.sensors.rows()), tt = static_cast<double>(y.sensors.cols());
          const double rms = y.sensors.norm() / std::sqrt(2.0 * k * tt);
          const double clip = o.raw_clip * std::max(rms, 1e-300);
          const CMat yq = quantise_samples(y.sensors, o.raw_bits, clip);
          const double delta = 2.0 * clip / std::ldexp(1.0, o.raw_bits);
          const double sq = delta * delta / 6.0;  // complex quantisation noise variance (Δ²/12 per part)
          HybridLinks lq = p.links;
          lq.sensors.noise_var += sq;
          HybridObservation yr = y;
          yr.sensors = yq;
          const double t_r = hybrid_ml_fused(lq, yr, x, o.search);
          // Bound of (b) with the expected clip level.
          const double e_rms = std::sqrt((p.links.sensors.noise_var * k * tt +
                                          hybrid_link_echo_power(p.links.sensors, p.target, p.tx_cov) * tt) /
                                         (2.0 * k * tt));
          const double d_e = 2.0 * o.raw_clip * e_rms / std::ldexp(1.0, o.raw_bits);
          const double s2 = p.links.sensors.noise_var;
          out[0] = static_cast<double>(o.report_bits);
          out[1] = 2.0 * k * tt * static_cast<double>(o.raw_bits);
          out[2] = (t_e - th) * (t_e - th);
          out[3] = (t_r - th) * (t_r - th);
          out[4] = 1.0 / (js_q + c.info_bs);
          out[5] = 1.0 / (c.info_sensors * s2 / (s2 + d_e * d_e / 6.0) + c.info_bs);
        };
      }});
  r.items.push_back({"surface_kind", "hybrid",
                     "hybrid surface: passive, active and sensor elements (active_elements, sensor_elements or element_pattern)",
                     "[[irs]] kind"});
}

}  // namespace irisac::io
