#pragma once
/// \file Running mean and variance (Welford 1962) with the pairwise merge of Chan, Golub and LeVeque
/// (1979), and confidence intervals for the mean.
///
///   add(x):   n ← n+1,  δ = x − μ,  μ ← μ + δ/n,  M2 ← M2 + δ·(x − μ)
///   merge:    n = n_a+n_b,  δ = μ_b − μ_a,  μ = μ_a + δ·n_b/n,  M2 = M2_a + M2_b + δ²·n_a·n_b/n
///   s² = M2/(n−1),  CI half-width h = q·s/√n with q = t_{1−α/2, n−1} (Student) or z_{1−α/2} (normal).
///
/// Merging is not associative in floating point: the engine merges batches strictly in batch order,
/// which makes results independent of the number of threads or processes.
#include <cstdint>

namespace irisac::sim {

/// How the CI half-width is computed.
enum class CiMethod { student_t, normal };

class RunningStats {
 public:
  RunningStats() = default;
  /// Restores a state (e.g. read back from a results store); m2 = Σ(x − μ)².
  RunningStats(std::int64_t count, double mean, double m2) noexcept : n_(count), mean_(mean), m2_(m2) {}

  void add(double x) noexcept {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
  }
  /// Chan et al. pairwise merge: the result equals adding other's samples after this one's
  /// (up to rounding).
  void merge(const RunningStats& other) noexcept;

  [[nodiscard]] std::int64_t count() const noexcept { return n_; }
  [[nodiscard]] double mean() const noexcept { return mean_; }
  [[nodiscard]] double m2() const noexcept { return m2_; }
  /// Unbiased sample variance M2/(n−1); 0 for n < 2.
  [[nodiscard]] double variance() const noexcept;
  [[nodiscard]] double stddev() const noexcept;
  /// Half-width of the two-sided CI for the mean at `level` (e.g. 0.95); +∞ for n < 2.
  [[nodiscard]] double ci_half_width(double level = 0.95, CiMethod method = CiMethod::student_t) const;

 private:
  std::int64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

/// Standard normal quantile Φ⁻¹(p), 0 < p < 1 (Acklam's rational approximation refined by one
/// Halley step on erfc; relative error < 1e-13).
[[nodiscard]] double normal_quantile(double p);
/// Student-t quantile t_{p, df}, 0 < p < 1, df ≥ 1 (Hill 1970, ACM Algorithm 396, refined by
/// Newton steps on the exact CDF; relative error < 1e-10).
[[nodiscard]] double student_t_quantile(double p, double df);
/// Student-t CDF P(T ≤ t) for df ≥ 1 (regularised incomplete beta function, continued fraction).
[[nodiscard]] double student_t_cdf(double t, double df);

}  // namespace irisac::sim
