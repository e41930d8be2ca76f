// IRS phase design for one user (MISO, M = 4, Rayleigh G, h_r, weak direct link): time per
// algorithm against N = 16 … 1024 and the gap to the SDR upper bound (SDR only up to N = 128).
// The instances are written to comm_instances.txt in the working directory so that
// bench/numpy/comm_bench.py times the NumPy versions of the same algorithms on the same numbers.
//   ./build/bench/bench/irisac_bench_comm_bench --benchmark_counters_tabular=true
//   /usr/bin/python3 bench/numpy/comm_bench.py comm_instances.txt
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <map>
#include <mutex>

#include "irisac/comm/optimize.hpp"
#include "irisac/comm/phase_methods.hpp"
#include "irisac/core/rng.hpp"

using namespace irisac;

namespace {

constexpr Index kM = 4;

const CommProblem& instance(Index n) {
  static std::map<Index, CommProblem> cache;
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  Rng rng(2026, static_cast<std::uint64_t>(n));
  CommProblem p = single_cell_problem(rng.complex_normal_matrix(n, kM), rng.complex_normal_matrix(n, 1),
                                      rng.complex_normal_matrix(kM, 1, 0.1), RVec::Ones(1), 1.0);
  // append to the shared instance file: "N M" then G (row-major), h_r, h_d as "re im" lines
  static bool fresh = true;
  std::FILE* f = std::fopen("comm_instances.txt", fresh ? "w" : "a");
  fresh = false;
  if (f) {
    std::fprintf(f, "%ld %ld\n", static_cast<long>(n), static_cast<long>(kM));
    for (Index r = 0; r < n; ++r)
      for (Index c = 0; c < kM; ++c) std::fprintf(f, "%.17g %.17g\n", p.bs_to_irs[0](r, c).real(), p.bs_to_irs[0](r, c).imag());
    for (Index r = 0; r < n; ++r) std::fprintf(f, "%.17g %.17g\n", p.irs_to_user(r, 0).real(), p.irs_to_user(r, 0).imag());
    for (Index r = 0; r < kM; ++r) std::fprintf(f, "%.17g %.17g\n", p.bs_to_user[0](r, 0).real(), p.bs_to_user[0](r, 0).imag());
    std::fclose(f);
  }
  return cache.emplace(n, std::move(p)).first->second;
}

double sdr_bound(Index n) {
  static std::map<Index, double> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  if (!sdr_available() || n > 128) return 0.0;
  Rng rng(1);
  CommOptions o;
  const CommResult r = optimize(instance(n), CommObjective::snr, CommAlgorithm::sdr, o, rng);
  return cache[n] = *r.bound;
}

void run(benchmark::State& state, CommAlgorithm alg, int restarts) {
  const Index n = state.range(0);
  const CommProblem& p = instance(n);
  CommOptions o;
  o.restarts = restarts;
  double value = 0;
  int its = 0;
  for (auto _ : state) {
    Rng rng(7);
    const CommResult r = optimize(p, CommObjective::snr, alg, o, rng);
    value = r.objective;
    its = r.iterations;
    benchmark::DoNotOptimize(value);
  }
  (void)its;
}

// Values and gaps are printed by main() after the timings (one untimed run per point).
void print_values() {
  std::printf("\n%6s %-14s %16s %12s %12s\n", "N", "algorithm", "snr", "iterations", "gap_to_ub_%");
  const std::pair<const char*, CommAlgorithm> algs[] = {{"manifold", CommAlgorithm::manifold},
                                                        {"manifold_1st", CommAlgorithm::manifold},
                                                        {"bcd", CommAlgorithm::bcd},
                                                        {"alternating", CommAlgorithm::alternating},
                                                        {"sdr", CommAlgorithm::sdr}};
  for (Index n = 16; n <= 1024; n *= 2) {
    const double ub = sdr_bound(n);
    for (const auto& [name, alg] : algs) {
      if (alg == CommAlgorithm::sdr && n > 128) continue;
      CommOptions o;
      o.restarts = std::string(name) == "manifold_1st" ? 0 : (alg == CommAlgorithm::manifold ? 1 : 0);
      Rng rng(7);
      const CommResult r = optimize(instance(n), CommObjective::snr, alg, o, rng);
      if (ub > 0)
        std::printf("%6ld %-14s %16.6f %12d %12.5f\n", static_cast<long>(n), name, r.objective, r.iterations,
                    100.0 * (1.0 - r.objective / ub));
      else
        std::printf("%6ld %-14s %16.6f %12d %12s\n", static_cast<long>(n), name, r.objective, r.iterations, "-");
    }
    if (ub > 0) std::printf("%6ld %-14s %16.6f\n", static_cast<long>(n), "sdr_bound", ub);
  }
}

void BM_Manifold(benchmark::State& s) { run(s, CommAlgorithm::manifold, 1); }
void BM_ManifoldSingleStart(benchmark::State& s) { run(s, CommAlgorithm::manifold, 0); }
void BM_Bcd(benchmark::State& s) { run(s, CommAlgorithm::bcd, 0); }
void BM_Alternating(benchmark::State& s) { run(s, CommAlgorithm::alternating, 0); }
void BM_Sdr(benchmark::State& s) { run(s, CommAlgorithm::sdr, 0); }

}  // namespace

BENCHMARK(BM_Manifold)->RangeMultiplier(2)->Range(16, 1024)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ManifoldSingleStart)->RangeMultiplier(2)->Range(16, 1024)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Bcd)->RangeMultiplier(2)->Range(16, 1024)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Alternating)->RangeMultiplier(2)->Range(16, 1024)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sdr)->RangeMultiplier(2)->Range(16, 128)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  print_values();
  return 0;
}
