#include "irisac/sensing/scene_problem.hpp"

#include <cmath>

#include "irisac/core/error.hpp"
#include "irisac/sensing/mounted_irs.hpp"

namespace irisac {

SensingProblem make_sensing_problem(const Scene& scene, const ChannelSet& ch, const SensingSelection& sel,
                                    const CVec& v) {
  IRISAC_REQUIRE(!scene.targets.empty(), "the scene has no target to sense");
  IRISAC_REQUIRE(!scene.base_stations.empty(), "the scene has no base station");
  IRISAC_REQUIRE(!scene.surfaces.empty(), "the scene has no surface (sensing here goes through an IRS)");
  const auto b = static_cast<std::size_t>(sel.bs), i = static_cast<std::size_t>(sel.surface),
             t = static_cast<std::size_t>(sel.target);
  IRISAC_REQUIRE(b < scene.base_stations.size() && i < scene.surfaces.size() && t < scene.targets.size(),
                 "selection out of range (bs ", sel.bs, ", surface ", sel.surface, ", target ", sel.target, ")");
  if (surface_mounted_on_target(scene, sel)) {
    IRISAC_REQUIRE(sel.mode != SensingMode::semi_passive, "surface '", scene.surfaces[i].name,
                   "' is carried by target '", scene.targets[t].name, "': semi-passive sensing through it does not apply");
    return make_mounted_sensing_problem(scene, ch, sel, v);
  }
  IRISAC_REQUIRE(sel.mode != SensingMode::target_mounted, "surface '", scene.surfaces[i].name,
                 "' is not carried by target '", scene.targets[t].name, "' (target_mounted mode)");
  const BaseStation& bs = scene.base_stations[b];
  const Surface& sf = scene.surfaces[i];
  const Target& tg = scene.targets[t];
  IRISAC_REQUIRE(bs.tx_power_w > 0.0, "base station '", bs.name, "' has zero transmit power");
  const Index n = sf.size();
  IRISAC_REQUIRE(v.size() == n, "v has ", v.size(), " entries, surface '", sf.name, "' has ", n);

  const Vec3 d = tg.pose.position_m - sf.pose.position_m;
  IRISAC_REQUIRE(d.norm() > 0.0, "target '", tg.name, "' sits on surface '", sf.name, "'");
  const Vec3 u = sf.pose.to_local(d.normalized());
  const double az = std::atan2(u.y(), u.x());
  const double el = std::asin(std::clamp(u.z(), -1.0, 1.0));

  SensingProblem p;
  p.elevation = el;
  p.power_w = bs.tx_power_w;
  p.num_elements = n;
  p.target = PointTarget{az, ch.scattering.at(t)};

  // Steering of the surface at the target and the surface–target amplitude β = aᴴh/‖a‖².
  EchoLeg probe;
  probe.kind = EchoLeg::Kind::irs;
  probe.reflection = CVec::Ones(n);
  probe.rows = sf.layout.rows;
  probe.spacing_wl = sf.layout.spacing_y_wl;
  probe.spacing_z_wl = sf.layout.spacing_z_wl;
  probe.elevation = el;
  const CVec a = leg_steering(probe, az, false);
  const CVec h = ch.surface_target.at(i).at(t).row(0).transpose();
  const Complex beta = a.dot(h) / a.squaredNorm();  // aᴴh/‖a‖²
  const CVec h_bt = ch.bs_target.at(b).at(t).row(0).transpose();  // N_tx
  const CVec h_tb = ch.target_bs.at(t).at(b).col(0);             // N_rx
  // The surface acts on the echo with its coefficient on the side the path uses (reflection when the
  // BS and the target are on the same side, refraction otherwise), exactly as the link budget
  // (`irisac show`) does: a target behind a reflect-mode surface gets no echo through it.
  const SurfaceResponse side = surface_response(sf, CVec::Ones(n));
  const bool reflection = is_reflection_path(sf, bs.pose.position_m, tg.pose.position_m);
  const CVec coef = reflection ? side.reflect : side.transmit;
  const CMat gt = coef.asDiagonal() * ch.bs_surface.at(b).at(i);  // N × N_tx
  const CMat gr = ch.surface_bs.at(i).at(b) * coef.asDiagonal();  // N_rx × N
  const bool direct = h_bt.squaredNorm() > 0.0 && h_tb.squaredNorm() > 0.0;
  const bool via_irs = std::abs(beta) > 0.0 && gt.squaredNorm() > 0.0;
  if (!direct && !via_irs && coef.squaredNorm() == 0.0)
    throw InvalidArgument(detail::concat("no echo path from base station '", bs.name, "' to target '", tg.name,
                                         "': the target is ", reflection ? "on the same side of" : "behind",
                                         " surface '", sf.name, "' as seen from the BS, and the surface does not ",
                                         reflection ? "reflect" : "refract", " (mode ",
                                         sf.mode == SurfaceMode::reflect ? "reflect" : "refract",
                                         "); there is no direct path either"));
  IRISAC_REQUIRE(direct || via_irs, "no echo path from base station '", bs.name, "' to target '", tg.name,
                 "': the surface-target or BS-surface link is blocked and there is no direct path");

  auto irs_leg = [&](const CMat& channel, const CVec& offset) {
    EchoLeg l = probe;
    l.channel = channel;
    l.reflection = v;
    l.gain = beta;
    if (direct) l.offset = offset;
    return l;
  };
  p.model.noise_var = scene.system.noise_power_w();
  p.model.transmit = irs_leg(gt.transpose(), h_bt);
  if (is_bistatic(sel)) {
    const auto rb = static_cast<std::size_t>(sel.receiver);
    IRISAC_REQUIRE(rb < scene.base_stations.size(), "[sensing] receiver: BS index ", sel.receiver, " out of range");
    const BaseStation& rx = scene.base_stations[rb];
    if (sel.mode != SensingMode::monostatic)
      throw InvalidArgument("[sensing] receiver: a bistatic receiver ('" + rx.name +
                            "') needs mode = \"monostatic\" (semi-passive sensors are their own receiver)");
    if (sel.bistatic == BistaticPath::tx_irs) {
      // BS-surface-target-receiver: the receiver sees the target directly (known response).
      const CVec h_trx = ch.target_bs.at(t).at(rb).col(0);
      if (h_trx.squaredNorm() == 0.0)
        throw InvalidArgument("[sensing] receiver: bistatic path tx_irs needs the target-receiver link, but '" +
                              tg.name + "' - '" + rx.name + "' is blocked (try bistatic_path = \"irs_rx\")");
      if (!via_irs)
        throw InvalidArgument("[sensing] receiver: bistatic path tx_irs needs the BS-surface-target path, but it "
                              "carries no signal (blocked link or the surface's wrong side)");
      EchoModel m = bistatic_tx_irs_model(gt, v, h_trx, p.model.noise_var, sf.layout.spacing_y_wl);
      m.transmit = p.model.transmit;  // the monostatic transmit leg: gain β, UPA steering, direct offset
      p.model = m;
    } else {
      // BS-target-surface-receiver: the BS illuminates the target directly (known response).
      if (h_bt.squaredNorm() == 0.0)
        throw InvalidArgument("[sensing] receiver: bistatic path irs_rx needs the BS-target link, but '" + bs.name +
                              "' - '" + tg.name + "' is blocked (try bistatic_path = \"tx_irs\")");
      const bool rx_reflection = is_reflection_path(sf, rx.pose.position_m, tg.pose.position_m);
      const CVec rx_coef = rx_reflection ? side.reflect : side.transmit;
      const CMat gr_rx = ch.surface_bs.at(i).at(rb) * rx_coef.asDiagonal();  // N_rx × N
      if (std::abs(beta) == 0.0 || gr_rx.squaredNorm() == 0.0)
        throw InvalidArgument("[sensing] receiver: bistatic path irs_rx needs the target-surface-receiver path, but "
                              "it carries no signal (blocked link or the surface's wrong side for '" + rx.name + "')");
      EchoModel m = bistatic_irs_rx_model(h_bt, gr_rx, v, p.model.noise_var, sf.layout.spacing_y_wl);
      EchoLeg r = probe;  // steering at the target's elevation, gain β, no offset
      r.channel = gr_rx;
      r.reflection = v;
      r.gain = beta;
      m.receive = r;
      p.model = m;
    }
    return p;
  }
  if (sel.mode == SensingMode::monostatic) {
    p.model.receive = irs_leg(gr, h_tb);
  } else {
    const Index m = sel.num_sensors > 0 ? sel.num_sensors : sf.num_sensors;
    IRISAC_REQUIRE(m >= 1, "semi-passive sensing needs sensors: surface '", sf.name,
                   "' has num_sensors = 0 (set it, or [sensing] num_sensors)");
    EchoLeg r = array_leg(m, 0.5);
    r.elevation = el;
    r.gain = beta;
    p.model.receive = r;
  }
  return p;
}

TargetsView surface_targets_view(const Scene& scene, const SensingSelection& sel, const SensingProblem& problem) {
  if (surface_mounted_on_target(scene, sel) || sel.mode == SensingMode::target_mounted)
    throw InvalidArgument("multi-target designs: not through a surface carried by the target");
  if (is_bistatic(sel))
    throw InvalidArgument("multi-target designs: the monostatic or semi-passive model only (no bistatic receiver)");
  TargetsView tv;
  tv.model = problem.model;
  for (EchoLeg* l : {&tv.model.receive, &tv.model.transmit})
    if (l->kind != EchoLeg::Kind::fixed) {
      l->gain = Complex{1.0, 0.0};
      l->offset = CVec();
    }
  const Surface& sf = scene.surfaces.at(static_cast<std::size_t>(sel.surface));
  for (const Target& tg : scene.targets) {
    const Vec3 d = tg.pose.position_m - sf.pose.position_m;
    IRISAC_REQUIRE(d.norm() > 0.0, "target '", tg.name, "' sits on surface '", sf.name, "'");
    const Vec3 u = sf.pose.to_local(d.normalized());
    tv.thetas.push_back(std::atan2(u.y(), u.x()));
  }
  return tv;
}

}  // namespace irisac
