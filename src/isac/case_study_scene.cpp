#include "irisac/isac/case_study_scene.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/SVD>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/scene/link_budget.hpp"

namespace irisac {
namespace {

std::size_t cs_at(Index i) { return static_cast<std::size_t>(i); }

// Centre of a surface's aperture in the global frame [m].
Vec3 cs_surface_centre(const Surface& s, double lambda) {
  const Eigen::Matrix3Xd p = s.layout.positions_wl();
  const Vec3 c = p.rowwise().mean() * lambda;
  return s.pose.position_m + s.pose.rotation * c;
}

// The scene with only the surfaces for which keep[i] is true; link overrides of removed surfaces
// are dropped, the others re-indexed.
Scene cs_keep_surfaces(const Scene& scene, const std::vector<bool>& keep) {
  Scene out = scene;
  out.surfaces.clear();
  std::vector<Index> map(scene.surfaces.size(), -1);
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i)
    if (keep[i]) {
      map[i] = static_cast<Index>(out.surfaces.size());
      out.surfaces.push_back(scene.surfaces[i]);
    }
  out.links.clear();
  for (LinkOverride l : scene.links) {
    bool drop = false;
    for (NodeRef* n : {&l.from, &l.to})
      if (n->kind == NodeKind::surface) {
        if (map[cs_at(n->index)] < 0) drop = true;
        else n->index = map[cs_at(n->index)];
      }
    if (!drop) out.links.push_back(std::move(l));
  }
  return out;
}

// Scene in which vehicle `v`'s surface is the only mounted one (fixed surfaces stay), in `mode`
// (an energy-splitting simultaneous surface keeps its split when serving). Returns the scene and
// the surface's new index.
std::pair<Scene, Index> cs_scene_with(const Scene& scene, const CaseStudyVehicle& v, bool serving) {
  std::vector<bool> keep(scene.surfaces.size(), false);
  Index idx = 0;
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i) {
    keep[i] = scene.surfaces[i].mounted_on.empty() || static_cast<Index>(i) == v.surface;
    if (static_cast<Index>(i) < v.surface && keep[i]) ++idx;
  }
  Scene out = cs_keep_surfaces(scene, keep);
  Surface& s = out.surfaces[cs_at(idx)];
  if (!serving) {
    s.mode = SurfaceMode::reflect;
  } else if (!(s.mode == SurfaceMode::simultaneous && s.protocol == StarProtocol::energy_splitting)) {
    s.mode = SurfaceMode::refract;
  }
  return {std::move(out), idx};
}

// Vehicle state [θ, d, v] in the convention of vehicle_tracking.hpp, seen from the BS receive ULA:
// θ from broadside (local +x) towards the array axis (local +y), v the velocity along the array axis.
Vec3d cs_state(const Scene& scene, const CaseStudyVehicle& v, Index bs) {
  const BaseStation& b = scene.base_stations[cs_at(bs)];
  const Surface& s = scene.surfaces[cs_at(v.surface)];
  const Vec3 u = b.pose.to_local(cs_surface_centre(s, scene.system.wavelength_m()) - b.pose.position_m);
  const Vec3 vel = b.pose.to_local(scene.targets[cs_at(v.target)].pose.velocity_mps);
  return Vec3d(std::atan2(u.y(), u.x()), u.norm(), vel.y());
}

// Retro-reflection phases of the surface `idx` towards the BS (single transmit antenna).
CMat cs_irs_echo_vector(const Scene& scene, const ChannelSet& ch, Index bs, Index idx, const CVec& phases) {
  const SurfaceResponse r = surface_response(scene.surfaces[cs_at(idx)], phases);
  return ch.surface_bs[cs_at(idx)][cs_at(bs)] * r.reflect.asDiagonal() * ch.bs_surface[cs_at(bs)][cs_at(idx)];
}

