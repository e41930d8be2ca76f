// IRS anchor search time (docs/architectures.md §2): exhaustive DFT scan (N codewords, N² complex
// MACs) vs binary-tree search (2 log₂N codewords), without refinement, and the coherent-scan CRB.
// NumPy counterpart: bench/numpy/architectures_bench.py. Results: docs/performance.md, "Architectures".
#include <benchmark/benchmark.h>

#include "irisac/core/rng.hpp"
#include "irisac/sensing/anchor.hpp"

namespace {
using namespace irisac;

void BM_AnchorExhaustive(benchmark::State& st) {
  const Index n = st.range(0);
  Rng rng(1);
  const Complex beta = 10.0 / static_cast<double>(n);
  for (auto _ : st) benchmark::DoNotOptimize(anchor_exhaustive_scan(n, n, beta, 0.123, 1.0, false, rng).f_grid);
}
BENCHMARK(BM_AnchorExhaustive)->RangeMultiplier(4)->Range(16, 1024);

void BM_AnchorHierarchical(benchmark::State& st) {
  const Index n = st.range(0);
  Rng rng(1);
  const Complex beta = 10.0 / static_cast<double>(n);
  for (auto _ : st) benchmark::DoNotOptimize(anchor_hierarchical_scan(n, beta, 0.123, 1.0, false, rng).f_grid);
}
BENCHMARK(BM_AnchorHierarchical)->RangeMultiplier(4)->Range(16, 1024);

void BM_AnchorScanCrb(benchmark::State& st) {
  const Index n = st.range(0);
  const CMat c = anchor_dft_codebook(n, n);
  for (auto _ : st) benchmark::DoNotOptimize(anchor_scan_crb(c, 0.123, 1.0, 1.0));
}
BENCHMARK(BM_AnchorScanCrb)->RangeMultiplier(4)->Range(16, 1024);

}  // namespace

BENCHMARK_MAIN();
