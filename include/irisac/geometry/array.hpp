#pragma once
/// \file Antenna arrays and surfaces: ULA and UPA layouts, far-field steering vectors and their
/// angle derivatives, near-field (spherical-wave) responses, element patterns.
///
/// Steering convention (docs/conventions.md): for a unit direction u in the array's local frame,
/// pointing from the array towards the far-field point,
///   a_n(u) = g(u)^{1/2} · exp(+j·2π·p_nᵀu),   p_n = element n position [wavelengths],
/// with the phase reference at element 0 (p_0 = 0) and NO normalisation (‖a‖² = N·g for an
/// isotropic pattern g = 1). Element (r, c) of a rows × cols UPA sits at (0, c·d_y, r·d_z) and has
/// index n = r·cols + c; a ULA is a UPA with one row (elements along local +y).
/// For a ULA and a direction in the local x–y plane at angle θ from broadside (sin θ = u_y):
///   a_n(θ) = exp(+j·2π·d·n·sin θ).
#include "irisac/core/types.hpp"

namespace irisac {

/// Power pattern of one element, as a function of the angle ψ off boresight (local +x).
struct ElementPattern {
  enum class Kind { isotropic, cosine };
  Kind kind = Kind::isotropic;
  double q = 0.0;  ///< exponent of the cos^q pattern, ≥ 0 (Kind::cosine only)
  /// Radiates on both faces with the same pattern (|cos ψ|): transmissive (refracting) surfaces.
  bool two_sided = false;
  /// Power gain: 1 (isotropic), or 2(q+1)·cos^q ψ in front (ψ < π/2) and 0 behind (cosine).
  /// The factor 2(q+1) normalises the pattern to unit mean over the sphere.
  [[nodiscard]] double gain(const Vec3& u_local) const noexcept;
};

/// A planar array (UPA) or linear array (ULA: rows = 1) of elements in the local y–z plane.
struct ArrayLayout {
  Index rows = 1;              ///< elements along local z, ≥ 1
  Index cols = 1;              ///< elements along local y, ≥ 1
  double spacing_y_wl = 0.5;   ///< element spacing along y [wavelengths], > 0
  double spacing_z_wl = 0.5;   ///< element spacing along z [wavelengths], > 0
  ElementPattern pattern{};

  [[nodiscard]] Index size() const noexcept { return rows * cols; }
  /// Element positions in the local frame [wavelengths], 3 × N; element 0 at the origin.
  [[nodiscard]] Eigen::Matrix3Xd positions_wl() const;
  /// Far-field response a(u) for a local unit direction u (includes the element amplitude g^{1/2}).
  [[nodiscard]] CVec steering(const Vec3& u_local) const;
  /// Allocation-free variant for hot loops: writes a(u) into `out` (resized only if needed).
  void steering_into(const Vec3& u_local, CVec& out) const;
  /// Aperture: largest distance between two elements [wavelengths].
  [[nodiscard]] double aperture_wl() const noexcept;
};

/// Checks a layout; throws InvalidArgument naming the field.
void validate(const ArrayLayout& layout);

/// ULA steering vector a_n(θ) = exp(+j·2π·d·n·sin θ), n = 0..N−1 (not normalised).
/// \param num_elements N ≥ 1;  \param spacing_wl d [wavelengths] > 0;  \param theta from broadside [rad]
[[nodiscard]] CVec ula_steering(Index num_elements, double spacing_wl, double theta);
/// ∂a/∂θ of ula_steering(): (∂a/∂θ)_n = j·2π·d·n·cos θ · a_n(θ).
[[nodiscard]] CVec ula_steering_derivative(Index num_elements, double spacing_wl, double theta);
/// Allocation-free ULA steering: out must have N entries. Uses a phase recurrence with periodic
/// re-anchoring so the error stays at machine precision for N up to 10^5.
void ula_steering_into(double spacing_wl, double theta, Eigen::Ref<CVec> out) noexcept;

/// UPA steering vector for azimuth φ and elevation ϑ in the local frame:
///   a_{r,c} = exp(+j·2π·(c·d_y·cos ϑ sin φ + r·d_z·sin ϑ)),  n = r·cols + c.
[[nodiscard]] CVec upa_steering(Index rows, Index cols, double spacing_y_wl, double spacing_z_wl,
                                double azimuth, double elevation);
/// Derivatives of upa_steering() with respect to azimuth (first) and elevation (second).
[[nodiscard]] std::pair<CVec, CVec> upa_steering_derivatives(Index rows, Index cols, double spacing_y_wl,
                                                             double spacing_z_wl, double azimuth,
                                                             double elevation);

/// Near-field (spherical-wave) response of elements at global positions to a point x [m]:
///   b_n = exp(−j·2π·(‖p_n − x‖ − ‖p_0 − x‖)/λ).
/// Beyond the Rayleigh distance 2D²/λ it tends to the far-field steering vector towards x
/// (since ‖p_n − x‖ ≈ ‖p_0 − x‖ − (p_n − p_0)ᵀu).
[[nodiscard]] CVec near_field_response(const Eigen::Matrix3Xd& element_positions_m, const Vec3& point_m,
                                       double wavelength_m);
/// Rayleigh (Fraunhofer) distance 2D²/λ of an aperture D [m].
[[nodiscard]] double rayleigh_distance_m(double aperture_m, double wavelength_m);

}  // namespace irisac
