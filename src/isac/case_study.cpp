#include "irisac/isac/case_study.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/golden_section.hpp"

namespace irisac {

namespace {
using constants::pi;
constexpr double inf = std::numeric_limits<double>::infinity();

void check_gain_args(const char* func, Index m, double kappa, double sigma2) {
  if (m < 1 || !std::isfinite(kappa) || !(sigma2 >= 0.0) || !std::isfinite(sigma2))
    detail::throw_invalid_argument(func, detail::concat("need M >= 1, finite kappa, sigma2 >= 0 (got M=", m,
                                                        ", kappa=", kappa, ", sigma2=", sigma2, ")"));
}

/// Maximiser of f on [a, b]: dense grid then golden section around the best grid point; the ends
/// are candidates too.
template <class F>
double grid_golden_max(F&& f, double a, double b, int grid = 2000) {
  if (b <= a) return a;
  double best_x = a, best_f = f(a);
  const double h = (b - a) / grid;
  for (int i = 1; i <= grid; ++i) {
    const double x = (i == grid) ? b : a + h * i;
    const double fx = f(x);
    if (fx > best_f) { best_f = fx; best_x = x; }
  }
  const double lo = std::max(a, best_x - h), hi = std::min(b, best_x + h);
  const double xg = golden_section_max(f, lo, hi, 80, 1e-13).midpoint;
  return f(xg) > best_f ? xg : best_x;
}
}  // namespace

// ---------------------------------------------------------------------------------------------
namespace {
// Σ_{n=1}^{M−1} w(n) e^{a n²} (a ≤ 0) without one exp per term. Terms are taken in blocks of
// case_study_gain_block; in a block starting at n₀ four interleaved lanes j = 0..3 run the exact
// recurrence e^{a(n+4)²} = e^{an²}·R_n, R_{n+4} = R_n·e^{32a} (R_n = e^{a(8n+16)}), so the loop
// vectorises. The first block (n₀ = 1) starts from q = e^a alone (e^{a}, e^{3a}, e^{24a} are products
// of q, q², q⁸, q¹⁶), later blocks from exact e^{an₀²}, e^{a(2n₀+1)}, e^{a(8n₀+16)}: the M = 64 gain
// needs one exp call instead of 63. Rounding: a relative error δ of q becomes about n²δ in the term
// of index n ≤ 64 within a block start's reach, below 1e-12 (tested against the term-by-term sum to
// 1e-12). Terms with a n² < −690 (< 1e-300) are not summed, so no subnormal arithmetic happens.
constexpr Index case_study_gain_block = 64;
template <class W>
double case_study_gaussian_dirichlet_sum(Index m, double a, W&& w) {
  Index m_eff = m;
  if (a < 0.0) {
    const double n_cut = std::sqrt(690.0 / -a);
    if (n_cut + 1.0 < static_cast<double>(m)) m_eff = static_cast<Index>(n_cut) + 1;
  }
  const double q = std::exp(a), q2 = q * q, q4 = q2 * q2, q8 = q4 * q4, q16 = q8 * q8, q32 = q16 * q16;
  double s = 0.0;
  for (Index n0 = 1; n0 < m_eff; n0 += case_study_gain_block) {
    const Index n1 = std::min(m_eff, n0 + case_study_gain_block);
    const double d0 = static_cast<double>(n0);
    double e[4], r[4], acc[4] = {0.0, 0.0, 0.0, 0.0};
    double step;  // e^{a((n+1)² − n²)} at n = n₀
    if (n0 == 1) {
      e[0] = q;
      r[0] = q16 * q8;
      step = q2 * q;
    } else {
      e[0] = std::exp(a * d0 * d0);
      r[0] = std::exp(a * (8.0 * d0 + 16.0));
      step = std::exp(a * (2.0 * d0 + 1.0));
    }
    for (int j = 1; j < 4; ++j) {
      e[j] = e[j - 1] * step;
      step *= q2;
      r[j] = r[j - 1] * q8;
    }
    const Index full = (n1 - n0) / 4;
    for (Index k = 0; k < full; ++k) {
      const double base = d0 + 4.0 * static_cast<double>(k);
      for (int j = 0; j < 4; ++j) {
        acc[j] += w(base + static_cast<double>(j)) * e[j];
        e[j] *= r[j];
        r[j] *= q32;
      }
    }
    s += (acc[0] + acc[1]) + (acc[2] + acc[3]);
    int j = 0;
    for (Index n = n0 + 4 * full; n < n1; ++n, ++j) s += w(static_cast<double>(n)) * e[j];
  }
  return s;
}
}  // namespace

double array_gain(Index num_elements, double kappa, double sigma2) {
  check_gain_args(__func__, num_elements, kappa, sigma2);
  const double m = static_cast<double>(num_elements);
  if (sigma2 == 0.0 || kappa == 0.0) return m * m;
  const double a = -0.5 * kappa * kappa * sigma2;
  return m + 2.0 * case_study_gaussian_dirichlet_sum(num_elements, a, [m](double dn) { return m - dn; });
}

double normalized_array_gain(Index num_elements, double kappa, double sigma2) {
  const double m = static_cast<double>(num_elements);
  return array_gain(num_elements, kappa, sigma2) / (m * m);
}

double array_gain_large_m(Index num_elements, double kappa, double sigma2) {
  check_gain_args(__func__, num_elements, kappa, sigma2);
  const double m = static_cast<double>(num_elements);
  const double s = std::abs(kappa) * std::sqrt(sigma2);
  if (s * m < 1e-6) return m * m;
  return 2.0 * m *
         (std::sqrt(pi / 2.0) / s * std::erf(s * m / std::sqrt(2.0)) -
          (1.0 - std::exp(-s * s * m * m / 2.0)) / (m * s * s));
}

double array_gain_derivative(Index num_elements, double kappa, double sigma2) {
  check_gain_args(__func__, num_elements, kappa, sigma2);
  const double m = static_cast<double>(num_elements);
  const double a = -0.5 * kappa * kappa * sigma2;
  return -kappa * kappa *
         case_study_gaussian_dirichlet_sum(num_elements, a, [m](double dn) { return (m - dn) * dn * dn; });
}

double misalignment_loss_db(Index num_elements, double kappa, double sigma2) {
  return -10.0 * std::log10(normalized_array_gain(num_elements, kappa, sigma2));
}

double dirichlet_kernel(Index num_elements, double x) {
  IRISAC_REQUIRE(num_elements >= 1, "num_elements must be >= 1 (got ", num_elements, ")");
  const double m = static_cast<double>(num_elements);
  const double den = std::sin(0.5 * x);
  if (std::abs(den) < 1e-9) return m * m;  // x ≡ 0 (mod 2π); |error| ~ M⁴x²/12 ≪ 1e-6
  const double num = std::sin(0.5 * m * x);
  return (num * num) / (den * den);
}

namespace {
// Sample mean and its standard error of f(e) over `samples` draws of e ~ N(0, σ²).
template <class F>
McEstimate mean_over_angle_errors(double sigma2, Index samples, Rng& rng, F&& f) {
  IRISAC_REQUIRE(samples >= 2, "samples must be >= 2 (got ", samples, ")");
  const double sd = std::sqrt(sigma2);
  double sum = 0.0, sum2 = 0.0;
  for (Index i = 0; i < samples; ++i) {
    const double v = f(sd * rng.normal());
    sum += v;
    sum2 += v * v;
  }
  const double n = static_cast<double>(samples);
  const double mean = sum / n;
  const double var = std::max(0.0, (sum2 - n * mean * mean) / (n - 1.0));
  return {mean, std::sqrt(var / n), samples};
}
}  // namespace

McEstimate array_gain_mc(Index num_elements, double kappa, double sigma2, Index samples, Rng& rng) {
  check_gain_args(__func__, num_elements, kappa, sigma2);
  return mean_over_angle_errors(sigma2, samples, rng,
                                [&](double e) { return dirichlet_kernel(num_elements, kappa * e); });
}

double rate_closed_form(Index num_elements, double kappa, double sigma2, double snr) {
  IRISAC_REQUIRE(snr >= 0.0, "snr must be >= 0 (got ", snr, ")");
  return std::log2(1.0 + snr * normalized_array_gain(num_elements, kappa, sigma2));
}

McEstimate ergodic_rate_mc(Index num_elements, double kappa, double sigma2, double snr, Index samples,
                           Rng& rng) {
  check_gain_args(__func__, num_elements, kappa, sigma2);
  IRISAC_REQUIRE(snr >= 0.0, "snr must be >= 0 (got ", snr, ")");
  const double m2 = static_cast<double>(num_elements) * static_cast<double>(num_elements);
  return mean_over_angle_errors(sigma2, samples, rng, [&](double e) {
    return std::log2(1.0 + snr * dirichlet_kernel(num_elements, kappa * e) / m2);
  });
}

// ---------------------------------------------------------------------------------------------
double angle_crb(double echo_snr, double theta, Index rx_antennas) {
  IRISAC_REQUIRE(echo_snr > 0.0, "echo SNR must be > 0 (got ", echo_snr, ")");
  IRISAC_REQUIRE(rx_antennas >= 2, "rx_antennas must be >= 2 (got ", rx_antennas, ")");
  IRISAC_REQUIRE(std::abs(theta) < pi / 2.0, "|theta| must be < pi/2 (got ", theta, ")");
  const double n = static_cast<double>(rx_antennas);
  const double c = std::cos(theta);
  return 6.0 / (echo_snr * pi * pi * c * c * (n * n - 1.0));
}

double fuse_variance(double prior_var, double measurement_var) {
  IRISAC_REQUIRE(prior_var > 0.0 && measurement_var > 0.0, "variances must be > 0 (got ", prior_var, ", ",
                 measurement_var, ")");
  if (std::isinf(measurement_var)) return prior_var;
  return 1.0 / (1.0 / prior_var + 1.0 / measurement_var);
}

double riccati_steady_prior(double process_var, double measurement_var) {
  IRISAC_REQUIRE(process_var >= 0.0 && measurement_var > 0.0, "need q >= 0, sigma_m2 > 0 (got ", process_var,
                 ", ", measurement_var, ")");
  const double q = process_var;
  return 0.5 * (q + std::sqrt(q * q + 4.0 * q * measurement_var));
}

// ---------------------------------------------------------------------------------------------
std::string scheme_name(Scheme s) {
  switch (s) {
    case Scheme::proposed: return "proposed";
    case Scheme::without_sensing: return "wo_s";
    case Scheme::without_communication: return "wo_c";
    case Scheme::without_both: return "wo_sc";
  }
  return "unknown";
}
std::vector<Scheme> all_schemes() {
  return {Scheme::proposed, Scheme::without_sensing, Scheme::without_communication, Scheme::without_both};
}
bool uses_sensing_for_phase(Scheme s) noexcept {
  return s == Scheme::proposed || s == Scheme::without_communication;
}
bool uses_comm_echo(Scheme s) noexcept { return s == Scheme::proposed || s == Scheme::without_sensing; }

CaseStudy::CaseStudy(CaseStudyParams p) : p_(p) {
  IRISAC_REQUIRE(p_.irs_elements >= 1, "irs_elements must be >= 1 (got ", p_.irs_elements, ")");
  IRISAC_REQUIRE(p_.rx_antennas >= 2, "rx_antennas must be >= 2 (got ", p_.rx_antennas, ")");
  IRISAC_REQUIRE(std::abs(p_.theta) < pi / 2.0, "|theta| must be < pi/2 (got ", p_.theta, ")");
  IRISAC_REQUIRE(p_.sigma_p > 0.0, "sigma_p must be > 0 (got ", p_.sigma_p, ")");
  IRISAC_REQUIRE(p_.comm_snr > 0.0 && p_.echo_snr > 0.0, "SNRs must be > 0 (got ", p_.comm_snr, ", ",
                 p_.echo_snr, ")");
  IRISAC_REQUIRE(p_.eta >= 0.0 && p_.eta <= 1.0, "eta must be in [0, 1] (got ", p_.eta, ")");
  IRISAC_REQUIRE(p_.slot > 0.0, "slot must be > 0 (got ", p_.slot, ")");
  IRISAC_REQUIRE(p_.reflect_fraction > 0.0 && p_.reflect_fraction <= 1.0,
                 "reflect_fraction must be in (0, 1] (got ", p_.reflect_fraction, ")");
  IRISAC_REQUIRE(p_.joint_reflect_fraction >= 0.0 && p_.joint_reflect_fraction <= 1.0,
                 "joint_reflect_fraction must be in [0, 1] (got ", p_.joint_reflect_fraction, ")");
  IRISAC_REQUIRE(p_.mc_samples >= 2, "mc_samples must be >= 2 (got ", p_.mc_samples, ")");
  kappa_c_ = pi * std::cos(p_.theta);
  kappa_s_ = 2.0 * pi * std::cos(p_.theta);
  rho_eff_ = p_.echo_snr * p_.reflect_fraction * gain_sense(p_.sigma_p * p_.sigma_p);
  crb_unit_ = angle_crb(1.0, p_.theta, p_.rx_antennas);
  if (p_.rate_model == RateModel::monte_carlo) {
    Rng rng(p_.mc_seed, 0, 0, 0x5a7e);
    normals_.resize(static_cast<std::size_t>(p_.mc_samples));
    for (auto& z : normals_) z = rng.normal();
  }
}

double CaseStudy::gain_comm(double sigma2) const {
  return normalized_array_gain(p_.irs_elements, kappa_c_, sigma2);
}
double CaseStudy::gain_sense(double sigma2) const {
  return normalized_array_gain(p_.irs_elements, kappa_s_, sigma2);
}

double CaseStudy::sensing_snr(Scheme s, double tau_s, double tau_c) const {
  const double eta = uses_comm_echo(s) ? p_.eta : 0.0;
  return rho_eff_ * (tau_s + eta * tau_c);
}

double CaseStudy::posterior_variance(double gamma) const {
  const double prior = p_.sigma_p * p_.sigma_p;
  if (!(gamma > 0.0)) return prior;
  // = fuse_variance(prior, angle_crb(gamma, θ, N_r)), with the constant part of the CRB cached
  // (the objective's inner loop: no cos and argument checks per evaluation)
  return 1.0 / (1.0 / prior + gamma / crb_unit_);
}

double CaseStudy::rate_given_variance(double sigma2) const {
  if (p_.rate_model == RateModel::closed_form)
    return rate_closed_form(p_.irs_elements, kappa_c_, sigma2, p_.comm_snr);
  const double m2 = static_cast<double>(p_.irs_elements) * static_cast<double>(p_.irs_elements);
  const double sd = std::sqrt(sigma2);
  double sum = 0.0;
  for (double z : normals_)
    sum += std::log2(1.0 + p_.comm_snr * dirichlet_kernel(p_.irs_elements, kappa_c_ * sd * z) / m2);
  return sum / static_cast<double>(normals_.size());
}

double CaseStudy::comm_rate(Scheme s, double gamma) const {
  if (!uses_sensing_for_phase(s)) return prior_rate();
  return rate_given_variance(posterior_variance(gamma));
}

double CaseStudy::objective(Scheme s, double tau_s, double tau_c) const {
  return tau_c * comm_rate(s, sensing_snr(s, tau_s, tau_c)) / p_.slot;
}

double CaseStudy::max_comm_time(Scheme s, double gamma_th) const {
  const double eta = uses_comm_echo(s) ? p_.eta : 0.0;
  if (!feasible(gamma_th)) return 0.0;
  if (gamma_th <= eta * rho_eff_ * p_.slot) return p_.slot;
  return std::clamp((p_.slot - gamma_th / rho_eff_) / (1.0 - eta), 0.0, p_.slot);
}

// ---------------------------------------------------------------------------------------------
namespace {
[[noreturn]] void throw_infeasible(const CaseStudy& cs, double gamma_th) {
  throw Infeasible(detail::concat("case study: sensing requirement ", gamma_th,
                                  " exceeds the largest feasible rho'T = ", cs.max_requirement()));
}
}  // namespace

TimeAllocation optimal_time_allocation(const CaseStudy& cs, Scheme s, double gamma_th, AllocationMethod method,
                                       const PolyblockOptions& opts) {
  IRISAC_REQUIRE(gamma_th >= 0.0, "gamma_th must be >= 0 (got ", gamma_th, ")");
  if (!cs.feasible(gamma_th)) throw_infeasible(cs, gamma_th);
  const double t = cs.params().slot;
  TimeAllocation out;
  if (method == AllocationMethod::automatic && !uses_sensing_for_phase(s)) {
    // r = r_prior whatever Γ: R = τ_c r_prior/T is maximal at τ_c = τ_c^max (CSM §4.12).
    out.tau_c = cs.max_comm_time(s, gamma_th);
    out.tau_s = t - out.tau_c;
    out.rate = cs.objective(s, out.tau_s, out.tau_c);
    out.upper_bound = out.rate;
    out.iterations = 1;
  } else if (method == AllocationMethod::boundary_search || method == AllocationMethod::automatic) {
    const double tc_max = cs.max_comm_time(s, gamma_th);
    auto f = [&](double tc) { return cs.objective(s, t - tc, tc); };
    const double tc = grid_golden_max(f, 0.0, tc_max);
    out.tau_c = tc;
    out.tau_s = t - tc;
    out.rate = f(tc);
    out.upper_bound = out.rate;
    out.iterations = 2000;
  } else {
    const double eta = uses_comm_echo(s) ? cs.params().eta : 0.0;
    const double rho = cs.effective_echo_snr();
    PolyblockProblem pb;
    pb.dimension = 2;  // x = (τ_s, τ_c)
    pb.objective = [&](const RVec& x) { return cs.objective(s, x[0], x[1]); };
    // ℋ: Γ ≥ Γ_th, with a relative slack of 1e-12 so that boundary points count as feasible.
    pb.in_conormal = [&, eta, rho](const RVec& x) {
      return rho * (x[0] + eta * x[1]) >= gamma_th * (1.0 - 1e-12);
    };
    pb.normal_scale = [t](const RVec& x) { return simplex_scale(x, RVec::Ones(2), t); };
    pb.upper_corner = RVec::Constant(2, t);
    // feasible seed: all sensing (Γ = ρ'T ≥ Γ_th, checked above), no data
    pb.initial_points.push_back((RVec(2) << t, 0.0).finished());
    const PolyblockResult r = polyblock_maximize(pb, opts);
    if (r.status == PolyblockStatus::infeasible) throw_infeasible(cs, gamma_th);
    out.tau_s = r.x[0];
    out.tau_c = r.x[1];
    out.rate = r.value;
    out.upper_bound = r.upper_bound;
    out.iterations = r.iterations;
    out.status = r.status;
  }
  out.sensing_snr = cs.sensing_snr(s, out.tau_s, out.tau_c);
  return out;
}

double rate_without_sensing_closed_form(const CaseStudy& cs, double gamma_th) {
  if (!cs.feasible(gamma_th)) throw_infeasible(cs, gamma_th);
  return cs.max_comm_time(Scheme::without_sensing, gamma_th) * cs.prior_rate() / cs.params().slot;
}

double rate_without_both_closed_form(const CaseStudy& cs, double gamma_th) {
  if (!cs.feasible(gamma_th)) throw_infeasible(cs, gamma_th);
  const double t = cs.params().slot;
  return (t - gamma_th / cs.effective_echo_snr()) * cs.prior_rate() / t;
}

OuterBound outer_bound(const CaseStudy& cs) {
  OuterBound b;
  const double t = cs.params().slot;
  b.s1 = cs.max_requirement();
  b.c1 = cs.prior_rate();
  b.s2 = cs.effective_echo_snr() * (1.0 + cs.params().eta) * t;
  b.c2 = cs.rate_given_variance(cs.posterior_variance(b.s1));
  return b;
}

// ---------------------------------------------------------------------------------------------
namespace {
struct TwoStage {
  double r1, sp2, sm1_inv;  // r₁, σ_p², 1/σ_m1²
};
TwoStage two_stage_terms(const CaseStudy& cs) {
  const auto& p = cs.params();
  const double sp2 = p.sigma_p * p.sigma_p;
  const double er = p.joint_reflect_fraction;
  const double r1 = std::log2(1.0 + p.comm_snr * (1.0 - er) * cs.gain_comm(sp2));
  const double gamma1 = p.echo_snr * er * cs.gain_sense(sp2);
  const double sm1_inv = gamma1 > 0.0 ? 1.0 / angle_crb(gamma1, p.theta, p.rx_antennas) : 0.0;
  return {r1, sp2, sm1_inv};
}
}  // namespace

double two_stage_rate(const CaseStudy& cs, double tau) {
  IRISAC_REQUIRE(tau >= 0.0 && tau <= 1.0, "tau must be in [0, 1] (got ", tau, ")");
  const TwoStage ts = two_stage_terms(cs);
  const double s2 = 1.0 / (1.0 / ts.sp2 + tau * ts.sm1_inv);
  return tau * ts.r1 + (1.0 - tau) * cs.rate_given_variance(s2);
}

JointStageAnalysis joint_stage_analysis(const CaseStudy& cs) {
  const auto& p = cs.params();
  const TwoStage ts = two_stage_terms(cs);
  const double gc = cs.gain_comm(ts.sp2);
  const double m2 = static_cast<double>(p.irs_elements) * static_cast<double>(p.irs_elements);
  const double dgc = array_gain_derivative(p.irs_elements, cs.kappa_comm(), ts.sp2) / m2;  // g_c'(σ_p²)
  JointStageAnalysis a;
  a.gain = p.comm_snr / std::numbers::ln2 * (-dgc) / (1.0 + p.comm_snr * gc) * ts.sp2 * ts.sp2 * ts.sm1_inv;
  a.pure_comm_value = std::log2(1.0 + p.comm_snr * gc);
  a.loss = a.pure_comm_value - ts.r1;
  a.worth_it = a.gain > a.loss;
  a.best_tau = grid_golden_max([&](double tau) { return two_stage_rate(cs, tau); }, 0.0, 1.0, 1000);
  a.best_value = two_stage_rate(cs, a.best_tau);
  if (a.best_value <= a.pure_comm_value) {
    a.best_tau = 0.0;
    a.best_value = a.pure_comm_value;
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
namespace {
void check_chain(const std::vector<CaseStudy>& v) {
  IRISAC_REQUIRE(!v.empty(), "need at least one vehicle");
  for (const auto& c : v)
    IRISAC_REQUIRE(c.params().slot == v.front().params().slot && c.params().eta == v.front().params().eta,
                   "all vehicles must share T and eta");
}
double chain_gamma(const std::vector<CaseStudy>& v, bool cyclic, const RVec& x, std::size_t k) {
  const auto kk = static_cast<Index>(v.size());
  const auto ki = static_cast<Index>(k);
  double prev_c = 0.0;
  if (ki > 0) prev_c = x[kk + ki - 1];
  else if (cyclic) prev_c = x[2 * kk - 1];
  return v[k].effective_echo_snr() * (x[ki] + v[k].params().eta * prev_c);
}
}  // namespace

bool chain_feasible(const std::vector<CaseStudy>& vehicles, double gamma_th, bool /*cyclic*/) {
  check_chain(vehicles);
  double need = 0.0;
  for (const auto& c : vehicles) need += gamma_th / c.effective_echo_snr();
  return need <= vehicles.front().params().slot * (1.0 + 1e-12);
}

double chain_objective(const std::vector<CaseStudy>& vehicles, double gamma_th, bool cyclic, const RVec& x) {
  check_chain(vehicles);
  const auto kk = static_cast<Index>(vehicles.size());
  IRISAC_REQUIRE(x.size() == 2 * kk, "x must have 2K entries (got ", x.size(), ")");
  double sum = 0.0;
  for (std::size_t k = 0; k < vehicles.size(); ++k) {
    const double g = chain_gamma(vehicles, cyclic, x, k);
    if (g < gamma_th * (1.0 - 1e-12)) return -inf;
    sum += x[kk + static_cast<Index>(k)] * vehicles[k].comm_rate(Scheme::proposed, g);
  }
  return sum / vehicles.front().params().slot;
}

ChainAllocation chain_allocation_polyblock(const std::vector<CaseStudy>& vehicles, double gamma_th, bool cyclic,
                                           const PolyblockOptions& opts) {
  check_chain(vehicles);
  if (!chain_feasible(vehicles, gamma_th, cyclic))
    throw Infeasible(detail::concat("case study chain: requirement ", gamma_th, " infeasible for ",
                                    vehicles.size(), " vehicles"));
  const auto kk = static_cast<Index>(vehicles.size());
  const double t = vehicles.front().params().slot;
  PolyblockProblem pb;
  pb.dimension = 2 * kk;
  pb.objective = [&](const RVec& x) {
    double sum = 0.0;
    for (std::size_t k = 0; k < vehicles.size(); ++k)
      sum += x[kk + static_cast<Index>(k)] *
             vehicles[k].comm_rate(Scheme::proposed, chain_gamma(vehicles, cyclic, x, k));
    return sum / t;
  };
  pb.in_conormal = [&](const RVec& x) {
    for (std::size_t k = 0; k < vehicles.size(); ++k)
      if (chain_gamma(vehicles, cyclic, x, k) < gamma_th * (1.0 - 1e-12)) return false;
    return true;
  };
  pb.normal_scale = [t, kk](const RVec& x) { return simplex_scale(x, RVec::Ones(2 * kk), t); };
  pb.upper_corner = RVec::Constant(2 * kk, t);
  {  // a feasible seed: t_s,k = Γ_th/ρ'_k (no assistance needed), the rest shared equally by the t_c,k
    RVec x0(2 * kk);
    double used = 0.0;
    for (Index k = 0; k < kk; ++k) used += (x0[k] = gamma_th / vehicles[static_cast<std::size_t>(k)].effective_echo_snr());
    x0.tail(kk).setConstant(std::max(0.0, t - used) / static_cast<double>(kk) * (1.0 - 1e-12));
    pb.initial_points.push_back(std::move(x0));
  }
  const PolyblockResult r = polyblock_maximize(pb, opts);
  if (r.status == PolyblockStatus::infeasible)
    throw Infeasible("case study chain: polyblock found no feasible point");
  if (r.x.size() == 0)
    throw NumericalError(detail::concat("case study chain: polyblock found no feasible point within ", r.iterations,
                                        " iterations"));
  ChainAllocation out;
  for (Index k = 0; k < kk; ++k) {
    out.tau_s.push_back(r.x[k]);
    out.tau_c.push_back(r.x[kk + k]);
  }
  out.rate = r.value;
  out.upper_bound = r.upper_bound;
  out.iterations = r.iterations;
  out.status = r.status;
  return out;
}

ChainAllocation chain_allocation_grid(const std::vector<CaseStudy>& vehicles, double gamma_th, bool cyclic,
                                      Index grid) {
  check_chain(vehicles);
  const auto kk = static_cast<Index>(vehicles.size());
  IRISAC_REQUIRE(kk <= 2, "exhaustive search supports K <= 2 (got ", kk, ")");
  IRISAC_REQUIRE(grid >= 4, "grid must be >= 4 (got ", grid, ")");
  if (!chain_feasible(vehicles, gamma_th, cyclic))
    throw Infeasible(detail::concat("case study chain: requirement ", gamma_th, " infeasible"));
  const double t = vehicles.front().params().slot;
  const Index n = 2 * kk;
  auto f = [&](const RVec& x) { return chain_objective(vehicles, gamma_th, cyclic, x); };
  // Enumerate the face Σx = T on a grid of step T/grid (the optimum lies on it: f increasing).
  RVec best = RVec::Zero(n);
  double best_f = -inf;
  RVec x(n);
  std::vector<Index> idx(static_cast<std::size_t>(n - 1), 0);
  std::function<void(Index, Index)> rec = [&](Index d, Index left) {
    if (d == n - 1) {
      for (Index i = 0; i < n - 1; ++i) x[i] = t * static_cast<double>(idx[static_cast<std::size_t>(i)]) /
                                                 static_cast<double>(grid);
      x[n - 1] = t * static_cast<double>(left) / static_cast<double>(grid);
      const double v = f(x);
      if (v > best_f) { best_f = v; best = x; }
      return;
    }
    for (Index i = 0; i <= left; ++i) {
      idx[static_cast<std::size_t>(d)] = i;
      rec(d + 1, left - i);
    }
  };
  rec(0, grid);
  // Refine: pairwise mass transfers between coordinates (stays on the face), shrinking steps.
  double step = t / static_cast<double>(grid);
  while (step > 1e-9) {
    bool improved = false;
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < n; ++j) {
        if (i == j) continue;
        RVec y = best;
        const double d = std::min(step, y[j]);
        if (d <= 0.0) continue;
        y[i] += d;
        y[j] -= d;
        const double v = f(y);
        if (v > best_f + 1e-15) { best_f = v; best = y; improved = true; }
      }
    if (!improved) step *= 0.5;
  }
  ChainAllocation out;
  for (Index k = 0; k < kk; ++k) {
    out.tau_s.push_back(best[k]);
    out.tau_c.push_back(best[kk + k]);
  }
  out.rate = best_f;
  out.upper_bound = best_f;
  out.iterations = 0;
  return out;
}

}  // namespace irisac
