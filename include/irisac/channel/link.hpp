#pragma once
/// \file Point-to-point MIMO links between two arrays: deterministic LoS (far or near field),
/// Rician and Rayleigh small-scale fading, blocked links. See docs/models.md §Links.
///
/// H ∈ C^{N_rx × N_tx} maps the transmit array's element signals to the receive array's:
///   H = √β(d) · ( √(K/(K+1)) · H_LoS + √(1/(K+1)) · H_w ),   [H_w]_{ij} ~ CN(0, 1) i.i.d.
/// Far-field LoS:  H_LoS = e^{−j2πd/λ} · a_rx(u_rx→tx) · a_tx(u_tx→rx)ᵀ  (element 0 of each array at
/// distance d; element patterns inside the steering vectors).  Near-field LoS: each entry uses its
/// own element-to-element distance, [H_LoS]_{ij} = √(g_i g_j) · e^{−j2π d_ij/λ} · (d/d_ij).
/// K = ∞ is pure LoS, K = 0 Rayleigh; a blocked link is the zero matrix.
#include "irisac/core/rng.hpp"
#include "irisac/core/types.hpp"
#include "irisac/geometry/array.hpp"
#include "irisac/geometry/frame.hpp"

namespace irisac {

struct PathLoss {
  enum class Kind { free_space, exponent };
  Kind kind = Kind::free_space;
  double exponent = 2.0;        ///< α (Kind::exponent)
  double ref_gain = 1e-3;       ///< β₀ at 1 m, linear (Kind::exponent); −30 dB by default
  [[nodiscard]] double gain(double distance_m, double wavelength_m) const;
  /// The distance below which gain() would exceed 1 (free space: λ/(4π); exponent: β₀^{1/α} m,
  /// 0 when α = 0 and β₀ ≤ 1, +inf when α = 0 and β₀ > 1). Closer than that the far-field law is not a
  /// model of anything: a scene with a link that short is rejected (docs/models.md, "Path loss").
  [[nodiscard]] double min_distance_m(double wavelength_m) const;
};

struct LinkModel {
  enum class Kind { los, rician, rayleigh, blocked };
  Kind kind = Kind::los;
  double k_factor = 10.0;       ///< Rician K (linear), Kind::rician only
  PathLoss pathloss{};
  bool near_field = false;      ///< spherical wavefront across the arrays for the LoS component
};

/// One end of a link: an array and where it is.
struct LinkEnd {
  const ArrayLayout* array;
  const Pose* pose;
};

/// Geometry of a link as seen from its two ends.
struct LinkGeometry {
  double distance_m;       ///< between reference elements
  double aod_azimuth;      ///< departure direction in the transmitter's local frame [rad]
  double aod_elevation;
  double aoa_azimuth;      ///< arrival direction (towards the transmitter) in the receiver's local frame
  double aoa_elevation;
};
[[nodiscard]] LinkGeometry link_geometry(const LinkEnd& tx, const LinkEnd& rx);

/// Deterministic LoS response without path loss (|entries| = element amplitudes).
[[nodiscard]] CMat los_response(const LinkEnd& tx, const LinkEnd& rx, double wavelength_m, bool near_field);

/// One realisation of the link (path gain included). Draws from `rng` only for Rician/Rayleigh.
[[nodiscard]] CMat draw_link(const LinkEnd& tx, const LinkEnd& rx, const LinkModel& model, double wavelength_m,
                             Rng& rng);

}  // namespace irisac
