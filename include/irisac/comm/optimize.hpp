#pragma once
/// \file One interface for every communication objective and algorithm: optimize(problem,
/// objective, algorithm, options, rng) → CommResult (v, W, objective, bound, constraint
/// residuals, iterations, wall time, status, history). Equations and sources: docs/comm.md.
///
/// Joint designs alternate (Wu & Zhang TWC 2019 §III-B/§IV): a BS step (MRT, ZF, MMSE, WMMSE,
/// the SINR-constrained fixed point, or max–min bisection) and an IRS step that maximises the
/// objective for fixed W with the chosen phase algorithm. A step is accepted only if it improves
/// the objective, so the history is monotone for every algorithm.
#include <optional>
#include <string>
#include <vector>

#include "irisac/comm/problem.hpp"
#include "irisac/core/rng.hpp"

namespace irisac {

/// Table I of the article: what the IRS must do for each communication task.
enum class CommObjective {
  snr,            ///< single user (SISO/MISO): max SNR = P‖c‖²/σ² (MRT), rate log2(1+SNR)
  multicast,      ///< one common beam w: max min_k |c_k^H w|²/σ_k²
  sum_rate,       ///< unicast: max Σ_k log2(1+SINR_k)
  max_min_sinr,   ///< unicast: max min_k SINR_k
  power_min,      ///< unicast: min Σ‖w_k‖² s.t. SINR_k ≥ γ_k (Wu & Zhang (P1))
  decorrelation,  ///< min Σ_{k<l} |c_k^H c_l|²/(‖c_k‖²‖c_l‖²) (towards H^H H diagonal; then MRT = ZF)
  intercell,      ///< several BSs: max Σ_k (own-cell power − μ·other-cell leakage)/σ_k², per-BS MRT
};

enum class CommAlgorithm {
  closed_form,   ///< phase alignment (K = 1 with M = 1 or rank-one G)
  alternating,   ///< Wu–Zhang AO (eq. 28 + MRT for one user; one element-wise sweep per round otherwise)
  sdr,           ///< SDR + Gaussian randomisation on DSDP (quadratic sub-problems; gives an upper bound)
  manifold,      ///< Riemannian conjugate gradient on the complex circle (+ random restarts)
  bcd,           ///< element-wise block coordinate ascent to convergence
  arc_sweep,     ///< exact discrete (b-bit, 1-bit linear time) alignment of a single-user link
  codebook,      ///< best of a codebook (2×-oversampled DFT unless given)
  random_phase,  ///< baseline: uniformly random phases
};

enum class Precoder { mrt, zf, mmse, wmmse };
/// converged: the method's stopping rule was met (tolerance reached, or no step improves);
/// iteration_limit: stopped by the iteration limit before its tolerance: the design is valid
/// (feasible, monotone history) but not certified to be stationary.
enum class OptStatus { converged, iteration_limit };

struct CommOptions {
  Precoder precoder = Precoder::wmmse;  ///< BS step for sum_rate (others use their optimal step)
  int bits = 0;                         ///< 0: continuous phases; b ≥ 1: b-bit phases
  int max_outer_iterations = 50;        ///< AO rounds
  double tolerance = 1e-6;              ///< stop when a round (AO) or a BCD sweep improves by less than this fraction
  double gradient_tolerance = 1e-6;     ///< manifold: stop at ‖rgrad‖ ≤ this × |f| (Manopt's default 1e-6)
  int restarts = 1;                     ///< extra random starts of the manifold method (first round only)
  int randomizations = 1000;            ///< SDR Gaussian draws
  double leakage_weight = 1.0;          ///< μ of the intercell objective
  double smoothing = 50.0;              ///< soft-min sharpness κ for max–min objectives
  bool bound = false;                   ///< compute the certified joint upper bound (always with sdr); joint_bound.hpp
  CVec initial_v;                       ///< N entries; empty: all ones
  CMat codebook;                        ///< N×C; empty: DFT codebook
};

/// Constraint residuals (≤ 0 or ≈ 0 when satisfied).
struct CommResiduals {
  double unit_modulus = 0.0;  ///< max_n ||v_n| − 1|
  double power = 0.0;         ///< max_b (P_b − P)/P
  double sinr = 0.0;          ///< max_k (γ_k − SINR_k)/γ_k (power_min only)
};

struct CommResult {
  CVec v;                         ///< IRS reflection, |v_n| = 1
  CMat W;                         ///< precoder M×K (M×1 for multicast)
  double objective = 0.0;         ///< SNR [lin], min SNR [lin], bit/s/Hz, min SINR [lin], W, Σρ², penalised SNR
  bool maximize = true;           ///< direction of `objective`
  std::optional<double> bound;    ///< certified upper bound of the JOINT (W, v) problem (joint_bound.hpp);
                                  ///< only for snr, multicast, max_min_sinr, intercell with sdr or options.bound
  std::optional<double> projected_objective;  ///< bits ≥ 1: objective of the projected continuous design
  std::optional<double> continuous_objective; ///< bits ≥ 1 (bcd, alternating): objective of the continuous design
  CommResiduals residuals;
  int iterations = 0;
  double wall_time_s = 0.0;
  OptStatus status = OptStatus::converged;
  std::vector<double> history;    ///< objective after each round (monotone)
};

/// Runs `algorithm` on `objective`.
/// \throws InvalidArgument for an algorithm that does not apply (message says which do),
///   Infeasible when SINR targets cannot be met (power_min), NumericalError on degenerate channels.
[[nodiscard]] CommResult optimize(const CommProblem& problem, CommObjective objective, CommAlgorithm algorithm,
                                  const CommOptions& options, Rng& rng);

/// The metrics of a given design: reflection v (N entries, unit modulus) and precoder W (M×K; M×1
/// for multicast) or, when W is empty, the objective's own BS step for this v (the step the
/// alternation uses: MRT, multicast beam, WMMSE/MRT/ZF/MMSE, SINR balancing, power-min fixed point,
/// per-BS MRT). No optimisation of v. \throws Infeasible (power_min targets unreachable with this v).
[[nodiscard]] CommResult evaluate_design(const CommProblem& problem, CommObjective objective, const CVec& v,
                                         const CMat& W, const CommOptions& options);

/// Objective value of a given design (same units as CommResult::objective).
[[nodiscard]] double objective_value(const CommProblem& p, CommObjective objective, const CVec& v, const CMat& W,
                                     double leakage_weight = 1.0);

// Names (the same strings as in files and on the command line).
[[nodiscard]] std::string to_string(CommObjective o);
[[nodiscard]] std::string to_string(CommAlgorithm a);
[[nodiscard]] std::string to_string(Precoder p);
[[nodiscard]] std::string to_string(OptStatus s);
[[nodiscard]] std::optional<CommObjective> parse_objective(const std::string& s);
[[nodiscard]] std::optional<CommAlgorithm> parse_algorithm(const std::string& s);
[[nodiscard]] std::optional<Precoder> parse_precoder(const std::string& s);
[[nodiscard]] const std::vector<CommObjective>& all_objectives();
[[nodiscard]] const std::vector<CommAlgorithm>& all_algorithms();
[[nodiscard]] std::string description(CommObjective o);
[[nodiscard]] std::string description(CommAlgorithm a);

/// Channel orthogonalisation with a free-amplitude surface (Vidal Alegría, Thunberg, Edfors,
/// IEEE TWC 24(6), 2025): solve H_d + G^H diag(x^*) H_r = H_t for x ∈ C^N by least squares
/// (the Khatri–Rao system vec(G^H diag(x^*) H_r) = [h_{r,k,n} G_n^*]_{(m,k),n} x^*), where the
/// target H_t has orthogonal columns (default: the Q factor of the channel at x = 1 scaled by the
/// column norms). Generically solvable when N ≥ MK. `passive` says whether max|x_n| ≤ 1.
struct Orthogonalization {
  CVec x;              ///< reflection coefficients (not unit modulus in general)
  double residual = 0; ///< ‖H(x) − H_t‖_F / ‖H_t‖_F
  bool passive = false;
  CMat H;              ///< achieved effective channel (M×K)
};
[[nodiscard]] Orthogonalization orthogonalize_channels(const CommProblem& p, const CMat& target = CMat());

}  // namespace irisac
