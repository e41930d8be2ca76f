#include "irisac/sensing/hybrid_irs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "irisac/core/error.hpp"
#include "irisac/core/golden_section.hpp"
#include "irisac/irs/surface.hpp"
#include "irisac/sensing/crb.hpp"

namespace irisac {

namespace {
EchoLeg steered_leg(const HybridGeometry& g, const CMat& channel, const CVec& reflection) {
  EchoLeg l;
  l.kind = EchoLeg::Kind::irs;
  l.channel = channel;
  l.reflection = reflection;
  l.rows = g.rows;
  l.spacing_wl = g.spacing_y_wl;
  l.spacing_z_wl = g.spacing_z_wl;
  l.elevation = g.elevation;
  l.gain = g.beta;
  return l;
}
}  // namespace

HybridLinks hybrid_links(const HybridGeometry& g) {
  const Index n = g.reflection.size();
  IRISAC_REQUIRE(n >= 1, "the hybrid surface has no element");
  IRISAC_REQUIRE(g.bs_to_irs.rows() == n && g.bs_to_irs.cols() >= 1, "bs_to_irs must be ", n, " x Nt (got ",
                 g.bs_to_irs.rows(), "x", g.bs_to_irs.cols(), ")");
  IRISAC_REQUIRE(g.irs_to_bs.cols() == n, "irs_to_bs must be Nr x ", n, " (got ", g.irs_to_bs.rows(), "x",
                 g.irs_to_bs.cols(), ")");
  IRISAC_REQUIRE(g.noise_var > 0.0 && std::isfinite(g.noise_var), "noise_var must be > 0 (got ", g.noise_var, ")");
  IRISAC_REQUIRE(g.amplified_noise_w >= 0.0 && std::isfinite(g.amplified_noise_w),
                 "amplified_noise_w must be >= 0 (got ", g.amplified_noise_w, ")");
  IRISAC_REQUIRE(g.rows >= 1 && n % g.rows == 0, "rows (", g.rows, ") must divide the ", n, " elements");
  for (const auto* list : {&g.sensors, &g.active})
    for (const Index k : *list) IRISAC_REQUIRE(k >= 0 && k < n, "element index ", k, " outside [0, ", n, ")");
  for (const Index k : g.sensors)
    IRISAC_REQUIRE(g.reflection[k] == Complex(0.0, 0.0), "sensor element ", k, " must not reflect (psi = ",
                   g.reflection[k], ")");

  HybridLinks out;
  const EchoLeg tx = steered_leg(g, g.bs_to_irs.transpose(), g.reflection);  // t(θ) = β G_tᵀ(ψ ⊙ a)
  if (!g.sensors.empty()) {
    CMat sel = CMat::Zero(static_cast<Index>(g.sensors.size()), n);
    for (std::size_t k = 0; k < g.sensors.size(); ++k) sel(static_cast<Index>(k), g.sensors[k]) = 1.0;
    out.sensors.receive = steered_leg(g, sel, CVec::Ones(n));  // r(θ) = β S a(θ)
    out.sensors.transmit = tx;
    out.sensors.noise_var = g.noise_var;
    out.has_sensors = true;
  }
  if (g.irs_to_bs.rows() >= 1 && g.reflection.squaredNorm() > 0.0) {
    out.bs.receive = steered_leg(g, g.irs_to_bs, g.reflection);  // r(θ) = β G_r(ψ ⊙ a)
    out.bs.transmit = tx;
    out.bs.noise_var = g.noise_var;
    if (!g.active.empty() && g.amplified_noise_w > 0.0) {
      CMat ga(g.irs_to_bs.rows(), static_cast<Index>(g.active.size()));
      for (std::size_t k = 0; k < g.active.size(); ++k) ga.col(static_cast<Index>(k)) = g.irs_to_bs.col(g.active[k]);
      out.bs.interference_cov = g.amplified_noise_w * ga * ga.adjoint();
    }
    out.has_bs = true;
  }
  IRISAC_REQUIRE(out.has_sensors || out.has_bs, "the hybrid surface has neither sensor elements nor a reflecting "
                                                "path back to the BS");
  return out;
}

double link_angle_information(const EchoModel& model, const PointTarget& target, const CMat& tx_cov,
                              Index num_snapshots) {
  const double bracket = angle_information(model, target, tx_cov, num_snapshots);
  const double j = 2.0 * static_cast<double>(num_snapshots) * std::norm(target.alpha) * bracket;
  // The bracket is a difference of two terms: relative round-off below 1e-12 of its first term is
  // "not identifiable" (rank-one links give exactly 0 in exact arithmetic).
  return j > 0.0 && std::isfinite(j) ? j : 0.0;
}

HybridCrb hybrid_crb(const HybridLinks& links, const PointTarget& target, const CMat& tx_cov, Index num_snapshots) {
  IRISAC_REQUIRE(num_snapshots >= 1, "num_snapshots must be >= 1 (got ", num_snapshots, ")");
  HybridCrb c;
  auto info = [&](const EchoModel& m) {
    try {
      return 1.0 / crb_angle(m, target, tx_cov, num_snapshots);
    } catch (const NumericalError&) {
      return 0.0;  // not identifiable on this link
    }
  };
  if (links.has_sensors) c.info_sensors = info(links.sensors);
  if (links.has_bs) c.info_bs = info(links.bs);
  const double inf = std::numeric_limits<double>::infinity();
  c.crb_sensors = c.info_sensors > 0.0 ? 1.0 / c.info_sensors : inf;
  c.crb_bs = c.info_bs > 0.0 ? 1.0 / c.info_bs : inf;
  const double j = c.info_sensors + c.info_bs;
  if (!(j > 0.0)) throw NumericalError("hybrid IRS: the angle is identifiable on neither link (no sensors, and "
                                       "a rank-one BS-IRS-BS link)");
  c.crb_fused = 1.0 / j;
  return c;
}

namespace {
// Whitened, vectorised echo mean of one link at (θ, α).
CVec whitened_mean(const EchoModel& m, const CMat& w, double theta, Complex alpha, const CMat& x) {
  const CMat mu = w * (alpha * echo_response(m, theta) * x);
  return Eigen::Map<const CVec>(mu.data(), mu.size());
}

// Columns ∂μ̃/∂(θ, Re α, Im α) by central differences (Richardson for θ).
CMat link_jacobian(const EchoModel& m, const PointTarget& t, const CMat& x, double h) {
  const CMat w = whitening_matrix(m);
  auto mu = [&](double th, Complex a) { return whitened_mean(m, w, th, a, x); };
  auto central = [&](double step) {
    return CVec((mu(t.theta + step, t.alpha) - mu(t.theta - step, t.alpha)) / (2.0 * step));
  };
  const CVec d1 = central(h), d2 = central(0.5 * h);
  const Index len = d1.size();
  CMat jac(len, 3);
  jac.col(0) = (4.0 * d2 - d1) / 3.0;
  const double ha = std::max(1e-3 * std::abs(t.alpha), 1e-300);
  jac.col(1) = (mu(t.theta, t.alpha + Complex(ha, 0.0)) - mu(t.theta, t.alpha - Complex(ha, 0.0))) / (2.0 * ha);
  jac.col(2) = (mu(t.theta, t.alpha + Complex(0.0, ha)) - mu(t.theta, t.alpha - Complex(0.0, ha))) / (2.0 * ha);
  return jac;
}
}  // namespace

RMat hybrid_fim_numeric(const HybridLinks& links, const PointTarget& target, const CMat& samples, double step_rad) {
  IRISAC_REQUIRE(step_rad > 0.0, "step_rad must be > 0 (got ", step_rad, ")");
  RMat j = RMat::Zero(5, 5);
  auto add = [&](const EchoModel& m, Index alpha_col) {
    const CMat d = link_jacobian(m, target, samples, step_rad);
    const RMat f = 2.0 * (d.adjoint() * d).real();
    const Index idx[3] = {0, alpha_col, alpha_col + 1};
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) j(idx[r], idx[c]) += f(r, c);
  };
  if (links.has_sensors) add(links.sensors, 1);
  if (links.has_bs) add(links.bs, 3);
  return j;
}

