#pragma once
/// \file Joint sensing–communication designs on an IsacProblem (docs/isac.md):
///   (A) max_{v,W,R_s} min_k SINR_k   s.t. sensing_t(v, R_x) ≥ req_t ∀t,  tr R_x ≤ P,  |v_n| = 1
///   (B) max_{v,W,R_s} min_t ω_t·sensing_t  s.t. SINR_k ≥ γ_k ∀k,  tr R_x ≤ P,  |v_n| = 1
///   (C) weighted: max ρ·R_min/R_c + (1−ρ)·S/S_s over the front of (A), ρ ∈ [0, 1]
/// where sensing_t is the echo SNR or 1/CRB_t (joint_problem.hpp). Alternating optimisation:
///   - covariance step (v fixed): the SDR of (A)/(B) in (R_1..R_K, R_s) is an SDP (with the CRB
///     constraint as the 2×2 LMI [[F₁−s, F₂],[F₂*, F₃]] ⪰ 0, R. Liu et al., IEEE TWC 2023) solved by
///     DSDP; with a dedicated sensing covariance the relaxation is tight (X. Liu et al., IEEE TSP
///     68, 2020, Thm 1: w_k = R̄_k c_k/√(c_kᴴR̄_k c_k), R_s = R̄_x − Σ w_k w_kᴴ), so this step is solved
///     globally, and (A) by bisection on the common SINR target with certified infeasible ends;
///   - phase step (W, R_s fixed): Riemannian CG on the circle (sensing/design.hpp) of a log-sum-exp
///     soft minimum of every constraint's ratio to its level; a step is kept only if the next
///     covariance step improves the design's objective (so the history is monotone).
#include <optional>
#include <string>
#include <vector>

#include "irisac/comm/optimize.hpp"
#include "irisac/isac/joint_problem.hpp"
#include "irisac/sensing/design.hpp"

