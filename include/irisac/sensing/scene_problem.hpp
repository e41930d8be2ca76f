#pragma once
/// \file From a drawn scene to the plain-matrix echo model of echo_model.hpp (docs/sensing.md,
/// "From a scene"). One BS, one surface, one target:
///   monostatic:   r(θ) = h_{t→b} + β·G_r(v ⊙ a(θ)),   t(θ) = h_{b→t} + β·G_tᵀ(v ⊙ a(θ)),   α = s,
///   semi-passive: r(θ) = β·a_M(θ) (M sensors, a ULA along the surface's y axis, half-wavelength),
///                 t(θ) = h_{b→t} + β·G_tᵀ(v ⊙ a(θ)),
/// with G_t = BS→surface, G_r = surface→BS receive array, s the target's scattering amplitude
/// √(4πσ/λ²)e^{jφ}, a(θ) the surface's UPA steering at azimuth θ and the (known) elevation of the
/// target in the surface frame, and β = aᴴh/‖a‖² the surface–target path amplitude (h the drawn
/// surface→target row). Modelling choices: the direct BS–target path (if not blocked) is a known
/// θ-independent offset; the NLoS residual of a Rician surface–target link is ignored; element
/// patterns enter β at the true angle only; the surface acts with unit-modulus phases v.
#include <string>

#include "irisac/scene/scene.hpp"
#include "irisac/sensing/echo_model.hpp"

namespace irisac {

/// monostatic / semi_passive: a wall surface between BS and target (above); target_mounted: the
/// target carries the surface (sensing/mounted_irs.hpp, the angle is the target's azimuth at the BS).
enum class SensingMode { monostatic, semi_passive, target_mounted };

struct SensingSelection {
  Index bs = 0;
  Index surface = 0;
  Index target = 0;
  SensingMode mode = SensingMode::monostatic;
  Index num_sensors = 0;  ///< semi-passive: 0 = the surface's num_sensors
};

struct SensingProblem {
  EchoModel model;        ///< with the surface's reflection v
  PointTarget target;     ///< θ = azimuth at the surface (local frame), α = s (target_mounted: at the BS)
  double elevation = 0.0; ///< known elevation at the surface (target_mounted: at the BS) [rad]
  double power_w = 0.0;   ///< BS transmit power
  Index num_elements = 0; ///< N
};

/// Builds the problem for phases v (|v_n| = 1, N entries); a surface carried by the target gives the
/// target-mounted model (make_mounted_sensing_problem) for modes monostatic and target_mounted.
/// Throws InvalidArgument when there is no echo path (surface–target link blocked and no direct path), zero power, or a bad selection.
[[nodiscard]] SensingProblem make_sensing_problem(const Scene& scene, const ChannelSet& channels,
                                                  const SensingSelection& sel, const CVec& v);

}  // namespace irisac
