// Communication designs in the registry: every objective and algorithm as a named item, the
// precoders, and metric groups that optimise a drawn scene realisation (configured by [optimize]).
#include <cmath>
#include <memory>

#include "irisac/comm/optimize.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/comm_io.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::io {
namespace {

struct Prepared {
  Scene scene;
  OptimizeConfig cfg;
  CommObjective objective;
};

std::shared_ptr<const Prepared> prepare_design(const Document& doc, std::optional<CommObjective> fixed) {
  auto pr = std::make_shared<Prepared>();
  pr->scene = load_scene(doc);
  pr->cfg = read_optimize_config(doc, pr->scene);
  pr->objective = fixed ? *fixed : pr->cfg.objective;
  Reader top(doc);
  if (pr->scene.users.empty()) top.fail("user", "at least one [[user]] for communication metrics", "none");
  if (pr->scene.surfaces.empty()) top.fail("irs", "at least one [[irs]] to optimise", "none");
  if (pr->objective == CommObjective::power_min && !(pr->cfg.sinr_min > 0)) {
    for (const auto& u : pr->scene.users)
      if (!(u.min_sinr > 0))
        top.fail("optimize", "SINR targets for power_min: optimize.min_sinr_db or min_sinr_db for every user",
                 "user \"" + u.name + "\" without a target");
  }
  return pr;
}

CommResult run_design(const Prepared& pr, Rng& rng, CommProblem& p) {
  const ChannelSet ch = draw_channels(pr.scene, rng);
  p = comm_problem(pr.scene, ch, pr.cfg.serving);
  if (pr.cfg.sinr_min > 0) p.sinr_min = RVec::Constant(p.users(), pr.cfg.sinr_min);
  try {
    return optimize(p, pr.objective, pr.cfg.algorithm, pr.cfg.options, rng);
  } catch (const Infeasible& e) {
    throw NumericalError(std::string("infeasible draw: ") + e.what());  // counted as a failed trial
  }
}

double db_checked(double x) {
  if (!(x > 0)) throw NumericalError("comm metric: zero SNR/SINR/power (no usable channel)");
  return lin_to_db(x);
}

// The objective in the unit of its metric.
double objective_in_unit(CommObjective o, double value) {
  switch (o) {
    case CommObjective::snr:
    case CommObjective::multicast:
    case CommObjective::max_min_sinr:
      return db_checked(value);
    case CommObjective::power_min:
      return watt_to_dbm(value) ;
    default:
      return value;
  }
}

const char* objective_unit(CommObjective o) {
  switch (o) {
    case CommObjective::snr:
    case CommObjective::multicast:
    case CommObjective::max_min_sinr:
      return "dB";
    case CommObjective::sum_rate:
      return "bps/Hz";
    case CommObjective::power_min:
      return "dBm";
    default:
      return "";
  }
}

// The unit suffix of an objective's metric name (docs/conventions.md: every metric carries one).
const char* objective_suffix(CommObjective o) {
  switch (o) {
    case CommObjective::snr:
    case CommObjective::multicast:
    case CommObjective::max_min_sinr:
      return "db";
    case CommObjective::sum_rate:
      return "bps_hz";
    case CommObjective::power_min:
      return "dbm";
    default:
      return "ratio";  // decorrelation (−Σρ²) and intercell (powers over noise) are dimensionless
  }
}

// min rate of the design (multicast: the common rate log2(1 + min SNR)) and channel correlation.
// One trial of a design metric group: draw the channels, design, and evaluate the design.
struct DesignTrial {
  CommResult res;
  double min_rate = 0, sum_rate = 0, min_sinr = 0;
  ChannelDiagnostics diag;
};

DesignTrial design_trial(const Prepared& pr, Rng& rng) {
  CommProblem p;
  DesignTrial t;
  t.res = run_design(pr, rng, p);
  const CommResult& r = t.res;
  if (pr.objective == CommObjective::multicast) {
    const RVec s = multicast_snr(p, r.v, r.W.col(0));
    t.min_sinr = s.minCoeff();
    t.min_rate = std::log2(1.0 + t.min_sinr);
    t.sum_rate = t.min_rate * static_cast<double>(p.users());
  } else {
    const RVec s = sinr(p, r.v, r.W);
    t.min_sinr = s.minCoeff();
    t.min_rate = std::log2(1.0 + t.min_sinr);
    t.sum_rate = s.unaryExpr([](double x) { return std::log2(1.0 + x); }).sum();
  }
  t.diag = p.users() >= 2 ? channel_diagnostics(effective_channels(p, r.v, 0)) : ChannelDiagnostics{0, 0, 1, 1};
  return t;
}

}  // namespace

