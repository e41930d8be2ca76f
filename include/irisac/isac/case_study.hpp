#pragma once
/// \file The article's case study "mutual assistance between sensing and communication" (Meng, Wu,
/// Masouros, Chen, Li, IEEE Wireless Commun. 31(5), 2024, §IV-D, Fig. 4), as reconstructed in
/// shared/reference/case-study-model.md (cited below as "CSM §x"). Everything beyond the article's
/// text is a reconstruction (companion papers P1 arXiv:2211.11475, P2 arXiv:2212.12909 are public
/// only as abstracts); every reconstructed choice is a field of CaseStudyParams with the document's
/// default. See docs/case-study.md.
///
/// Normalised model (CSM §4.6–§4.12, "Model B"): one slot of length T serves vehicle k for τ_c
/// (IRS k refracts, IRS k+1 reflects the same signal back: communication-assisted sensing with
/// efficiency η) and senses vehicle k+1 for τ_s (dedicated sensing, IRS k+1 reflects).
///   Γ(τ_s, τ_c) = ρ'(τ_s + η τ_c),  ρ' = ρ ε_r g_s(σ_p²)               accumulated echo SNR
///   σ_c² = (σ_p⁻² + CRB(Γ)⁻¹)⁻¹                                         posterior angle variance
///   r(Γ) = log2(1 + γ̄ g_c(σ_c²))                                       rate per unit time
///   max τ_c r(Γ)/T  s.t. τ_s + τ_c ≤ T,  Γ ≥ Γ_th                        (P2: monotonic optimisation)
#include <cstdint>
#include <string>
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/core/types.hpp"
#include "irisac/isac/polyblock.hpp"

