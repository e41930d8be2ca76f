#pragma once
/// \file Physical and mathematical constants [SI].
#include <numbers>

namespace irisac::constants {
inline constexpr double pi = std::numbers::pi;
inline constexpr double two_pi = 2.0 * std::numbers::pi;
inline constexpr double speed_of_light = 299'792'458.0;    ///< c [m/s]
inline constexpr double boltzmann = 1.380649e-23;          ///< k_B [J/K]
inline constexpr double reference_temperature = 290.0;     ///< T_0 for noise figures [K]
/// Thermal noise PSD k_B·T_0 at 290 K ≈ −173.98 dBm/Hz [W/Hz].
inline constexpr double thermal_noise_psd = boltzmann * reference_temperature;
}  // namespace irisac::constants
