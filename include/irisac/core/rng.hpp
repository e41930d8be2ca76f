#pragma once
/// \file Counter-based random numbers (Philox4x64-10, Random123). A generator is a pure function of
/// (seed, point, trial, stream): trial k of sweep point p draws the same numbers whichever thread,
/// process or resumed run computes it. There is no global generator anywhere in irisac.
///
/// Normal variates use our own Box–Muller transform (std::normal_distribution differs between
/// standard libraries). CN(0, σ²) has σ²/2 per real dimension.
#include <array>
#include <cmath>
#include <cstdint>

#include "irisac/core/types.hpp"

namespace irisac {

class Rng {
 public:
  /// \param seed   master seed of the run
  /// \param point  index of the sweep point (0 outside sweeps)
  /// \param trial  index of the Monte Carlo trial at that point
  /// \param stream independent stream for one purpose inside a trial (e.g. 0 channels, 1 noise)
  explicit Rng(std::uint64_t seed, std::uint64_t point = 0, std::uint64_t trial = 0,
               std::uint64_t stream = 0) noexcept
      : key_{seed, stream}, ctr_{point, trial, 0, 0} {}

  /// 64 uniformly distributed bits.
  std::uint64_t next_u64() noexcept {
    if (pos_ == 4) refill();
    return buf_[pos_++];
  }
  /// Uniform on [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  /// Uniform on [a, b).
  double uniform(double a, double b) noexcept { return a + (b - a) * uniform(); }
  /// Uniform integer in [0, n), n ≥ 1 (Lemire's multiply-shift, negligible bias for n ≪ 2^64).
  std::uint64_t uniform_index(std::uint64_t n) noexcept {
    __extension__ using u128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<u128>(next_u64()) * n) >> 64);
  }
  /// Standard normal N(0, 1) (Box–Muller; the second variate of each pair is cached).
  double normal() noexcept {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double phi = 2.0 * 3.14159265358979323846 * u2;
    spare_ = r * std::sin(phi);
    has_spare_ = true;
    return r * std::cos(phi);
  }
  /// Circularly-symmetric complex normal CN(0, variance): E|z|² = variance.
  Complex complex_normal(double variance = 1.0) noexcept {
    const double s = std::sqrt(variance / 2.0);
    const double re = normal();
    const double im = normal();
    return {s * re, s * im};
  }
  /// Uniform phase e^{jφ}, φ ~ U[0, 2π).
  Complex unit_phasor() noexcept {
    const double phi = 2.0 * 3.14159265358979323846 * uniform();
    return {std::cos(phi), std::sin(phi)};
  }
  /// Vector of i.i.d. CN(0, variance) entries.
  CVec complex_normal_vector(Index n, double variance = 1.0);
  /// Matrix of i.i.d. CN(0, variance) entries.
  CMat complex_normal_matrix(Index rows, Index cols, double variance = 1.0);

 private:
  void refill() noexcept;
  std::array<std::uint64_t, 2> key_;
  std::array<std::uint64_t, 4> ctr_;
  std::array<std::uint64_t, 4> buf_{};
  std::size_t pos_ = 4;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace irisac
