#pragma once
/// \file Cooperating IRSs (article §II-B last paragraph, §V-A): L surfaces each sense the same target
/// with their own sensors; their azimuths are fused into a position. docs/architectures.md §4;
/// model [R] and closed forms [D] of shared/reference/breadth-models.md §5.
///
/// Surface l (pose: position q_l, rotation R_l local → global) sees the target at p through its own
/// echo model (semi-passive: BS → IRS_l → target → sensors of IRS_l; cross paths IRS_l → target →
/// IRS_m are taken as separable, a modelling choice) with its own unknown reflection coefficient α_l.
/// Its local azimuth is θ_l(p) = atan2(d_y, d_x), d = R_lᵀ(p − q_l); the target's height is known and
/// the position unknowns are (p_x, p_y). With distinct nuisances and independent noises:
///   centralised (all raw data at one processor):  J_c = Σ_l J_l g_l g_lᵀ,
///     J_l = 1/CRB_l(θ_l) the local EFIM (α_l eliminated), g_l = ∂θ_l/∂(p_x, p_y)  (chain rule);
///   distributed (IRS l sends (θ̂_l, v_l), b bits for θ̂_l):  WLS triangulation, linearised covariance
///     inverse variance:  C_d = (Σ_l g_l g_lᵀ / (v_l + Δ²/12))⁻¹,   Δ = (θ_max − θ_min)/2^b,
///     equal weight:      C_d = (GᵀG)⁻¹ Gᵀ diag(v_l + Δ²/12) G (GᵀG)⁻¹   (G = [g_lᵀ]);
///   PEB = √tr(J_c⁻¹) [m];  C_d = J_c⁻¹ when v_l = CRB_l and b = ∞ (efficient Gaussian local estimates).
/// Coverage: P_LoS,l(p) = exp(−‖p − q_l‖/d_LoS) in front of surface l (local x > 0), 0 behind it,
/// independent between surfaces (Bai–Vaze–Heath, TWC 13(9), 2014, random blockages; a modelling
/// choice); coverage(p) = 1 − Π_l (1 − P_LoS,l(p)).
#include <limits>
#include <vector>

#include "irisac/core/types.hpp"
#include "irisac/geometry/frame.hpp"
#include "irisac/sensing/echo_model.hpp"
#include "irisac/sensing/estimators.hpp"

namespace irisac {

using Vec2 = Eigen::Vector2d;
using Mat2 = Eigen::Matrix2d;

/// One cooperating surface's view of the target: its own echo model, the target as it sees it (θ_l
/// local azimuth, α_l) and the surface's pose.
struct CoopView {
  EchoModel model;
  PointTarget target;
  Pose pose;
};

/// θ_l(p) = atan2(d_y, d_x), d = Rᵀ(p − q) [rad].
[[nodiscard]] double coop_local_azimuth(const Pose& surface, const Vec3& p);
/// g = ∂θ/∂(p_x, p_y) at p (height fixed) [rad/m]. Throws InvalidArgument on the surface's normal axis.
[[nodiscard]] Vec2 coop_azimuth_gradient(const Pose& surface, const Vec3& p);

/// Σ_l J_l g_l g_lᵀ (2 × 2) [1/m²]. \param informations J_l ≥ 0 [1/rad²]
[[nodiscard]] Mat2 coop_position_fim(const std::vector<Vec2>& gradients, const std::vector<double>& informations);
/// √tr(J⁻¹) [m]. Throws NumericalError when J is singular (one surface, or collinear bearings).
[[nodiscard]] double position_error_bound(const Mat2& fim);

enum class CoopFusion { inverse_variance, equal_weight };

/// Linearised covariance of the distributed WLS fusion (file comment). \param variances v_l of the
/// reported local estimates [rad²] \param quant_step Δ of the reported angle (0 = unquantised) [rad]
[[nodiscard]] Mat2 coop_distributed_covariance(const std::vector<Vec2>& gradients, const std::vector<double>& variances,
                                               CoopFusion fusion, double quant_step = 0.0);

/// Centralised FIM of the raw data of all views in (p_x, p_y, Re α_1, Im α_1, [Re β, Im β of each
/// nuisance path of view 1], …) from Richardson-extrapolated central differences of the echo means
/// in p (step h, error O(h⁴)), whitened: J = 2 Re(Dᴴ D). A check of the chain rule.
[[nodiscard]] RMat coop_raw_fim_numeric(const std::vector<CoopView>& views, const Vec3& p,
                                        const std::vector<CMat>& samples, double step_m = 1e-3);

/// What IRS l sends to the fusion centre: its ML azimuth and the plug-in CRB at (θ̂_l, α̂_l).
struct CoopReport {
  double theta = 0.0;     ///< [rad], quantised when bits > 0
  double variance = 0.0;  ///< [rad²]
};
/// Local ML estimate and its plug-in variance; with bits > 0 the angle is quantised to the centre of
/// one of 2^bits cells of [search.theta_min, search.theta_max].
[[nodiscard]] CoopReport coop_local_report(const CoopView& view, const CMat& received, const CMat& samples,
                                           const CMat& tx_cov, const AngleSearchOptions& search, Index bits = 0);
/// θ quantised to the centre of its cell of [theta_min, theta_max] (2^bits cells; bits = 0: θ itself).
[[nodiscard]] double coop_quantise(double theta, const AngleSearchOptions& search, Index bits);
/// Quantisation step (θ_max − θ_min)/2^bits (0 for bits = 0) [rad].
[[nodiscard]] double coop_quant_step(const AngleSearchOptions& search, Index bits);

/// WLS triangulation p̂ = argmin Σ_l w_l (θ̂_l − θ_l(p))² (angles wrapped), Gauss–Newton from the
/// weighted intersection of the bearing lines; p̂ has the known height `height_m`. Throws NumericalError
/// when the bearings do not fix a point (fewer than 2, or parallel lines).
[[nodiscard]] Vec3 coop_triangulate(const std::vector<Pose>& surfaces, const std::vector<double>& thetas,
                                    const std::vector<double>& weights, double height_m);

/// Centralised ML over the raw data: p̂ = argmax Σ_l ml_objective_l(θ_l(p)) (α_l concentrated out per
/// surface), damped Newton from `initial` (the triangulation of the local estimates).
[[nodiscard]] Vec3 coop_centralised_ml(const std::vector<CoopView>& views, const std::vector<CMat>& received,
                                       const std::vector<CMat>& samples, const Vec3& initial);

/// P_LoS of surface → p: exp(−d/d_LoS) in front (local x > 0), 0 behind; d_LoS = ∞: 1 in front.
[[nodiscard]] double coop_los_probability(const Pose& surface, const Vec3& p, double los_distance_m);
/// 1 − Π_l (1 − P_LoS,l(p)).
[[nodiscard]] double coop_coverage_at(const std::vector<Pose>& surfaces, const Vec3& p, double los_distance_m);
/// P(at least k of the independent links with probabilities `probs` are up), Poisson-binomial recursion.
[[nodiscard]] double coop_at_least(const std::vector<double>& probs, Index k);
/// Mean of coop_coverage_at over the rectangle [lo, hi] (x, y) at height z: midpoint rule, grid² cells.
[[nodiscard]] double coop_coverage_probability(const std::vector<Pose>& surfaces, const Vec2& lo, const Vec2& hi,
                                               double height_m, double los_distance_m, Index grid = 200);

}  // namespace irisac
