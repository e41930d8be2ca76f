#pragma once
/// \file Near-field sensing with a large ULA (a BS array or an IRS aperture): the spherical-wave
/// response, the joint angle–range Cramér–Rao bound (exact model and Fresnel closed form), beam
/// focusing and its depth of focus, and the 2-D maximum-likelihood estimator. docs/near-field.md.
///
/// Geometry (docs/near-field.md §1): N elements on the array axis at y_n = δ_n·d, centred indices
/// δ_n = n − (N−1)/2, so the phase reference is the array centre. A point at range r from the centre
/// and angle θ from broadside (in the plane of the axis and the boresight) is at distance
///   r_n = √(r² + δ_n²d² − 2·r·δ_n·d·sin θ)
/// from element n. Response (unit amplitude): b_n = exp(jψ_n),
///   exact:   ψ_n = −k·(r_n − r),                          k = 2π/λ,
///   Fresnel: ψ_n = ω·δ_n + φ·δ_n²,  ω = k·d·sin θ,  φ = −k·d²·cos²θ/(2r),
///   far field (r → ∞): ψ_n = ω·δ_n   (the +j steering convention of docs/conventions.md).
/// A monostatic echo through the same array (two-way) has b_n², i.e. the phases double.
///
/// Sources: E. Björnson, Ö. T. Demir, L. Sanguinetti, "A primer on near-field beamforming for
/// arrays and reconfigurable intelligent surfaces", Asilomar 2021; M. Cui, L. Dai, "Channel
/// estimation for extremely large-scale MIMO: far-field or near-field?", IEEE TCOM 70(4), 2022;
/// Kay, Fundamentals of Statistical Signal Processing I, §3.9 and §15.7 (Slepian–Bangs).
#include <utility>

#include "irisac/core/types.hpp"