namespace irisac {

// ---------------------------------------------------------------------------------------------
// Array gain under Gaussian angle uncertainty (CSM §4.7)
// ---------------------------------------------------------------------------------------------

/// Expected array gain of an M-element ULA whose phase slope per element is κ·e, e ~ N(0, σ²):
///
///   G(M, κ, σ²) = E|Σ_{m=0}^{M−1} e^{jκme}|² = M + 2 Σ_{n=1}^{M−1} (M−n) e^{−κ²n²σ²/2}
///
/// (Gaussian characteristic function; CSM §4.7, closed form of P2 "echo power / rate under
/// uncertain angle information", reconstructed). G ∈ [M, M²]; G(σ² = 0) = M². Depends on (κ, σ)
/// only through κσ. O(M).
/// \param num_elements M ≥ 1
/// \param kappa        phase slope per element and per radian of error [rad/rad] (π cos θ for
///                     one-way refraction, 2π cos θ for two-way retro-reflection)
/// \param sigma2       angle-error variance σ² [rad²], ≥ 0
[[nodiscard]] double array_gain(Index num_elements, double kappa, double sigma2);

/// Normalised gain g = G/M² ∈ [1/M, 1] (the misalignment loss factor).
[[nodiscard]] double normalized_array_gain(Index num_elements, double kappa, double sigma2);

/// Large-M form of array_gain() (integral of the sum, trapezoid end corrections), s = κσ:
///   G ≈ 2M [ √(π/2)/s · erf(sM/√2) − (1 − e^{−s²M²/2})/(M s²) ].  Returns M² at s = 0.
[[nodiscard]] double array_gain_large_m(Index num_elements, double kappa, double sigma2);

/// ∂G/∂σ² = −κ² Σ_{n=1}^{M−1} (M−n) n² e^{−κ²n²σ²/2}  (≤ 0). Divide by M² for g'(σ²) of CSM §5.
[[nodiscard]] double array_gain_derivative(Index num_elements, double kappa, double sigma2);

/// Misalignment loss −10 log10 g [dB] (≥ 0).
[[nodiscard]] double misalignment_loss_db(Index num_elements, double kappa, double sigma2);

/// Dirichlet kernel |Σ_{m=0}^{M−1} e^{jxm}|² = sin²(Mx/2)/sin²(x/2), with the limit M² at x = 0
/// (mod 2π).
[[nodiscard]] double dirichlet_kernel(Index num_elements, double x);

/// Sample mean and its standard error.
struct McEstimate {
  double mean = 0.0;
  double std_error = 0.0;
  Index samples = 0;
};

/// Monte Carlo estimate of G(M, κ, σ²): mean of dirichlet_kernel(M, κe), e ~ N(0, σ²).
[[nodiscard]] McEstimate array_gain_mc(Index num_elements, double kappa, double sigma2, Index samples,
                                       Rng& rng);

/// Closed-form ("expected-SNR", Jensen) rate under angle uncertainty (CSM §4.9):
///   r = log2(1 + γ̄ g(σ²))  [bps/Hz]. By Jensen an upper bound on ergodic_rate_mc().
[[nodiscard]] double rate_closed_form(Index num_elements, double kappa, double sigma2, double snr);

/// Monte Carlo ergodic rate E_e[log2(1 + γ̄ |Σ_m e^{jκme}|²/M²)], e ~ N(0, σ²) [bps/Hz].
[[nodiscard]] McEstimate ergodic_rate_mc(Index num_elements, double kappa, double sigma2, double snr,
                                         Index samples, Rng& rng);

// ---------------------------------------------------------------------------------------------
// Angle estimation accuracy and fusion (CSM §4.8)
// ---------------------------------------------------------------------------------------------

/// Deterministic CRB of the angle θ from an echo through a centred N_r-element half-wavelength ULA
/// with unknown complex gain and known waveform (CSM §4.8.1):
///   CRB(θ) = 6 / (Γ π² cos²θ (N_r² − 1))  [rad²],  Γ the accumulated post-array echo SNR (linear).
/// Equals the classical 6/(L·SNR·N(N²−1)π² cos²θ) with Γ = L·N·SNR.
/// \throws InvalidArgument if Γ ≤ 0, N_r < 2 or |θ| ≥ π/2.
[[nodiscard]] double angle_crb(double echo_snr, double theta, Index rx_antennas);

/// Scalar Kalman fusion of a prior and a measurement: (σ_p⁻² + σ_m⁻²)⁻¹. σ_m² = +∞ returns σ_p².
[[nodiscard]] double fuse_variance(double prior_var, double measurement_var);

/// Steady-state prior variance of a random walk with per-visit process variance q and one
/// measurement of variance σ_m² per visit (scalar Riccati, CSM §4.8.2):
///   σ_p² = (q + √(q² + 4qσ_m²))/2,  the fixed point of σ_p² = (σ_p⁻² + σ_m⁻²)⁻¹ + q.
[[nodiscard]] double riccati_steady_prior(double process_var, double measurement_var);

// ---------------------------------------------------------------------------------------------
// The case-study model (Model B, CSM §4.5–§4.12)
// ---------------------------------------------------------------------------------------------

enum class RateModel { closed_form, monte_carlo };

/// The four schemes of Fig. 4 (CSM §4.12).
enum class Scheme { proposed, without_sensing, without_communication, without_both };

/// Stable snake_case names: "proposed", "wo_s", "wo_c", "wo_sc".
[[nodiscard]] std::string scheme_name(Scheme s);
[[nodiscard]] std::vector<Scheme> all_schemes();
/// Sensing results used for the communication phase design (w/o s and w/o s&c: prior only).
[[nodiscard]] bool uses_sensing_for_phase(Scheme s) noexcept;
/// Communication signal counted as echo (w/o c and w/o s&c: η = 0).
[[nodiscard]] bool uses_comm_echo(Scheme s) noexcept;

/// All parameters, SI and linear. Defaults are CSM §7.2; [R] = reconstructed modelling choice.
struct CaseStudyParams {
  Index irs_elements = 64;          ///< M, elements of each vehicle's IRS (ULA along the road) [R]
  Index rx_antennas = 16;           ///< N_r, BS receive ULA (half-wavelength) [R]
  double theta = 0.5235987755982988;       ///< vehicle angle from BS broadside [rad], 30° [R]
  double sigma_p = 0.02617993877991494;    ///< prior (prediction) angle std [rad], 1.5° [R]
  double comm_snr = 100.0;          ///< γ̄, communication SNR with perfect alignment (20 dB) [R]
  double echo_snr = 316.22776601683796;    ///< ρ, echo SNR per full slot, perfect alignment (25 dB) [R]
  double eta = 0.3;                 ///< η ∈ [0, 1], communication-assist echo efficiency [R]
  double slot = 1.0;                ///< T, slot length (normalised) [R]
  double reflect_fraction = 1.0;    ///< ε_r, reflected power fraction in reflect sub-slots [R]
  double joint_reflect_fraction = 0.5;  ///< ε_r of the P1 joint S&C stage (IOS split) [R]
  RateModel rate_model = RateModel::closed_form;  ///< closed form (default) or MC ergodic [R]
  Index mc_samples = 2048;          ///< samples of the MC ergodic rate (common random numbers)
  std::uint64_t mc_seed = 1;        ///< seed of those samples
};

/// Immutable case-study model: derived quantities and the rate function. Thread-safe.
class CaseStudy {
 public:
  /// \throws InvalidArgument on out-of-range parameters.
  explicit CaseStudy(CaseStudyParams p);