HybridObservation simulate_hybrid(const HybridLinks& links, const PointTarget& target, const CMat& samples, Rng& rng) {
  HybridObservation y;
  if (links.has_sensors) y.sensors = simulate_echo(links.sensors, {target}, samples, rng);
  if (links.has_bs) y.bs = simulate_echo(links.bs, {target}, samples, rng);
  return y;
}

double hybrid_ml_fused(const HybridLinks& links, const HybridObservation& y, const CMat& samples,
                       const AngleSearchOptions& opts) {
  IRISAC_REQUIRE(opts.grid_size >= 2 && opts.theta_max > opts.theta_min, "bad search interval or grid");
  IRISAC_REQUIRE(!links.has_sensors || y.sensors.rows() == links.sensors.num_rx(), "Y_s must have ",
                 links.sensors.num_rx(), " rows");
  IRISAC_REQUIRE(!links.has_bs || y.bs.rows() == links.bs.num_rx(), "Y_b must have ", links.bs.num_rx(), " rows");
  auto obj = [&](double th) {
    double v = 0.0;
    if (links.has_sensors) v += ml_objective(links.sensors, y.sensors, samples, th);
    if (links.has_bs) v += ml_objective(links.bs, y.bs, samples, th);
    return v;
  };
  const double step = (opts.theta_max - opts.theta_min) / static_cast<double>(opts.grid_size - 1);
  double best = -1.0, best_th = opts.theta_min;
  for (Index i = 0; i < opts.grid_size; ++i) {
    const double th = opts.theta_min + step * static_cast<double>(i);
    const double v = obj(th);
    if (v > best) {
      best = v;
      best_th = th;
    }
  }
  if (!opts.refine) return best_th;
  const double lo = std::max(opts.theta_min, best_th - step), hi = std::min(opts.theta_max, best_th + step);
  const GoldenSectionMax g = golden_section_max(obj, lo, hi, 200, opts.tolerance);
  return g.fx > best ? g.x : best_th;
}

