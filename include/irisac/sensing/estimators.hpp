#pragma once
/// \file Angle estimators for the echo models of echo_model.hpp, and their Monte Carlo MSE next to
/// the CRB (docs/sensing.md, "Estimators").
///
/// - ML (deterministic, α unknown): θ̂ = argmax_θ ‖P_{F(θ)} y‖², F(θ) = [vec(B(θ)X), vec(D_i X)]
///   (whitened); for one target and no nuisance this is |tr(B(θ)ᴴ Y Xᴴ)|² / (T·tr(B R̂ Bᴴ)).
///   Grid search, then golden-section refinement inside the best grid cell (Kay, vol. I, §7.8).
/// - MUSIC (Schmidt, IEEE TAP 1986): pseudo-spectrum 1/‖E_nᴴ r(θ)‖² over the receive manifold
///   r(θ)/‖r(θ)‖, E_n the noise subspace of the sample covariance of the (whitened) snapshots.
/// - Beam-scan periodogram (Bartlett): r(θ)ᴴ R̂_y r(θ) / ‖r(θ)‖².
/// MUSIC and beam scan use only the receive side (they do not need the waveform).
#include <string>
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/core/types.hpp"
#include "irisac/sensing/echo_model.hpp"

namespace irisac {

enum class AngleEstimator { ml, music, beam_scan };
/// "ml", "music", "beam_scan".
[[nodiscard]] std::string to_string(AngleEstimator e);
/// Parses the names above; throws InvalidArgument listing them otherwise.
[[nodiscard]] AngleEstimator angle_estimator_from_string(const std::string& name);

struct AngleSearchOptions {
  double theta_min = -1.2;     ///< search interval [rad]
  double theta_max = 1.2;
  Index grid_size = 512;       ///< ≥ 2 grid points
  bool refine = true;          ///< golden-section refinement inside the best cell
  double tolerance = 1e-10;    ///< refinement tolerance [rad]
  Index num_sources = 1;       ///< MUSIC / beam scan: number of peaks returned (signal subspace size)
};

/// ML objective at θ (the fraction of ‖y‖² explained by span F(θ)). \param samples X (Nt × T)
[[nodiscard]] double ml_objective(const EchoModel& model, const CMat& received, const CMat& samples, double theta);
/// ML estimate of one target's angle.
[[nodiscard]] double estimate_angle_ml(const EchoModel& model, const CMat& received, const CMat& samples,
                                       const AngleSearchOptions& opts = {});
/// MUSIC estimates (num_sources peaks, ascending).
[[nodiscard]] std::vector<double> estimate_angles_music(const EchoModel& model, const CMat& received,
                                                        const AngleSearchOptions& opts = {});
/// Beam-scan (Bartlett periodogram) estimates (num_sources peaks, ascending).
[[nodiscard]] std::vector<double> estimate_angles_beam_scan(const EchoModel& model, const CMat& received,
                                                            const AngleSearchOptions& opts = {});
/// Pseudo-spectra on the grid (for plots): MUSIC 1/‖E_nᴴ r̄‖², beam scan r̄ᴴ R̂ r̄.
[[nodiscard]] RVec music_spectrum(const EchoModel& model, const CMat& received, const RVec& grid, Index num_sources);
[[nodiscard]] RVec beam_scan_spectrum(const EchoModel& model, const CMat& received, const RVec& grid);
/// One estimate of the first target's angle with the named estimator.
[[nodiscard]] double estimate_angle(AngleEstimator estimator, const EchoModel& model, const CMat& received,
                                    const CMat& samples, const AngleSearchOptions& opts = {});

struct MseResult {
  double mse = 0.0;          ///< mean of (θ̂ − θ)² [rad²]
  double std_error = 0.0;    ///< standard error of that mean (sample std / √n)
  double bias = 0.0;         ///< mean of θ̂ − θ [rad]
  Index trials = 0;
};
/// Monte Carlo MSE of `estimator` for one target: trials draws of Y = echo + clutter + noise with
/// the known samples X. Randomness only from `rng`.
[[nodiscard]] MseResult monte_carlo_mse(AngleEstimator estimator, const EchoModel& model, const PointTarget& target,
                                        const CMat& samples, Index trials, Rng& rng,
                                        const AngleSearchOptions& opts = {});

}  // namespace irisac
