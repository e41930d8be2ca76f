// Over-the-air computation (AirComp) in the registry: the scene's users are the sensors, its one BS
// is the fusion centre (AP), [aircomp] holds the sensor power and the iteration limits.
// docs/aircomp.md.
#include <cmath>
#include <memory>

#include "irisac/comm/aircomp.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::io {
namespace {

struct OtaPrepared {
  Scene scene;
  double sensor_power_w = 0.01;
  Index sensors = 0;  ///< the first `sensors` users take part (all by default)
  AirCompOptions options;
};

std::shared_ptr<const OtaPrepared> ota_prepare(const Document& doc) {
  auto pr = std::make_shared<OtaPrepared>();
  pr->scene = load_scene(doc);
  Reader top(doc);
  if (pr->scene.users.empty()) top.fail("user", "at least one [[user]] (the AirComp sensors)", "none");
  if (pr->scene.surfaces.empty()) top.fail("irs", "at least one [[irs]] to optimise", "none");
  if (pr->scene.base_stations.size() != 1)
    top.fail("bs", "exactly one [[bs]] (the AirComp fusion centre)", std::to_string(pr->scene.base_stations.size()));
  pr->sensors = static_cast<Index>(pr->scene.users.size());
  if (auto t = top.optional_table("aircomp")) {
    pr->sensors = static_cast<Index>(t->integer("sensors", pr->sensors, 1, pr->sensors));
    const double p_dbm = t->number("sensor_power_dbm", watt_to_dbm(pr->sensor_power_w));
    t->require_at_most("sensor_power_dbm", p_dbm, 100.0);
    t->require_at_least("sensor_power_dbm", p_dbm, -100.0);
    pr->sensor_power_w = dbm_to_watt(p_dbm);
    pr->options.max_iterations = static_cast<int>(t->integer("max_iterations", pr->options.max_iterations, 1, 10000));
    pr->options.vstep_iterations =
        static_cast<int>(t->integer("vstep_iterations", pr->options.vstep_iterations, 1, 100000));
    pr->options.tolerance = t->number("tolerance", pr->options.tolerance);
    t->require_at_least("tolerance", pr->options.tolerance, 0.0);
    t->require_at_most("tolerance", pr->options.tolerance, 1.0);
    t->finish();
  }
  return pr;
}

// Uplink by reciprocity from the downlink CommProblem of BS 0: the sensor-k-to-AP channel is the
// transpose of c_k^H = h_{r,k}^H diag(v) G + h_{d,k}^H, i.e. conj(h_{d,k}) + G^T diag(v) conj(h_{r,k}).
AirCompProblem ota_problem(const OtaPrepared& pr, Rng& rng) {
  const ChannelSet ch = draw_channels(pr.scene, rng);
  const CommProblem c = comm_problem(pr.scene, ch);
  AirCompProblem p;
  p.direct = c.bs_to_user.front().leftCols(pr.sensors).conjugate();
  p.irs_to_ap = c.bs_to_irs.front().transpose();
  p.sensor_to_irs = c.irs_to_user.leftCols(pr.sensors).conjugate();
  p.noise_w = pr.scene.system.noise_power_w();
  p.power_w = pr.sensor_power_w;
  return p;
}

double ota_db(double x) {
  if (!(x > 0) || !std::isfinite(x)) throw NumericalError("aircomp metric: MSE not positive and finite");
  return lin_to_db(x);
}

}  // namespace

void register_ota(Registry& r) {
  r.parameter_tables.push_back("aircomp");
  r.metric_groups.push_back(MetricGroup{
      "comm.aircomp",
      "one channel realisation per trial; users are the sensors, the BS computes Σ s_k over the air ([aircomp])",
      {{"aircomp_mse_db", "dB", "AirComp MSE (σ²/P₀)·‖m‖² of the alternating m/v design, relative to unit-variance data"},
       {"aircomp_mse_bound_db", "dB", "certified lower bound on the MSE at the design's IRS phases"},
       {"aircomp_mse_random_phase_db", "dB", "MSE with random IRS phases and the optimal receive beam"}},
      [](const Document& doc) -> TrialFn {
        auto pr = ota_prepare(doc);
        return [pr](Rng& rng, std::span<double> out) {
          const AirCompProblem p = ota_problem(*pr, rng);
          CVec v_random(p.elements());
          for (Index i = 0; i < p.elements(); ++i) v_random(i) = std::polar(1.0, 2 * M_PI * rng.uniform());
          const AirCompDesign d = aircomp_design(p, CVec(), pr->options);
          out[0] = ota_db(d.mse);
          out[1] = ota_db(d.mse_lower_bound);
          out[2] = ota_db(p.noise_w / p.power_w * aircomp_receive_beam(aircomp_channels(p, v_random)).norm2);
        };
      }});
}

}  // namespace irisac::io
