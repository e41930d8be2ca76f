#include "irisac/comm/optimize.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <Eigen/SVD>

#include "irisac/comm/joint_bound.hpp"
#include "irisac/comm/phase_methods.hpp"
#include "irisac/comm/precoding.hpp"
#include "irisac/comm/split_matrix.hpp"
#include "irisac/comm/sum_rate_joint.hpp"
#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"

namespace irisac {
namespace {

using constants::two_pi;

struct Entry {
  CommObjective o;
  const char* name;
  const char* text;
};
constexpr Entry objective_table[] = {
    {CommObjective::snr, "snr", "single user (SISO/MISO): maximise SNR P‖c‖²/σ² and rate log2(1+SNR)"},
    {CommObjective::multicast, "multicast", "common message: maximise the minimum SNR over users"},
    {CommObjective::sum_rate, "sum_rate", "unicast: maximise Σ log2(1+SINR_k)"},
    {CommObjective::max_min_sinr, "max_min_sinr", "unicast: maximise the minimum SINR"},
    {CommObjective::power_min, "power_min", "unicast: minimise transmit power s.t. SINR_k ≥ γ_k (Wu–Zhang P1)"},
    {CommObjective::decorrelation, "decorrelation",
     "drive users' effective channels towards orthogonality (H^H H diagonal, MRT = ZF)"},
    {CommObjective::intercell, "intercell",
     "several BSs: maximise own-cell power minus μ × inter-cell leakage (per-BS MRT)"},
};
struct AEntry {
  CommAlgorithm a;
  const char* name;
  const char* text;
};
constexpr AEntry algorithm_table[] = {
    {CommAlgorithm::closed_form, "closed_form", "closed-form phase alignment (one user; M = 1 or rank-one G)"},
    {CommAlgorithm::alternating, "alternating", "Wu–Zhang alternating optimisation of BS beam and IRS phases"},
    {CommAlgorithm::sdr, "sdr", "semidefinite relaxation + Gaussian randomisation (DSDP); certified upper bound"},
    {CommAlgorithm::manifold, "manifold", "Riemannian conjugate gradient on the complex circle manifold"},
    {CommAlgorithm::bcd, "bcd", "element-wise block coordinate ascent (successive refinement for b bits)"},
    {CommAlgorithm::arc_sweep, "arc_sweep", "exact b-bit (1-bit: linear-time) phase alignment by arc sweep"},
    {CommAlgorithm::codebook, "codebook", "best phase vector of a (DFT) codebook"},
    {CommAlgorithm::random_phase, "random_phase", "baseline: uniformly random phases"},
};

bool is_single_user_problem(const CommProblem& p) { return p.users() == 1 && p.base_stations() == 1; }

CVec random_phases(Index n, Rng& rng) {
  CVec v(n);
  for (Index i = 0; i < n; ++i) v(i) = rng.unit_phasor();
  return v;
}

CVec finish_phases(const CVec& v, int bits) { return bits > 0 ? quantize_phases(v, bits) : project_unit_modulus(v); }

// ---- objective-specific term builders ---------------------------------------------------------

// SINR terms for fixed W: term k*K+j = |c_{k,s(j)}^H w_j|².
CMat sinr_terms(const CommProblem& p, const CMat& W) {
  const Index K = p.users(), N = p.elements();
  CMat B(N + 1, K * K);
  for (Index k = 0; k < K; ++k)
    for (Index j = 0; j < K; ++j) {
      const auto b = static_cast<std::size_t>(p.server(j));
      const CVec Gw = p.bs_to_irs[b] * W.col(j);
      const CVec a = p.irs_to_user.col(k).conjugate().cwiseProduct(Gw);
      const Complex c = p.bs_to_user[b].col(k).dot(W.col(j));  // h_d^H w
      B.col(k * K + j) = term_column(a, c);
    }
  return B;
}

std::vector<TermObjective::Group> sinr_groups(const CommProblem& p, const RVec& scale) {
  const Index K = p.users();
  std::vector<TermObjective::Group> g(static_cast<std::size_t>(K));
  for (Index k = 0; k < K; ++k) {
    auto& gr = g[static_cast<std::size_t>(k)];
    gr.signal = k * K + k;
    for (Index j = 0; j < K; ++j)
      if (j != k) gr.interference.push_back(k * K + j);
    gr.noise = p.noise_w(k);
    gr.scale = scale(k);
  }
  return g;
}

// ‖c_k‖² of BS 0 as M terms: conj(c_{k,m}) = Σ_n G_nm h_{r,k,n}^* v_n + h_{d,k,m}^*.
void add_gain_terms(const CommProblem& p, Index k, double weight, CMat& B, RVec& w, Index& col) {
  const CMat& G = p.bs_to_irs[0];
  for (Index m = 0; m < p.antennas(); ++m) {
    const CVec a = p.irs_to_user.col(k).conjugate().cwiseProduct(G.col(m));
    B.col(col) = term_column(a, std::conj(p.bs_to_user[0](m, k)));
    w(col) = weight;
    ++col;
  }
}

TermObjective gain_objective(const CommProblem& p, const RVec& user_weight) {
  const Index K = p.users(), M = p.antennas();
  CMat B(p.elements() + 1, K * M);
  RVec w(K * M);
  Index col = 0;
  for (Index k = 0; k < K; ++k) add_gain_terms(p, k, user_weight(k), B, w, col);
  return TermObjective::sum(std::move(B), std::move(w));
}

// ---- BS steps -----------------------------------------------------------------------------------

CMat per_bs_mrt(const CommProblem& p, const CVec& v) {
  CMat W = CMat::Zero(p.antennas(), p.users());
  for (Index b = 0; b < p.base_stations(); ++b) {
    const CMat H = effective_channels(p, v, b);
    Index served = 0;
    for (Index k = 0; k < p.users(); ++k) served += p.server(k) == b ? 1 : 0;
    for (Index k = 0; k < p.users(); ++k)
      if (p.server(k) == b) {
        const double nrm = H.col(k).norm();
        if (!(nrm > 0)) throw NumericalError("optimize(): user " + std::to_string(k) + " has a zero channel");
        W.col(k) = H.col(k) * (std::sqrt(p.power_w / static_cast<double>(served)) / nrm);
      }
  }
  return W;
}

CVec multicast_beam(const CommProblem& p, const CVec& v, const CVec& w0, double smoothing) {
  const CMat H = effective_channels(p, v, 0);
  const Index K = p.users(), M = p.antennas();
  const double P = p.power_w;
  auto minsnr = [&](const CVec& w) {
    double m = std::numeric_limits<double>::infinity();
    for (Index k = 0; k < K; ++k) m = std::min(m, std::norm(H.col(k).dot(w)) / p.noise_w(k));
    return m;
  };
  if (M == 1) return CVec::Constant(1, Complex(std::sqrt(P), 0));
  // candidates: previous beam, principal eigenvector of Σ c_k c_k^H/σ_k²
  CMat S = CMat::Zero(M, M);
  for (Index k = 0; k < K; ++k) S += H.col(k) * H.col(k).adjoint() / p.noise_w(k);
  Eigen::SelfAdjointEigenSolver<CMat> es(S);
  CVec w = es.eigenvectors().col(M - 1) * std::sqrt(P);
  if (w0.size() == M && minsnr(w0) > minsnr(w)) w = w0;
  double cur = minsnr(w);
  // Riemannian gradient ascent of the soft minimum on the sphere ‖w‖² = P, accepting improvements.
  double step = 1.0;
  for (int it = 0; it < 200; ++it) {
    RVec snr(K);
    double m = std::numeric_limits<double>::infinity();
    for (Index k = 0; k < K; ++k) {
      snr(k) = std::norm(H.col(k).dot(w)) / p.noise_w(k);
      m = std::min(m, snr(k));
    }
    const double tau = smoothing / std::max(m, 1e-300);
    RVec wt = (-tau * (snr.array() - m)).exp();
    wt /= wt.sum();
    CVec g = CVec::Zero(M);
    for (Index k = 0; k < K; ++k) g += (wt(k) / p.noise_w(k)) * H.col(k) * H.col(k).dot(w);
    g -= (w.dot(g).real() / P) * w;  // tangent to the sphere
    const double gn = g.norm();
    if (!(gn > 0)) break;
    bool improved = false;
    for (int bt = 0; bt < 30; ++bt) {
      CVec cand = w + (step * std::sqrt(P) / gn) * g;
      cand *= std::sqrt(P) / cand.norm();
      const double val = minsnr(cand);
      if (val > cur) {
        improved = val - cur > 1e-13 * cur;
        w = cand;
        cur = val;
        step = std::min(1.0, 2 * step);
        break;
      }
      step *= 0.5;
    }
    if (!improved) break;
  }
  return w;
}

// ---- phase step -------------------------------------------------------------------------------

struct PhaseStep {
  PhaseRun run;
  std::optional<double> bound;
};

PhaseStep phase_step(const PhaseObjective& f, const CVec& v0, CommAlgorithm alg, const CommOptions& opt, Rng& rng) {
  PhaseStep out;
  const int bits = opt.bits;
  switch (alg) {
    case CommAlgorithm::manifold: {
      RcgOptions ro;
      ro.gradient_tolerance = opt.gradient_tolerance;
      PhaseRun best = riemannian_cg(f, v0, ro);
      std::vector<double> hist = best.history;
      int its = best.iterations;
      for (int r = 0; r < opt.restarts; ++r) {
        PhaseRun cand = riemannian_cg(f, random_phases(f.size(), rng), ro);
        its += cand.iterations;
        if (cand.value > best.value) best = std::move(cand);
        hist.push_back(best.value);  // best so far after each restart
      }
      best.history = std::move(hist);
      best.iterations = its;
      out.run = std::move(best);
      break;
    }
    case CommAlgorithm::bcd: {
      // exact (closed-form) element updates of sum objectives are cheap: converge tightly (a sweep
      // gain below 1e-12 relative; the AO tolerance 1e-6 stopped 2.7e-6 short of G1's optimum)
      const auto* tf = dynamic_cast<const TermObjective*>(&f);
      const bool exact = tf && tf->kind() == TermObjective::Kind::sum;
      CVec start = v0;
      if (exact && bits == 0 && tf->weights().minCoeff() >= 0) {
        // principal-eigenvector start (R = B diag(w) B^H has rank ≤ T: eigenvector B D^{1/2} u of the
        // T×T matrix D^{1/2} B^H B D^{1/2}, O(N T²)); element-wise ascent from v0 = 1 ends in poorer
        // local optima (−2.5 % against SDR at N = 64)
        const CMat& Bt = tf->terms();
        const RVec sw = tf->weights().cwiseSqrt();
        const CMat Bs = Bt * sw.asDiagonal();
        Eigen::SelfAdjointEigenSolver<CMat> es(Bs.adjoint() * Bs);
        const CVec u = Bs * es.eigenvectors().col(Bs.cols() - 1);
        const Index n = f.size();
        const Complex ref = u(n);
        CVec ve(n);
        for (Index i = 0; i < n; ++i) {
          const Complex q = std::abs(ref) > 0 ? u(i) / ref : u(i);
          ve(i) = std::abs(q) > 0 ? q / std::abs(q) : Complex(1.0, 0.0);
        }
        if (f.exact_value(ve) > f.exact_value(v0)) start = ve;
      }
      // b-bit: sweeps until no element changes (finitely many levels, only improvements accepted)
      out.run = element_wise_bcd(f, start, BcdOptions{bits > 0 ? 100000 : exact ? 1000 : 100,
                                                      bits > 0 ? 0.0 : exact ? std::min(opt.tolerance, 1e-12) : 1e-3 * opt.tolerance,
                                                      bits});
      break;
    }
    case CommAlgorithm::alternating:
      out.run = element_wise_bcd(f, v0, BcdOptions{1, 0.0, bits});
      break;
    case CommAlgorithm::sdr: {
      const auto* tf = dynamic_cast<const TermObjective*>(&f);
      if (!tf || !tf->is_quadratic())
        throw InvalidArgument("optimize(): sdr needs a quadratic IRS sub-problem (objectives snr, multicast, "
                              "intercell, power_min); use manifold or bcd");
      SdrRun s = sdr_randomization(*tf, rng, SdrOptions{opt.randomizations, 1e-9});
      out.run = std::move(s.run);
      out.bound = s.bound;
      break;
    }
    case CommAlgorithm::codebook:
      out.run = codebook_selection(f, opt.codebook, bits);
      break;
    case CommAlgorithm::random_phase: {
      out.run.v = finish_phases(random_phases(f.size(), rng), bits);
      out.run.value = f.exact_value(out.run.v);
      out.run.history = {out.run.value};
      out.run.iterations = 1;
      out.run.converged = true;
      break;
    }
    case CommAlgorithm::closed_form:
    case CommAlgorithm::arc_sweep:
      throw InvalidArgument("optimize(): " + to_string(alg) +
                            " needs a single-user objective (snr); use alternating, bcd, manifold or sdr");
  }
  if (bits > 0 && alg != CommAlgorithm::bcd && alg != CommAlgorithm::alternating) {
    out.run.v = quantize_phases(out.run.v, bits);  // projection of the continuous solution
    out.run.value = f.exact_value(out.run.v);
    out.run.history.push_back(out.run.value);
  }
  return out;
}

// ---- drivers ------------------------------------------------------------------------------------

CommResult solve_snr(const CommProblem& p, CommAlgorithm alg, const CommOptions& opt, Rng& rng) {
  if (!is_single_user_problem(p))
    throw InvalidArgument("optimize(): objective snr needs one user and one BS (got K = " +
                          std::to_string(p.users()) + ", B = " + std::to_string(p.base_stations()) +
                          "); use multicast, sum_rate, max_min_sinr or power_min");
  const Index N = p.elements(), M = p.antennas();
  const CMat& G = p.bs_to_irs[0];
  const CVec hr = p.irs_to_user.col(0), hd = p.bs_to_user[0].col(0);
  const double snr_scale = p.power_w / p.noise_w(0);
  CommResult res;
  auto snr_of = [&](const CVec& v) { return snr_scale * effective_channels(p, v, 0).col(0).squaredNorm(); };
  CVec v;
  const int bits = opt.bits;
  auto align = [&](const CVec& a, Complex b) { return bits > 0 && alg == CommAlgorithm::arc_sweep ? discrete_align_phases(a, b, bits) : align_phases(a, b); };
  if (alg == CommAlgorithm::closed_form || (alg == CommAlgorithm::arc_sweep && M == 1)) {
    if (M == 1) {
      const CVec a = hr.conjugate().cwiseProduct(G.col(0));
      v = align(a, std::conj(hd(0)));
    } else {
      Eigen::JacobiSVD<CMat> svd(G, Eigen::ComputeThinU | Eigen::ComputeThinV);
      const RVec& sv = svd.singularValues();
      const std::vector<double> s(sv.data(), sv.data() + sv.size());
      const double s0 = s.empty() ? 0.0 : s[0];
      const double s1 = s.size() > 1 ? s[1] : 0.0;
      if (!(s1 <= 1e-10 * s0))
        throw InvalidArgument("optimize(): closed_form needs M = 1 or a rank-one BS–IRS channel G (σ₂/σ₁ = " +
                              std::to_string(s1 / s0) + "); use alternating, manifold, bcd or sdr");
      // G = σ u x^H: c^H = (Σ_n v_n h_{r,n}^* σ u_n) x^H + h_d^H; choose arg of the scalar to align with x^H h_d.
      const CVec u = svd.matrixU().col(0) * s0;
      const CVec x = svd.matrixV().col(0);
      const CVec a = hr.conjugate().cwiseProduct(u);
      const Complex target = hd.dot(x);  // h_d^H x = conj(x^H h_d): the phase the IRS scalar must take
      v = align(a, target);
    }
    res.history.push_back(snr_of(v));
    res.iterations = 1;
  } else if (alg == CommAlgorithm::alternating || alg == CommAlgorithm::arc_sweep) {
    // Wu & Zhang TWC 2019 §III-B: w̄ from AP–user MRT, θ by eq. (28), w̄ = MRT, repeat.
    CVec w = hd.norm() > 0 ? CVec(hd / hd.norm()) : CVec(effective_channels(p, CVec::Ones(N), 0).col(0).normalized());
    v = opt.initial_v.size() ? finish_phases(opt.initial_v, 0) : CVec(CVec::Ones(N));
    double cur = -1;
    const SplitMatrix Gs(G);  // the two N×M products per round as real FMA streams
    CVec Gw, c;
    for (int it = 0; it < opt.max_outer_iterations; ++it) {
      Gs.times(w, Gw);
      const CVec a = hr.conjugate().cwiseProduct(Gw);
      const Complex b = hd.dot(w);
      v = align(a, b);
      // c = G^H (v* ⊙ h_r) + h_d (effective_channels() is the K-user matrix version);
      // SNR = P‖c‖²/σ² = snr_of(v) without a second product.
      Gs.adjoint_times(v.conjugate().cwiseProduct(hr), c);
      c += hd;
      w = c.normalized();
      const double val = snr_scale * c.squaredNorm();
      res.history.push_back(val);
      res.iterations = it + 1;
      if (val - cur <= opt.tolerance * 1e-6 * val) break;
      cur = val;
    }
    if (res.iterations >= opt.max_outer_iterations) res.status = OptStatus::iteration_limit;
  } else {
    const TermObjective f = gain_objective(p, RVec::Constant(1, snr_scale));
    const CVec v0 = opt.initial_v.size() ? finish_phases(opt.initial_v, 0) : CVec(CVec::Ones(N));
    PhaseStep st = phase_step(f, v0, alg, opt, rng);
    v = st.run.v;
    res.history = st.run.history;
    res.iterations = st.run.iterations;
    res.bound = st.bound;
    if (!st.run.converged) res.status = OptStatus::iteration_limit;
  }
  if (bits > 0) v = quantize_phases(v, bits);  // projection (arc_sweep: already on the levels)
  res.v = v;
  res.W = mrt_precoder(effective_channels(p, v, 0), p.power_w);
  res.objective = snr_of(v);
  if (res.history.empty() || res.history.back() != res.objective) res.history.push_back(res.objective);
  return res;
}

// Generic alternating driver: BS step W(v, W_prev), IRS step on the objective for fixed W.
template <class BsStep, class Value, class IrsObjective>
CommResult alternate(const CommProblem& p, CommAlgorithm alg, const CommOptions& opt, Rng& rng, bool maximize,
                     CVec v, BsStep bs_step, Value value_of, IrsObjective irs_objective) {
  CommResult res;
  res.maximize = maximize;
  CMat W = bs_step(v, CMat());
  double cur = value_of(v, W);
  res.history.push_back(cur);
  auto better = [&](double a, double b) { return maximize ? a > b : a < b; };
  if (alg == CommAlgorithm::codebook || alg == CommAlgorithm::random_phase) {
    // evaluate each candidate with its own BS step
    CMat cb = opt.codebook;
    const Index N = p.elements();
    if (alg == CommAlgorithm::random_phase) {
      cb = CMat(N, 1);
      for (Index n = 0; n < N; ++n) cb(n, 0) = rng.unit_phasor();
      cur = maximize ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      res.history.clear();
    } else if (cb.size() == 0) {
      cb.resize(N, 2 * N);
      for (Index c = 0; c < 2 * N; ++c)
        for (Index e = 0; e < N; ++e)
          cb(e, c) = std::polar(1.0, two_pi * static_cast<double>((e * c) % (2 * N)) / static_cast<double>(2 * N));
    }
    for (Index c = 0; c < cb.cols(); ++c) {
      const CVec cand = finish_phases(cb.col(c), opt.bits);
      try {
        CMat Wc = bs_step(cand, CMat());
        const double val = value_of(cand, Wc);
        if (better(val, cur)) {
          cur = val;
          v = cand;
          W = Wc;
        }
      } catch (const Infeasible&) {
      }
      res.history.push_back(cur);
    }
    res.iterations = static_cast<int>(cb.cols());
  } else {
    res.status = OptStatus::iteration_limit;
    for (int it = 0; it < opt.max_outer_iterations; ++it) {
      const auto f = irs_objective(v, W);
      CommOptions step_opt = opt;
      if (it > 0) step_opt.restarts = 0;  // random restarts only in the first round; later rounds warm-start
      PhaseStep st = phase_step(*f, v, alg, step_opt, rng);
      res.iterations = it + 1;
      const CVec nv = st.run.v;
      if (opt.bits > 0 && nv == v) {  // discrete refinement: a round without any element change
        res.status = OptStatus::converged;
        break;
      }
      double nval = cur;
      CMat nW = W;
      try {
        nW = bs_step(nv, W);
        nval = value_of(nv, nW);
      } catch (const Infeasible&) {
        nval = cur;  // keep the previous design
      }
      if (!better(nval, cur)) {
        res.status = OptStatus::converged;
        break;
      }
      const double gain = std::abs(nval - cur) / std::max(std::abs(cur), 1e-300);
      v = nv;
      W = nW;
      cur = nval;
      res.history.push_back(cur);
      if (gain < opt.tolerance && opt.bits == 0) {
        res.status = OptStatus::converged;
        break;
      }
    }
  }
  res.v = v;
  res.W = W;
  res.objective = cur;
  return res;
}

}  // namespace

double objective_value(const CommProblem& p, CommObjective o, const CVec& v, const CMat& W, double leakage_weight) {
  switch (o) {
    case CommObjective::snr:
      return sinr(p, v, W)(0);
    case CommObjective::multicast:
      return multicast_snr(p, v, W.col(0)).minCoeff();
    case CommObjective::sum_rate:
      return rates(p, v, W).sum();
    case CommObjective::max_min_sinr:
      return sinr(p, v, W).minCoeff();
    case CommObjective::power_min:
      return W.squaredNorm();
    case CommObjective::decorrelation:
      return -DecorrelationObjective(p).value(v);
    case CommObjective::intercell: {
      const CMat T = sinr_terms(p, W);
      CVec vb(v.size() + 1);
      vb << v, 1.0;
      const RVec q = (T.adjoint() * vb).cwiseAbs2();
      const Index K = p.users();
      double f = 0;
      for (Index k = 0; k < K; ++k)
        for (Index j = 0; j < K; ++j) {
          const double val = q(k * K + j) / p.noise_w(k);
          if (j == k) f += val;
          else if (p.server(j) != p.server(k)) f -= leakage_weight * val;
        }
      return f;
    }
  }
  return 0;
}

namespace {
CommResult optimize_design(const CommProblem& p, CommObjective objective, CommAlgorithm alg, const CommOptions& opt,
                           Rng& rng);
}  // namespace

CommResult optimize(const CommProblem& p, CommObjective objective, CommAlgorithm alg, const CommOptions& opt,
                    Rng& rng) {
  if (opt.bits == 0 || (alg != CommAlgorithm::bcd && alg != CommAlgorithm::alternating))
    return optimize_design(p, objective, alg, opt, rng);
  // b-bit phases by successive refinement (docs/comm.md "Discrete phases"): the continuous design,
  // its projection onto the 2^b levels, then element-wise refinement over the levels (with the BS
  // step in between) from the projection, in rounds until no element changes. Only improvements are
  // accepted, so the result is never below the projected continuous design.
  const auto t0 = std::chrono::steady_clock::now();
  IRISAC_REQUIRE(opt.bits >= 0 && opt.bits <= 8, "bits must be in [0, 8] (got ", opt.bits, ")");
  CommOptions cont_opt = opt;
  cont_opt.bits = 0;
  cont_opt.bound = false;
  const CommResult cont = optimize_design(p, objective, alg, cont_opt, rng);
  CommOptions disc_opt = opt;
  disc_opt.initial_v = quantize_phases(cont.v, opt.bits);
  disc_opt.restarts = 0;
  // one user: element-wise refinement of the gain (the AO of solve_snr aligns continuous phases)
  const CommAlgorithm refine = objective == CommObjective::snr ? CommAlgorithm::bcd : alg;
  CommResult res = optimize_design(p, objective, refine, disc_opt, rng);
  res.continuous_objective = cont.objective;
  res.projected_objective = res.history.empty() ? res.objective : res.history.front();
  res.iterations += cont.iterations;
  res.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

namespace {
CommResult optimize_design(const CommProblem& p, CommObjective objective, CommAlgorithm alg, const CommOptions& opt,
                           Rng& rng) {
  validate(p);
  IRISAC_REQUIRE(opt.bits >= 0 && opt.bits <= 8, "bits must be in [0, 8] (got ", opt.bits, ")");
  IRISAC_REQUIRE(opt.max_outer_iterations >= 1, "max_outer_iterations must be ≥ 1");
  IRISAC_REQUIRE(opt.restarts >= 0, "restarts must be ≥ 0");
  IRISAC_REQUIRE(opt.initial_v.size() == 0 || opt.initial_v.size() == p.elements(), "initial_v must have N entries");
  if (alg == CommAlgorithm::sdr && !sdr_available())
    throw InvalidArgument("optimize(): sdr is unavailable: irisac was built without DSDP (libdsdp-dev)");
  const auto t0 = std::chrono::steady_clock::now();
  const Index N = p.elements(), K = p.users();
  const CVec v0 = opt.initial_v.size() ? finish_phases(opt.initial_v, opt.bits) : CVec(CVec::Ones(N));
  CommResult res;
  if (objective != CommObjective::snr && (alg == CommAlgorithm::closed_form || alg == CommAlgorithm::arc_sweep))
    throw InvalidArgument("optimize(): " + to_string(alg) + " applies to the single-user objective snr only");
  if (objective != CommObjective::intercell && objective != CommObjective::sum_rate &&
      objective != CommObjective::max_min_sinr && objective != CommObjective::power_min && p.base_stations() > 1)
    throw InvalidArgument("optimize(): objective " + to_string(objective) +
                          " is single-cell; several BSs need intercell, sum_rate, max_min_sinr or power_min");
  switch (objective) {
    case CommObjective::snr:
      res = solve_snr(p, alg, opt, rng);
      break;
    case CommObjective::multicast: {
      auto bs = [&](const CVec& v, const CMat& Wp) -> CMat {
        return multicast_beam(p, v, Wp.size() ? CVec(Wp.col(0)) : CVec(), opt.smoothing);
      };
      auto val = [&](const CVec& v, const CMat& W) { return multicast_snr(p, v, W.col(0)).minCoeff(); };
      auto irs = [&](const CVec& v, const CMat& W) {
        CMat B(N + 1, K);
        std::vector<TermObjective::Group> g(static_cast<std::size_t>(K));
        const CVec Gw = p.bs_to_irs[0] * W.col(0);
        for (Index k = 0; k < K; ++k) {
          B.col(k) = term_column(p.irs_to_user.col(k).conjugate().cwiseProduct(Gw), p.bs_to_user[0].col(k).dot(W.col(0)));
          g[static_cast<std::size_t>(k)] = {k, {}, p.noise_w(k), 1.0};
        }
        return std::make_unique<TermObjective>(
            TermObjective::ratios(TermObjective::Kind::min_ratio, B, g, v, opt.smoothing));
      };
      res = alternate(p, alg, opt, rng, true, v0, bs, val, irs);
      break;
    }
    case CommObjective::sum_rate:
    case CommObjective::max_min_sinr: {
      const bool sr = objective == CommObjective::sum_rate;
      auto bs = [&](const CVec& v, const CMat& Wp) -> CMat {
        if (p.base_stations() > 1) return per_bs_mrt(p, v);
        const CMat H = effective_channels(p, v, 0);
        if (!sr) return max_min_sinr_precoder(H, p.noise_w, p.power_w, 1e-8).W;
        switch (opt.precoder) {
          case Precoder::mrt: return mrt_precoder(H, p.power_w);
          case Precoder::zf: return zf_precoder(H, p.power_w);
          case Precoder::mmse: return mmse_precoder(H, p.noise_w, p.power_w);
          case Precoder::wmmse: {
            // WMMSE is a local method: run it from the MMSE start and (later rounds) from the previous
            // W, keep the better (the warm start alone got stuck below a fresh start at the projection)
            const CMat Wm = wmmse_precoder(H, p.noise_w, p.power_w, mmse_precoder(H, p.noise_w, p.power_w));
            if (Wp.size() == 0) return Wm;
            const CMat Ww = wmmse_precoder(H, p.noise_w, p.power_w, Wp);
            return rates(p, v, Ww).sum() >= rates(p, v, Wm).sum() ? Ww : Wm;
          }
        }
        return CMat();
      };
      auto val = [&](const CVec& v, const CMat& W) { return sr ? rates(p, v, W).sum() : sinr(p, v, W).minCoeff(); };
      auto irs = [&](const CVec& v, const CMat& W) {
        return std::make_unique<TermObjective>(TermObjective::ratios(
            sr ? TermObjective::Kind::sum_log_ratio : TermObjective::Kind::min_ratio, sinr_terms(p, W),
            sinr_groups(p, RVec::Ones(K)), v, opt.smoothing));
      };
      if (sr && alg == CommAlgorithm::manifold && opt.bits == 0 && p.base_stations() == 1 &&
          opt.precoder == Precoder::wmmse) {
        // WMMSE–manifold alternation for a start, then joint Riemannian ascent over (v, W) to the
        // gradient tolerance (sum_rate_joint.hpp): the alternation alone creeps (every run used to end
        // at the round limit), the joint ascent has a stationarity test.
        CommOptions ao = opt;
        ao.max_outer_iterations = std::min(opt.max_outer_iterations, 10);
        res = alternate(p, alg, ao, rng, true, v0, bs, val, irs);
        const int limit = static_cast<int>(std::min<Index>(100000, 200 * (N + p.antennas() * K)));
        // The ascent is local. A b-bit projection of its result (b = 1, 2, 3) with a fresh BS step is a
        // feasible point of the same continuous problem; when one lies higher, the ascent restarts from
        // it (at most `projection_restarts` times), so the continuous design is never below its own
        // projections (docs/comm.md, "Sum rate").
        constexpr int projection_restarts = 3;
        CVec sv = res.v;
        CMat sW = res.W;
        double best = res.objective;
        for (int round = 0;; ++round) {
          const JointAscentResult j = joint_sum_rate_ascent(p, sv, sW, limit, opt.gradient_tolerance);
          res.iterations += j.iterations;
          if (j.value > best) {
            res.v = j.v;
            res.W = j.W;
            best = j.value;
            for (std::size_t i = 1; i < j.history.size(); ++i) res.history.push_back(j.history[i]);
          }
          if (j.value >= best) res.status = j.converged ? OptStatus::converged : OptStatus::iteration_limit;
          double start_value = best;
          for (int b : {1, 2, 3}) {
            const CVec q = quantize_phases(res.v, b);
            const CMat Wq = bs(q, CMat());
            const double fq = rates(p, q, Wq).sum();
            if (fq > start_value) {
              start_value = fq;
              sv = q;
              sW = Wq;
            }
          }
          if (start_value <= best) break;  // no projection lies higher: done
          if (round == projection_restarts) {
            // restarts spent: return the higher feasible point, not certified stationary
            res.v = sv;
            res.W = sW;
            res.history.push_back(start_value);
            res.status = OptStatus::iteration_limit;
            break;
          }
        }
      } else {
        res = alternate(p, alg, opt, rng, true, v0, bs, val, irs);
      }
      break;
    }
    case CommObjective::power_min: {
      IRISAC_REQUIRE(p.sinr_min.size() == K, "power_min needs one SINR target per user (sinr_min)");
      if (p.base_stations() > 1) throw InvalidArgument("optimize(): power_min is single-cell (one BS)");
      // Two-stage initial point (Wu & Zhang (P5)): max Σ_k ‖c_k‖²/(γ_k σ_k²), solved by the chosen algorithm.
      CVec vinit = v0;
      if (opt.initial_v.size() == 0 && alg != CommAlgorithm::codebook && alg != CommAlgorithm::random_phase) {
        const TermObjective f5 = gain_objective(p, (p.sinr_min.cwiseProduct(p.noise_w)).cwiseInverse());
        vinit = phase_step(f5, v0, alg, opt, rng).run.v;
      }
      auto bs = [&](const CVec& v, const CMat&) -> CMat {
        return power_min_precoder(effective_channels(p, v, 0), p.noise_w, p.sinr_min).W;
      };
      auto val = [&](const CVec&, const CMat& W) { return W.squaredNorm(); };
      auto irs = [&](const CVec& v, const CMat& W) {
        return std::make_unique<TermObjective>(TermObjective::ratios(
            TermObjective::Kind::min_ratio, sinr_terms(p, W), sinr_groups(p, p.sinr_min.cwiseInverse()), v,
            opt.smoothing));
      };
      if (alg == CommAlgorithm::sdr) {
        // Wu–Zhang two-stage: SDR for (P5), then (P3) once (the P4 step is not a max–min of quadratics).
        res.maximize = false;
        res.v = vinit;
        res.W = bs(vinit, CMat());
        res.objective = res.W.squaredNorm();
        res.history = {res.objective};
        res.iterations = 1;
      } else {
        res = alternate(p, alg, opt, rng, false, vinit, bs, val, irs);
      }
      const RVec s = sinr(p, res.v, res.W);
      res.residuals.sinr = ((p.sinr_min - s).array() / p.sinr_min.array()).maxCoeff();
      break;
    }
    case CommObjective::decorrelation: {
      if (alg == CommAlgorithm::sdr)
        throw InvalidArgument("optimize(): sdr does not apply to decorrelation (not quadratic); use manifold or bcd");
      auto bs = [&](const CVec& v, const CMat&) -> CMat { return mrt_precoder(effective_channels(p, v, 0), p.power_w); };
      auto val = [&](const CVec& v, const CMat&) { return -DecorrelationObjective(p).value(v); };
      auto irs = [&](const CVec&, const CMat&) { return std::make_unique<DecorrelationObjective>(p); };
      res = alternate(p, alg, opt, rng, false, v0, bs, val, irs);
      break;
    }
    case CommObjective::intercell: {
      IRISAC_REQUIRE(opt.leakage_weight >= 0, "leakage_weight must be ≥ 0 (got ", opt.leakage_weight, ")");
      auto bs = [&](const CVec& v, const CMat&) -> CMat { return per_bs_mrt(p, v); };
      auto val = [&](const CVec& v, const CMat& W) { return objective_value(p, CommObjective::intercell, v, W, opt.leakage_weight); };
      auto irs = [&](const CVec&, const CMat& W) {
        CMat T = sinr_terms(p, W);
        RVec w = RVec::Zero(T.cols());
        for (Index k = 0; k < K; ++k)
          for (Index j = 0; j < K; ++j) {
            if (j == k) w(k * K + j) = 1.0 / p.noise_w(k);
            else if (p.server(j) != p.server(k)) w(k * K + j) = -opt.leakage_weight / p.noise_w(k);
          }
        return std::make_unique<TermObjective>(TermObjective::sum(std::move(T), std::move(w)));
      };
      res = alternate(p, alg, opt, rng, true, v0, bs, val, irs);
      break;
    }
  }
  if (objective != CommObjective::snr) {
    // sanity: the reported objective is the value of the returned design
    res.objective = objective_value(p, objective, res.v, res.W, opt.leakage_weight);
  }
  res.maximize = objective != CommObjective::power_min && objective != CommObjective::decorrelation;
  if ((alg == CommAlgorithm::sdr || opt.bound) && has_joint_bound(objective)) {
    const double jb = *joint_upper_bound(p, objective, res.v);
    res.bound = res.bound ? std::min(*res.bound, jb) : jb;  // snr with sdr: also the KKT certificate
  } else {
    res.bound.reset();
  }
  res.residuals.unit_modulus = unit_modulus_residual(res.v);
  if (objective == CommObjective::power_min) {
    res.residuals.power = 0.0;  // power is the objective, not a constraint
  } else if (objective == CommObjective::multicast) {
    res.residuals.power = (res.W.squaredNorm() - p.power_w) / p.power_w;
  } else {
    res.residuals.power = (bs_power(p, res.W).maxCoeff() - p.power_w) / p.power_w;
  }
  res.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}
}  // namespace

CommResult evaluate_design(const CommProblem& p, CommObjective objective, const CVec& v, const CMat& W,
                           const CommOptions& opt) {
  validate(p);
  IRISAC_REQUIRE(v.size() == p.elements(), "the phases must have N = ", p.elements(), " entries (got ", v.size(), ")");
  IRISAC_REQUIRE(unit_modulus_residual(v) <= 1e-6, "the phases must have unit modulus (max ||v_n| − 1| = ",
                 unit_modulus_residual(v), ")");
  if (W.size() == 0) {
    // the one-candidate codebook: exactly the BS step of each objective, v itself as the start
    CommOptions e = opt;
    e.bits = 0;
    e.bound = false;
    e.codebook = v;
    e.initial_v = v;
    e.max_outer_iterations = 1;
    Rng unused(0);
    CommResult r = optimize_design(p, objective, CommAlgorithm::codebook, e, unused);
    r.v = v;
    r.iterations = 0;
    return r;
  }
  const Index cols = objective == CommObjective::multicast ? 1 : p.users();
  IRISAC_REQUIRE(W.rows() == p.antennas() && W.cols() == cols, "the precoder must be ", p.antennas(), "×", cols,
                 " (got ", W.rows(), "×", W.cols(), ")");
  CommResult r;
  r.v = v;
  r.W = W;
  r.objective = objective_value(p, objective, v, W, opt.leakage_weight);
  r.maximize = objective != CommObjective::power_min && objective != CommObjective::decorrelation;
  r.history = {r.objective};
  r.residuals.unit_modulus = unit_modulus_residual(v);
  r.residuals.power = objective == CommObjective::power_min ? 0.0
                      : objective == CommObjective::multicast ? (W.squaredNorm() - p.power_w) / p.power_w
                                                              : (bs_power(p, W).maxCoeff() - p.power_w) / p.power_w;
  if (objective == CommObjective::power_min && p.sinr_min.size() == p.users())
    r.residuals.sinr = ((p.sinr_min - sinr(p, v, W)).array() / p.sinr_min.array()).maxCoeff();
  return r;
}

Orthogonalization orthogonalize_channels(const CommProblem& p, const CMat& target) {
  validate(p);
  const Index N = p.elements(), M = p.antennas(), K = p.users();
  IRISAC_REQUIRE(K <= M, "orthogonal channels need K ≤ M (got K = ", K, ", M = ", M, ")");
  const CMat& G = p.bs_to_irs[0];
  const CMat& Hd = p.bs_to_user[0];
  CMat Ht = target;
  if (Ht.size() == 0) {
    const CMat H1 = effective_channels(p, CVec::Ones(N), 0);
    Eigen::HouseholderQR<CMat> qr(H1);
    Ht = qr.householderQ() * CMat::Identity(M, K);
    for (Index k = 0; k < K; ++k) Ht.col(k) *= H1.col(k).norm();
  }
  IRISAC_REQUIRE(Ht.rows() == M && Ht.cols() == K, "target must be M×K");
  // A_{(m,k),n} = G_nm^* h_{r,k,n}; unknown y = x^*.
  CMat A(M * K, N);
  CVec rhs(M * K);
  for (Index k = 0; k < K; ++k)
    for (Index m = 0; m < M; ++m) {
      for (Index n = 0; n < N; ++n) A(k * M + m, n) = std::conj(G(n, m)) * p.irs_to_user(n, k);
      rhs(k * M + m) = Ht(m, k) - Hd(m, k);
    }
  const CVec y = A.completeOrthogonalDecomposition().solve(rhs);
  Orthogonalization o;
  o.x = y.conjugate();
  o.H = G.adjoint() * (y.asDiagonal() * p.irs_to_user) + Hd;
  o.residual = (o.H - Ht).norm() / Ht.norm();
  o.passive = o.x.cwiseAbs().maxCoeff() <= 1.0 + 1e-12;
  return o;
}

std::string to_string(CommObjective o) {
  for (const auto& e : objective_table)
    if (e.o == o) return e.name;
  return "?";
}
std::string to_string(CommAlgorithm a) {
  for (const auto& e : algorithm_table)
    if (e.a == a) return e.name;
  return "?";
}
std::string to_string(Precoder p) {
  switch (p) {
    case Precoder::mrt: return "mrt";
    case Precoder::zf: return "zf";
    case Precoder::mmse: return "mmse";
    case Precoder::wmmse: return "wmmse";
  }
  return "?";
}
std::string to_string(OptStatus s) { return s == OptStatus::converged ? "converged" : "iteration_limit"; }
std::optional<CommObjective> parse_objective(const std::string& s) {
  for (const auto& e : objective_table)
    if (s == e.name) return e.o;
  return std::nullopt;
}
std::optional<CommAlgorithm> parse_algorithm(const std::string& s) {
  for (const auto& e : algorithm_table)
    if (s == e.name) return e.a;
  return std::nullopt;
}
std::optional<Precoder> parse_precoder(const std::string& s) {
  for (Precoder p : {Precoder::mrt, Precoder::zf, Precoder::mmse, Precoder::wmmse})
    if (to_string(p) == s) return p;
  return std::nullopt;
}
const std::vector<CommObjective>& all_objectives() {
  static const std::vector<CommObjective> v = [] {
    std::vector<CommObjective> out;
    for (const auto& e : objective_table) out.push_back(e.o);
    return out;
  }();
  return v;
}
const std::vector<CommAlgorithm>& all_algorithms() {
  static const std::vector<CommAlgorithm> v = [] {
    std::vector<CommAlgorithm> out;
    for (const auto& e : algorithm_table) out.push_back(e.a);
    return out;
  }();
  return v;
}
std::string description(CommObjective o) {
  for (const auto& e : objective_table)
    if (e.o == o) return e.text;
  return "";
}
std::string description(CommAlgorithm a) {
  for (const auto& e : algorithm_table)
    if (e.a == a) return e.text;
  return "";
}

}  // namespace irisac
