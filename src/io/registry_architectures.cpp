// The article's sensing architectures (docs/architectures.md): the IRS anchor ([anchor]) and
// multi-target sensing through a shared BS-IRS link ([multi_target]).
#include <algorithm>
#include <cmath>
#include <string>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/sensing/anchor.hpp"
#include "irisac/sensing/echo_model.hpp"
#include "irisac/sensing/multi_target.hpp"

namespace irisac::io {
namespace {

// [anchor]: the target illuminates a surface and measures its echoes (docs/architectures.md §2).
struct ArchAnchorOptions {
  Index surface = 0, target = 0;
  bool hierarchical = false;
  Index codebook_size = 0;  ///< DFT scan: Q (default N)
  bool refine = true;
  double tx_power_w = 0.1;
  bool random_direction = false;
  double max_angle = 60.0 * 3.141592653589793 / 180.0;
};

ArchAnchorOptions arch_read_anchor(const Document& doc, const Scene& scene) {
  ArchAnchorOptions o;
  Reader top(doc);
  auto pick = [&](Reader& r, const char* key, NodeKind kind, const char* what) -> Index {
    if (!r.has(key)) {
      r.accept(key);
      return 0;
    }
    const std::string name = r.string(key);
    const auto n = scene.find(name);
    if (!n || n->kind != kind) r.fail(key, std::string("the name of a ") + what + " of the scene", "\"" + name + "\"");
    return n->index;
  };
  auto t = top.optional_table("anchor");
  if (!t) top.fail("anchor", "an [anchor] table (the target that measures the surface's echoes)", "none");
  if (scene.targets.empty()) t->fail("target", "a [[target]] in the scene (the anchor is found by a target)", "none");
  if (scene.surfaces.empty()) t->fail("surface", "an [[irs]] in the scene (the anchor)", "none");
  o.surface = pick(*t, "surface", NodeKind::surface, "surface");
  o.target = pick(*t, "target", NodeKind::target, "target");
  const Surface& s = scene.surfaces[static_cast<std::size_t>(o.surface)];
  if (s.mounted_on == scene.targets[static_cast<std::size_t>(o.target)].name)
    t->fail("surface", "a surface not carried by the target", "surface '" + s.name + "' is mounted on it");
  const Index n = s.layout.cols;
  o.hierarchical = t->choice("codebook", "dft", {"dft", "hierarchical"}) == "hierarchical";
  if (o.hierarchical && (n < 2 || (n & (n - 1)) != 0))
    t->fail("codebook", "a surface whose cols is a power of two >= 2 for the hierarchical (binary-tree) codebook",
            "cols = " + std::to_string(n) + " on surface '" + s.name + "'");
  o.codebook_size = t->integer("codebook_size", n, 2);
  if (o.codebook_size > n)
    t->fail("codebook_size",
            "at most the surface's cols = " + std::to_string(n) + " codewords (N elements resolve N directions)",
            std::to_string(o.codebook_size));
  o.refine = t->boolean("refine", true);
  o.tx_power_w = dbm_to_watt(t->number("tx_power_dbm", 20.0));
  o.random_direction = t->boolean("random_direction", false);
  const double max_deg = t->number("max_angle_deg", 60.0);
  if (!(max_deg > 0.0 && max_deg < 90.0)) t->fail("max_angle_deg", "a value in (0, 90)", std::to_string(max_deg));
  o.max_angle = deg_to_rad(max_deg);
  t->finish();
  return o;
}

}  // namespace

namespace {

// [multi_target]: several targets sensed through one BS–IRS link (docs/architectures.md §3).
struct ArchMultiOptions {
  Index bs = 0, surface = 0;
  std::string mode = "hybrid";
  Index groups = 1;
};

ArchMultiOptions arch_read_multi(const Document& doc, const Scene& scene) {
  ArchMultiOptions o;
  Reader top(doc);
  if (scene.base_stations.empty()) top.fail("bs", "a [[bs]] (it illuminates the targets through the surface)", "none");
  if (scene.surfaces.empty()) top.fail("irs", "an [[irs]] (the shared BS-IRS link)", "none");
  if (scene.targets.size() < 2) top.fail("target", "at least 2 [[target]] for multi-target sensing",
                                         std::to_string(scene.targets.size()));
  auto t = top.optional_table("multi_target");
  if (!t) top.fail("multi_target", "a [multi_target] table (mode, groups)", "none");
  auto pick = [&](const char* key, NodeKind kind, const char* what) -> Index {
    if (!t->has(key)) {
      t->accept(key);
      return 0;
    }
    const std::string name = t->string(key);
    const auto n = scene.find(name);
    if (!n || n->kind != kind) t->fail(key, std::string("the name of a ") + what + " of the scene", "\"" + name + "\"");
    return n->index;
  };
  o.bs = pick("bs", NodeKind::bs, "base station");
  o.surface = pick("surface", NodeKind::surface, "surface");
  o.mode = t->choice("mode", "hybrid", {"time_division", "signature", "hybrid"});
  const auto k = static_cast<std::int64_t>(scene.targets.size());
  o.groups = o.mode == "time_division" ? k : o.mode == "signature" ? 1 : t->integer("groups", 1, 1, k);
  if (o.mode != "hybrid" && t->has("groups")) t->fail("groups", "no groups key unless mode = \"hybrid\"", "groups");
  t->finish();
  return o;
}

// G (N × M) and the K × N matrix of amplitude-weighted surface steering rows b_k a_kᵀ at the targets.
std::pair<CMat, CMat> arch_multi_links(const Scene& scene, const ChannelSet& ch, const ArchMultiOptions& o) {
  const auto b = static_cast<std::size_t>(o.bs), i = static_cast<std::size_t>(o.surface);
  const Surface& sf = scene.surfaces[i];
  CMat rows(static_cast<Index>(scene.targets.size()), sf.size());
  for (std::size_t t = 0; t < scene.targets.size(); ++t) {
    const Vec3 u = sf.pose.to_local((scene.targets[t].pose.position_m - sf.pose.position_m).normalized());
    EchoLeg probe;
    probe.kind = EchoLeg::Kind::array;
    probe.elements = sf.size();
    probe.rows = sf.layout.rows;
    probe.spacing_wl = sf.layout.spacing_y_wl;
    probe.spacing_z_wl = sf.layout.spacing_z_wl;
    probe.elevation = std::asin(std::clamp(u.z(), -1.0, 1.0));
    const CVec a = leg_steering(probe, std::atan2(u.y(), u.x()), false);
    const Complex amp = a.dot(ch.surface_target.at(i).at(t).row(0).transpose()) / a.squaredNorm();
    rows.row(static_cast<Index>(t)) = amp * a.transpose();
  }
  return {ch.bs_surface.at(b).at(i), rows};
}

// Phases for signature sequences: the max–min common phase for the BS's best beam into the surface.
CVec arch_signature_phases(const CMat& g, const CMat& rows) {
  Eigen::JacobiSVD<CMat> svd(g, Eigen::ComputeThinV);
  const CVec gw = g * svd.matrixV().col(0);
  CMat casc = rows;
  for (Index t = 0; t < rows.rows(); ++t) casc.row(t) = rows.row(t).cwiseProduct(gw.transpose());
  return max_min_common_phase(casc);
}

}  // namespace

void register_cooperation(Registry& r);  // registry_cooperation.cpp: [cooperation] (cooperating IRSs)

void register_architectures(Registry& r) {
  r.parameter_tables.push_back("anchor");
  r.metric_groups.push_back(MetricGroup{
      "architectures.anchor",
      "IRS anchor ([anchor] table): the target scans the surface's codebook and takes the strongest echo",
      {{"anchor_se_rad2", "rad^2", "squared azimuth error (mean = MSE); the candidate nearest broadside"},
       {"anchor_freq_se_ratio", "", "squared error of the two-way spatial frequency f (dimensionless)"},
       {"anchor_correct_beam_prob", "", "1 if the strongest codeword's sector contains f (mean = P(correct beam))"},
       {"anchor_measurements_count", "", "number of codewords measured (dimensionless count)"},
       {"anchor_crb_rad2", "rad^2", "coherent-scan CRB of the azimuth for the codewords measured"},
       {"anchor_ambiguous_flag", "", "1 if several angles share the estimated f (half-wavelength retro-reflection)"},
       {"anchor_snr_db", "dB", "full-aperture echo SNR |beta|^2 N^2 / sigma^2"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const ArchAnchorOptions o = arch_read_anchor(doc, scene);
        return [scene, o](Rng& rng, std::span<double> out) {
          const ChannelSet ch = draw_channels(scene, rng);
          const auto i = static_cast<std::size_t>(o.surface), t = static_cast<std::size_t>(o.target);
          const Surface& sf = scene.surfaces[i];
          const Vec3 u = sf.pose.to_local((scene.targets[t].pose.position_m - sf.pose.position_m).normalized());
          const double el = std::asin(std::clamp(u.z(), -1.0, 1.0));
          double az = std::atan2(u.y(), u.x());
          // Round-trip gain: b from the drawn surface–target row projected on the steering (as in
          // sensing/scene_problem), β = √P·b²·rows (each row repeats the codeword, its elevation phase
          // compensated: a modelling choice).
          EchoLeg probe;
          probe.kind = EchoLeg::Kind::array;
          probe.elements = sf.size();
          probe.rows = sf.layout.rows;
          probe.spacing_wl = sf.layout.spacing_y_wl;
          probe.spacing_z_wl = sf.layout.spacing_z_wl;
          probe.elevation = el;
          const CVec a = leg_steering(probe, az, false);
          const Complex b = a.dot(ch.surface_target.at(i).at(t).row(0).transpose()) / a.squaredNorm();
          const Complex beta = std::sqrt(o.tx_power_w) * b * b * static_cast<double>(sf.layout.rows);
          if (!(std::abs(beta) > 0.0)) throw NumericalError("anchor: the surface-target link is blocked (no echo)");
          if (o.random_direction) az = rng.uniform(-o.max_angle, o.max_angle);
          const double d_eff = sf.layout.spacing_y_wl * std::cos(el);
          const double f = anchor_frequency(az, d_eff);
          const Index n = sf.layout.cols;
          const double noise = scene.system.noise_power_w();
          const AnchorScan s = o.hierarchical ? anchor_hierarchical_scan(n, beta, f, noise, o.refine, rng)
                                              : anchor_exhaustive_scan(n, o.codebook_size, beta, f, noise, o.refine, rng);
          const std::vector<double> cand = anchor_angle_candidates(s.f_hat, d_eff);
          const double th = cand.empty() ? 0.0 : cand.front();
          const double crb_f = anchor_scan_crb(s.codebook, f, std::norm(beta), noise);
          const double dfd = 2.0 * d_eff * std::cos(az);  // ∂f/∂θ
          const double half_sector = 0.5 / static_cast<double>(o.hierarchical ? n : o.codebook_size);
          out[0] = (th - az) * (th - az);
          out[1] = std::pow(anchor_frequency_error(s.f_hat, f), 2);
          out[2] = std::abs(anchor_frequency_error(s.f_grid, f)) <= half_sector ? 1.0 : 0.0;
          out[3] = static_cast<double>(s.measurements);
          out[4] = crb_f / (dfd * dfd);
          out[5] = cand.size() > 1 ? 1.0 : 0.0;
          out[6] = lin_to_db(std::norm(beta) * static_cast<double>(n * n) / noise);
        };
      }});
  r.parameter_tables.push_back("multi_target");
  r.metric_groups.push_back(MetricGroup{
      "architectures.multi_target",
      "targets sensed through one BS-IRS link ([multi_target]): time division, signature sequences or hybrid groups",
      {{"mt_min_illumination_dbm", "dBm", "minimum over targets of the power illuminating each target (its slot)"},
       {"mt_sensing_frequency_frac", "", "fraction of slots in which each target is sensed (dimensionless)"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const ArchMultiOptions o = arch_read_multi(doc, scene);
        return [scene, o](Rng& rng, std::span<double> out) {
          const ChannelSet ch = draw_channels(scene, rng);
          const auto [g, rows] = arch_multi_links(scene, ch, o);
          const double p = scene.base_stations[static_cast<std::size_t>(o.bs)].tx_power_w;
          double gain = 0.0, freq = 1.0;
          if (o.mode == "signature") {
            const SignatureDesign d = signature_sequence_design(g, rows, arch_signature_phases(g, rows), p);
            if (!d.separable) throw NumericalError(d.diagnostic);
            gain = d.gain;
          } else {
            const HybridDesign d = hybrid_group_design(g, rows, o.groups, p);
            gain = d.min_gain;
            freq = d.sensing_frequency;
          }
          if (!(gain > 0.0)) throw NumericalError("multi-target: zero illumination (blocked BS-IRS link?)");
          out[0] = watt_to_dbm(gain);
          out[1] = freq;
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "architectures.multi_target_rank",
      "rank condition of signature-sequence sensing through the shared BS-IRS link ([multi_target])",
      {{"mt_bs_irs_rank_count", "", "numerical rank of the BS-IRS channel (dimensionless)"},
       {"mt_separable_flag", "", "1 if signature sequences can be tied to the targets (rank of the illumination matrix = K)"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const ArchMultiOptions o = arch_read_multi(doc, scene);
        return [scene, o](Rng& rng, std::span<double> out) {
          const ChannelSet ch = draw_channels(scene, rng);
          const auto [g, rows] = arch_multi_links(scene, ch, o);
          const double p = scene.base_stations[static_cast<std::size_t>(o.bs)].tx_power_w;
          out[0] = static_cast<double>(bs_irs_rank(g));
          out[1] = signature_sequence_design(g, rows, arch_signature_phases(g, rows), p).separable ? 1.0 : 0.0;
        };
      }});
  // Names as the keys accept them: <table>.<value> (anchor.codebook, multi_target.mode, sensing.mode).
  r.items.push_back({"anchor_codebook", "dft", "IRS anchor: exhaustive DFT scan, strongest echo, coherent ML refinement",
                     "[anchor] codebook"});
  r.items.push_back({"anchor_codebook", "hierarchical", "IRS anchor: binary tree of phase-only wide beams, 2 log2 N measurements",
                     "[anchor] codebook"});
  r.items.push_back({"multi_target_mode", "time_division", "one target per slot, IRS and BS beam aligned to it",
                     "[multi_target] mode"});
  r.items.push_back({"multi_target_mode", "signature", "orthogonal sequences, zero-forcing beams; needs a BS-IRS link of rank >= K",
                     "[multi_target] mode"});
  r.items.push_back({"multi_target_mode", "hybrid", "targets in groups with a max-min common IRS phase vector",
                     "[multi_target] mode"});
  r.items.push_back({"sensing_mode", "target_mounted", "the target carries the surface: its azimuth at the BS (vehicle-mounted IRS)",
                     "[sensing] mode"});
  register_cooperation(r);
}

}  // namespace irisac::io
