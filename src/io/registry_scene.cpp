// Scene-level metrics (link budgets) and the built-in channel and surface models.
#include <cmath>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/scene/link_budget.hpp"

namespace irisac::io {
namespace {

// Which BS / user / target a link-budget metric refers to: the optional [link_budget] table.
struct Selection {
  Index bs = 0, user = 0, target = 0;
};

Selection select(const Document& doc, const Scene& scene, bool need_user, bool need_target) {
  Selection sel;
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
  if (auto t = top.optional_table("link_budget")) {
    sel.bs = pick(*t, "bs", NodeKind::bs, "base station");
    sel.user = pick(*t, "user", NodeKind::user, "user");
    sel.target = pick(*t, "target", NodeKind::target, "target");
    t->finish();
  }
  if (scene.base_stations.empty()) top.fail("bs", "at least one [[bs]] for link-budget metrics", "none");
  if (need_user && scene.users.empty()) top.fail("user", "at least one [[user]] for user SNR metrics", "none");
  if (need_target && scene.targets.empty()) top.fail("target", "at least one [[target]] for echo metrics", "none");
  return sel;
}

double to_db_checked(double x) {
  if (!(x > 0.0)) throw NumericalError("link budget: zero received power (every path blocked?)");
  return lin_to_db(x);
}

}  // namespace

void register_scene(Registry& r) {
  r.parameter_tables.push_back("link_budget");
  r.metric_groups.push_back(MetricGroup{
      "link_budget.user",
      "one channel realisation per trial; SNR of the selected user served alone at full power",
      {{"snr_random_db", "dB", "SNR with independent uniform surface phases"},
       {"snr_aligned_db", "dB", "SNR with phases aligned for the user (AO of MRT and phase alignment)"},
       {"rate_random_bps_hz", "bps/Hz", "log2(1 + SNR) with random phases"},
       {"rate_aligned_bps_hz", "bps/Hz", "log2(1 + SNR) with aligned phases"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const Selection sel = select(doc, scene, true, false);
        return [scene, sel](Rng& rng, std::span<double> out) {
          const ChannelSet ch = draw_channels(scene, rng);
          const double snr_r = user_snr(scene, ch, sel.bs, sel.user, random_phases(scene, rng));
          const double snr_a = user_snr(scene, ch, sel.bs, sel.user, aligned_phases_for_user(scene, ch, sel.bs, sel.user));
          out[0] = to_db_checked(snr_r);
          out[1] = to_db_checked(snr_a);
          out[2] = std::log2(1.0 + snr_r);
          out[3] = std::log2(1.0 + snr_a);
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "link_budget.target",
      "one channel realisation per trial; monostatic echo SNR of the selected target at the BS",
      {{"echo_snr_random_db", "dB", "echo SNR with independent uniform surface phases"},
       {"echo_snr_aligned_db", "dB", "echo SNR with surfaces aligned towards the target"}},
      [](const Document& doc) -> TrialFn {
        const Scene scene = load_scene(doc);
        const Selection sel = select(doc, scene, false, true);
        return [scene, sel](Rng& rng, std::span<double> out) {
          const ChannelSet ch = draw_channels(scene, rng);
          out[0] = to_db_checked(echo_snr(scene, ch, sel.bs, sel.target, random_phases(scene, rng)));
          out[1] = to_db_checked(
              echo_snr(scene, ch, sel.bs, sel.target, aligned_phases_for_target(scene, ch, sel.bs, sel.target)));
        };
      }});
  const std::string link_keys = "[links] model, [[link]] model";
  const std::vector<NamedItem> models = {
      {"model", "los", "deterministic line of sight, far field (or near field with near_field = true)", link_keys},
      {"model", "rician", "Rician fading with K-factor k_factor_db around the LoS component", link_keys},
      {"model", "rayleigh", "i.i.d. Rayleigh fading", link_keys},
      {"model", "blocked", "no path (e.g. the BS-target direct path behind a building)", "[[link]] model"},
      {"model", "file", "a measured or externally simulated channel matrix (.npy or .csv)", "[[link]] model"},
      {"pathloss", "free_space", "Friis path loss (lambda/(4 pi d))^2", "[links] pathloss, [[link]] pathloss"},
      {"pathloss", "exponent", "distance-exponent path loss beta0 d^-alpha", "[links] pathloss, [[link]] pathloss"},
      {"surface_mode", "reflect", "reflecting surface", "[[irs]] mode"},
      {"surface_mode", "refract", "refracting (transmissive) surface", "[[irs]] mode"},
      {"surface_mode", "simultaneous", "simultaneous reflection and refraction: energy/mode/time switching",
       "[[irs]] mode"},
      {"surface_kind", "passive", "passive surface (unit-modulus reflection)", "[[irs]] kind"},
      {"surface_kind", "active", "active surface: amplification with amplifier noise and a power budget", "[[irs]] kind"},
      {"surface_kind", "semi_passive", "semi-passive surface with receive sensors", "[[irs]] kind"},
  };
  r.items.insert(r.items.end(), models.begin(), models.end());
}

}  // namespace irisac::io
