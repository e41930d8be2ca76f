// The C++ side of the Python-bindings overhead comparison (bench/python/optimize_loop.py):
// 10⁴ small optimisations (single user, N = 16, M = 4, manifold on the snr objective, seed i),
// each followed by the SINR and rate of the design, as irisac.optimize() returns them.
// docs/performance.md, "Python bindings".
#include <benchmark/benchmark.h>

#include <cmath>

#include "irisac/comm/optimize.hpp"

namespace {

irisac::CommProblem loop_problem() {
  // Deterministic instance shared with bench/python/optimize_loop.py (no RNG needed on either side).
  const irisac::Index N = 16, M = 4;
  irisac::CMat G(N, M), hr(N, 1), hd(M, 1);
  for (irisac::Index n = 0; n < N; ++n) {
    for (irisac::Index m = 0; m < M; ++m) G(n, m) = std::polar(1.0, 0.7 * static_cast<double>(n * m) + 0.3 * static_cast<double>(n));
    hr(n, 0) = std::polar(1.0 + 0.1 * static_cast<double>(n % 3), 1.3 * static_cast<double>(n * n));
  }
  for (irisac::Index m = 0; m < M; ++m) hd(m, 0) = std::polar(0.2, 0.9 * static_cast<double>(m));
  return irisac::single_cell_problem(G, hr, hd, irisac::RVec::Ones(1), 1.0);
}

void BM_OptimizeLoop1e4(benchmark::State& state) {
  const irisac::CommProblem p = loop_problem();
  double sink = 0.0;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < 10000; ++i) {
      irisac::Rng rng(i, 0, 0, 1);
      const irisac::CommResult r = irisac::optimize(p, irisac::CommObjective::snr, irisac::CommAlgorithm::manifold, {}, rng);
      const irisac::RVec s = irisac::sinr(p, r.v, r.W);
      sink += std::log2(1.0 + s(0));
    }
    benchmark::DoNotOptimize(sink);
  }
}
BENCHMARK(BM_OptimizeLoop1e4)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