double fuse_local_estimates(double theta_sensors, double info_sensors, double theta_bs, double info_bs) {
  IRISAC_REQUIRE(info_sensors >= 0.0 && info_bs >= 0.0 && info_sensors + info_bs > 0.0,
                 "fusion needs informations >= 0 with a positive sum (got ", info_sensors, ", ", info_bs, ")");
  const double ws = info_sensors > 0.0 ? info_sensors * theta_sensors : 0.0;
  const double wb = info_bs > 0.0 ? info_bs * theta_bs : 0.0;
  return (ws + wb) / (info_sensors + info_bs);
}

double quantise_uniform(double x, double lo, double hi, int bits) {
  IRISAC_REQUIRE(hi > lo, "quantiser interval must have hi > lo (got [", lo, ", ", hi, "])");
  IRISAC_REQUIRE(bits >= 1 && bits <= 52, "bits must be in [1, 52] (got ", bits, ")");
  IRISAC_REQUIRE(std::isfinite(x), "cannot quantise a non-finite value");
  const double cells = std::ldexp(1.0, bits);
  const double delta = (hi - lo) / cells;
  const double k = std::clamp(std::floor((x - lo) / delta), 0.0, cells - 1.0);
  return lo + (k + 0.5) * delta;
}

double uniform_quantiser_variance(double lo, double hi, int bits) {
  IRISAC_REQUIRE(hi > lo, "quantiser interval must have hi > lo");
  IRISAC_REQUIRE(bits >= 1 && bits <= 52, "bits must be in [1, 52] (got ", bits, ")");
  const double delta = (hi - lo) / std::ldexp(1.0, bits);
  return delta * delta / 12.0;
}

CMat quantise_samples(const CMat& y, int bits, double clip) {
  IRISAC_REQUIRE(bits >= 1 && bits <= 24, "bits must be in [1, 24] (got ", bits, ")");
  IRISAC_REQUIRE(clip > 0.0 && std::isfinite(clip), "clip must be > 0 (got ", clip, ")");
  CMat out(y.rows(), y.cols());
  for (Index i = 0; i < y.size(); ++i)
    out.data()[i] = Complex(quantise_uniform(y.data()[i].real(), -clip, clip, bits),
                            quantise_uniform(y.data()[i].imag(), -clip, clip, bits));
  return out;
}

double hybrid_link_echo_power(const EchoModel& model, const PointTarget& target, const CMat& tx_cov) {
  const CMat b = echo_response(model, target.theta);
  return std::norm(target.alpha) * (b * tx_cov * b.adjoint()).trace().real();
}

