#include "irisac/isac/joint_design.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>

#include "irisac/core/error.hpp"
#include "irisac/core/golden_section.hpp"
#include "irisac/isac/joint_sdp.hpp"
#include "irisac/sensing/crb.hpp"

namespace irisac {

std::string to_string(SensingMetric m) { return m == SensingMetric::crb ? "crb" : "echo_snr"; }
std::optional<SensingMetric> parse_sensing_metric(const std::string& s) {
  if (s == "crb") return SensingMetric::crb;
  if (s == "echo_snr") return SensingMetric::echo_snr;
  return std::nullopt;
}

double sensing_level(const IsacMetrics& m, SensingMetric metric) {
  if (m.echo_snr.size() == 0) return 0.0;
  if (metric == SensingMetric::echo_snr) return m.echo_snr.minCoeff();
  const double worst = m.crb_rad2.maxCoeff();
  return std::isfinite(worst) && worst > 0 ? 1.0 / worst : 0.0;
}

namespace {

CMat jd_psd_part(const CMat& X) {
  Eigen::SelfAdjointEigenSolver<CMat> es(0.5 * (X + X.adjoint()));
  const RVec l = es.eigenvalues().cwiseMax(0.0);
  return es.eigenvectors() * l.cast<Complex>().asDiagonal() * es.eigenvectors().adjoint();
}

// The worst target's sensing level relative to its weight: min_t ω_t·sensing_t.
double jd_weighted_level(const IsacMetrics& m, SensingMetric metric, const RVec& w) {
  double s = std::numeric_limits<double>::infinity();
  for (Index t = 0; t < m.echo_snr.size(); ++t) {
    const double x = metric == SensingMetric::echo_snr ? m.echo_snr(t)
                     : (std::isfinite(m.crb_rad2(t)) ? 1.0 / m.crb_rad2(t) : 0.0);
    s = std::min(s, w(t) * x);
  }
  return s;
}

void jd_finish(const IsacProblem& p, IsacDesign& d) {
  d.metrics = isac_metrics(p, d.v, d.W, d.R_s);
}

}  // namespace

IsacDesign max_sensing_covariance(const IsacProblem& p, const CVec& v, const RVec& gamma, SensingMetric metric,
                                  const RVec& weights) {
  const Index M = p.antennas(), K = gamma.size() > 0 ? p.users() : 0, T = p.num_targets();
  IRISAC_REQUIRE(gamma.size() == 0 || gamma.size() == p.users(), "gamma needs one entry per user");
  IRISAC_REQUIRE(weights.size() == T, "weights need one entry per target");
  for (Index k = 0; k < K; ++k) IRISAC_REQUIRE(gamma(k) > 0 && std::isfinite(gamma(k)), "SINR targets must be > 0");
  for (Index t = 0; t < T; ++t) IRISAC_REQUIRE(weights(t) > 0 && std::isfinite(weights(t)), "weights must be > 0");
  const CMat C = effective_channels(p.comm, v, 0);
  HermitianSdp sdp;
  const Index rs = K;  // block of R_s
  for (Index b = 0; b <= K; ++b) sdp.block_sizes.push_back(M);
  const Index zb0 = K + 1;
  if (metric == SensingMetric::crb)
    for (Index t = 0; t < T; ++t) sdp.block_sizes.push_back(2);
  // scalars: 0 = s, then one slack per inequality
  Index ns = 1;
  sdp.objective_scalars[0] = -1.0;
  const CMat I = CMat::Identity(M, M);
  const double P = p.comm.power_w;
  for (Index k = 0; k < K; ++k) {
    const CVec ck = C.col(k);
    const CMat Q = ck * ck.adjoint() * (P / p.comm.noise_w(k));  // variables R̂ = R/P
    SdpConstraint c;
    for (Index b = 0; b <= K; ++b) c.blocks[b] = b == k ? CMat(Q / gamma(k)) : CMat(-Q);
    c.scalars[ns++] = -1.0;
    c.rhs = 1.0;
    sdp.constraints.push_back(std::move(c));
  }
  {
    SdpConstraint c;
    for (Index b = 0; b <= K; ++b) c.blocks[b] = I;
    c.scalars[ns++] = 1.0;
    c.rhs = 1.0;
    sdp.constraints.push_back(std::move(c));
  }
  CMat e11 = CMat::Zero(2, 2), e22 = CMat::Zero(2, 2), ere = CMat::Zero(2, 2), eim = CMat::Zero(2, 2);
  e11(0, 0) = 1;
  e22(1, 1) = 1;
  ere(0, 1) = ere(1, 0) = 0.5;
  eim(0, 1) = Complex(0, 0.5);
  eim(1, 0) = Complex(0, -0.5);
  for (Index t = 0; t < T; ++t) {
    const TargetForms f = target_forms(p, t, v);
    const double w = weights(t);
    auto all_r = [&](SdpConstraint& c, const CMat& E) {
      for (Index b = 0; b <= K; ++b) c.blocks[b] = (w * P) * E;
    };
    if (metric == SensingMetric::echo_snr) {
      SdpConstraint c;
      all_r(c, f.A);
      c.scalars[0] = -1.0;
      c.scalars[ns++] = -1.0;
      sdp.constraints.push_back(std::move(c));
      continue;
    }
    const Index zb = zb0 + t;
    const CMat E2h = 0.5 * (f.E2 + f.E2.adjoint());
    const CMat E2a = (f.E2 - f.E2.adjoint()) / Complex(0, 2);
    SdpConstraint c1, c2, c3, c4;
    all_r(c1, f.D1);
    c1.scalars[0] = -1.0;
    c1.blocks[zb] = -e11;
    all_r(c2, E2h);
    c2.blocks[zb] = -ere;
    all_r(c3, E2a);
    c3.blocks[zb] = -eim;
    all_r(c4, f.D3);
    c4.blocks[zb] = -e22;
    for (auto* c : {&c1, &c2, &c3, &c4}) sdp.constraints.push_back(std::move(*c));
  }
  sdp.num_scalars = ns;
  (void)rs;
  const HermitianSdpSolution sol = solve_hermitian_sdp(sdp);
  IsacDesign d;
  d.v = v;
  d.iterations = 1;
  d.W = CMat::Zero(M, p.users());
  d.R_s = CMat::Zero(M, M);
  if (sol.status != SdpStatus::optimal) {
    d.feasible = false;
    if (sol.status == SdpStatus::failed && K == 0)
      throw NumericalError("the sensing covariance SDP failed (DSDP did not converge)");
    jd_finish(p, d);
    return d;
  }
  // Rank-one data beams with the same R_x and SINRs (X. Liu et al. 2020, Thm 1).
  CMat Rx = CMat::Zero(M, M);
  std::vector<CMat> Rb;
  for (Index b = 0; b <= K; ++b) Rb.push_back(P * jd_psd_part(sol.blocks[static_cast<std::size_t>(b)]));
  for (Index b = 0; b <= K; ++b) Rx += Rb[static_cast<std::size_t>(b)];
  CMat sumw = CMat::Zero(M, M);
  for (Index k = 0; k < K; ++k) {
    const CMat& Rk = Rb[static_cast<std::size_t>(k)];
    const CVec ck = C.col(k);
    const double q = (ck.adjoint() * Rk * ck)(0, 0).real();
    if (q > 0) d.W.col(k) = Rk * ck / std::sqrt(q);
    sumw += d.W.col(k) * d.W.col(k).adjoint();
  }
  d.R_s = jd_psd_part(Rx - sumw);
  const double pw = (d.W.squaredNorm() + d.R_s.trace().real());
  if (pw > p.comm.power_w) {
    const double s = p.comm.power_w / pw;
    d.W *= std::sqrt(s);
    d.R_s *= s;
  }
  jd_finish(p, d);
  d.feasible = true;
  d.objective = jd_weighted_level(d.metrics, metric, weights);
  d.bound = std::max(d.objective, -sol.dual_value);
  return d;
}

IsacDesign max_rate_covariance(const IsacProblem& p, const CVec& v, const RVec& req, const IsacOptions& opts) {
  const Index T = p.num_targets(), K = p.users();
  IRISAC_REQUIRE(req.size() == T, "one requirement per target (got ", req.size(), ", ", T, " targets)");
  RVec w(T);
  for (Index t = 0; t < T; ++t) {
    IRISAC_REQUIRE(req(t) > 0 && std::isfinite(req(t)), "sensing requirement of target ", t, " must be finite and > 0 (got ",
                   req(t), ")");
    w(t) = opts.metric == SensingMetric::echo_snr ? 1.0 / req(t) : req(t);  // ω·sensing ≥ 1 ⇔ requirement met
  }
  IsacDesign sens = max_sensing_covariance(p, v, RVec(), opts.metric, w);
  int solves = 1;
  const double ok = 1.0 - 1e-9;
  if (!sens.feasible || sens.objective < ok) {
    sens.feasible = false;
    sens.objective = 0.0;
    return sens;
  }
  const CMat C = effective_channels(p.comm, v, 0);
  double lo = 0.0, hi = std::numeric_limits<double>::infinity();
  for (Index k = 0; k < K; ++k) hi = std::min(hi, p.comm.power_w * C.col(k).squaredNorm() / p.comm.noise_w(k));
  double hi_cert = hi;  // certified upper bound: the single-user bound P‖c_k‖²/σ², then certified-infeasible γ
  IsacDesign best;
  bool have = false;
  if (K == 1) {
    // One user: MRT reaches the single-user bound; if it meets the requirement it is optimal.
    IsacDesign mrt = sens;
    mrt.W = std::sqrt(p.comm.power_w) * C.col(0) / C.col(0).norm();
    mrt.R_s.setZero();
    jd_finish(p, mrt);
    if (jd_weighted_level(mrt.metrics, opts.metric, w) >= 1.0) {
      mrt.feasible = true;
      mrt.objective = mrt.metrics.sinr.minCoeff();
      mrt.bound = std::max(hi, mrt.objective);
      mrt.iterations = solves;
      return mrt;
    }
  }
  for (int it = 0; it < 200 && hi - lo > opts.bisection_tolerance * hi; ++it) {
    const double g = 0.5 * (lo + hi);
    IsacDesign d = max_sensing_covariance(p, v, RVec::Constant(K, g), opts.metric, w);
    ++solves;
    // DSDP may call an infeasible primal "feasible" and return a design far from γ; such a γ is
    // treated as infeasible (uncertified). 1e-3 leaves room for the solver's accuracy at high SINR.
    if (d.feasible && d.objective >= ok && d.metrics.sinr.minCoeff() >= g * (1 - 1e-3)) {
      // The SDP admits γ and the extracted design meets the sensing requirement; its achieved min
      // SINR (what is reported) may differ from γ by the solver's accuracy.
      lo = std::max(g, std::min(d.metrics.sinr.minCoeff(), hi));
      if (!have || d.metrics.sinr.minCoeff() > best.metrics.sinr.minCoeff()) best = std::move(d);
      have = true;
    } else {
      hi = g;
      if (!d.feasible || (d.bound && *d.bound < ok)) hi_cert = std::min(hi_cert, g);
    }
  }
  if (!have) {
    // Requirement met only without data: report the sensing covariance with zero rate as feasible
    // at SINR 0 (the bracket collapsed onto 0).
    sens.W = CMat::Zero(p.antennas(), K);
    jd_finish(p, sens);
    sens.objective = 0.0;
    sens.iterations = solves;
    return sens;
  }
  best.objective = best.metrics.sinr.minCoeff();
  best.bound = std::max(hi_cert, best.objective);
  best.iterations = solves;
  return best;
}

namespace {

// Soft minimum of ratios x_i(v) over users (SINR_k/γ_ref) and targets (ω_t·sensing_t/s_ref), for the
// phase step with (W, R_s) fixed; returns a CircleObjective to minimise (= −softmin).
CircleObjective jd_phase_objective(const IsacProblem& p, const IsacDesign& d, SensingMetric metric, const RVec& user_ref,
                                   const RVec& target_w, double kappa) {
  const bool with_users = true;
  const Index K = p.users(), T = p.num_targets(), N = p.elements(), M = p.antennas();
  const CMat& G = p.comm.bs_to_irs.front();
  const CMat& Hr = p.comm.irs_to_user;
  const CMat& Hd = p.comm.bs_to_user.front();
  // Transmit vectors: data beams then R_s^{1/2} columns.
  Eigen::SelfAdjointEigenSolver<CMat> es(0.5 * (d.R_s + d.R_s.adjoint()));
  std::vector<CVec> xs;
  for (Index k = 0; k < K; ++k) xs.emplace_back(d.W.col(k));
  for (Index l = 0; l < M; ++l)
    if (es.eigenvalues()(l) > 1e-14 * std::max(1.0, d.R_s.trace().real()))
      xs.emplace_back(es.eigenvectors().col(l) * std::sqrt(es.eigenvalues()(l)));
  const Index L = static_cast<Index>(xs.size());
  CMat X(M, L);
  for (Index l = 0; l < L; ++l) X.col(l) = xs[static_cast<std::size_t>(l)];
  const CMat GX = G * X;             // N × L
  const CMat D = Hd.adjoint() * X;   // K × L: h_{d,k}ᴴ x_l
  const CMat Rx = d.W * d.W.adjoint() + d.R_s;
  // Sensing objectives per target, with a constant that maps their value to the exact level.
  struct Sens {
    CircleObjective f;
    double ratio = 1.0;
    bool inverse = false;  // CRB objective returns ∝ 1/J
  };
  std::vector<Sens> sens;
  const CVec vs = sensing_segment(p, d.v);
  for (Index t = 0; t < T; ++t) {
    const SensingProblem& sp = p.targets[static_cast<std::size_t>(t)];
    const EchoModel m = with_reflection(sp.model, vs);
    Sens s;
    const double exact = metric == SensingMetric::echo_snr ? d.metrics.echo_snr(t)
                         : (std::isfinite(d.metrics.crb_rad2(t)) ? 1.0 / d.metrics.crb_rad2(t) : 0.0);
    if (metric == SensingMetric::echo_snr) {
      s.f = echo_power_objective(m, sp.target.theta, Rx, 1.0);
      const double pv = -s.f.value(vs);
      s.ratio = pv > 0 ? exact / pv : 0.0;
    } else {
      s.f = crb_objective(m, sp.target.theta, Rx, 1.0);
      s.inverse = true;
      const double jv = 1.0 / s.f.value(vs);
      s.ratio = jv > 0 && std::isfinite(jv) ? exact / jv : 0.0;
    }
    s.ratio *= target_w(t);
    sens.push_back(std::move(s));
  }
  const Index off = p.sensing_offset, ne = p.sensing_elements();
  // Evaluate all ratios and (optionally) their egrads.
  auto eval = [=](const CVec& v, std::vector<double>& x, std::vector<CVec>* g) {
    x.clear();
    if (g) g->clear();
    if (with_users) {
      for (Index k = 0; k < K; ++k) {
        const CVec hrk = Hr.col(k);
        // z_l = h_dᴴx_l + Σ_n conj(h_r,n) v_n (G x_l)_n ; egrad |z|² = 2 z (h_r ⊙ conj(G x_l))
        const CVec q = hrk.conjugate().cwiseProduct(v);
        double S = 0, I = p.comm.noise_w(k);
        CVec gS = CVec::Zero(N), gI = CVec::Zero(N);
        for (Index l = 0; l < L; ++l) {
          const Complex z = D(k, l) + (q.transpose() * GX.col(l))(0, 0);
          const double z2 = std::norm(z);
          if (l == k) {
            S = z2;
            if (g) gS = 2.0 * z * hrk.cwiseProduct(GX.col(l).conjugate());
          } else {
            I += z2;
            if (g) gI += 2.0 * z * hrk.cwiseProduct(GX.col(l).conjugate());
          }
        }
        x.push_back(S / I / user_ref(k));
        if (g) g->push_back((gS * I - S * gI) / (I * I * user_ref(k)));
      }
    }
    const CVec vs2 = v.segment(off, ne);
    for (const Sens& s : sens) {
      const double fv = s.f.value(vs2);
      CVec gg = CVec::Zero(N);
      if (s.inverse) {
        const double j = fv > 0 ? 1.0 / fv : 0.0;
        x.push_back(s.ratio * j);
        if (g && fv > 0) gg.segment(off, ne) = -s.ratio / (fv * fv) * s.f.egrad(vs2);
      } else {
        x.push_back(-s.ratio * fv);
        if (g) gg.segment(off, ne) = -s.ratio * s.f.egrad(vs2);
      }
      if (g) g->push_back(gg);
    }
  };
  CircleObjective obj;
  obj.value = [=](const CVec& v) {
    std::vector<double> x;
    eval(v, x, nullptr);
    double mn = std::numeric_limits<double>::infinity();
    for (double e : x) mn = std::min(mn, e);
    double s = 0;
    for (double e : x) s += std::exp(-kappa * (e - mn));
    return -(mn - std::log(s) / kappa);
  };
  obj.egrad = [=](const CVec& v) {
    std::vector<double> x;
    std::vector<CVec> g;
    eval(v, x, &g);
    double mn = std::numeric_limits<double>::infinity();
    for (double e : x) mn = std::min(mn, e);
    double s = 0;
    for (double e : x) s += std::exp(-kappa * (e - mn));
    CVec out = CVec::Zero(v.size());
    for (std::size_t i = 0; i < x.size(); ++i) out -= std::exp(-kappa * (x[i] - mn)) / s * g[i];
    return out;
  };
  return obj;
}

template <class Step, class Refs>
IsacDesign jd_alternate(const IsacProblem& p, const std::vector<CVec>& starts, const IsacOptions& opts, Step step,
                        Refs refs) {
  IRISAC_REQUIRE(!starts.empty(), "at least one start point");
  IsacDesign best;
  bool have = false;
  for (const CVec& v0 : starts) {
    IRISAC_REQUIRE(v0.size() == p.elements(), "start phases have ", v0.size(), " entries, the problem ", p.elements());
    IsacDesign d = step(project_unit_modulus(v0));
    if (d.feasible && (!have || d.objective > best.objective)) best = std::move(d), have = true;
  }
  if (!have) return step(project_unit_modulus(starts.front()));
  best.history.push_back(best.objective);
  int rounds = 0;
  for (; opts.optimize_phases && rounds < opts.outer_iterations; ++rounds) {
    RVec uref, tw;
    refs(best, uref, tw);
    const CircleObjective f = jd_phase_objective(p, best, opts.metric, uref, tw, opts.smoothing);
    const CircleResult cr = minimize_on_circle(f, best.v, opts.circle);
    IsacDesign d = step(cr.v);
    if (!(d.feasible && d.objective > best.objective * (1 + opts.tolerance))) break;
    d.history = std::move(best.history);
    best = std::move(d);
    best.history.push_back(best.objective);
  }
  best.iterations = rounds;
  return best;
}

}  // namespace

IsacDesign design_max_rate(const IsacProblem& p, const RVec& req, const std::vector<CVec>& starts,
                           const IsacOptions& opts) {
  IRISAC_REQUIRE(req.size() == p.num_targets(), "one requirement per target (got ", req.size(), ")");
  RVec w(p.num_targets());
  for (Index t = 0; t < w.size(); ++t) w(t) = opts.metric == SensingMetric::echo_snr ? 1.0 / req(t) : req(t);
  return jd_alternate(
      p, starts, opts, [&](const CVec& v) { return max_rate_covariance(p, v, req, opts); },
      [&](const IsacDesign& b, RVec& uref, RVec& tw) {
        uref = RVec::Constant(p.users(), std::max(b.objective, 1e-300));
        tw = w;
      });
}

IsacDesign design_max_sensing(const IsacProblem& p, const RVec& gamma, const std::vector<CVec>& starts,
                              const IsacOptions& opts, const RVec& weights) {
  const RVec w = weights.size() ? weights : RVec::Ones(p.num_targets());
  IRISAC_REQUIRE(gamma.size() == p.users(), "one SINR target per user (got ", gamma.size(), ")");
  return jd_alternate(
      p, starts, opts, [&](const CVec& v) { return max_sensing_covariance(p, v, gamma, opts.metric, w); },
      [&](const IsacDesign& b, RVec& uref, RVec& tw) {
        uref = gamma;
        tw = w / std::max(b.objective, 1e-300);
      });
}

IsacEndPoints isac_end_points(const IsacProblem& p, const EndPointSpec& spec, SensingMetric metric,
                              std::uint64_t seed) {
  IsacEndPoints e;
  // Comm-only: the optimize verb's design (same RNG stream as cmd_optimize: Rng(seed, 0, 0, 1)).
  Rng rng(seed, 0, 0, 1);
  const CommResult r = optimize(p.comm, spec.objective, spec.algorithm, spec.options, rng);
  IsacDesign& c = e.comm;
  c.v = r.v;
  c.W = CMat::Zero(p.antennas(), p.users());
  if (r.W.cols() == p.users()) c.W = r.W;
  else c.W.col(0) = r.W.col(0);  // multicast: one beam (used as user 0's)
  c.R_s = CMat::Zero(p.antennas(), p.antennas());
  c.feasible = true;
  c.bound = r.bound;
  jd_finish(p, c);
  c.objective = c.metrics.sinr.minCoeff();
  // Sensing-only: the crb verb's design for target 0 at its start phases.
  const SensingProblem& sp = p.targets.front();
  const Index ne = p.sensing_elements();
  const CVec vs0 = spec.sensing_start.size() ? spec.sensing_start : CVec(CVec::Ones(ne));
  IRISAC_REQUIRE(vs0.size() == ne, "sensing start has ", vs0.size(), " entries, the surface ", ne);
  const EchoModel m0 = with_reflection(sp.model, vs0);
  const Index nt = p.antennas();
  const CMat iso = sp.power_w / static_cast<double>(nt) * CMat::Identity(nt, nt);
  const SensingDesign sd = metric == SensingMetric::crb
                               ? design_min_crb(m0, sp.target, sp.power_w, p.snapshots, vs0, spec.sensing_options)
                               : design_echo_power(m0, sp.target.theta, iso, vs0, spec.sensing_options);
  IsacDesign& s = e.sensing;
  s.v = c.v;
  s.v.segment(p.sensing_offset, ne) = sd.v;
  s.W = CMat::Zero(p.antennas(), p.users());
  s.R_s = sd.tx_cov;
  s.feasible = true;
  jd_finish(p, s);
  s.objective = sensing_level(s.metrics, metric);
  return e;
}

double time_sharing_rate(const IsacEndPoints& e, double level, SensingMetric metric) {
  const double sc = sensing_level(e.comm.metrics, metric), ss = sensing_level(e.sensing.metrics, metric);
  const double rc = e.comm.metrics.min_rate_bps_hz, rs = e.sensing.metrics.min_rate_bps_hz;
  if (level <= sc) return rc;
  if (level > ss || !(ss > sc)) return -std::numeric_limits<double>::infinity();
  const double tau = (ss - level) / (ss - sc);
  return tau * rc + (1 - tau) * rs;
}

namespace {
RVec jd_requirement(const IsacProblem& p, double level, SensingMetric metric) {
  // level in front units (echo SNR or 1/CRB) → per-target requirement (echo SNR or CRB bound)
  return RVec::Constant(p.num_targets(), metric == SensingMetric::echo_snr ? level : 1.0 / level);
}
}  // namespace

IsacFront isac_front(const IsacProblem& p, const IsacEndPoints& ends, Index levels, const IsacOptions& opts) {
  IRISAC_REQUIRE(levels >= 1 && levels <= 1000, "front points must be in [1, 1000] (got ", levels, ")");
  IsacFront f;
  f.ends = ends;
  const double sc = sensing_level(ends.comm.metrics, opts.metric), ss = sensing_level(ends.sensing.metrics, opts.metric);
  IRISAC_REQUIRE(ss > sc, "the sensing end point is not better in sensing than the comm end point (", ss, " ≤ ", sc,
                 "): no trade-off to draw");
  // Starts: both end points, their phase blends arg((1−τ)v_c + τv_s), and the previous point.
  std::vector<CVec> starts = {ends.comm.v, ends.sensing.v};
  for (double tau : {0.25, 0.5, 0.75}) starts.push_back(project_unit_modulus((1 - tau) * ends.comm.v + tau * ends.sensing.v));
  for (Index i = 1; i <= levels; ++i) {
    FrontPoint pt;
    pt.level = sc + (ss - sc) * static_cast<double>(i) / static_cast<double>(levels + 1);
    pt.design = design_max_rate(p, jd_requirement(p, pt.level, opts.metric), starts, opts);
    pt.time_sharing_rate = time_sharing_rate(ends, pt.level, opts.metric);
    if (pt.design.feasible) starts.push_back(pt.design.v);
    f.points.push_back(std::move(pt));
  }
  // Backward pass: the phases of a tighter point are feasible for a looser one (the covariance step
  // is global at fixed phases), so restarting from them makes the front monotone.
  for (Index i = levels - 2; i >= 0; --i) {
    FrontPoint& pt = f.points[static_cast<std::size_t>(i)];
    const IsacDesign& next = f.points[static_cast<std::size_t>(i + 1)].design;
    if (!next.feasible || (pt.design.feasible && pt.design.objective >= next.objective)) continue;
    IsacDesign d = design_max_rate(p, jd_requirement(p, pt.level, opts.metric), {next.v}, opts);
    if (d.feasible && (!pt.design.feasible || d.objective > pt.design.objective)) pt.design = std::move(d);
  }
  return f;
}

IsacDesign design_weighted(const IsacProblem& p, const IsacEndPoints& ends, double rho, const IsacOptions& opts) {
  IRISAC_REQUIRE(rho >= 0.0 && rho <= 1.0, "weight rho must be in [0, 1] (got ", rho, ")");
  if (rho == 1.0) return ends.comm;
  if (rho == 0.0) return ends.sensing;
  const double sc = sensing_level(ends.comm.metrics, opts.metric), ss = sensing_level(ends.sensing.metrics, opts.metric);
  const double rc = ends.comm.metrics.min_rate_bps_hz;
  IRISAC_REQUIRE(ss > sc && rc > 0, "the end points leave no trade-off (sensing ", sc, " vs ", ss, ", rate ", rc, ")");
  auto score = [&](const IsacDesign& d) {
    return d.feasible ? rho * d.metrics.min_rate_bps_hz / rc + (1 - rho) * sensing_level(d.metrics, opts.metric) / ss
                      : -std::numeric_limits<double>::infinity();
  };
  IsacDesign best = score(ends.comm) >= score(ends.sensing) ? ends.comm : ends.sensing;
  double best_score = score(best);
  auto at = [&](double tau) {
    const double level = sc + (ss - sc) * tau;
    IsacDesign d = design_max_rate(p, jd_requirement(p, level, opts.metric), {ends.comm.v, ends.sensing.v}, opts);
    const double sc2 = score(d);
    if (sc2 > best_score) best_score = sc2, best = d;
    return sc2;
  };
  (void)golden_section_max(at, 0.0, 1.0, 12, 1e-3);
  return best;
}

std::optional<double> miso_tradeoff_snr(const CVec& h, const CVec& u, double noise_w, double power_w, double g) {
  IRISAC_REQUIRE(h.size() == u.size() && h.norm() > 0 && u.norm() > 0, "h and u must be nonzero of equal size");
  IRISAC_REQUIRE(noise_w > 0 && power_w > 0 && g >= 0, "noise, power > 0 and g ≥ 0");
  const double hh = h.squaredNorm(), uu = u.squaredNorm();
  if (g > power_w * uu) return std::nullopt;
  const double c = std::min(1.0, std::abs(h.dot(u)) / std::sqrt(hh * uu));
  const double phi0 = std::acos(c);
  const double cb = std::sqrt(g / (power_w * uu));
  if (cb <= c) return power_w * hh / noise_w;
  const double beta = std::acos(std::min(1.0, cb));
  const double cc = std::cos(phi0 - beta);
  return power_w * hh * cc * cc / noise_w;
}

}  // namespace irisac