namespace irisac {

enum class NearFieldModel { exact, fresnel };

/// A uniform linear aperture: the array whose near field is studied.
struct NearFieldArray {
  Index num_elements = 0;  ///< N ≥ 2
  double spacing_m = 0.0;  ///< d > 0
  double wavelength_m = 0.0;  ///< λ > 0
  [[nodiscard]] double aperture_m() const noexcept { return static_cast<double>(num_elements) * spacing_m; }
  /// Rayleigh distance 2D²/λ with D = N·d (the continuum width of the aperture).
  [[nodiscard]] double rayleigh_distance_m() const noexcept;
};

/// Checks N ≥ 2 and d, λ > 0; throws InvalidArgument naming the field.
void validate(const NearFieldArray& a);

/// Position of a point at (θ, r) relative to the array centre in the array's plane.
struct PolarPoint {
  double theta = 0.0;  ///< from broadside [rad], |θ| < π/2
  double range_m = 0.0;  ///< from the array centre, > 0
};

/// Response b(θ, r) (one-way; `two_way` squares each entry: monostatic echo).
[[nodiscard]] CVec near_field_ula_response(const NearFieldArray& a, const PolarPoint& p, NearFieldModel model,
                                           bool two_way = false);
/// ∂b/∂θ and ∂b/∂r, analytic, for the same model and direction.
[[nodiscard]] std::pair<CVec, CVec> near_field_ula_derivatives(const NearFieldArray& a, const PolarPoint& p,
                                                               NearFieldModel model, bool two_way = false);

/// Angle–range bound for y = β·b(θ, r) + n, n ~ CN(0, σ²I), β unknown (complex), with
/// `total_snr` = |β|²·N/σ² (the SNR after coherent combining over the array and all snapshots).
struct NearFieldCrb {
  double angle_rad2 = 0.0;
  double range_m2 = 0.0;
  RMat fim;  ///< 4 × 4 over (θ, r, Re β, Im β) at |β| = 1, σ² = N/total_snr
};

/// Exact-model (or Fresnel-model) CRB from the Slepian–Bangs FIM with analytic derivatives.
/// Throws NumericalError when the FIM is singular (e.g. θ at endfire).
[[nodiscard]] NearFieldCrb near_field_crb(const NearFieldArray& a, const PolarPoint& p, double total_snr,
                                          NearFieldModel model, bool two_way = false);

/// The same FIM from central finite differences of the response (5-point stencil): an independent
/// check of the analytic derivatives (docs/near-field.md §2).
[[nodiscard]] RMat near_field_fim_numeric(const NearFieldArray& a, const PolarPoint& p, double total_snr,
                                          NearFieldModel model, bool two_way = false);

/// Fresnel closed forms (centred indices; ω and φ decouple):
///   var θ = 6 / (SNR·(kd)²·cos²θ·(N² − 1))                     (equal to the far-field CRB),
///   var φ = 90 / (SNR·(N² − 1)(N² − 4)),
///   var r = (2r²/(k d² cos²θ))²·var φ + (2 r tan θ)²·var θ.
/// Two-way: both divide by 4 at equal SNR.
[[nodiscard]] NearFieldCrb near_field_crb_fresnel_closed_form(const NearFieldArray& a, const PolarPoint& p,
                                                              double total_snr, bool two_way = false);

/// Far-field angle CRB (range not a parameter): 6 / (SNR·(kd)²·cos²θ·(N² − 1)), /4 two-way.
[[nodiscard]] double far_field_crb_angle(const NearFieldArray& a, double theta, double total_snr, bool two_way = false);

/// Normalised gain |b(θ, r₀)ᴴ b(θ', r)|² / N² of a beam focused at `focus` seen at `at` (exact model).
/// Equals 1 at the focus.
[[nodiscard]] double focusing_gain(const NearFieldArray& a, const PolarPoint& focus, const PolarPoint& at);

/// The Fresnel beam-depth constant c₃: the root of |∫_{−1/2}^{1/2} exp(jπ c u²) du|² = 1/2 (≈ 3.476).
[[nodiscard]] double depth_of_focus_constant();

/// 3-dB depth of focus of a beam focused at (θ, r₀) (Fresnel approximation):
///   r_DF = D² cos²θ / (c₃ λ),  r ∈ [r₀ r_DF/(r_DF + r₀), r₀ r_DF/(r_DF − r₀)].
/// Finite only for r₀ < r_DF: otherwise `far_m` is +inf and `bounded` false.
struct DepthOfFocus {
  double near_m = 0.0;
  double far_m = 0.0;
  bool bounded = false;
  double r_df_m = 0.0;
};
[[nodiscard]] DepthOfFocus depth_of_focus(const NearFieldArray& a, const PolarPoint& focus);
/// The same 3-dB points found by root-finding on the exact-model focusing gain along the focus's
/// direction (bisection to 1e-12 relative). `far_m` is +inf when the gain stays above 1/2 up to
/// 1e6 Rayleigh distances.
[[nodiscard]] DepthOfFocus depth_of_focus_exact(const NearFieldArray& a, const PolarPoint& focus);

/// Search region of the 2-D ML estimator: a polar grid uniform in sin θ and in 1/r, then
/// alternating golden-section refinement in θ and r.
struct NearFieldSearch {
  double theta_min = -1.2, theta_max = 1.2;  ///< [rad]
  double range_min_m = 1.0, range_max_m = 100.0;
  Index grid_angles = 128, grid_ranges = 64;
  int refine_rounds = 4;
};

/// Maximises |b(θ, r)ᴴ y|² over the search region (β profiled out; ‖b‖² = N constant).
/// `model` is the model the estimator assumes; a far-field estimator is `far_field_ml_angle`.
[[nodiscard]] PolarPoint near_field_ml(const NearFieldArray& a, const CVec& y, const NearFieldSearch& s,
                                       NearFieldModel model, bool two_way = false);
/// Far-field ML angle estimate (max |a(θ)ᴴ y|² over θ), the mismatched estimator of the experiment.
[[nodiscard]] double far_field_ml_angle(const NearFieldArray& a, const CVec& y, const NearFieldSearch& s,
                                        bool two_way = false);

}  // namespace irisac
