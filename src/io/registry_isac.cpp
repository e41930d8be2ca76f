// The case study of the article (§IV-D, Fig. 4): metrics of the reconstructed model
// (docs/case-study.md). Parameters come from the scenario's [case_study] table.
#include <array>
#include <cmath>
#include <memory>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/case_study_params.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/isac/case_study.hpp"
#include "irisac/isac/vehicle_tracking.hpp"

namespace irisac::io {
namespace {

TrialFn constant(std::vector<double> values) {
  return [values = std::move(values)](Rng& /*rng*/, std::span<double> out) {
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = values[i];
  };
}

std::vector<MetricInfo> fig4_metrics() {
  std::vector<MetricInfo> m;
  const std::array<const char*, 4> label{"proposed (mutual assistance)", "w/o sensing assistance",
                                         "w/o communication assistance", "w/o S&C assistance"};
  std::size_t i = 0;
  for (Scheme s : all_schemes())
    m.push_back({"rate_" + scheme_name(s) + "_bps_hz", "bps/Hz",
                 std::string("optimal rate tau_c r(Gamma)/T, ") + label[i++]});
  for (Scheme s : all_schemes()) {
    m.push_back({"tau_s_" + scheme_name(s) + "_slot", "slot", "optimal dedicated-sensing time, scheme " + scheme_name(s)});
    m.push_back({"tau_c_" + scheme_name(s) + "_slot", "slot", "optimal communication time, scheme " + scheme_name(s)});
  }
  return m;
}

}  // namespace

void register_isac(Registry& r) {
  r.parameter_tables.push_back("case_study");

  r.metric_groups.push_back(MetricGroup{
      "case_study",
      "article Fig. 4 (reconstructed): rate vs sensing-SNR requirement for the four schemes, optimal "
      "time allocation (scenario key solver: exact 1-D search by default, or polyblock); deterministic (one trial suffices); a "
      "requirement above rho'T is infeasible for all four schemes",
      fig4_metrics(),
      [](const Document& doc) -> TrialFn {
        const CaseStudyInput in = load_case_study(doc);
        const CaseStudy cs(in.model);
        std::vector<double> v(12, 0.0);
        std::size_t i = 0;
        for (Scheme s : all_schemes()) {  // throws Infeasible for the group when Γ_th > ρ'T
          const TimeAllocation a = optimal_time_allocation(cs, s, in.gamma_th, in.solver, in.polyblock);
          v[i] = a.rate;
          v[4 + 2 * i] = a.tau_s;
          v[5 + 2 * i] = a.tau_c;
          ++i;
        }
        return constant(std::move(v));
      }});

  r.metric_groups.push_back(MetricGroup{
      "case_study.bounds",
      "outer bound of the article's section IV-C (S1, C1 -> S2, C2), reconstructed: the rate C2 is an "
      "upper bound for every requirement up to S2 = rho'(1 + eta)T",
      {{"outer_bound_c2_bps_hz", "bps/Hz", "C2: full-slot communication with the phase from S1's estimate"},
       {"outer_bound_c1_bps_hz", "bps/Hz", "C1: all time to communication, prior-only phase"},
       {"outer_bound_s1_db", "dB", "S1: all time to dedicated sensing, rho'T"},
       {"outer_bound_s2_db", "dB", "S2: S1 plus the whole slot's communication echo, rho'(1+eta)T"}},
      [](const Document& doc) -> TrialFn {
        const CaseStudyInput in = load_case_study(doc);
        const CaseStudy cs(in.model);
        const OuterBound b = outer_bound(cs);
        if (in.gamma_th > b.s2)
          throw Infeasible(detail::concat("case study: requirement ", in.gamma_th, " above the outer bound S2 = ",
                                          b.s2));
        return constant({b.c2, b.c1, lin_to_db(b.s1), lin_to_db(b.s2)});
      }});

  r.metric_groups.push_back(MetricGroup{
      "case_study.joint_stage",
      "P1 two-stage protocol (reconstructed): is a joint sensing-and-communication stage worth its "
      "time? gain and loss terms of U'(0) and the optimal joint-stage length",
      {{"joint_stage_gain_bps_hz", "bps/Hz", "rate gain from sensing, first term of U'(0)"},
       {"joint_stage_loss_bps_hz", "bps/Hz", "loss from the time/power split, r2(sigma_p^2) - r1"},
       {"joint_stage_margin_bps_hz", "bps/Hz", "gain - loss = U'(0); > 0 means the joint stage pays"},
       {"joint_stage_worth_flag", "", "1 if the joint stage is worth it (U'(0) > 0), else 0"},
       {"joint_stage_tau_frac", "", "optimal joint-stage fraction of the block"},
       {"joint_stage_rate_gain_bps_hz", "bps/Hz", "U(tau*) - U(0)"}},
      [](const Document& doc) -> TrialFn {
        const CaseStudyInput in = load_case_study(doc);
        const JointStageAnalysis a = joint_stage_analysis(CaseStudy(in.model));
        return constant({a.gain, a.loss, a.gain - a.loss, a.worth_it ? 1.0 : 0.0, a.best_tau,
                         a.best_value - a.pure_comm_value});
      }});

  r.metric_groups.push_back(MetricGroup{
      "case_study.tracking",
      "protocol engine: vehicles drive past the BS, round-robin service, EKF tracking from echoes "
      "(communication-assisted through IRS k+1); values at slot [case_study.tracking] slot; Monte Carlo "
      "over initial beliefs and measurement noise (common random numbers across the variants)",
      {{"tracked_rate_bps_hz", "bps/Hz", "realised rate of the served vehicle, mutual assistance"},
       {"tracked_rate_wo_s_bps_hz", "bps/Hz", "same, refraction from dead reckoning (no sensing updates)"},
       {"tracked_rate_wo_c_bps_hz", "bps/Hz", "same, echo from dedicated sensing only (eta = 0)"},
       {"tracked_angle_error_deg", "deg", "|theta - theta_hat| of the served vehicle, mutual assistance"},
       {"tracked_angle_error_wo_c_deg", "deg", "|theta - theta_hat|, without communication assistance"},
       {"tracked_nees_ratio", "", "NEES of the sensed vehicle's belief after its update (3 = consistent)"}},
      [](const Document& doc) -> TrialFn {
        const CaseStudyInput in = load_case_study(doc);
        ProtocolParams base = in.tracking;
        if (in.tracking_optimal_allocation) {
          const TimeAllocation a = optimal_time_allocation(CaseStudy(in.model), Scheme::proposed, in.gamma_th,
                                                           in.solver, in.polyblock);
          base.tau_s = a.tau_s / in.model.slot;
          base.tau_c = a.tau_c / in.model.slot;
        }
        const auto slot = static_cast<std::size_t>(in.tracking_slot);
        return [base, slot](Rng& rng, std::span<double> out) {
          const std::uint64_t seed = rng.next_u64();
          std::array<SlotRecord, 3> rec;
          for (int variant = 0; variant < 3; ++variant) {
            ProtocolParams p = base;
            p.sensing_assist = variant != 1;
            p.comm_assist = variant != 2;
            Rng sub(seed);
            rec[static_cast<std::size_t>(variant)] = run_protocol(p, sub).at(slot);
          }
          out[0] = rec[0].rate;
          out[1] = rec[1].rate;
          out[2] = rec[2].rate;
          out[3] = rad_to_deg(std::abs(rec[0].theta_true - rec[0].theta_est));
          out[4] = rad_to_deg(std::abs(rec[2].theta_true - rec[2].theta_est));
          out[5] = rec[0].nees;
        };
      }});

  // The case study's model (Model B) is its [case_study] table and metric groups; Model A (the
  // K-vehicle chain) and the tracking EKF have no key that selects them, so they are not items.
  r.items.push_back({"solver", "polyblock", "polyblock outer approximation with vertex reduction (monotonic optimisation)",
                     "[case_study] solver"});
  r.items.push_back({"solver", "boundary_search", "1-D search on tau_s + tau_c = T (validation oracle)",
                     "[case_study] solver"});
  r.items.push_back({"solver", "auto", "closed forms where they exist, else the exact 1-D boundary search (default)",
                     "[case_study] solver"});
}

}  // namespace irisac::io
