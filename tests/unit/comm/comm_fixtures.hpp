#pragma once
// Shared instances for the communication tests.
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "irisac/comm/problem.hpp"
#include "irisac/core/rng.hpp"

namespace irisac::test {

/// Values printed by tests/reference/comm_reference.py (tests/data/comm_reference.txt).
inline double reference_value(const std::string& key) {
  static const std::map<std::string, double> table = [] {
    std::map<std::string, double> t;
    std::ifstream in(std::string(IRISAC_SOURCE_DIR) + "/tests/data/comm_reference.txt");
    std::string k;
    double v = 0;
    while (in >> k >> v) t[k] = v;
    return t;
  }();
  const auto it = table.find(key);
  if (it == table.end()) throw std::runtime_error("missing reference value " + key);
  return it->second;
}

/// G1 (models-and-algorithms.md §10): M = 4, N = 8, rank-one G = a_N a_M^H, P = σ² = 1.
inline CommProblem g1_problem() {
  const Index M = 4, N = 8;
  auto ula = [](Index n, double s) {
    CVec a(n);
    for (Index i = 0; i < n; ++i) a(i) = std::polar(1.0, 3.14159265358979323846 * static_cast<double>(i) * s);
    return a;
  };
  const CVec aM = ula(M, std::sin(0.3)), aN = ula(N, std::sin(-0.7));
  const CMat G = aN * aM.adjoint();
  CMat hr(N, 1), hd(M, 1);
  for (Index n = 0; n < N; ++n) {
    const double x = static_cast<double>(n + 1);
    hr(n, 0) = Complex(std::cos(x), std::sin(2 * x)) / std::sqrt(2.0);
  }
  for (Index m = 0; m < M; ++m) {
    const double x = static_cast<double>(m);
    hd(m, 0) = 0.5 * Complex(std::cos(0.5 * x + 0.2), std::sin(1.1 * x));
  }
  return single_cell_problem(G, hr, hd, RVec::Ones(1), 1.0);
}

/// Rayleigh instance: G ~ CN(0,1), h_r ~ CN(0,1), h_d ~ CN(0, direct), σ² = 1, P = 1.
inline CommProblem rayleigh_problem(Index N, Index M, Index K, std::uint64_t seed, double direct = 0.1) {
  Rng rng(seed);
  return single_cell_problem(rng.complex_normal_matrix(N, M), rng.complex_normal_matrix(N, K),
                             rng.complex_normal_matrix(M, K, direct), RVec::Ones(K), 1.0);
}

}  // namespace irisac::test
