// Sensing kernels: Fisher information / CRB evaluation and the ML grid search, vs the number of IRS
// elements N and the grid size. NumPy counterpart: bench/numpy/sensing_bench.py. Results and
// commands: docs/performance.md, section "Sensing".
#include <benchmark/benchmark.h>

#include "irisac/core/rng.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/estimators.hpp"

namespace {
using namespace irisac;

struct Setup {
  EchoModel model;
  PointTarget target{0.3, {1.0, 0.3}};
  CMat r, x, y;
  explicit Setup(Index n, Index t = 32) {
    Rng rng(1);
    const Index nt = 4, nr = 4;
    const CMat gt = rng.complex_normal_matrix(n, nt), gr = rng.complex_normal_matrix(nr, n);
    CVec v(n);
    for (auto& e : v) e = rng.unit_phasor();
    model = monostatic_irs_model(gt, gr, v, 1.0);
    r = CMat::Identity(nt, nt) / static_cast<double>(nt);
    x = waveform_from_covariance(r, t);
    y = simulate_echo(model, {target}, x, rng);
  }
};

// Closed-form CRB(θ) (whitening + Gram/Schur complement).
void BM_CrbClosedForm(benchmark::State& st) {
  const Setup s(st.range(0));
  for (auto _ : st) benchmark::DoNotOptimize(crb_angle(s.model, s.target, s.r, 32));
}
BENCHMARK(BM_CrbClosedForm)->RangeMultiplier(4)->Range(16, 1024);

// Full 3×3 Slepian–Bangs FIM + inversion with the rank diagnostic.
void BM_FimAndInverse(benchmark::State& st) {
  const Setup s(st.range(0));
  for (auto _ : st) benchmark::DoNotOptimize(crb_angle_from_fim(s.model, s.target, s.r, 32));
}
BENCHMARK(BM_FimAndInverse)->RangeMultiplier(4)->Range(16, 1024);

// ML grid search + golden-section refinement, vs N (grid 512) ...
void BM_MlSearchVsN(benchmark::State& st) {
  const Setup s(st.range(0));
  AngleSearchOptions o;
  o.grid_size = 512;
  for (auto _ : st) benchmark::DoNotOptimize(estimate_angle_ml(s.model, s.y, s.x, o));
}
BENCHMARK(BM_MlSearchVsN)->RangeMultiplier(4)->Range(16, 1024)->Unit(benchmark::kMicrosecond);

// ... and vs the grid size (N = 64).
void BM_MlSearchVsGrid(benchmark::State& st) {
  const Setup s(64);
  AngleSearchOptions o;
  o.grid_size = st.range(0);
  for (auto _ : st) benchmark::DoNotOptimize(estimate_angle_ml(s.model, s.y, s.x, o));
}
BENCHMARK(BM_MlSearchVsGrid)->RangeMultiplier(4)->Range(64, 4096)->Unit(benchmark::kMicrosecond);
}  // namespace

BENCHMARK_MAIN();
