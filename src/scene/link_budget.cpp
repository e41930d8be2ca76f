#include "irisac/scene/link_budget.hpp"

#include <cmath>

#include <Eigen/SVD>

#include "irisac/channel/cascaded.hpp"
#include "irisac/core/error.hpp"

namespace irisac {
namespace {

std::size_t at(Index i) { return static_cast<std::size_t>(i); }

double max_singular_value_sq(const CMat& h) {
  if (h.rows() == 1 || h.cols() == 1) return h.squaredNorm();
  Eigen::JacobiSVD<CMat> svd(h);
  const double s = svd.singularValues()[0];
  return s * s;
}

// Coefficients surface i applies on the path from point a to point b.
CVec path_coefficients(const Surface& s, const CVec& v, const Vec3& a, const Vec3& b) {
  const SurfaceResponse r = surface_response(s, v);
  return is_reflection_path(s, a, b) ? r.reflect : r.transmit;
}

// Amplitude scale √(a_eff/a) of an active surface whose output would exceed its power budget:
// a_eff = min(a, P_a / (Σ_n P_in,n + Nσ_a²)), with the incident power of an isotropic transmission
// P_in,n = P·‖G_n‖²/N_tx (modelling choice: the budget holds for any unit-norm beamformer on average).
// Per element: √(a_eff/a) on the active elements, 1 on the others (a hybrid surface's budget holds
// for its active elements only: Σ over them of P_in,n + σ_a², docs/architectures.md §4).
RVec active_scale(const Surface& s, const CMat& g_in, double tx_power_w) {
  RVec out = RVec::Ones(s.size());
  if ((s.kind != SurfaceKind::active && s.kind != SurfaceKind::hybrid) || s.power_budget_w <= 0.0) return out;
  const RVec all = g_in.rowwise().squaredNorm() * (tx_power_w / static_cast<double>(g_in.cols()));
  const std::vector<Index> act = element_indices(s, ElementKind::active);
  if (act.empty()) return out;
  RVec incident(static_cast<Index>(act.size()));
  for (std::size_t k = 0; k < act.size(); ++k) incident[static_cast<Index>(k)] = all[act[k]];
  const double a_max = active_max_amplification(incident, s.amplifier_noise_w, s.power_budget_w);
  if (s.amplification <= a_max) return out;
  for (const Index n : act) out[n] = std::sqrt(a_max / s.amplification);
  return out;
}

void check(const Scene& scene, Index bs, const SurfacePhases& phases) {
  IRISAC_REQUIRE(bs >= 0 && at(bs) < scene.base_stations.size(), "no base station ", bs, " (the scene has ",
                 scene.base_stations.size(), ")");
  IRISAC_REQUIRE(phases.size() == scene.surfaces.size(), "phases for ", phases.size(), " surfaces, the scene has ",
                 scene.surfaces.size());
}

// Phase alignment for a generic "receiver" with cascade terms a_i = diag(h_i) G_i (per surface):
// maximise ‖h_d + Σ_i h_iᵀ diag(v_i) G_i‖ over v and a unit-norm MRT beamformer w.
SurfacePhases align(const CMat& direct_row, const std::vector<CMat>& h_out_rows, const std::vector<const CMat*>& g_in,
                    const std::vector<bool>& active, std::size_t num_surfaces, const Scene& scene, int iters) {
  const Index nt = direct_row.cols();
  SurfacePhases v(num_surfaces);
  for (std::size_t i = 0; i < num_surfaces; ++i) v[i] = CVec::Ones(scene.surfaces[i].size());
  // Initial beamformer: MRT on the direct channel, or on the strongest surface path if blocked.
  CVec w = direct_row.row(0).adjoint();
  if (w.norm() < 1e-300) {
    w = CVec::Zero(nt);
    for (std::size_t i = 0; i < num_surfaces; ++i)
      if (active[i]) {
        Eigen::JacobiSVD<CMat> svd(*g_in[i], Eigen::ComputeThinV);
        w = svd.matrixV().col(0);
        break;
      }
    if (w.norm() < 1e-300) w = CVec::Ones(nt);
  }
  w.normalize();
  double prev = -1.0;
  for (int it = 0; it < iters; ++it) {
    const Complex base = (direct_row.row(0) * w)(0);
    const double phi0 = std::abs(base) > 0.0 ? std::arg(base) : 0.0;
    CMat h = direct_row;
    for (std::size_t i = 0; i < num_surfaces; ++i) {
      if (!active[i]) continue;
      const CVec gw = (*g_in[i]) * w;  // N_i
      for (Index n = 0; n < gw.size(); ++n) {
        const Complex term = h_out_rows[i](0, n) * gw[n];
        v[i][n] = std::abs(term) > 0.0 ? std::polar(1.0, phi0 - std::arg(term)) : Complex{1.0, 0.0};
      }
      v[i] = quantize_phases(v[i], scene.surfaces[i].phase_bits);
      add_surface_path(h, h_out_rows[i], v[i], *g_in[i]);
    }
    const double gain = h.squaredNorm();
    w = h.row(0).adjoint();
    if (w.norm() < 1e-300) break;
    w.normalize();
    if (prev >= 0.0 && gain - prev <= 1e-12 * gain) break;
    prev = gain;
  }
  return v;
}

}  // namespace

SurfacePhases zero_phases(const Scene& scene) {
  SurfacePhases v;
  for (const auto& s : scene.surfaces) v.push_back(CVec::Ones(s.size()));
  return v;
}

SurfacePhases random_phases(const Scene& scene, Rng& rng) {
  SurfacePhases v;
  for (const auto& s : scene.surfaces) {
    CVec x(s.size());
    for (Index n = 0; n < x.size(); ++n) x[n] = rng.unit_phasor();
    v.push_back(quantize_phases(x, s.phase_bits));
  }
  return v;
}

CMat user_channel(const Scene& scene, const ChannelSet& ch, Index bs, Index user, const SurfacePhases& phases) {
  check(scene, bs, phases);
  IRISAC_REQUIRE(user >= 0 && at(user) < scene.users.size(), "no user ", user, " (the scene has ",
                 scene.users.size(), ")");
  CMat h = ch.bs_user[at(bs)][at(user)];
  const Vec3 pb = scene.base_stations[at(bs)].pose.position_m, pu = scene.users[at(user)].pose.position_m;
  const double p = scene.base_stations[at(bs)].tx_power_w;
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i)
    add_surface_path(h, ch.surface_user[i][at(user)],
                     active_scale(scene.surfaces[i], ch.bs_surface[at(bs)][i], p).cast<Complex>().cwiseProduct(
                         path_coefficients(scene.surfaces[i], phases[i], pb, pu)),
                     ch.bs_surface[at(bs)][i]);
  return h;
}