  [[nodiscard]] const CaseStudyParams& params() const noexcept { return p_; }
  /// κ_c = π cos θ (one-way refraction) and κ_s = 2π cos θ (two-way retro-reflection).
  [[nodiscard]] double kappa_comm() const noexcept { return kappa_c_; }
  [[nodiscard]] double kappa_sense() const noexcept { return kappa_s_; }
  /// g_c(σ²) and g_s(σ²).
  [[nodiscard]] double gain_comm(double sigma2) const;
  [[nodiscard]] double gain_sense(double sigma2) const;
  /// ρ' = ρ ε_r g_s(σ_p²): expected echo SNR per unit of reflecting time (CSM §4.7).
  [[nodiscard]] double effective_echo_snr() const noexcept { return rho_eff_; }
  /// Γ_max = ρ'T: the largest feasible sensing requirement (all schemes, CSM §4.10).
  [[nodiscard]] double max_requirement() const noexcept { return rho_eff_ * p_.slot; }
  [[nodiscard]] bool feasible(double gamma_th) const noexcept { return gamma_th <= max_requirement(); }
  /// Accumulated echo SNR Γ = ρ'(τ_s + η τ_c) (η → 0 for schemes without communication assistance).
  [[nodiscard]] double sensing_snr(Scheme s, double tau_s, double tau_c) const;
  /// Posterior angle variance after an echo of SNR Γ (Γ = 0: the prior).
  [[nodiscard]] double posterior_variance(double gamma) const;
  /// Rate per unit communication time when the phase is designed with angle variance σ²
  /// (closed form or MC ergodic, per params().rate_model) [bps/Hz].
  [[nodiscard]] double rate_given_variance(double sigma2) const;
  /// Rate per unit communication time r(Γ) for scheme s [bps/Hz] (r_prior for w/o s, w/o s&c).
  [[nodiscard]] double comm_rate(Scheme s, double gamma) const;
  /// r_prior = rate with the prior only.
  [[nodiscard]] double prior_rate() const { return rate_given_variance(p_.sigma_p * p_.sigma_p); }
  /// Objective R(τ_s, τ_c) = τ_c r(Γ(τ_s, τ_c))/T [bps/Hz].
  [[nodiscard]] double objective(Scheme s, double tau_s, double tau_c) const;
  /// τ_c^max on the boundary τ_s + τ_c = T: T if Γ_th ≤ ηρ'T, else (T − Γ_th/ρ')/(1 − η).
  [[nodiscard]] double max_comm_time(Scheme s, double gamma_th) const;

 private:
  CaseStudyParams p_;
  double kappa_c_ = 0.0, kappa_s_ = 0.0, rho_eff_ = 0.0;
  double crb_unit_ = 0.0;  ///< angle_crb(1, θ, N_r): CRB(Γ) = crb_unit_/Γ

