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
#include <vector>

#include "irisac/scene/scene.hpp"
#include "irisac/sensing/echo_model.hpp"

namespace irisac {

/// monostatic / semi_passive: a wall surface between BS and target (above); target_mounted: the
/// target carries the surface (sensing/mounted_irs.hpp, the angle is the target's azimuth at the BS).
enum class SensingMode { monostatic, semi_passive, target_mounted };

/// Bistatic echo paths (echo_model.hpp): tx_irs = BS–surface–target–receiver (bistatic_tx_irs_model:
/// r = h_{target→rx}, known, the receiver sees the target directly; t(θ) the monostatic transmit leg);
/// irs_rx = BS–target–surface–receiver (bistatic_irs_rx_model: t = h_{bs→target}, known;
/// r(θ) = β·G_{r,rx}(v ⊙ a(θ)) through the surface's coefficient on the receiver's side).
enum class BistaticPath { tx_irs, irs_rx };

struct SensingSelection {
  Index bs = 0;
  Index surface = 0;
  Index target = 0;
  SensingMode mode = SensingMode::monostatic;
  Index num_sensors = 0;  ///< semi-passive: 0 = the surface's num_sensors
  /// Receiving base station; −1 (or == bs) = the transmitting BS (monostatic). Another BS gives a
  /// bistatic model (monostatic mode only), along `bistatic`.
  Index receiver = -1;
  BistaticPath bistatic = BistaticPath::tx_irs;
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
/// sel.receiver another BS: the bistatic model of sel.bistatic (throws InvalidArgument, naming
/// [sensing] receiver, when the path it needs is blocked or the mode is not monostatic).
[[nodiscard]] SensingProblem make_sensing_problem(const Scene& scene, const ChannelSet& channels,
                                                  const SensingSelection& sel, const CVec& v);

/// True when sel.receiver names a BS other than the transmitting one.
[[nodiscard]] inline bool is_bistatic(const SensingSelection& sel) { return sel.receiver >= 0 && sel.receiver != sel.bs; }

/// Several targets seen through the sensing surface (the multi-target designs of design.hpp): the
/// problem's model with every steered leg's gain set to 1 and its θ-independent offsets removed, so
/// B(θ_k) = r(θ_k) t(θ_k)ᵀ is the surface's two-way response towards target k (equal target gains,
/// the selected target's elevation), and θ_k the azimuth of every target of the scene at the surface.
struct TargetsView {
  EchoModel model;
  std::vector<double> thetas;
};
/// Throws InvalidArgument for a target-mounted or bistatic problem (no common surface view).
[[nodiscard]] TargetsView surface_targets_view(const Scene& scene, const SensingSelection& sel,
                                               const SensingProblem& problem);

}  // namespace irisac
