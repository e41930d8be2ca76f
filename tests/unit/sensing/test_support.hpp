#pragma once
// Shared helpers of the sensing tests: golden values from tests/data/sensing_golden.txt (written by
// tests/reference/sensing_reference.py) and the deterministic test instances G2 / G3' of
// models-and-algorithms.md §10.
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "irisac/core/constants.hpp"
#include "irisac/core/types.hpp"
#include "irisac/geometry/array.hpp"

namespace irisac::test {

inline double golden(const std::string& key) {
  static const std::map<std::string, double> table = [] {
    std::map<std::string, double> t;
    std::ifstream in(std::string(IRISAC_SOURCE_DIR) + "/tests/data/sensing_golden.txt");
    std::string k;
    double v = 0.0;
    while (in >> k >> v) t[k] = v;
    return t;
  }();
  const auto it = table.find(key);
  if (it == table.end()) throw std::runtime_error("golden value missing: " + key);
  return it->second;
}

/// G2: N=8, Nt=Nr=4, T=256, σ²=1, α=0.1e^{0.3j}, θ=20°.
struct G2 {
  static constexpr Index n = 8, nt = 4, nr = 4, t = 256;
  CMat gt{n, nt}, gr{nr, n};
  CVec v{n};
  Complex alpha = 0.1 * std::polar(1.0, 0.3);
  double theta = 20.0 * constants::pi / 180.0;
  CMat r = CMat::Identity(nt, nt) / 4.0;
  G2() {
    const double pi = constants::pi;
    for (Index i = 0; i < n; ++i)
      for (Index m = 0; m < nt; ++m)
        gt(i, m) = std::polar(1.0 + 0.1 * static_cast<double>(m),
                              pi * static_cast<double>(i * m) / 7.0 + 0.1 * static_cast<double>(i * i));
    for (Index k = 0; k < nr; ++k)
      for (Index i = 0; i < n; ++i) gr(k, i) = std::polar(1.0, -pi * static_cast<double>(i * k) / 5.0);
    for (Index i = 0; i < n; ++i) v[i] = std::polar(1.0, pi * static_cast<double>(i * i) / 8.0);
  }
};

/// G3': N=4, Nt=6, Nr=5, T=256, σ²=1, P=1.
struct G3 {
  static constexpr Index n = 4, nt = 6, nr = 5, t = 256;
  CMat gt{n, nt}, gr{nr, n};
  G3() {
    const double pi = constants::pi;
    for (Index i = 0; i < n; ++i)
      for (Index m = 0; m < nt; ++m)
        gt(i, m) = std::polar(1.0 + 0.3 * static_cast<double>(i), -2.0 * pi * static_cast<double>(i * m) / 6.0);
    for (Index k = 0; k < nr; ++k)
      for (Index i = 0; i < n; ++i)
        gr(k, i) = std::polar(1.0 + 0.2 * static_cast<double>(i), -2.0 * pi * static_cast<double>(i * k) / 5.0);
  }
};

/// Rank-one (LoS) links: G_t = a_N(ψ) a_Mᴴ(φ) (N × M) and G_r = G_tᵀ (reciprocal).
inline CMat los_bs_to_irs(Index n, Index m, double psi = -0.4, double phi = 0.2) {
  return ula_steering(n, 0.5, psi) * ula_steering(m, 0.5, phi).adjoint();
}

}  // namespace irisac::test
