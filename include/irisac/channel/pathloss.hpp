#pragma once
/// \file Large-scale path gains (linear power ratios, ≤ 1) and the noise power. See docs/models.md §Path loss.
#include "irisac/core/types.hpp"

namespace irisac {

/// Free-space (Friis) power gain between isotropic antennas: β(d) = (λ / (4π d))².
/// Source: H. T. Friis, Proc. IRE 34(5), 1946.  \param distance_m d > 0  \param wavelength_m λ > 0
[[nodiscard]] double friis_gain(double distance_m, double wavelength_m);

/// Distance-exponent power gain β(d) = β₀ · (d / d₀)^(−α)  (Wu & Zhang, TWC 2019, §V).
/// \param ref_gain β₀ at the reference distance (linear, e.g. db_to_lin(−30))  \param exponent α ≥ 0
[[nodiscard]] double exponent_gain(double distance_m, double ref_gain, double ref_distance_m, double exponent);

/// Bistatic radar equation, power gain Tx → target → Rx for isotropic antennas:
///   P_r / P_t = λ² σ / ((4π)³ d_t² d_r²) = β(d_t) · (4πσ/λ²) · β(d_r).
/// Source: M. I. Skolnik, Introduction to Radar Systems, 3rd ed., eq. (2.1) (monostatic d_t = d_r).
[[nodiscard]] double radar_equation_gain(double d_tx_m, double d_rx_m, double wavelength_m, double rcs_m2);

/// Scattering gain 4πσ/λ² of a point target: the factor between the two free-space legs of the
/// radar equation. The echo amplitude through a target is √(4πσ/λ²) times a random unit phasor.
[[nodiscard]] double scattering_gain(double rcs_m2, double wavelength_m);

/// Receiver noise power σ² = N₀ · B · F [W]. \param noise_psd_w_hz N₀ [W/Hz]  \param noise_figure F (linear ≥ 1)
[[nodiscard]] double noise_power_w(double noise_psd_w_hz, double bandwidth_hz, double noise_figure);

}  // namespace irisac
