#pragma once
/// \file Target detection through the IRS echo (Buzzi et al., TSP 70:1749–1763, 2022; Kay, vol. II,
/// §7.6 and §13.3). docs/sensing.md, "Detection".
///
/// y = α s + n, n ~ CN(0, σ²I), s known (s = vec(B(θ)X) for the IRS echo):
///   GLRT (α unknown, σ² known):  T = |sᴴy|² / (σ²‖s‖²) ≷ η,   P_fa = e^{−η},
///                                P_d = Q₁(√(2·SNR), √(2η)),   SNR = |α|²‖s‖²/σ².
///   Energy detector (s unknown): T = ‖y‖²/σ², 2T ~ χ²_{2n}(2·SNR):
///                                P_fa = Q_n(0, √(2η)) = e^{−η} Σ_{k<n} η^k/k!,  P_d = Q_n(√(2SNR), √(2η)).
///   Swerling-I (α ~ CN(0, σ_α²), GLRT): P_d = P_fa^{1/(1+SNR̄)}.
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/core/types.hpp"

namespace irisac {

/// Generalised Marcum Q function Q_M(a, b) for integer order M ≥ 1, a, b ≥ 0, computed as
/// P(J ≤ K + M − 1) with J ~ Poisson(b²/2), K ~ Poisson(a²/2) independent (exact identity),
/// with log-space Poisson weights: accurate to ~1e-14 absolute, no overflow for a, b up to ~1e3.
[[nodiscard]] double marcum_q(int order, double a, double b);
/// Q₁(a, b).
[[nodiscard]] double marcum_q1(double a, double b);

/// GLRT threshold η for a false-alarm probability: η = −ln P_fa. \param pfa in (0, 1)
[[nodiscard]] double glrt_threshold(double pfa);
/// GLRT P_d = Q₁(√(2 SNR), √(2η(P_fa))). \param snr integrated echo SNR (linear) ≥ 0
[[nodiscard]] double glrt_pd(double snr, double pfa);
/// Swerling-I (Rayleigh amplitude) GLRT P_d = P_fa^{1/(1+SNR̄)}.
[[nodiscard]] double glrt_pd_swerling1(double mean_snr, double pfa);
/// Energy-detector threshold η with e^{−η} Σ_{k<n} η^k/k! = P_fa (bisection). \param n samples ≥ 1
[[nodiscard]] double energy_threshold(Index n, double pfa);
/// Energy-detector P_d = Q_n(√(2 SNR), √(2η)).
[[nodiscard]] double energy_detector_pd(Index n, double snr, double pfa);

struct RocPoint {
  double pfa = 0.0;
  double pd = 0.0;
};
/// GLRT ROC at one SNR over the given false-alarm probabilities.
[[nodiscard]] std::vector<RocPoint> glrt_roc(double snr, const std::vector<double>& pfas);

/// Test statistics. GLRT: |sᴴy|²/(σ²‖s‖²). Energy: ‖y‖²/σ².
[[nodiscard]] double glrt_statistic(const CVec& signature, const CVec& received, double noise_var);
[[nodiscard]] double energy_statistic(const CVec& received, double noise_var);

enum class Detector { glrt, energy };
struct DetectionEstimate {
  double pd = 0.0;
  double std_error = 0.0;  ///< √(p(1−p)/n)
  Index trials = 0;
};
/// Monte Carlo P_d: y = signal + CN(0, σ²I) with `signal` = α s; threshold from P_fa.
/// If `swerling1`, the amplitude is redrawn each trial as signal·g, g ~ CN(0, 1).
[[nodiscard]] DetectionEstimate detection_monte_carlo(Detector detector, const CVec& signal, double noise_var,
                                                      double pfa, Index trials, Rng& rng, bool swerling1 = false);

}  // namespace irisac