void register_comm(Registry& r) {
  r.parameter_tables.push_back("optimize");
  for (CommObjective o : all_objectives())
    r.items.push_back({"objective", to_string(o), description(o), "[optimize] objective, optimize --objective"});
  for (CommAlgorithm a : all_algorithms())
    r.items.push_back({"algorithm", to_string(a), description(a), "[optimize] algorithm, optimize --algorithm"});
  const std::string pk = "[optimize] precoder";
  r.items.push_back({"precoder", "mrt", "maximum-ratio transmission (optimal for one user / orthogonal channels)", pk});
  r.items.push_back({"precoder", "zf", "zero forcing, equal power", pk});
  r.items.push_back({"precoder", "mmse", "regularised ZF / transmit MMSE, equal power", pk});
  r.items.push_back({"precoder", "wmmse", "weighted MMSE sum-rate precoder (Shi et al. 2011)", pk});

  // The configured objective ([optimize] objective/algorithm).
  r.metric_groups.push_back(MetricGroup{
      "comm.optimize",
      "one channel realisation per trial, optimised with [optimize] objective and algorithm",
      {{"comm_min_sinr_db", "dB", "minimum SINR (multicast: minimum SNR) of the design"},
       {"comm_sum_rate_bps_hz", "bps/Hz", "sum of log2(1 + SINR_k)"},
       {"comm_min_rate_bps_hz", "bps/Hz", "minimum user rate"},
       {"comm_tx_power_dbm", "dBm", "total transmit power of the design"},
       {"comm_max_correlation_ratio", "", "max |c_k^H c_l|/(‖c_k‖‖c_l‖) of the effective channels"},
       {"comm_effective_rank_ratio", "", "effective rank of the effective channel matrix"}},
      [](const Document& doc) -> TrialFn {
        auto pr = prepare_design(doc, std::nullopt);
        return [pr](Rng& rng, std::span<double> out) {
          const DesignTrial t = design_trial(*pr, rng);
          out[0] = db_checked(t.min_sinr);
          out[1] = t.sum_rate;
          out[2] = t.min_rate;
          out[3] = watt_to_dbm(t.res.W.squaredNorm());
          out[4] = t.diag.max_correlation;
          out[5] = t.diag.effective_rank;
        };
      }});
  // One group per objective, so that one experiment can compare objectives (e.g. multicast vs unicast).
  for (CommObjective o : all_objectives()) {
    const std::string n = to_string(o);
    r.metric_groups.push_back(MetricGroup{
        "comm." + n,
        "one channel realisation per trial, optimised for " + n + " with [optimize] algorithm",
        {{n + "_objective_" + objective_suffix(o), objective_unit(o), description(o)},
         {n + "_min_rate_bps_hz", "bps/Hz", "minimum user rate of the " + n + " design (multicast: common rate)"},
         {n + "_mean_correlation_ratio", "", "mean pairwise correlation of the users' effective channels"}},
        [o](const Document& doc) -> TrialFn {
          auto pr = prepare_design(doc, o);
          return [pr](Rng& rng, std::span<double> out) {
            const DesignTrial t = design_trial(*pr, rng);
            out[0] = objective_in_unit(pr->objective, t.res.objective);
            out[1] = t.min_rate;
            out[2] = t.diag.mean_correlation;
          };
        }});
  }
}

}  // namespace irisac::io