CVec cs_retro_phases(const Scene& scene, const ChannelSet& ch, Index bs, Index idx) {
  const CMat& g = ch.bs_surface[cs_at(bs)][cs_at(idx)];   // N_i × 1
  const CMat& h = ch.surface_bs[cs_at(idx)][cs_at(bs)];   // N_r × N_i
  Eigen::JacobiSVD<CMat> sh(h, Eigen::ComputeThinV);
  const CVec b = sh.matrixV().col(0).conjugate();
  CVec v(g.rows());
  for (Index n = 0; n < v.size(); ++n) v[n] = std::polar(1.0, -std::arg(g(n, 0) * b[n]));
  return quantize_phases(v, scene.surfaces[cs_at(idx)].phase_bits);
}

}  // namespace

std::vector<CaseStudyVehicle> case_study_vehicles(const Scene& scene, Index bs) {
  IRISAC_REQUIRE(bs >= 0 && cs_at(bs) < scene.base_stations.size(), "no base station ", bs, " (the scene has ",
                 scene.base_stations.size(), ")");
  const BaseStation& b = scene.base_stations[cs_at(bs)];
  IRISAC_REQUIRE(b.tx.size() == 1, "the case study's base station '", b.name,
                 "' has one transmit antenna (got ", b.tx.size(), ")");
  IRISAC_REQUIRE(b.rx.rows == 1 && b.rx.cols >= 2 && std::abs(b.rx.spacing_y_wl - 0.5) < 1e-9,
                 "the receive array of '", b.name, "' is a half-wavelength ULA of >= 2 elements (got ", b.rx.rows,
                 " x ", b.rx.cols, ", spacing ", b.rx.spacing_y_wl, " wavelengths)");
  std::vector<CaseStudyVehicle> out;
  for (std::size_t t = 0; t < scene.targets.size(); ++t) {
    Index surf = -1;
    for (std::size_t i = 0; i < scene.surfaces.size(); ++i)
      if (scene.surfaces[i].mounted_on == scene.targets[t].name) { surf = static_cast<Index>(i); break; }
    if (surf < 0) continue;
    IRISAC_REQUIRE(!scene.users.empty(), "vehicle '", scene.targets[t].name, "' has no passenger (the scene has no user)");
    const Vec3 c = cs_surface_centre(scene.surfaces[cs_at(surf)], scene.system.wavelength_m());
    Index best = 0;
    for (std::size_t u = 1; u < scene.users.size(); ++u)
      if ((scene.users[u].pose.position_m - c).norm() < (scene.users[cs_at(best)].pose.position_m - c).norm())
        best = static_cast<Index>(u);
    out.push_back({static_cast<Index>(t), surf, best});
  }
  IRISAC_REQUIRE(!out.empty(), "the scene has no vehicle (a target carrying a surface with mounted_on); it has ",
                 scene.targets.size(), " targets");
  return out;
}

Scene case_study_scene_at(const Scene& scene, const std::vector<CaseStudyVehicle>& vehicles, double t_s) {
  Scene out = scene;
  for (Target& t : out.targets) t.pose.position_m += t.pose.velocity_mps * t_s;
  for (Surface& s : out.surfaces) {
    if (s.mounted_on.empty()) continue;
    for (const Target& t : scene.targets)
      if (t.name == s.mounted_on) s.pose.position_m += t.pose.velocity_mps * t_s;
    for (const User& u : scene.users)
      if (u.name == s.mounted_on) s.pose.position_m += u.pose.velocity_mps * t_s;
  }
  for (const CaseStudyVehicle& v : vehicles)  // passengers ride with their vehicle
    out.users[cs_at(v.user)].pose.position_m += scene.targets[cs_at(v.target)].pose.velocity_mps * t_s;
  return out;
}

double case_study_irs_echo_snr(const Scene& scene, const CaseStudyVehicle& vehicle, Index bs) {
  auto [sc, idx] = cs_scene_with(scene, vehicle, false);
  Rng rng(scene.seed);
  const ChannelSet ch = draw_channels(sc, rng);
  const CMat h = cs_irs_echo_vector(sc, ch, bs, idx, cs_retro_phases(sc, ch, bs, idx));
  return sc.base_stations[cs_at(bs)].tx_power_w * h.squaredNorm() / sc.system.noise_power_w();
}

