// Experiment engine benchmarks (docs/performance.md, "Experiment engine"):
//   BM_EmptyTrial         engine overhead per trial (goal < 1 µs): a trial that only writes 0
//   BM_WorkTrial/threads  speed-up from 1 to 2 threads on ~20 µs trials (goal >= 1.8 on 2 cores)
// Run: ./build/bench/bench/irisac_bench_sim_engine --benchmark_min_time=2 --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>

#include "irisac/sim/sweep.hpp"

namespace {

using irisac::Rng;
using namespace irisac::sim;

void run(benchmark::State& state, unsigned threads, std::int64_t trials, std::size_t points, const TrialFn& trial) {
  RunOptions opts;
  opts.threads = threads;
  opts.batch_size = 256;
  opts.stop = StopRule::fixed(trials);
  Callbacks cb;
  cb.prepare = [&trial](std::size_t) {
    Job j;
    j.num_metrics = 1;
    j.trial = trial;
    return std::vector<Job>{j};
  };
  cb.on_point = [](PointResult&&) {};
  std::vector<std::size_t> pts(points);
  for (std::size_t i = 0; i < points; ++i) pts[i] = i;
  for (auto _ : state) {
    const RunSummary s = run_points(pts, opts, cb);
    benchmark::DoNotOptimize(s.trials);
  }
  const double n = static_cast<double>(trials) * static_cast<double>(points);
  state.SetItemsProcessed(static_cast<std::int64_t>(n) * state.iterations());
  state.counters["ns_per_trial"] =
      benchmark::Counter(n * static_cast<double>(state.iterations()) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_EmptyTrial(benchmark::State& state) {
  run(state, 1, 1 << 20, 4, [](Rng&, std::span<double> out) { out[0] = 0.0; });
}
BENCHMARK(BM_EmptyTrial)->Unit(benchmark::kMillisecond)->UseRealTime();

// A trial that draws one normal (the typical RNG use) and does ~20 µs of arithmetic.
void BM_WorkTrial(benchmark::State& state) {
  run(state, static_cast<unsigned>(state.range(0)), 2000, 8, [](Rng& rng, std::span<double> out) {
    double acc = rng.normal();
    for (int i = 0; i < 1200; ++i) acc += std::sin(acc + i * 1e-3);
    out[0] = acc;
  });
}
BENCHMARK(BM_WorkTrial)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
