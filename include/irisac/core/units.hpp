#pragma once
/// \file The ONLY place where dB, dBm and degree conversions are written. Inside the library every
/// quantity is SI and linear; names ending in _db, _dbm, _deg appear only at the edges (files, CLI).
/// dB always denotes a POWER ratio: x_db = 10·log10(x_lin).
#include <cmath>

#include "irisac/core/constants.hpp"

namespace irisac {
[[nodiscard]] inline double db_to_lin(double x_db) noexcept { return std::pow(10.0, x_db / 10.0); }
[[nodiscard]] inline double lin_to_db(double x_lin) noexcept { return 10.0 * std::log10(x_lin); }
[[nodiscard]] inline double dbm_to_watt(double p_dbm) noexcept {
  return std::pow(10.0, (p_dbm - 30.0) / 10.0);
}
[[nodiscard]] inline double watt_to_dbm(double p_w) noexcept { return 10.0 * std::log10(p_w) + 30.0; }
/// dBm/Hz → W/Hz (a noise power spectral density).
[[nodiscard]] inline double dbm_hz_to_watt_hz(double psd_dbm_hz) noexcept { return dbm_to_watt(psd_dbm_hz); }
/// dBsm (dB relative to 1 m²) → m² (radar cross-section).
[[nodiscard]] inline double dbsm_to_m2(double rcs_dbsm) noexcept { return db_to_lin(rcs_dbsm); }
[[nodiscard]] constexpr double deg_to_rad(double deg) noexcept { return deg * (constants::pi / 180.0); }
[[nodiscard]] constexpr double rad_to_deg(double rad) noexcept { return rad * (180.0 / constants::pi); }
/// λ = c / f_c [m].
[[nodiscard]] inline double wavelength_m(double carrier_hz) noexcept {
  return constants::speed_of_light / carrier_hz;
}
}  // namespace irisac
