// [cooperation]: cooperating IRSs from a scenario (docs/architectures.md §4).
#include "irisac/io/cooperation.hpp"

#include <cmath>
#include <string>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/limits.hpp"
#include "irisac/scene/link_budget.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/scene_problem.hpp"

namespace irisac::io {

CooperationOptions read_cooperation_options(const Document& doc, const Scene& scene, bool fusion) {
  CooperationOptions o;
  const ScenarioLimits limits = read_scenario_limits(doc);
  Reader top(doc);
  auto t = top.optional_table("cooperation");
  if (!t) top.fail("cooperation", "a [cooperation] table (the surfaces that sense the target together)", "none");
  if (scene.targets.empty()) t->fail("target", "a [[target]] in the scene (sensed by the cooperating surfaces)", "none");
  if (scene.base_stations.empty()) t->fail("bs", "a [[bs]] in the scene (it illuminates the surfaces)", "none");
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
  o.target = pick("target", NodeKind::target, "target");
  std::vector<Index> all;
  if (t->has("surfaces")) {
    for (const auto& name : t->strings("surfaces")) {
      const auto n = scene.find(name);
      if (!n || n->kind != NodeKind::surface)
        t->fail("surfaces", "names of [[irs]] of the scene", "\"" + name + "\"");
      for (Index k : all)
        if (k == n->index) t->fail("surfaces", "each surface once", "\"" + name + "\" twice");
      all.push_back(n->index);
    }
  } else {
    for (std::size_t i = 0; i < scene.surfaces.size(); ++i)
      if (scene.surfaces[i].mounted_on.empty()) all.push_back(static_cast<Index>(i));
  }
  if (all.empty()) t->fail("surfaces", "at least one fixed [[irs]] to cooperate", "none");
  const auto count = t->integer("count", static_cast<std::int64_t>(all.size()), 1, static_cast<std::int64_t>(all.size()));
  if (fusion && count < 2)
    t->fail("count", "at least 2 cooperating surfaces (a position from bearings needs two)", std::to_string(count));
  o.surfaces.assign(all.begin(), all.begin() + count);
  for (Index i : o.surfaces) {
    const Surface& s = scene.surfaces[static_cast<std::size_t>(i)];
    if (!s.mounted_on.empty())
      t->fail("surfaces", "fixed surfaces (not mounted on a node)", "surface '" + s.name + "' is mounted on '" + s.mounted_on + "'");
    if (fusion && s.num_sensors < 1)
      t->fail("surfaces",
              "surfaces with sensors (kind = \"semi_passive\", sensors >= 1): each cooperating IRS estimates the angle "
              "with its own sensors",
              "surface '" + s.name + "' has sensors = 0");
  }
  o.fusion = t->choice("fusion", "inverse_variance", {"inverse_variance", "equal_weight"}) == "equal_weight"
                 ? CoopFusion::equal_weight
                 : CoopFusion::inverse_variance;
  o.report_bits = t->integer("report_bits", 0, 0, 32);
  o.snapshots = t->integer("snapshots", 64, 1);
  require_within_limit(*t, "snapshots", o.snapshots, limits.snapshots, "snapshots", "snapshots");
  o.search.grid_size = t->integer("grid_size", 512, 2);
  require_within_limit(*t, "grid_size", o.search.grid_size, limits.grid_points, "grid_points", "grid points");
  o.search.theta_min = deg_to_rad(t->number("search_min_deg", -80.0));
  o.search.theta_max = deg_to_rad(t->number("search_max_deg", 80.0));
  if (!(o.search.theta_min >= -constants::pi / 2 && o.search.theta_max <= constants::pi / 2 &&
        o.search.theta_max > o.search.theta_min))
    t->fail("search_max_deg", "-90 <= search_min_deg < search_max_deg <= 90",
            std::to_string(rad_to_deg(o.search.theta_min)) + ", " + std::to_string(rad_to_deg(o.search.theta_max)));
  o.split_elements = t->integer("split_elements", 0, 0);
  if (o.split_elements > 0) {
    require_within_limit(*t, "split_elements", o.split_elements, limits.elements, "elements", "elements");
    for (Index i : o.surfaces) {
      const Surface& s = scene.surfaces[static_cast<std::size_t>(i)];
      const Index per = static_cast<Index>(o.surfaces.size()) * s.layout.rows;
      if (o.split_elements % per != 0)
        t->fail("split_elements",
                "a multiple of count x rows = " + std::to_string(o.surfaces.size()) + " x " + std::to_string(s.layout.rows) +
                    " (surface '" + s.name + "') so that every surface gets whole columns",
                std::to_string(o.split_elements));
    }
  }
  if (t->has("los_distance_m")) {
    o.los_distance_m = t->number("los_distance_m");
    t->require_at_least("los_distance_m", o.los_distance_m, 0.0, true);
    if (!std::isfinite(o.los_distance_m)) t->fail("los_distance_m", "a finite distance > 0 (omit the key: no blockage)", "inf");
  }
  o.random_position = t->boolean("random_position", false);
  if (o.random_position || t->has("area_min_m") || t->has("area_max_m")) {
    auto read2 = [&](const char* key) {
      const std::vector<double> v = t->numbers(key);
      if (v.size() != 2 || !std::isfinite(v[0]) || !std::isfinite(v[1]))
        t->fail(key, "[x, y] in metres (two finite numbers)", std::to_string(v.size()) + " values");
      return Vec2(v[0], v[1]);
    };
    o.has_area = true;
    o.area_min = read2("area_min_m");
    o.area_max = read2("area_max_m");
    if (!(o.area_max.x() > o.area_min.x() && o.area_max.y() > o.area_min.y()))
      t->fail("area_max_m", "a corner above area_min_m in x and in y",
              "[" + std::to_string(o.area_max.x()) + ", " + std::to_string(o.area_max.y()) + "]");
  }
  t->finish();
  if (!(scene.base_stations[static_cast<std::size_t>(o.bs)].tx_power_w > 0.0))
    top.fail("bs", "a base station with transmit power > 0", "zero power");
  return o;
}

Scene cooperation_scene(Scene scene, const CooperationOptions& o) {
  if (o.split_elements > 0)
    for (Index i : o.surfaces) {
      Surface& s = scene.surfaces[static_cast<std::size_t>(i)];
      s.layout.cols = o.split_elements / (static_cast<Index>(o.surfaces.size()) * s.layout.rows);
    }
  return scene;
}

void place_cooperation_target(Scene& scene, const CooperationOptions& o, Rng& rng) {
  if (!o.random_position) return;
  Vec3& p = scene.targets[static_cast<std::size_t>(o.target)].pose.position_m;
  p.x() = rng.uniform(o.area_min.x(), o.area_max.x());
  p.y() = rng.uniform(o.area_min.y(), o.area_max.y());
}

CooperationRealisation draw_cooperation(const Scene& scene, const CooperationOptions& o, const ChannelSet& ch) {
  CooperationRealisation r;
  r.position = scene.targets[static_cast<std::size_t>(o.target)].pose.position_m;
  const SurfacePhases aligned = aligned_phases_for_target(scene, ch, o.bs, o.target);
  for (Index i : o.surfaces) {
    CVec v = aligned[static_cast<std::size_t>(i)];
    for (Index k = 0; k < v.size(); ++k) v[k] = std::abs(v[k]) > 0.0 ? v[k] / std::abs(v[k]) : Complex{1.0, 0.0};
    SensingSelection sel;
    sel.bs = o.bs;
    sel.surface = i;
    sel.target = o.target;
    sel.mode = SensingMode::semi_passive;
    const SensingProblem p = make_sensing_problem(scene, ch, sel, v);
    r.views.push_back(CoopView{p.model, p.target, scene.surfaces[static_cast<std::size_t>(i)].pose});
  }
  const BaseStation& bs = scene.base_stations[static_cast<std::size_t>(o.bs)];
  const Index nt = r.views.front().model.num_tx();
  r.tx_cov = CMat::Identity(nt, nt) * (bs.tx_power_w / static_cast<double>(nt));
  r.samples = waveform_from_covariance(r.tx_cov, std::max(o.snapshots, nt));
  return r;
}

CooperationBounds cooperation_bounds(const CooperationRealisation& s, const CooperationOptions& o) {
  CooperationBounds b;
  std::vector<Vec2> g;
  std::vector<double> info;
  for (const auto& v : s.views) {
    const double crb = crb_angle(v.model, v.target, s.tx_cov, s.samples.cols());
    b.local_crb_rad2.push_back(crb);
    info.push_back(1.0 / crb);
    g.push_back(coop_azimuth_gradient(v.pose, s.position));
  }
  const double peb = position_error_bound(coop_position_fim(g, info));
  b.crb_centralised_m2 = peb * peb;
  b.crb_distributed_m2 =
      coop_distributed_covariance(g, b.local_crb_rad2, o.fusion, coop_quant_step(o.search, o.report_bits)).trace();
  b.loss_db = lin_to_db(b.crb_distributed_m2 / b.crb_centralised_m2);
  return b;
}

CooperationEstimate cooperation_estimate(const CooperationRealisation& s, const CooperationOptions& o, Rng& rng) {
  std::vector<CMat> ys, xs;
  std::vector<Pose> poses;
  std::vector<double> th_q, w_q, th, w;
  const double q = std::pow(coop_quant_step(o.search, o.report_bits), 2) / 12.0;
  for (const auto& v : s.views) {
    ys.push_back(simulate_echo(v.model, {v.target}, s.samples, rng));
    xs.push_back(s.samples);
    poses.push_back(v.pose);
    const CoopReport full = coop_local_report(v, ys.back(), s.samples, s.tx_cov, o.search, 0);
    th.push_back(full.theta);
    w.push_back(1.0 / full.variance);
    th_q.push_back(coop_quantise(full.theta, o.search, o.report_bits));  // what is sent
    w_q.push_back(o.fusion == CoopFusion::inverse_variance ? 1.0 / (full.variance + q) : 1.0);
  }
  const double z = s.position.z();
  CooperationEstimate e;
  e.distributed = coop_triangulate(poses, th_q, w_q, z);
  e.centralised = coop_centralised_ml(s.views, ys, xs, coop_triangulate(poses, th, w, z));
  return e;
}

Index cooperation_payload_bits(const CooperationOptions& o) { return (o.report_bits > 0 ? o.report_bits : 64) + 32; }

}  // namespace irisac::io
