// Near-field sensing metrics ([near_field] table of a scenario): the angle–range CRB of a target
// in the near field of a BS receive ULA or an IRS aperture, the far-field limits, the loss of
// far-field steering, the depth of focus, and the 2-D ML estimator. docs/near-field.md.
#include <cmath>
#include <limits>

#include "irisac/channel/pathloss.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/sensing/near_field.hpp"

namespace irisac::io {

namespace {

struct NearFieldSetup {
  NearFieldArray array;
  PolarPoint target;
  double total_snr = 0.0;
  bool two_way = false;
  NearFieldModel model = NearFieldModel::exact;
  NearFieldSearch search;
};

// The [near_field] table: which array senses which target, and the SNR reference.
NearFieldSetup read_near_field(const Document& doc) {
  const Scene scene = load_scene(doc);
  Reader top(doc);
  if (scene.targets.empty()) top.fail("target", "at least one [[target]] for near-field sensing", "none");
  NearFieldSetup s;
  std::string array_name, target_name = scene.targets.front().name;
  std::string snr_ref = "fixed";
  double snr_db = 20.0, snapshots = 1.0;
  std::optional<Reader> t = top.optional_table("near_field");
  if (t) {
    array_name = t->string("array", "");
    target_name = t->string("target", target_name);
    s.model = t->choice("model", "exact", {"exact", "fresnel"}) == "exact" ? NearFieldModel::exact
                                                                           : NearFieldModel::fresnel;
    s.two_way = t->boolean("two_way", false);
    snr_ref = t->choice("snr", "fixed", {"fixed", "scene"});
    snr_db = t->number("snr_db", 20.0);
    if (!std::isfinite(snr_db) || std::abs(snr_db) > 300.0)
      t->fail("snr_db", "a finite SNR in dB within [-300, 300]", std::to_string(snr_db));
    snapshots = static_cast<double>(t->integer("snapshots", 1, 1, 1'000'000));
    s.search.grid_angles = t->integer("grid_angles", 64, 2, 100'000);
    s.search.grid_ranges = t->integer("grid_ranges", 32, 2, 100'000);
    s.search.refine_rounds = static_cast<int>(t->integer("refine_rounds", 3, 0, 100));
    s.search.theta_min = deg_to_rad(t->number("search_min_deg", -70.0));
    s.search.theta_max = deg_to_rad(t->number("search_max_deg", 70.0));
    if (!(s.search.theta_min > -constants::pi / 2.0 && s.search.theta_max < constants::pi / 2.0 &&
          s.search.theta_min < s.search.theta_max))
      t->fail("search_max_deg", "-90 < search_min_deg < search_max_deg < 90",
              std::to_string(rad_to_deg(s.search.theta_max)));
    s.search.range_min_m = t->number("search_range_min_m", 0.0);
    s.search.range_max_m = t->number("search_range_max_m", 0.0);
    if (s.search.range_max_m != 0.0 && !(s.search.range_max_m > s.search.range_min_m && s.search.range_min_m > 0.0))
      t->fail("search_range_max_m", "0 < search_range_min_m < search_range_max_m", std::to_string(s.search.range_max_m));
    t->finish();
  }
  auto fail_key = [&](const char* key, const std::string& expected, const std::string& found) {
    if (t) t->fail(key, expected, found);
    top.fail(std::string("near_field.") + key, expected, found);
  };
  const auto tn = scene.find(target_name);
  if (!tn || tn->kind != NodeKind::target) fail_key("target", "the name of a target of the scene", "\"" + target_name + "\"");
  const Target& target = scene.targets[static_cast<std::size_t>(tn->index)];

  // The sensing array: a BS's receive ULA (default: the first BS) or a surface's aperture.
  const ArrayLayout* layout = nullptr;
  const Pose* pose = nullptr;
  double tx_power_w = 0.0, tx_gain = 1.0;
  if (array_name.empty()) {
    if (scene.base_stations.empty()) fail_key("array", "a [[bs]] or the name of a surface", "no base station");
    array_name = scene.base_stations.front().name;
  }
  const auto an = scene.find(array_name);
  if (an && an->kind == NodeKind::bs) {
    const BaseStation& b = scene.base_stations[static_cast<std::size_t>(an->index)];
    layout = &b.rx;
    pose = &b.pose;
    tx_power_w = b.tx_power_w;
    tx_gain = static_cast<double>(b.tx.size());
  } else if (an && an->kind == NodeKind::surface) {
    const Surface& sf = scene.surfaces[static_cast<std::size_t>(an->index)];
    layout = &sf.layout;
    pose = &sf.pose;
  } else {
    fail_key("array", "the name of a base station or a surface of the scene", "\"" + array_name + "\"");
  }
  const std::string which = (an->kind == NodeKind::bs ? "the receive array of base station \"" : "surface \"") +
                            array_name + "\"";
  if (layout->rows != 1)
    fail_key("array", "a linear array (rows = 1): the near-field model is for ULAs",
             which + " with " + std::to_string(layout->rows) + " rows");
  if (layout->cols < 3)
    fail_key("array", "a ULA of at least 3 elements (range identifiability)",
             which + " with " + std::to_string(layout->cols) + " elements");
  const double lambda = scene.system.wavelength_m();
  s.array = {layout->cols, layout->spacing_y_wl * lambda, lambda};

  // Target position relative to the array centre, in the array's local frame. For a ULA along
  // local y the distance to element n depends only on r and u_y: sin θ = u_y, for any 3-D position.
  const Vec3 centre = pose->position_m + pose->rotation * Vec3(0.0, 0.5 * static_cast<double>(layout->cols - 1) *
                                                                         s.array.spacing_m, 0.0);
  const Vec3 rel = pose->to_local(target.pose.position_m - centre);
  const double r = rel.norm();
  if (!(r > 0.0) || !std::isfinite(r)) fail_key("target", "a target away from the array centre", "distance 0");
  const double uy = rel.y() / r;
  if (!(std::abs(uy) < std::sin(deg_to_rad(89.0))))
    fail_key("target", "a target off the array's endfire (|angle from broadside| < 89 deg)",
             std::to_string(rad_to_deg(std::asin(uy))) + " deg");
  s.target = {std::asin(uy), r};
  if (s.search.range_max_m == 0.0) {
    s.search.range_min_m = 0.25 * r;
    s.search.range_max_m = 4.0 * r;
  }

  if (snr_ref == "fixed") {
    s.total_snr = db_to_lin(snr_db) * snapshots;
  } else {
    // Echo SNR from the radar equation: BS transmit beam focused on the target (gain N_tx), the
    // receive combining gain N of the array is the model's own, so |β|² = T·P·N_tx·G_radar and
    // total SNR = |β|²·N/σ². Only a BS transmits.
    if (!(tx_power_w > 0.0)) fail_key("snr", "\"fixed\" when the sensing array is a surface (it has no transmitter)", "\"scene\"");
    const double g = radar_equation_gain(r, r, lambda, target.rcs_m2);
    s.total_snr = snapshots * tx_power_w * tx_gain * g * static_cast<double>(s.array.num_elements) /
                  scene.system.noise_power_w();
  }
  if (!(s.total_snr > 0.0) || !std::isfinite(s.total_snr))
    fail_key("snr_db", "a total SNR that is finite and > 0 in linear terms", std::to_string(s.total_snr));
  return s;
}

}  // namespace

void register_near_field(Registry& r) {
  r.parameter_tables.push_back("near_field");
  r.metric_groups.push_back(MetricGroup{
      "near_field.bounds",
      "angle-range CRB of a target in the near field of a ULA ([near_field] table), deterministic",
      {{"nf_angle_crb_rad2", "rad^2", "CRB of the angle, exact spherical-wave model, range unknown"},
       {"nf_range_crb_m2", "m^2", "CRB of the range, exact spherical-wave model"},
       {"nf_angle_crb_fresnel_rad2", "rad^2", "closed-form CRB of the angle, Fresnel model"},
       {"nf_range_crb_fresnel_m2", "m^2", "closed-form CRB of the range, Fresnel model"},
       {"ff_angle_crb_rad2", "rad^2", "far-field CRB of the angle (plane wave, range not a parameter)"},
       {"range_over_rayleigh_ratio", "", "target range / Rayleigh distance 2D^2/lambda (dimensionless)"},
       {"ff_steering_loss_db", "dB", "gain lost by steering a far-field beam instead of focusing on the target"},
       {"nf_total_snr_db", "dB", "total SNR |beta|^2 N / sigma^2 over the array and the snapshots"}},
      [](const Document& doc) -> TrialFn {
        const NearFieldSetup s = read_near_field(doc);
        return [s](Rng&, std::span<double> out) {
          const NearFieldCrb ex = near_field_crb(s.array, s.target, s.total_snr, NearFieldModel::exact, s.two_way);
          const NearFieldCrb fr = near_field_crb_fresnel_closed_form(s.array, s.target, s.total_snr, s.two_way);
          out[0] = ex.angle_rad2;
          out[1] = ex.range_m2;
          out[2] = fr.angle_rad2;
          out[3] = fr.range_m2;
          out[4] = far_field_crb_angle(s.array, s.target.theta, s.total_snr, s.two_way);
          out[5] = s.target.range_m / s.array.rayleigh_distance_m();
          // Far-field steering towards θ is the focused beam at infinite range.
          const CVec b = near_field_ula_response(s.array, s.target, NearFieldModel::exact);
          const CVec a = near_field_ula_response(s.array, {s.target.theta, 1e12 * s.array.rayleigh_distance_m()},
                                                 NearFieldModel::fresnel);
          const double n = static_cast<double>(s.array.num_elements);
          const double g = std::norm(a.dot(b)) / (n * n);
          if (!(g > 0.0)) throw NumericalError("far-field steering gain is zero at the target (an exact null)");
          out[6] = -lin_to_db(g);
          out[7] = lin_to_db(s.total_snr);
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "near_field.focus",
      "3-dB depth of focus of a beam focused on the target: Fresnel formula and exact beam pattern",
      {{"focus_depth_near_m", "m", "near 3-dB point, formula r0 r_DF/(r_DF + r0)"},
       {"focus_depth_far_m", "m", "far 3-dB point, formula r0 r_DF/(r_DF - r0) (fails beyond r_DF: unbounded)"},
       {"focus_depth_exact_near_m", "m", "near 3-dB point of the exact focusing gain"},
       {"focus_depth_exact_far_m", "m", "far 3-dB point of the exact focusing gain (fails when unbounded)"}},
      [](const Document& doc) -> TrialFn {
        const NearFieldSetup s = read_near_field(doc);
        return [s](Rng&, std::span<double> out) {
          const DepthOfFocus f = depth_of_focus(s.array, s.target);
          const DepthOfFocus e = depth_of_focus_exact(s.array, s.target);
          if (!f.bounded || !e.bounded)
            throw NumericalError("depth of focus unbounded: the target range is beyond r_DF = " +
                                 std::to_string(f.r_df_m) + " m, so the beam stays within 3 dB out to infinity");
          out[0] = f.near_m;
          out[1] = f.far_m;
          out[2] = e.near_m;
          out[3] = e.far_m;
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "near_field.estimators",
      "one noisy observation per trial: 2-D near-field ML over (angle, range) and the far-field ML",
      {{"nf_ml_mse_angle_rad2", "rad^2", "squared angle error of the near-field ML estimate"},
       {"nf_ml_mse_range_m2", "m^2", "squared range error of the near-field ML estimate"},
       {"ff_ml_mse_angle_rad2", "rad^2", "squared angle error of the far-field ML estimate used in the near field"}},
      [](const Document& doc) -> TrialFn {
        const NearFieldSetup s = read_near_field(doc);
        const CVec b = near_field_ula_response(s.array, s.target, NearFieldModel::exact, s.two_way);
        return [s, b](Rng& rng, std::span<double> out) {
          const double sigma2 = static_cast<double>(s.array.num_elements) / s.total_snr;
          CVec y = rng.unit_phasor() * b;
          for (auto& e : y) e += rng.complex_normal(sigma2);
          const PolarPoint est = near_field_ml(s.array, y, s.search, s.model, s.two_way);
          out[0] = (est.theta - s.target.theta) * (est.theta - s.target.theta);
          out[1] = (est.range_m - s.target.range_m) * (est.range_m - s.target.range_m);
          const double ff = far_field_ml_angle(s.array, y, s.search, s.two_way);
          out[2] = (ff - s.target.theta) * (ff - s.target.theta);
        };
      }});
}

}  // namespace irisac::io
