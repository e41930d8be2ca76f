// Steering vectors and cascaded-channel assembly for N = 64 ... 4096 elements.
// Kernels under test are allocation-free (checked by tests/unit/alloc): outputs are preallocated.
#include <benchmark/benchmark.h>

#include "irisac/channel/cascaded.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/geometry/array.hpp"
#include "irisac/geometry/frame.hpp"

using namespace irisac;

static void BM_UlaSteering(benchmark::State& state) {
  const Index n = state.range(0);
  CVec a(n);
  double theta = 0.1;
  for (auto _ : state) {
    ula_steering_into(0.5, theta, a);
    benchmark::DoNotOptimize(a.data());
    theta += 1e-9;
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_UlaSteering)->RangeMultiplier(4)->Range(64, 4096);

static void BM_UpaSteering(benchmark::State& state) {
  const Index n = state.range(0);
  Index rows = 1;
  while (rows * rows < n) rows *= 2;
  const ArrayLayout l{rows, n / rows, 0.5, 0.5, {}};
  CVec a(l.size());
  Vec3 u = direction(0.3, 0.2);
  for (auto _ : state) {
    l.steering_into(u, a);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_UpaSteering)->RangeMultiplier(4)->Range(64, 4096);

// H (N_r × N_t) += H_out · diag(v) · G for an 8-antenna BS and a single-antenna user (the Monte
// Carlo inner loop of every single-user objective), and for an 8×16 MIMO link.
template <Index NR, Index NT>
static void BM_CascadedAssembly(benchmark::State& state) {
  const Index n = state.range(0);
  Rng rng(1);
  const CMat g = rng.complex_normal_matrix(n, NT), hout = rng.complex_normal_matrix(NR, n);
  const CMat hd = rng.complex_normal_matrix(NR, NT);
  CVec v(n);
  for (Index i = 0; i < n; ++i) v[i] = rng.unit_phasor();
  CMat h(NR, NT);
  for (auto _ : state) {
    h = hd;
    add_surface_path(h, hout, v, g);
    benchmark::DoNotOptimize(h.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK_TEMPLATE(BM_CascadedAssembly, 1, 8)->RangeMultiplier(4)->Range(64, 4096);
BENCHMARK_TEMPLATE(BM_CascadedAssembly, 16, 8)->RangeMultiplier(4)->Range(64, 4096);

BENCHMARK_MAIN();
