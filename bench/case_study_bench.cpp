// Case study (docs/case-study.md): polyblock solve time per scheme and requirement, the 1-D oracle,
// one full Fig. 4 sweep (library only), the array-gain kernel and one EKF protocol run.
// Results and the command: docs/performance.md, section "Case study".
#include <benchmark/benchmark.h>

#include "irisac/core/units.hpp"
#include "irisac/isac/case_study.hpp"
#include "irisac/isac/vehicle_tracking.hpp"

using namespace irisac;

namespace {
const CaseStudy& model() {
  static const CaseStudy cs{CaseStudyParams{}};
  return cs;
}

// args: scheme index, requirement [dB]
void BM_PolyblockModelB(benchmark::State& st) {
  const Scheme s = all_schemes()[static_cast<std::size_t>(st.range(0))];
  const double g = db_to_lin(static_cast<double>(st.range(1)));
  Index it = 0;
  for (auto _ : st) {
    const auto a = optimal_time_allocation(model(), s, g, AllocationMethod::polyblock);
    it = a.iterations;
    benchmark::DoNotOptimize(a.rate);
  }
  st.counters["poa_iterations"] = static_cast<double>(it);
  st.SetLabel(scheme_name(s));
}
BENCHMARK(BM_PolyblockModelB)
    ->ArgsProduct({{0, 1, 2, 3}, {0, 12, 14, 18}})
    ->Unit(benchmark::kMillisecond);

void BM_BoundarySearchModelB(benchmark::State& st) {
  const double g = db_to_lin(static_cast<double>(st.range(0)));
  for (auto _ : st)
    benchmark::DoNotOptimize(
        optimal_time_allocation(model(), Scheme::proposed, g, AllocationMethod::boundary_search).rate);
}
BENCHMARK(BM_BoundarySearchModelB)->Arg(0)->Arg(14)->Unit(benchmark::kMillisecond);

// The Fig. 4 sweep of experiments/case-study-fig4.toml without the engine: 0..18.5 dB step 0.5
// (the 38 feasible points), four schemes each. Arg 0: the default solver ("auto": closed forms and
// the 1-D search, what `irisac run` uses; bench/python/case_study_fig4.py is its pure-Python
// counterpart), 1: polyblock for every scheme.
void BM_Fig4Sweep(benchmark::State& st) {
  const AllocationMethod method = st.range(0) == 0 ? AllocationMethod::automatic : AllocationMethod::polyblock;
  for (auto _ : st) {
    double sum = 0.0;
    for (int i = 0; i <= 37; ++i)
      for (Scheme s : all_schemes()) sum += optimal_time_allocation(model(), s, db_to_lin(0.5 * i), method).rate;
    benchmark::DoNotOptimize(sum);
  }
  st.SetLabel(st.range(0) == 0 ? "auto" : "polyblock");
}
BENCHMARK(BM_Fig4Sweep)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_ArrayGain(benchmark::State& st) {
  const auto m = static_cast<Index>(st.range(0));
  double s2 = 1e-4;
  for (auto _ : st) {
    benchmark::DoNotOptimize(array_gain(m, 2.72, s2));
    s2 += 1e-12;
  }
}
BENCHMARK(BM_ArrayGain)->Arg(64)->Arg(1024);

void BM_ProtocolRun100Slots(benchmark::State& st) {
  ProtocolParams p;
  p.slots = 100;
  std::uint64_t k = 0;
  for (auto _ : st) {
    Rng rng(1, 0, k++);
    benchmark::DoNotOptimize(run_protocol(p, rng).back().rate);
  }
}
BENCHMARK(BM_ProtocolRun100Slots)->Unit(benchmark::kMicrosecond);

void BM_PolyblockChainK2(benchmark::State& st) {
  CaseStudyParams p2;
  p2.theta = deg_to_rad(45.0);
  const std::vector<CaseStudy> v{CaseStudy(CaseStudyParams{}), CaseStudy(p2)};
  PolyblockOptions o;
  o.abs_tolerance = 2e-4;
  o.max_iterations = 1500;
  for (auto _ : st) benchmark::DoNotOptimize(chain_allocation_polyblock(v, db_to_lin(12.0), false, o).rate);
}
BENCHMARK(BM_PolyblockChainK2)->Unit(benchmark::kMillisecond);
}  // namespace

BENCHMARK_MAIN();
