#include "irisac/sensing/mounted_irs.hpp"

#include <algorithm>
#include <cmath>

#include "irisac/core/error.hpp"
#include "irisac/irs/surface.hpp"

namespace irisac {

bool surface_mounted_on_target(const Scene& scene, const SensingSelection& sel) {
  const auto i = static_cast<std::size_t>(sel.surface), t = static_cast<std::size_t>(sel.target);
  if (sel.surface < 0 || sel.target < 0 || i >= scene.surfaces.size() || t >= scene.targets.size()) return false;
  return !scene.surfaces[i].mounted_on.empty() && scene.surfaces[i].mounted_on == scene.targets[t].name;
}

namespace {
// BS array leg at a known elevation (the BS array's own layout; leg_steering conventions).
EchoLeg mounted_bs_leg(const ArrayLayout& a, double elevation) {
  EchoLeg l = array_leg(a.size(), a.spacing_y_wl);
  l.rows = a.rows;
  l.spacing_z_wl = a.spacing_z_wl;
  l.elevation = elevation;
  return l;
}
}  // namespace

SensingProblem make_mounted_sensing_problem(const Scene& scene, const ChannelSet& ch, const SensingSelection& sel,
                                            const CVec& v) {
  IRISAC_REQUIRE(sel.bs >= 0 && static_cast<std::size_t>(sel.bs) < scene.base_stations.size(), "no base station ",
                 sel.bs);
  IRISAC_REQUIRE(surface_mounted_on_target(scene, sel), "surface ", sel.surface, " is not carried by target ",
                 sel.target);
  const auto b = static_cast<std::size_t>(sel.bs), i = static_cast<std::size_t>(sel.surface),
             t = static_cast<std::size_t>(sel.target);
  const BaseStation& bs = scene.base_stations[b];
  const Surface& sf = scene.surfaces[i];
  const Target& tg = scene.targets[t];
  IRISAC_REQUIRE(bs.tx_power_w > 0.0, "base station '", bs.name, "' has zero transmit power");
  IRISAC_REQUIRE(v.size() == sf.size(), "v has ", v.size(), " entries, surface '", sf.name, "' has ", sf.size());

  const Vec3 d = sf.pose.position_m - bs.pose.position_m;
  IRISAC_REQUIRE(d.norm() > 0.0, "surface '", sf.name, "' sits on base station '", bs.name, "'");
  const Vec3 u = bs.pose.to_local(d.normalized());
  const double az = std::atan2(u.y(), u.x());
  const double el = std::asin(std::clamp(u.z(), -1.0, 1.0));

  SensingProblem p;
  p.elevation = el;
  p.power_w = bs.tx_power_w;
  p.num_elements = sf.size();
  p.model.noise_var = scene.system.noise_power_w();
  p.model.receive = mounted_bs_leg(bs.rx, el);
  p.model.transmit = mounted_bs_leg(bs.tx, el);

  // Round trip BS → carried surface → BS: both ends on the BS side, so the reflection coefficients act.
  const CVec r = surface_response(sf, v).reflect;
  const CMat& g = ch.bs_surface.at(b).at(i);  // N × N_tx
  const CMat& h = ch.surface_bs.at(i).at(b);  // N_rx × N
  const CMat hs = h * r.asDiagonal() * g;      // N_rx × N_tx
  // The body's own echo, s·h_{t→b}h_{b→t}ᵀ, is taken from the same direction (the vehicle is one
  // point at the BS's resolution; a modelling choice): it adds coherently to α.
  const CVec h_bt = ch.bs_target.at(b).at(t).row(0).transpose();
  const CVec h_tb = ch.target_bs.at(t).at(b).col(0);
  const CMat he = hs + ch.scattering.at(t) * h_tb * h_bt.transpose();
  const CVec ar = leg_steering(p.model.receive, az, false), at = leg_steering(p.model.transmit, az, false);
  const Complex alpha = ar.dot(he * at.conjugate()) / (ar.squaredNorm() * at.squaredNorm());
  IRISAC_REQUIRE(std::abs(alpha) > 0.0, "no echo from target '", tg.name, "' at base station '", bs.name,
                 "': the link to its surface '", sf.name, "' is blocked and the body echo is zero");
  p.target = PointTarget{az, alpha};
  return p;
}

}  // namespace irisac