double user_snr(const Scene& scene, const ChannelSet& ch, Index bs, Index user, const SurfacePhases& phases) {
  const CMat h = user_channel(scene, ch, bs, user, phases);
  const double noise = scene.system.noise_power_w();
  double amp_noise = 0.0;
  const Vec3 pb = scene.base_stations[at(bs)].pose.position_m, pu = scene.users[at(user)].pose.position_m;
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i) {
    const Surface& s = scene.surfaces[i];
    if (s.kind != SurfaceKind::active && s.kind != SurfaceKind::hybrid) continue;
    CVec c = active_scale(s, ch.bs_surface[at(bs)][i], scene.base_stations[at(bs)].tx_power_w)
                 .cast<Complex>()
                 .cwiseProduct(path_coefficients(s, phases[i], pb, pu));
    if (s.kind == SurfaceKind::hybrid) {  // amplifier noise from the active elements only
      CVec mask = CVec::Zero(c.size());
      for (const Index n : element_indices(s, ElementKind::active)) mask[n] = 1.0;
      c = c.cwiseProduct(mask);
    }
    amp_noise += s.amplifier_noise_w * (ch.surface_user[i][at(user)] * c.asDiagonal()).squaredNorm() /
                 static_cast<double>(h.rows());
  }
  return scene.base_stations[at(bs)].tx_power_w * max_singular_value_sq(h) / (noise + amp_noise);
}

SurfacePhases aligned_phases_for_user(const Scene& scene, const ChannelSet& ch, Index bs, Index user, int max_iterations) {
  check(scene, bs, zero_phases(scene));
  IRISAC_REQUIRE(user >= 0 && at(user) < scene.users.size(), "no user ", user);
  const Vec3 pb = scene.base_stations[at(bs)].pose.position_m, pu = scene.users[at(user)].pose.position_m;
  std::vector<CVec> amp;  // the surface's amplitude on this path (√ε, √(1−ε), √a)
  std::vector<const CMat*> g;
  std::vector<bool> active;
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i) {
    amp.push_back(path_coefficients(scene.surfaces[i], CVec::Ones(scene.surfaces[i].size()), pb, pu));
    g.push_back(&ch.bs_surface[at(bs)][i]);
    active.push_back(amp.back().norm() > 0.0);
  }
  // A multi-antenna user combines with the dominant left singular vector c of its channel; the
  // alignment then acts on the combined row cᴴH. Alternate (a single pass for one antenna).
  SurfacePhases v = zero_phases(scene);
  const Index nu = scene.users[at(user)].array.size();
  const int outer = nu == 1 ? 1 : 5;
  for (int o = 0; o < outer; ++o) {
    CVec c = CVec::Ones(1);
    if (nu > 1) {
      Eigen::JacobiSVD<CMat> svd(user_channel(scene, ch, bs, user, v), Eigen::ComputeThinU);
      c = svd.matrixU().col(0);
    }
    std::vector<CMat> rows;
    for (std::size_t i = 0; i < scene.surfaces.size(); ++i)
      rows.push_back(c.adjoint() * ch.surface_user[i][at(user)] * amp[i].asDiagonal());
    v = align(c.adjoint() * ch.bs_user[at(bs)][at(user)], rows, g, active, scene.surfaces.size(), scene, max_iterations);
  }
  return v;
}

