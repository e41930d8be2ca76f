#pragma once
/// \file Target-mounted IRS seen by a base station (article §II-B and §III-B-2; X. Shao, R. Zhang,
/// Natl. Sci. Rev. 10(8), 2023). docs/architectures.md §1.
///
/// The target carries the surface, so there is no IRS–target link: the BS illuminates the surface
/// and the surface (with the target's body) is what the BS sees. The parameter is the azimuth φ of
/// the carried surface's reference element in the BS's local frame (elevation ϑ known):
///   Y = α · a_r(φ) a_t(φ)ᵀ · X + Z,
///   α = a_rᴴ H_e a_t* / (‖a_r‖²‖a_t‖²),   H_e = H_{i→b} diag(r) G_{b→i} + s·h_{t→b} h_{b→t}ᵀ,
/// i.e. the echo channel of the target (surface retro-reflection plus the body's echo s) projected on
/// the rank-one far-field shape; a_r, a_t the BS receive/transmit array steering at (φ, ϑ)
/// (leg_steering conventions), r the surface's reflection coefficients (surface_response: energy
/// split, amplification, quantisation).
/// Modelling choices: the body echo is taken from the surface's direction (the carrier is one point
/// at the BS's angular resolution; the 1 m offset of scenarios/vehicle-irs.toml is 2.5° at 23 m,
/// a third of the 16-element beamwidth); the residual of the projection (near field, Rician
/// scatter) is dropped; the amplifier noise of an active carried surface is not modelled; for time
/// switching the T snapshots are those of the reflecting interval. The phases do not enter the
/// angle information except through |α|², so retro-reflection (aligned) minimises the CRB.
/// Closed form: CRB(φ) = 6σ² / (T·SNR·(2π d cos ϑ)² cos²φ · M(M²−1)), SNR = |α|²P/σ² for
/// R_x = P/N_t·I (‖a_t‖² = N_t): ula_doa_crb with the effective spacing d cos ϑ (tested for N_t = 1).
#include "irisac/scene/scene.hpp"
#include "irisac/sensing/scene_problem.hpp"

namespace irisac {

/// True when the selected surface is carried by the selected target.
[[nodiscard]] bool surface_mounted_on_target(const Scene& scene, const SensingSelection& sel);

/// The echo model above for phases v of the carried surface. Throws InvalidArgument when the surface
/// is not carried by the target, v has the wrong size, the BS has zero power, or there is no echo
/// (the BS–surface link blocked and no body echo).
[[nodiscard]] SensingProblem make_mounted_sensing_problem(const Scene& scene, const ChannelSet& channels,
                                                          const SensingSelection& sel, const CVec& v);

}  // namespace irisac
