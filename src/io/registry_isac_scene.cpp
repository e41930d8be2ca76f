// The case study on a physical scene ([case_study] model = "scene"): the quantities the scene gives
// Model B at the reported slot (docs/case-study.md §The case study on a physical scene). The rate,
// outer-bound and joint-stage metrics of registry_isac.cpp read the same quantities in that mode.
#include <cmath>

#include "irisac/core/units.hpp"
#include "irisac/io/case_study_params.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/isac/star_split.hpp"

namespace irisac::io {

void register_isac_scene(Registry& r) {
  r.metric_groups.push_back(MetricGroup{
      "case_study.scene",
      "case study on a physical scene (case_study.model = \"scene\"): Model B's quantities computed from the "
      "scene's geometry, link budgets and EKF track at slot [case_study.scene] slot; deterministic",
      {{"scene_comm_snr_db", "dB", "gamma-bar: passenger SNR through the vehicle's surface, aligned refraction"},
       {"scene_echo_snr_db", "dB", "rho: echo SNR through the vehicle's surface over L0 snapshots, aligned"},
       {"scene_body_echo_snr_db", "dB", "echo SNR of the vehicle body (RCS, direct path) over L0 snapshots"},
       {"scene_eta_ratio", "", "eta from the geometry (dimensionless): data-echo SINR / dedicated-echo SNR"},
       {"scene_sigma_p_deg", "deg", "prior angle std of the vehicle's EKF track"},
       {"scene_theta_deg", "deg", "vehicle angle from the BS broadside"},
       {"scene_distance_m", "m", "BS to vehicle-surface distance"},
       {"scene_irs_elements_count", "", "M, surface elements along the road (count)"},
       {"scene_max_requirement_db", "dB", "rho'T: the largest feasible sensing requirement"}},
      [](const Document& doc) -> TrialFn {
        const CaseStudyInput in = load_case_study(doc);
        if (!in.scene_model)
          throw InputError(doc.source(), "case_study.model", "\"scene\" (the scene_* metrics read the scene)",
                           "\"normalised\"");
        const CaseStudySlot& s = in.scene_slots.back();
        const CaseStudy cs(in.model);
        const std::vector<double> v{lin_to_db(s.comm_snr), lin_to_db(s.echo_snr_irs),
                                    s.echo_snr_body > 0.0 ? lin_to_db(s.echo_snr_body) : -300.0,
                                    s.eta, rad_to_deg(s.sigma_p), rad_to_deg(s.theta), s.distance_m,
                                    static_cast<double>(s.irs_elements), lin_to_db(cs.max_requirement())};
        return [v](Rng& /*rng*/, std::span<double> out) {
          for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i];
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "case_study.split",
      "refraction/reflection balance of the vehicle's surface (star_split.hpp): largest rate with the "
      "localisation bound (sigma_p^-2 + J)^-1 <= [case_study.split] crb_std_deg^2, for an energy split (STAR "
      "ES), a time split (time sharing of the two modes) and an element split; the normalised or scene model",
      {{"split_rate_energy_bps_hz", "bps/Hz", "energy split: log2(1 + gamma-bar (1 - eps) g_c)"},
       {"split_rate_time_bps_hz", "bps/Hz", "time split: (1 - t) log2(1 + gamma-bar g_c), the chord"},
       {"split_rate_elements_bps_hz", "bps/Hz", "element split: M_r elements reflect, M - M_r refract"},
       {"split_fraction_energy_frac", "", "reflected energy fraction eps (dimensionless)"},
       {"split_fraction_time_frac", "", "reflecting time fraction t (dimensionless)"},
       {"split_fraction_elements_frac", "", "reflecting element fraction M_r/M (dimensionless)"}},
      [](const Document& doc) -> TrialFn {
        const CaseStudyInput in = load_case_study(doc);
        const CaseStudy cs(in.model);
        std::vector<double> v;
        for (StarSplit k : {StarSplit::energy, StarSplit::time, StarSplit::elements})
          v.push_back(star_split_best(cs, k, in.split_crb).rate);  // Infeasible below the all-reflect bound
        for (StarSplit k : {StarSplit::energy, StarSplit::time, StarSplit::elements})
          v.push_back(star_split_best(cs, k, in.split_crb).fraction);
        return [v](Rng& /*rng*/, std::span<double> out) {
          for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i];
        };
      }});
  r.items.push_back({"case_study_model", "normalised", "the article's normalised Model B (docs/case-study.md)",
                     "[case_study] model"});
  r.items.push_back({"case_study_model", "scene",
                     "case study on a physical scene: Model B's quantities from link budgets, geometry and an EKF "
                     "track, slot by slot (docs/case-study.md)",
                     "[case_study] model"});
}

}  // namespace irisac::io