  std::vector<double> normals_;  ///< common random numbers of the MC rate model
};

/// How optimal_time_allocation() solves Model B.
///  - polyblock: the general monotonic-optimisation method (2-D polyblock outer approximation, ε-optimal
///    with a certified upper bound);
///  - boundary_search: the exact 1-D search on the face τ_s + τ_c = T (every scheme's objective is
///    non-decreasing in τ_s and τ_c, so an optimum lies there): 2000-point grid over τ_c ∈ [0, τ_c^max]
///    plus golden section to 1e-13;
///  - automatic: the problem is 1-D, so the 1-D solver: the closed forms for w/o s and w/o s&c (their
///    rate does not depend on Γ, the optimum is τ_c = τ_c^max) and boundary_search for the others.
enum class AllocationMethod { polyblock, boundary_search, automatic };

/// Optimal time allocation of one scheme.
struct TimeAllocation {
  double tau_s = 0.0;      ///< dedicated sensing time
  double tau_c = 0.0;      ///< communication time
  double rate = 0.0;       ///< R = τ_c r(Γ)/T [bps/Hz]
  double sensing_snr = 0.0;  ///< achieved Γ
  double upper_bound = 0.0;  ///< POA upper bound (= rate for the boundary search)
  Index iterations = 0;
  PolyblockStatus status = PolyblockStatus::converged;
};

/// Solves the Model B problem (CSM §4.10) for scheme s at requirement Γ_th (linear).
/// \throws Infeasible if Γ_th > ρ'T (all schemes share this condition).
[[nodiscard]] TimeAllocation optimal_time_allocation(const CaseStudy& cs, Scheme s, double gamma_th,
                                                     AllocationMethod method = AllocationMethod::automatic,
                                                     const PolyblockOptions& opts = {});

/// Closed form of w/o s-assistance: R = τ_c^max r_prior / T (CSM §4.12). \throws Infeasible.
[[nodiscard]] double rate_without_sensing_closed_form(const CaseStudy& cs, double gamma_th);
/// Closed form of w/o s&c-assistance: R = (T − Γ_th/ρ') r_prior / T. \throws Infeasible.
[[nodiscard]] double rate_without_both_closed_form(const CaseStudy& cs, double gamma_th);

// ---------------------------------------------------------------------------------------------
// Outer bound of the article's §IV-C (reconstruction, see docs/case-study.md)
// ---------------------------------------------------------------------------------------------

/// S1, C1: all resources to sensing / to communication, no assistance; S2: sensing with all time
/// dedicated AND the whole slot's communication echo counted (uses C1's signal); C2: communication
/// for the whole slot with the phase designed from S1's estimate.
///   S1 = ρ'T,  C1 = r_prior,  S2 = ρ'(1 + η)T,  C2 = log2(1 + γ̄ g_c((σ_p⁻² + CRB(S1)⁻¹)⁻¹)).
/// The box [0, S2] × [0, C2] contains every achievable (Γ, R) of Model B.
struct OuterBound {
  double s1 = 0.0, c1 = 0.0, s2 = 0.0, c2 = 0.0;
};
[[nodiscard]] OuterBound outer_bound(const CaseStudy& cs);

// ---------------------------------------------------------------------------------------------
// P1 two-stage protocol: is the joint S&C stage worth it? (CSM §5)
// ---------------------------------------------------------------------------------------------

/// U(τ) = τ r₁ + (1 − τ) r₂(σ²(τ)) on one block of unit length, with r₁ = log2(1 + γ̄(1−ε_r)g_c(σ_p²)),
/// r₂(σ²) = log2(1 + γ̄ g_c(σ²)), σ²(τ) = (σ_p⁻² + τ σ_m1⁻²)⁻¹, σ_m1² = CRB(ρ ε_r g_s(σ_p²)).
/// The joint stage is useful iff U'(0) > 0, i.e. gain > loss with
///   gain = γ̄/ln2 · (−g_c'(σ_p²))/(1 + γ̄ g_c(σ_p²)) · σ_p⁴/σ_m1²,  loss = r₂(σ_p²) − r₁.
struct JointStageAnalysis {
  double gain = 0.0;        ///< rate gain from sensing (first term)
  double loss = 0.0;        ///< loss from the time/power split
  bool worth_it = false;    ///< gain > loss
  double best_tau = 0.0;    ///< argmax of U on [0, 1] (grid + golden section)
  double best_value = 0.0;  ///< U(best_tau)
  double pure_comm_value = 0.0;  ///< U(0) = r₂(σ_p²)
};
/// Uses params().joint_reflect_fraction as ε_r.
[[nodiscard]] JointStageAnalysis joint_stage_analysis(const CaseStudy& cs);
/// U(τ) itself.
[[nodiscard]] double two_stage_rate(const CaseStudy& cs, double tau);

// ---------------------------------------------------------------------------------------------
// Model A: K-vehicle chain in one frame (CSM §4.5, §4.10), 2K-dimensional polyblock
// ---------------------------------------------------------------------------------------------

/// Frame [S₁][C₁]…[S_K][C_K]; during C_k IRS k+1 reflects s_k, so Γ_k = ρ'_k(t^s_k + η t^c_{k−1})
/// with t^c_0 = 0, or t^c_0 = t^c_K (cyclic). Objective (1/T)Σ_k t^c_k r_k(Γ_k); Γ_k ≥ Γ_th ∀k.
/// Variables x = (t^s_1..t^s_K, t^c_1..t^c_K). Vehicles may differ (one CaseStudy each; T and η
/// are taken from the first).
struct ChainAllocation {
  std::vector<double> tau_s, tau_c;
  double rate = 0.0;
  double upper_bound = 0.0;
  Index iterations = 0;
  PolyblockStatus status = PolyblockStatus::converged;
};
/// Feasible iff Γ_th Σ_k 1/ρ'_k ≤ T (non-cyclic with η-assist cannot relax vehicle 1; the condition
/// is the CSM §4.10 one and is necessary and sufficient because η ≤ 1).
[[nodiscard]] bool chain_feasible(const std::vector<CaseStudy>& vehicles, double gamma_th, bool cyclic);
/// Solves Model A with the polyblock algorithm. \throws Infeasible.
[[nodiscard]] ChainAllocation chain_allocation_polyblock(const std::vector<CaseStudy>& vehicles,
                                                         double gamma_th, bool cyclic,
                                                         const PolyblockOptions& opts = {});
/// Objective of Model A at x (−∞ if a requirement is violated). For the grid oracle and tests.
[[nodiscard]] double chain_objective(const std::vector<CaseStudy>& vehicles, double gamma_th, bool cyclic,
                                     const RVec& x);
/// Exhaustive search on a grid of the face Σx = T (step T/grid) refined by coordinate search; K ≤ 2.
[[nodiscard]] ChainAllocation chain_allocation_grid(const std::vector<CaseStudy>& vehicles, double gamma_th,
                                                    bool cyclic, Index grid = 60);

}  // namespace irisac
