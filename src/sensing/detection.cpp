#include "irisac/sensing/detection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "irisac/core/error.hpp"

namespace irisac {
namespace {
double log_poisson(double k, double lambda) {
  if (lambda == 0.0) return k == 0.0 ? 0.0 : -std::numeric_limits<double>::infinity();
  return k * std::log(lambda) - lambda - std::lgamma(k + 1.0);
}
/// P(Pois(λ) ≤ n) for integer n ≥ 0, summed from the largest term outwards in log space.
double poisson_cdf(long n, double lambda) {
  if (n < 0) return 0.0;
  if (lambda == 0.0) return 1.0;
  // Sum in log space relative to the largest term in [0, n].
  const long mode = std::min(n, static_cast<long>(std::floor(lambda)));
  const double lmax = log_poisson(static_cast<double>(mode), lambda);
  double s = 0.0;
  for (long k = mode; k >= 0; --k) {
    const double t = std::exp(log_poisson(static_cast<double>(k), lambda) - lmax);
    s += t;
    if (t < 1e-18 * s && k < mode - 5) break;
  }
  for (long k = mode + 1; k <= n; ++k) {
    const double t = std::exp(log_poisson(static_cast<double>(k), lambda) - lmax);
    s += t;
    if (t < 1e-18 * s && static_cast<double>(k) > lambda) break;
  }
  return std::min(1.0, s * std::exp(lmax));
}
}  // namespace

double marcum_q(int order, double a, double b) {
  IRISAC_REQUIRE(order >= 1, "order must be >= 1 (got ", order, ")");
  IRISAC_REQUIRE(a >= 0.0 && b >= 0.0 && std::isfinite(a) && std::isfinite(b), "a and b must be finite and >= 0 (got ",
                 a, ", ", b, ")");
  if (b == 0.0) return 1.0;
  const double la = a * a / 2.0, lb = b * b / 2.0;
  // Q_M(a,b) = Σ_k Pois(k; la) · P(Pois(lb) ≤ k + M − 1)  (Poisson mixture of χ² tails).
  if (la == 0.0) return poisson_cdf(order - 1, lb);
  const double sd = std::sqrt(la);
  const auto kmax = static_cast<long>(std::ceil(la + 40.0 * sd + 60.0));
  const long kmin = std::max(0L, static_cast<long>(std::floor(la - 40.0 * sd - 60.0)));
  // Running CDF of Pois(lb) at k + M − 1, advanced by one term per k.
  double cdf = poisson_cdf(kmin + order - 1, lb);
  double q = 0.0;
  for (long k = kmin; k <= kmax; ++k) {
    if (k > kmin) cdf = std::min(1.0, cdf + std::exp(log_poisson(static_cast<double>(k + order - 1), lb)));
    q += std::exp(log_poisson(static_cast<double>(k), la)) * cdf;
  }
  return std::clamp(q, 0.0, 1.0);
}

double marcum_q1(double a, double b) { return marcum_q(1, a, b); }

double glrt_threshold(double pfa) {
  IRISAC_REQUIRE(pfa > 0.0 && pfa < 1.0, "pfa must be in (0, 1) (got ", pfa, ")");
  return -std::log(pfa);
}

double glrt_pd(double snr, double pfa) {
  IRISAC_REQUIRE(snr >= 0.0 && std::isfinite(snr), "snr must be finite and >= 0 (got ", snr, ")");
  return marcum_q1(std::sqrt(2.0 * snr), std::sqrt(2.0 * glrt_threshold(pfa)));
}

double glrt_pd_swerling1(double mean_snr, double pfa) {
  IRISAC_REQUIRE(mean_snr >= 0.0, "mean_snr must be >= 0 (got ", mean_snr, ")");
  IRISAC_REQUIRE(pfa > 0.0 && pfa < 1.0, "pfa must be in (0, 1) (got ", pfa, ")");
  return std::pow(pfa, 1.0 / (1.0 + mean_snr));
}

double energy_threshold(Index n, double pfa) {
  IRISAC_REQUIRE(n >= 1, "n must be >= 1 (got ", n, ")");
  IRISAC_REQUIRE(pfa > 0.0 && pfa < 1.0, "pfa must be in (0, 1) (got ", pfa, ")");
  // P_fa(η) = P(Pois(η) ≤ n − 1), decreasing in η.
  double lo = 0.0, hi = static_cast<double>(n) + 10.0;
  while (poisson_cdf(static_cast<long>(n) - 1, hi) > pfa) hi *= 2.0;
  for (int it = 0; it < 200 && hi - lo > 1e-13 * hi; ++it) {
    const double mid = 0.5 * (lo + hi);
    (poisson_cdf(static_cast<long>(n) - 1, mid) > pfa ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double energy_detector_pd(Index n, double snr, double pfa) {
  IRISAC_REQUIRE(snr >= 0.0, "snr must be >= 0 (got ", snr, ")");
  IRISAC_REQUIRE(n <= 100000, "n too large (got ", n, ")");
  return marcum_q(static_cast<int>(n), std::sqrt(2.0 * snr), std::sqrt(2.0 * energy_threshold(n, pfa)));
}

std::vector<RocPoint> glrt_roc(double snr, const std::vector<double>& pfas) {
  std::vector<RocPoint> out;
  out.reserve(pfas.size());
  for (double p : pfas) out.push_back({p, glrt_pd(snr, p)});
  return out;
}

double glrt_statistic(const CVec& signature, const CVec& received, double noise_var) {
  IRISAC_REQUIRE(signature.size() == received.size(), "signature and received differ in size (", signature.size(),
                 " vs ", received.size(), ")");
  IRISAC_REQUIRE(noise_var > 0.0, "noise_var must be > 0 (got ", noise_var, ")");
  const double s2 = signature.squaredNorm();
  IRISAC_REQUIRE(s2 > 0.0, "signature is zero (no echo path to the target)");
  return std::norm(signature.dot(received)) / (noise_var * s2);  // s.dot(y) = sᴴy
}

double energy_statistic(const CVec& received, double noise_var) {
  IRISAC_REQUIRE(noise_var > 0.0, "noise_var must be > 0 (got ", noise_var, ")");
  return received.squaredNorm() / noise_var;
}

DetectionEstimate detection_monte_carlo(Detector detector, const CVec& signal, double noise_var, double pfa,
                                        Index trials, Rng& rng, bool swerling1) {
  IRISAC_REQUIRE(trials >= 1, "trials must be >= 1 (got ", trials, ")");
  IRISAC_REQUIRE(signal.size() >= 1, "signal must be non-empty");
  const double eta = detector == Detector::glrt ? glrt_threshold(pfa) : energy_threshold(signal.size(), pfa);
  CVec sig = signal;
  if (detector == Detector::glrt && sig.squaredNorm() == 0.0)
    IRISAC_REQUIRE(false, "signal is zero: the GLRT needs the echo signature");
  Index hits = 0;
  for (Index k = 0; k < trials; ++k) {
    const Complex g = swerling1 ? rng.complex_normal(1.0) : Complex{1.0, 0.0};
    const CVec y = g * signal + rng.complex_normal_vector(signal.size(), noise_var);
    const double t = detector == Detector::glrt ? glrt_statistic(sig, y, noise_var) : energy_statistic(y, noise_var);
    if (t > eta) ++hits;
  }
  DetectionEstimate d;
  d.trials = trials;
  d.pd = static_cast<double>(hits) / static_cast<double>(trials);
  d.std_error = std::sqrt(std::max(d.pd * (1.0 - d.pd), 1e-300) / static_cast<double>(trials));
  return d;
}

}  // namespace irisac