CVec target_forward_channel(const Scene& scene, const ChannelSet& ch, Index bs, Index target, const SurfacePhases& phases) {
  check(scene, bs, phases);
  IRISAC_REQUIRE(target >= 0 && at(target) < scene.targets.size(), "no target ", target, " (the scene has ",
                 scene.targets.size(), ")");
  CMat h = ch.bs_target[at(bs)][at(target)];
  const Vec3 pb = scene.base_stations[at(bs)].pose.position_m, pt = scene.targets[at(target)].pose.position_m;
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i)
    add_surface_path(h, ch.surface_target[i][at(target)], path_coefficients(scene.surfaces[i], phases[i], pb, pt),
                     ch.bs_surface[at(bs)][i]);
  return h.row(0).transpose();
}

CMat echo_channel(const Scene& scene, const ChannelSet& ch, Index bs, Index target, const SurfacePhases& phases) {
  const CVec fwd = target_forward_channel(scene, ch, bs, target, phases);
  // Back: target → BS receive array, direct + surfaces (reciprocal surface–target link).
  CMat back = ch.target_bs[at(target)][at(bs)];
  const Vec3 pb = scene.base_stations[at(bs)].pose.position_m, pt = scene.targets[at(target)].pose.position_m;
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i)
    add_surface_path(back, ch.surface_bs[i][at(bs)], path_coefficients(scene.surfaces[i], phases[i], pt, pb),
                     CMat(ch.surface_target[i][at(target)].transpose()));
  CMat h = point_target_echo(fwd, back.col(0), ch.scattering[at(target)]);
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i) {
    const Surface& s = scene.surfaces[i];
    if (s.mounted_on != scene.targets[at(target)].name) continue;
    add_surface_path(h, ch.surface_bs[i][at(bs)], path_coefficients(s, phases[i], pb, pb), ch.bs_surface[at(bs)][i]);
  }
  return h;
}

double echo_snr(const Scene& scene, const ChannelSet& ch, Index bs, Index target, const SurfacePhases& phases) {
  return scene.base_stations[at(bs)].tx_power_w * max_singular_value_sq(echo_channel(scene, ch, bs, target, phases)) /
         scene.system.noise_power_w();
}

SurfacePhases aligned_phases_for_target(const Scene& scene, const ChannelSet& ch, Index bs, Index target,
                                        int max_iterations) {
  check(scene, bs, zero_phases(scene));
  IRISAC_REQUIRE(target >= 0 && at(target) < scene.targets.size(), "no target ", target);
  const Vec3 pb = scene.base_stations[at(bs)].pose.position_m, pt = scene.targets[at(target)].pose.position_m;
  std::vector<CMat> rows;
  std::vector<const CMat*> g;
  std::vector<bool> active;
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i) {
    const CVec c = path_coefficients(scene.surfaces[i], CVec::Ones(scene.surfaces[i].size()), pb, pt);
    rows.push_back(ch.surface_target[i][at(target)] * c.asDiagonal());
    g.push_back(&ch.bs_surface[at(bs)][i]);
    active.push_back(c.norm() > 0.0 && scene.surfaces[i].mounted_on != scene.targets[at(target)].name);
  }
  SurfacePhases v = align(ch.bs_target[at(bs)][at(target)], rows, g, active, scene.surfaces.size(), scene, max_iterations);
  // Surfaces carried by the target retro-reflect: maximise ‖H_{i→b} diag(v) G_{b→i}‖ by aligning
  // v_n = e^{−j(arg h_n + arg g_n)} on the dominant transmit/receive directions.
  for (std::size_t i = 0; i < scene.surfaces.size(); ++i) {
    if (scene.surfaces[i].mounted_on != scene.targets[at(target)].name) continue;
    const CMat& gi = ch.bs_surface[at(bs)][i];
    const CMat& hi = ch.surface_bs[i][at(bs)];
    Eigen::JacobiSVD<CMat> sg(gi, Eigen::ComputeThinU), sh(hi, Eigen::ComputeThinV);
    const CVec a = sg.matrixU().col(0), b = sh.matrixV().col(0).conjugate();
    for (Index n = 0; n < v[i].size(); ++n) v[i][n] = std::polar(1.0, -std::arg(a[n] * b[n]));
    v[i] = quantize_phases(v[i], scene.surfaces[i].phase_bits);
  }
  return v;
}

}  // namespace irisac