std::vector<CaseStudySlot> case_study_scene_slots(const Scene& scene, const CaseStudySceneOptions& o,
                                                  const CaseStudyParams& base, Index last_slot) {
  IRISAC_REQUIRE(last_slot >= 0 && last_slot <= 10000, "last_slot must be in [0, 10000] (got ", last_slot, ")");
  IRISAC_REQUIRE(o.snapshots > 0.0 && o.slot_s > 0.0 && o.gamma_th > 0.0 && o.initial_std_theta > 0.0 &&
                     o.initial_std_distance > 0.0 && o.initial_std_speed > 0.0 && o.bandwidth_rms_hz > 0.0,
                 "snapshots, slot_s, gamma_th, initial stds and bandwidth_rms_hz must be > 0");
  IRISAC_REQUIRE(o.process_std_theta >= 0.0 && o.process_std_distance >= 0.0 && o.process_std_speed >= 0.0,
                 "process stds must be >= 0");
  const std::vector<CaseStudyVehicle> veh = case_study_vehicles(scene, o.bs);
  const auto kk = static_cast<Index>(veh.size());
  const Index nr = scene.base_stations[cs_at(o.bs)].rx.cols;
  EchoMeasurementModel mm;
  mm.rx_antennas = nr;
  mm.bandwidth_rms_hz = o.bandwidth_rms_hz;
  mm.carrier_hz = scene.system.carrier_hz;
  Mat3d q = Mat3d::Zero();
  q.diagonal() << o.process_std_theta * o.process_std_theta, o.process_std_distance * o.process_std_distance,
      o.process_std_speed * o.process_std_speed;
  std::vector<TrackBelief> track(veh.size());
  for (std::size_t k = 0; k < veh.size(); ++k) {
    track[k].mean = cs_state(scene, veh[k], o.bs);
    track[k].cov = Mat3d::Zero();
    track[k].cov.diagonal() << o.initial_std_theta * o.initial_std_theta,
        o.initial_std_distance * o.initial_std_distance, o.initial_std_speed * o.initial_std_speed;
  }
  std::vector<CaseStudySlot> out;
  for (Index n = 0; n <= last_slot; ++n) {
    const Scene at = case_study_scene_at(scene, veh, static_cast<double>(n) * o.slot_s);
    for (std::size_t k = 0; k < veh.size(); ++k) track[k].mean = cs_state(at, veh[k], o.bs);  // linearise at the truth
    const double p = at.base_stations[cs_at(o.bs)].tx_power_w, noise = at.system.noise_power_w();
    CaseStudySlot s;
    s.slot = n;
    s.served = n % kk;
    s.sensed = (n + 1) % kk;
    const CaseStudyVehicle& vj = veh[cs_at(s.sensed)];
    const CaseStudyVehicle& vk = veh[cs_at(s.served)];
    const Vec3d xj = cs_state(at, vj, o.bs);
    s.theta = xj[0];
    s.distance_m = xj[1];
    s.speed_mps = xj[2];
    IRISAC_REQUIRE(std::abs(s.theta) < 89.0 * constants::pi / 180.0, "vehicle '", at.targets[cs_at(vj.target)].name,
                   "' is at ", s.theta * 180.0 / constants::pi, " deg from the broadside in slot ", n,
                   " (need |theta| < 89 deg)");
    s.rx_antennas = nr;
    s.irs_elements = at.surfaces[cs_at(vj.surface)].layout.cols;
    {
      const Surface& sf = at.surfaces[cs_at(vj.surface)];
      IRISAC_REQUIRE(sf.pose.to_local(at.base_stations[cs_at(o.bs)].pose.position_m - sf.pose.position_m).x() > 0.0,
                     "the surface '", sf.name, "' of vehicle '", at.targets[cs_at(vj.target)].name,
                     "' faces away from the BS in slot ", n, " (its boresight, local +x, must point to the BS side)");
    }
    // Prior of the sensed vehicle (its track's predicted covariance).
    TrackBelief& bj = track[cs_at(s.sensed)];
    s.sigma_p = std::sqrt(bj.cov(0, 0));
    // γ̄_j: vehicle j's passenger through IRS j refracting, aligned phases.
    {
      auto [sc, idx] = cs_scene_with(at, vj, true);
      Rng rng(scene.seed);
      const ChannelSet ch = draw_channels(sc, rng);
      s.comm_snr = user_snr(sc, ch, o.bs, vj.user, aligned_phases_for_user(sc, ch, o.bs, vj.user));
      (void)idx;
    }
    // ρ_j (IRS path, L₀ snapshots), the MRC combiner w, and the body echo.
    CVec w;
    {
      auto [ss, idx] = cs_scene_with(at, vj, false);
      Rng rng(scene.seed);
      const ChannelSet ch = draw_channels(ss, rng);
      const CMat h = cs_irs_echo_vector(ss, ch, o.bs, idx, cs_retro_phases(ss, ch, o.bs, idx));
      s.echo_snr_irs = o.snapshots * p * h.squaredNorm() / noise;
      w = h.col(0) / std::max(h.norm(), std::numeric_limits<double>::min());
      const double body = std::norm(ch.scattering[cs_at(vj.target)]) *
                          ch.bs_target[cs_at(o.bs)][cs_at(vj.target)].squaredNorm() *
                          ch.target_bs[cs_at(vj.target)][cs_at(o.bs)].squaredNorm();
      s.echo_snr_body = o.snapshots * p * body / noise;
    }
    IRISAC_REQUIRE(s.echo_snr_irs > 0.0 && s.comm_snr > 0.0, "vehicle '", at.targets[cs_at(vj.target)].name,
                   "': no echo or no communication link through its surface in slot ", n,
                   " (blocked link or surface facing away)");
    // η: the served vehicle's surface reflects its share ε of the data signal (with the phases that
    // serve its passenger); that echo interferes with IRS j's data echo after the combiner w.
    {
      auto [sk, idx] = cs_scene_with(at, vk, true);
      Rng rng(scene.seed);
      const ChannelSet ch = draw_channels(sk, rng);
      const SurfacePhases ph = aligned_phases_for_user(sk, ch, o.bs, vk.user);
      const CMat leak = cs_irs_echo_vector(sk, ch, o.bs, idx, ph[cs_at(idx)]);
      const double inr = p * std::norm(w.dot(leak.col(0))) / noise;
      s.eta = 1.0 / (1.0 + inr);
    }
    s.echo_snr = s.echo_snr_irs;
    if (o.body_echo) {
      const double kappa_s = 2.0 * constants::pi * std::cos(s.theta);
      const double gs = normalized_array_gain(s.irs_elements, kappa_s, s.sigma_p * s.sigma_p);
      s.echo_snr += s.echo_snr_body / (base.reflect_fraction * gs);
    }
    out.push_back(s);
    // Track: update the sensed vehicle with an echo of SNR Γ_th (noise-free measurement at the
    // truth: only the covariance matters), then predict every vehicle to the next slot.
    const RMat r = echo_measurement_cov(o.gamma_th, xj[0], xj[2], mm);
    bj = ekf_update(bj, echo_measurement(xj, mm), r, mm);
    for (TrackBelief& b : track) b = ekf_predict(b, o.slot_s, q);
  }
  return out;
}

CaseStudyParams case_study_params_for_slot(const CaseStudyParams& base, const CaseStudySlot& s) {
  CaseStudyParams p = base;
  p.irs_elements = s.irs_elements;
  p.rx_antennas = s.rx_antennas;
  p.theta = s.theta;
  p.sigma_p = s.sigma_p;
  p.comm_snr = s.comm_snr;
  p.echo_snr = s.echo_snr;
  p.eta = std::clamp(s.eta, 0.0, 1.0);
  return p;
}

}  // namespace irisac
