#pragma once
/// \file Sensing-oriented IRS and BS designs: the sensing rows of the article's Table I
/// (docs/sensing.md, "Design"). Phases are optimised by our own Riemannian conjugate gradient on
/// the complex circle {v : |v_n| = 1} (Manopt/Pymanopt defaults: Hestenes–Stiefel β, adaptive
/// backtracking; Absil, Mahony, Sepulchre 2008; reference doc §9). The BS transmit covariance is
/// optimised by Frank–Wolfe on {R_x ⪰ 0, tr R_x = P} (for the CRB, which is concave in R_x) or in
/// closed form (echo power).
///
/// Objectives (all on EchoModel, so every echo architecture of echo_model.hpp works):
///   echo power        P(v) = tr(B(θ) R_x Bᴴ(θ)) = ‖r‖²·tᵀR_x t*   (fully passive: ∝ N⁴, semi-passive: ∝ N²)
///   beampattern gain  G(v) = tᵀ R_x t*                                   (Meng et al., TCOM 2022)
///   max–min           max_v min_k P_k(v) via a log-sum-exp soft minimum with continuation
///   CRB               min CRB(θ) = σ²/(2T|α|² J(v, R_x)),  J = F₁ − |F₂|²/F₃  (Song et al., TSP 2023)
///   decorrelation     min Σ_{k<j} |tr(B_k R B_jᴴ)|² / (tr(B_k R B_kᴴ) tr(B_j R B_jᴴ))   (article §III-A-2, [8])
///   rank              max log det Γ, Γ_kj = tr(B_kᴴ B_j R_x) (Gram of the targets' echo signatures)
#include <functional>
#include <string>
#include <vector>

#include "irisac/core/types.hpp"
#include "irisac/sensing/echo_model.hpp"

namespace irisac {

/// A smooth real function of v ∈ ℂᴺ to MINIMISE, with egrad = 2·∂f/∂v* (the Euclidean gradient
/// in ℝ^{2N} written as a complex vector).
struct CircleObjective {
  std::function<double(const CVec&)> value;
  std::function<CVec(const CVec&)> egrad;
};

struct CircleOptions {
  Index max_iterations = 300;
  double gradient_tolerance = 1e-8;  ///< stop when ‖rgrad‖ ≤ tol · max(1, |f|)
  bool record_history = false;
};

struct CircleResult {
  CVec v;
  double value = 0.0;
  Index iterations = 0;
  bool converged = false;
  double gradient_norm = 0.0;
  std::vector<double> history;  ///< f after each accepted iteration (if requested)
};

/// Riemannian CG on the complex circle: projection P_v(u) = u − Re(u ⊙ v*) ⊙ v, retraction
/// (v + u)/|v + u|, vector transport by projection. Accepted steps never increase f.
[[nodiscard]] CircleResult minimize_on_circle(const CircleObjective& f, const CVec& v0, const CircleOptions& opts = {});
/// Central-difference egrad (2N evaluations) for objectives without an analytic gradient.
[[nodiscard]] CVec numeric_egrad(const std::function<double(const CVec&)>& f, const CVec& v, double step = 1e-6);

// ---- objectives (value, egrad) on an EchoModel with IRS legs; v replaces the model's reflection ----

/// −P(v)/scale, P = tr(B(θ) R Bᴴ(θ)) (echo power per |α|² and snapshot).
[[nodiscard]] CircleObjective echo_power_objective(const EchoModel& model, double theta, const CMat& tx_cov,
                                                   double scale = 1.0);
/// −G(v)/scale, G = tᵀ R t* (illumination / beampattern gain towards θ).
[[nodiscard]] CircleObjective beampattern_objective(const EchoModel& model, double theta, const CMat& tx_cov,
                                                    double scale = 1.0);
/// scale/J(v): proportional to CRB(θ) (α nuisance). Requires no nuisance paths (clutter is fine).
[[nodiscard]] CircleObjective crb_objective(const EchoModel& model, double theta, const CMat& tx_cov,
                                            double scale = 1.0);
/// Σ_{k<j} normalised squared correlation of the targets' echo signatures.
[[nodiscard]] CircleObjective decorrelation_objective(const EchoModel& model, const std::vector<double>& thetas,
                                                      const CMat& tx_cov);
/// −log det(Γ + δI), Γ the Gram matrix of the targets' echo signatures (δ = 1e-12·tr Γ₀/K).
[[nodiscard]] CircleObjective rank_objective(const EchoModel& model, const std::vector<double>& thetas,
                                             const CMat& tx_cov);

/// Echo-signature correlation matrix |Γ_kj|/√(Γ_kk Γ_jj) and numerical rank of Γ (tolerance 1e-9).
[[nodiscard]] RMat echo_correlation(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov);
[[nodiscard]] Index sensing_channel_rank(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov);

// ---- designs ----

struct SensingDesign {
  CVec v;                      ///< IRS reflection, |v_n| = 1
  CMat tx_cov;                 ///< BS transmit covariance, tr = P
  double objective = 0.0;      ///< the design's own metric (echo power, min power, CRB, …; see function)
  Index iterations = 0;        ///< total inner iterations
};

struct DesignOptions {
  Index outer_iterations = 6;  ///< alternating rounds (v ↔ R_x)
  CircleOptions circle{};
  Index frank_wolfe_iterations = 200;
  bool optimize_tx_cov = true; ///< false: keep the given R_x
};

/// Maximise the echo power of one target over v (and R_x = P t* tᵀ/‖t‖², the echo-power optimum for
/// fixed v, if opts.optimize_tx_cov). objective = tr(B R Bᴴ).
[[nodiscard]] SensingDesign design_echo_power(const EchoModel& model, double theta, const CMat& tx_cov,
                                              const CVec& v0, const DesignOptions& opts = {});
/// Max–min echo power (or beampattern gain if `illumination_only`) over several targets with R_x
/// fixed. objective = min_k P_k.
[[nodiscard]] SensingDesign design_max_min(const EchoModel& model, const std::vector<double>& thetas,
                                           const CMat& tx_cov, const CVec& v0, bool illumination_only = false,
                                           const CircleOptions& opts = {});
/// Minimise CRB(θ) over v (RCG) and R_x (Frank–Wolfe), alternating, starting from the echo-power
/// design (so the result is never worse in CRB than that design). objective = CRB [rad²].
[[nodiscard]] SensingDesign design_min_crb(const EchoModel& model, const PointTarget& target, double power,
                                           Index num_snapshots, const CVec& v0, const DesignOptions& opts = {});
/// R_x maximising J (minimising CRB(θ)) for fixed v, tr R_x = P (Frank–Wolfe with exact line search).
[[nodiscard]] CMat crb_optimal_tx_cov(const EchoModel& model, double theta, double power, const CMat& tx_cov0,
                                      Index iterations = 200);
/// Decorrelate the targets' echoes (R_x fixed). objective = Σ_{k<j} normalised squared correlation.
[[nodiscard]] SensingDesign design_decorrelation(const EchoModel& model, const std::vector<double>& thetas,
                                                 const CMat& tx_cov, const CVec& v0, const CircleOptions& opts = {});
/// Raise the rank of the multi-target sensing channel: maximise log det Γ (R_x fixed). objective = log det Γ.
[[nodiscard]] SensingDesign design_rank(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov,
                                        const CVec& v0, const CircleOptions& opts = {});

/// Number of IRS elements of the model (the reflection size of its IRS legs); throws if it has none.
[[nodiscard]] Index irs_size(const EchoModel& model);

}  // namespace irisac