HybridSceneProblem make_hybrid_problem(const Scene& scene, const ChannelSet& ch, Index bs, Index surface,
                                       Index target, HybridTxCov tx_cov) {
  const auto b = static_cast<std::size_t>(bs), i = static_cast<std::size_t>(surface),
             t = static_cast<std::size_t>(target);
  IRISAC_REQUIRE(bs >= 0 && surface >= 0 && target >= 0 && b < scene.base_stations.size() &&
                     i < scene.surfaces.size() && t < scene.targets.size(),
                 "selection out of range (bs ", bs, ", surface ", surface, ", target ", target, ")");
  const BaseStation& st = scene.base_stations[b];
  const Surface& sf = scene.surfaces[i];
  const Target& tg = scene.targets[t];
  IRISAC_REQUIRE(sf.kind == SurfaceKind::hybrid, "surface '", sf.name, "' is not hybrid (kind = \"hybrid\")");
  IRISAC_REQUIRE(sf.mode == SurfaceMode::reflect, "hybrid surface '", sf.name, "' must reflect (mode = \"reflect\")");
  IRISAC_REQUIRE(st.tx_power_w > 0.0, "base station '", st.name, "' has zero transmit power");
  const Vec3 d = tg.pose.position_m - sf.pose.position_m;
  IRISAC_REQUIRE(d.norm() > 0.0, "target '", tg.name, "' sits on surface '", sf.name, "'");
  const Vec3 u = sf.pose.to_local(d.normalized());
  const double az = std::atan2(u.y(), u.x());
  const Index n = sf.size();

  HybridSceneProblem p;
  HybridGeometry& g = p.geometry;
  g.rows = sf.layout.rows;
  g.spacing_y_wl = sf.layout.spacing_y_wl;
  g.spacing_z_wl = sf.layout.spacing_z_wl;
  g.elevation = std::asin(std::clamp(u.z(), -1.0, 1.0));
  g.noise_var = scene.system.noise_power_w();
  g.bs_to_irs = ch.bs_surface.at(b).at(i);
  g.irs_to_bs = ch.surface_bs.at(i).at(b);
  g.sensors = element_indices(sf, ElementKind::sensor);
  g.active = element_indices(sf, ElementKind::active);

  EchoLeg probe = steered_leg(g, CMat(), CVec::Ones(n));
  const CVec a = leg_steering(probe, az, false);
  g.beta = a.dot(ch.surface_target.at(i).at(t).row(0).transpose()) / a.squaredNorm();  // aᴴh/‖a‖²
  IRISAC_REQUIRE(std::abs(g.beta) > 0.0 && g.bs_to_irs.squaredNorm() > 0.0, "no echo path from base station '",
                 st.name, "' to target '", tg.name, "' through hybrid surface '", sf.name,
                 "': the BS-surface or surface-target link is blocked");

  // Transmit beam: the dominant right singular vector of G_t (aligned), or isotropic.
  Eigen::JacobiSVD<CMat> svd(g.bs_to_irs, Eigen::ComputeThinV);
  const CVec w = svd.matrixV().col(0);
  const auto nt = static_cast<double>(g.bs_to_irs.cols());
  p.tx_cov = tx_cov == HybridTxCov::aligned ? CMat(st.tx_power_w * w * w.adjoint())
                                            : CMat(CMat::Identity(g.bs_to_irs.cols(), g.bs_to_irs.cols()) *
                                                   (st.tx_power_w / nt));
  // Phases: align the illumination of the target, v_n = e^{−j arg((G_t w)_n a_n)}.
  const CVec gw = g.bs_to_irs * w;
  CVec v(n);
  for (Index k = 0; k < n; ++k) {
    const Complex z = gw[k] * a[k];
    v[k] = std::abs(z) > 0.0 ? std::conj(z) / std::abs(z) : Complex(1.0, 0.0);
  }
  // Active gain within the budget over the active elements' incident powers.
  p.amplification = sf.amplification;
  if (sf.power_budget_w > 0.0 && !g.active.empty()) {
    const RVec inc_all = (g.bs_to_irs * p.tx_cov * g.bs_to_irs.adjoint()).diagonal().real();
    RVec inc(static_cast<Index>(g.active.size()));
    for (std::size_t k = 0; k < g.active.size(); ++k) inc[static_cast<Index>(k)] = inc_all[g.active[k]];
    p.amplification = std::min(sf.amplification, active_max_amplification(inc, sf.amplifier_noise_w, sf.power_budget_w));
  }
  Surface eff = sf;
  eff.amplification = p.amplification;
  g.reflection = surface_response(eff, v).reflect;  // quantised phases, √a_eff / 1 / 0
  g.amplified_noise_w = p.amplification * sf.amplifier_noise_w;
  p.links = hybrid_links(g);
  p.target = PointTarget{az, ch.scattering.at(t)};
  return p;
}

}  // namespace irisac
