#include "irisac/channel/pathloss.hpp"

#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"

namespace irisac {

double friis_gain(double distance_m, double wavelength_m) {
  IRISAC_REQUIRE(distance_m > 0.0, "distance_m must be > 0 (got ", distance_m, ")");
  IRISAC_REQUIRE(wavelength_m > 0.0, "wavelength_m must be > 0 (got ", wavelength_m, ")");
  const double a = wavelength_m / (4.0 * constants::pi * distance_m);
  return a * a;
}

double exponent_gain(double distance_m, double ref_gain, double ref_distance_m, double exponent) {
  IRISAC_REQUIRE(distance_m > 0.0, "distance_m must be > 0 (got ", distance_m, ")");
  IRISAC_REQUIRE(ref_distance_m > 0.0, "ref_distance_m must be > 0 (got ", ref_distance_m, ")");
  IRISAC_REQUIRE(ref_gain > 0.0, "ref_gain must be > 0 (got ", ref_gain, ")");
  IRISAC_REQUIRE(exponent >= 0.0, "exponent must be >= 0 (got ", exponent, ")");
  return ref_gain * std::pow(distance_m / ref_distance_m, -exponent);
}

double scattering_gain(double rcs_m2, double wavelength_m) {
  IRISAC_REQUIRE(rcs_m2 >= 0.0, "rcs_m2 must be >= 0 (got ", rcs_m2, ")");
  IRISAC_REQUIRE(wavelength_m > 0.0, "wavelength_m must be > 0 (got ", wavelength_m, ")");
  return 4.0 * constants::pi * rcs_m2 / (wavelength_m * wavelength_m);
}

double radar_equation_gain(double d_tx_m, double d_rx_m, double wavelength_m, double rcs_m2) {
  return friis_gain(d_tx_m, wavelength_m) * scattering_gain(rcs_m2, wavelength_m) * friis_gain(d_rx_m, wavelength_m);
}

double noise_power_w(double noise_psd_w_hz, double bandwidth_hz, double noise_figure) {
  IRISAC_REQUIRE(noise_psd_w_hz > 0.0, "noise_psd_w_hz must be > 0 (got ", noise_psd_w_hz, ")");
  IRISAC_REQUIRE(bandwidth_hz > 0.0, "bandwidth_hz must be > 0 (got ", bandwidth_hz, ")");
  IRISAC_REQUIRE(noise_figure >= 1.0, "noise_figure must be >= 1 (linear, got ", noise_figure, ")");
  return noise_psd_w_hz * bandwidth_hz * noise_figure;
}

}  // namespace irisac
