// Cooperating IRSs (docs/architectures.md §4): time of one fused-CRB evaluation vs the number of
// surfaces L — each surface's angle CRB (semi-passive model: 16 elements, 8 sensors, 4 BS antennas,
// α nuisance), the chain-rule position FIM and PEB, and the distributed-fusion covariance.
// Results: docs/performance.md, "Architectures: cooperating IRSs".
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/sensing/cooperative.hpp"
#include "irisac/sensing/crb.hpp"

namespace {
using namespace irisac;

void BM_CooperationFusedCrb(benchmark::State& st) {
  const auto l = static_cast<std::size_t>(st.range(0));
  Rng rng(1);
  std::vector<CoopView> views;
  const Vec3 p(0.0, 0.0, 0.0);
  for (std::size_t i = 0; i < l; ++i) {
    CMat g(16, 4);
    for (Index r = 0; r < g.rows(); ++r)
      for (Index c = 0; c < g.cols(); ++c) g(r, c) = rng.complex_normal();
    CVec v(16);
    for (auto& e : v) e = rng.unit_phasor();
    CoopView w;
    w.model = semi_passive_model(g, v, 8, 1.0);
    const double a = 3.141592653589793 * static_cast<double>(i) / static_cast<double>(l) + 0.1;  // half circle: never collinear
    w.pose.position_m = Vec3(20.0 * std::cos(a), 20.0 * std::sin(a), 0.0);
    const double yaw = a + 3.141592653589793;  // facing the target
    w.pose.rotation << std::cos(yaw), -std::sin(yaw), 0.0, std::sin(yaw), std::cos(yaw), 0.0, 0.0, 0.0, 1.0;
    w.target = PointTarget{coop_local_azimuth(w.pose, p) + 0.2, Complex(0.1, 0.0)};
    views.push_back(w);
  }
  const CMat rx = CMat::Identity(4, 4) / 4.0;
  for (auto _ : st) {
    std::vector<Vec2> gr;
    std::vector<double> info, var;
    for (const auto& w : views) {
      const double crb = crb_angle(w.model, w.target, rx, 64);
      var.push_back(crb);
      info.push_back(1.0 / crb);
      gr.push_back(coop_azimuth_gradient(w.pose, p));
    }
    benchmark::DoNotOptimize(position_error_bound(coop_position_fim(gr, info)));
    benchmark::DoNotOptimize(coop_distributed_covariance(gr, var, CoopFusion::inverse_variance).trace());
  }
}
BENCHMARK(BM_CooperationFusedCrb)->RangeMultiplier(2)->Range(2, 64);

}  // namespace

BENCHMARK_MAIN();