namespace irisac {

enum class SensingMetric { echo_snr, crb };

struct IsacOptions {
  SensingMetric metric = SensingMetric::crb;
  int outer_iterations = 8;         ///< AO rounds
  double tolerance = 1e-6;          ///< stop when a round improves the objective by less than this fraction
  double bisection_tolerance = 1e-9;///< relative width of the final SINR bracket
  double smoothing = 20.0;          ///< κ of the soft minimum in the phase step
  CircleOptions circle{};           ///< phase step (max_iterations 300 by default)
  bool optimize_phases = true;      ///< false: covariance step only, at the start phases
};

/// Result of the covariance step or of a whole design.
struct IsacDesign {
  bool feasible = false;
  CVec v;                           ///< stacked phases
  CMat W;                           ///< M × K data beams
  CMat R_s;                         ///< M × M sensing covariance
  double objective = 0.0;           ///< (A): min SINR [linear]; (B): min_t ω_t·sensing_t
  std::optional<double> bound;      ///< certified upper bound on the objective at the final v (SDP duality)
  IsacMetrics metrics;
  int iterations = 0;               ///< AO rounds (covariance step: SDP solves)
  std::vector<double> history;      ///< objective after each accepted round
};

/// Covariance step of (B) at fixed v: max s s.t. ω_t·sensing_t(R_x) ≥ s, SINR_k ≥ γ_k (none if γ is
/// empty: W = 0), tr R_x ≤ P. objective = s. Infeasible SINR targets → feasible = false.
[[nodiscard]] IsacDesign max_sensing_covariance(const IsacProblem& p, const CVec& v, const RVec& gamma,
                                                SensingMetric metric, const RVec& weights);
/// Covariance step of (A) at fixed v by bisection on the common SINR target.
/// \param requirement per target: echo SNR ≥ Γ_t (linear) or CRB_t ≤ ε_t [rad²]
[[nodiscard]] IsacDesign max_rate_covariance(const IsacProblem& p, const CVec& v, const RVec& requirement,
                                             const IsacOptions& opts);

/// (A) by alternating optimisation from the best of the start phases. feasible = false (never a
/// NaN or a zero rate) when no start admits the requirement.
[[nodiscard]] IsacDesign design_max_rate(const IsacProblem& p, const RVec& requirement,
                                         const std::vector<CVec>& starts, const IsacOptions& opts);
/// (B) by alternating optimisation; weights ω_t (empty: all 1).
[[nodiscard]] IsacDesign design_max_sensing(const IsacProblem& p, const RVec& gamma, const std::vector<CVec>& starts,
                                            const IsacOptions& opts, const RVec& weights = RVec());

/// The two end points: comm-only is `optimize(p.comm, objective, algorithm, comm_options, rng)` with
/// R_s = 0 (exactly the design of `irisac optimize`); sensing-only is the sensing design of
/// `irisac crb` for target 0 (design_min_crb, or design_echo_power for the echo metric) from the
/// phases aligned at it, with W = 0 and R_s its R_x.
struct IsacEndPoints {
  IsacDesign comm, sensing;
};
struct EndPointSpec {
  CommObjective objective = CommObjective::max_min_sinr;
  CommAlgorithm algorithm = CommAlgorithm::manifold;
  CommOptions options{};
  CVec sensing_start;               ///< sensing-surface phases to start the sensing design (empty: ones)
  DesignOptions sensing_options{};  ///< as the crb verb: 3 rounds, 200 circle iterations
};
[[nodiscard]] IsacEndPoints isac_end_points(const IsacProblem& p, const EndPointSpec& spec, SensingMetric metric,
                                            std::uint64_t seed);

/// The sensing level of a design in front units: echo SNR [linear] or 1/CRB [1/rad²] of the worst target.
[[nodiscard]] double sensing_level(const IsacMetrics& m, SensingMetric metric);

/// One point of a trade-off front.
struct FrontPoint {
  double level = 0.0;                ///< required sensing level (front units)
  IsacDesign design;
  double time_sharing_rate = 0.0;    ///< min rate of time sharing between the end points at this level
};
struct IsacFront {
  IsacEndPoints ends;
  std::vector<FrontPoint> points;    ///< increasing level
};
/// Sweeps the requirement of (A) over `levels` points strictly between the end points' sensing levels
/// (uniform in the level), each from {comm phases, sensing phases, previous point's phases}.
[[nodiscard]] IsacFront isac_front(const IsacProblem& p, const IsacEndPoints& ends, Index levels,
                                   const IsacOptions& opts);

/// Time sharing: a fraction τ of the frame with the comm design and 1 − τ with the sensing design
/// gives rate τR_c + (1−τ)R_s and sensing level τS_c + (1−τ)S_s (energy, and Fisher information,
/// add over time). Returns the rate at sensing level S (−inf outside [S_c, S_s]).
[[nodiscard]] double time_sharing_rate(const IsacEndPoints& ends, double level, SensingMetric metric);

/// (C): ρ = 1 returns the comm end point, ρ = 0 the sensing end point; otherwise the front point
/// (requirement found by golden-section search) maximising ρ·R_min/R_c + (1−ρ)·S/S_s.
[[nodiscard]] IsacDesign design_weighted(const IsacProblem& p, const IsacEndPoints& ends, double rho,
                                         const IsacOptions& opts);

/// Closed-form trade-off of one user and one target with M transmit antennas and a single-antenna
/// receiver (docs/isac.md, "The MISO trade-off"): max |hᴴw|²/σ² s.t. |uᴴw|² ≥ g, ‖w‖² ≤ P.
/// Returns the optimal SNR, or nullopt if g > P‖u‖².
[[nodiscard]] std::optional<double> miso_tradeoff_snr(const CVec& h, const CVec& u, double noise_w, double power_w,
                                                      double g);

[[nodiscard]] std::string to_string(SensingMetric m);
[[nodiscard]] std::optional<SensingMetric> parse_sensing_metric(const std::string& s);

}  // namespace irisac
