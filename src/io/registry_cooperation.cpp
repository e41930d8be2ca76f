// Cooperating IRSs ([cooperation], docs/architectures.md §4): position from several surfaces' angle
// estimates (centralised vs distributed fusion, PEB) and the coverage of an element budget split into
// several surfaces.
#include <cmath>
#include <string>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/cooperation.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/scene/link_budget.hpp"
#include "irisac/sensing/scene_problem.hpp"

namespace irisac::io {

void register_cooperation(Registry& r) {
  r.parameter_tables.push_back("cooperation");
  r.metric_groups.push_back(MetricGroup{
      "architectures.cooperation",
      "cooperating IRSs ([cooperation]): target position from the surfaces' angles, centralised (all raw data) vs "
      "distributed (each IRS sends its estimate and variance) fusion",
      {{"coop_crb_centralised_m2", "m^2", "tr(J_c^-1) of the chain-rule position FIM of all raw data (= PEB^2)"},
       {"coop_crb_distributed_m2", "m^2", "trace of the covariance of the distributed fusion ([cooperation] fusion, report_bits)"},
       {"coop_peb_centralised_m", "m", "position error bound sqrt(tr(J_c^-1))"},
       {"coop_fusion_loss_db", "dB", "10 log10(coop_crb_distributed / coop_crb_centralised) (0 for efficient unquantised reports)"},
       {"coop_se_centralised_m2", "m^2", "squared position error of the centralised ML on all raw data (mean = MSE)"},
       {"coop_se_distributed_m2", "m^2", "squared position error of the WLS triangulation of the reports (mean = MSE)"},
       {"coop_payload_bits_count", "", "bits each surface sends (angle + 32-bit variance)"}},
      [](const Document& doc) -> TrialFn {
        const Scene loaded = load_scene(doc);
        const CooperationOptions o = read_cooperation_options(doc, loaded, true);
        const Scene scene = cooperation_scene(loaded, o);
        return [scene, o](Rng& rng, std::span<double> out) {
          Scene sc = scene;
          place_cooperation_target(sc, o, rng);
          const ChannelSet ch = draw_channels(sc, rng);
          const CooperationRealisation s = draw_cooperation(sc, o, ch);
          const CooperationBounds b = cooperation_bounds(s, o);
          const CooperationEstimate e = cooperation_estimate(s, o, rng);
          out[0] = b.crb_centralised_m2;
          out[1] = b.crb_distributed_m2;
          out[2] = std::sqrt(b.crb_centralised_m2);
          out[3] = b.loss_db;
          out[4] = (e.centralised - s.position).head<2>().squaredNorm();
          out[5] = (e.distributed - s.position).head<2>().squaredNorm();
          out[6] = static_cast<double>(cooperation_payload_bits(o));
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "architectures.cooperation_coverage",
      "cooperating IRSs ([cooperation]): LoS coverage and echo power of the surfaces (split_elements over count surfaces)",
      {{"coop_coverage_prob", "", "P(at least one surface has LoS to the target), exp(-d/los_distance_m) per surface in front of it"},
       {"coop_two_view_prob", "", "P(at least two surfaces have LoS): the target can be triangulated"},
       {"coop_echo_power_dbm", "dBm", "expected echo power at the sensors, sum over surfaces of P_LoS times the aligned echo power"},
       {"coop_surface_elements_count", "", "elements of each cooperating surface"}},
      [](const Document& doc) -> TrialFn {
        const Scene loaded = load_scene(doc);
        CooperationOptions o = read_cooperation_options(doc, loaded, false);
        if (!o.has_area) {
          Reader top(doc);
          top.table("cooperation").fail("area_min_m", "the area [area_min_m, area_max_m] over which coverage is averaged",
                                        "no area");
        }
        o.random_position = true;  // coverage: the target at a uniform random point of the area
        const Scene scene = cooperation_scene(loaded, o);
        for (Index i : o.surfaces)
          if (scene.surfaces[static_cast<std::size_t>(i)].num_sensors < 1) {
            Reader top(doc);
            auto t = top.table("cooperation");
            t.fail("surfaces", "surfaces with sensors (the echo power is measured at each surface's sensors)",
                   "surface '" + scene.surfaces[static_cast<std::size_t>(i)].name + "' has sensors = 0");
          }
        return [scene, o](Rng& rng, std::span<double> out) {
          Scene sc = scene;
          place_cooperation_target(sc, o, rng);
          const ChannelSet ch = draw_channels(sc, rng);
          const Vec3 p = sc.targets[static_cast<std::size_t>(o.target)].pose.position_m;
          const SurfacePhases aligned = aligned_phases_for_target(sc, ch, o.bs, o.target);
          const BaseStation& bs = sc.base_stations[static_cast<std::size_t>(o.bs)];
          std::vector<double> plos;
          double power = 0.0;
          for (Index i : o.surfaces) {
            const Surface& sf = sc.surfaces[static_cast<std::size_t>(i)];
            plos.push_back(coop_los_probability(sf.pose, p, o.los_distance_m));
            if (!(plos.back() > 0.0)) continue;  // behind the surface: no echo through it
            CVec v = aligned[static_cast<std::size_t>(i)];
            for (Index k = 0; k < v.size(); ++k) v[k] = std::abs(v[k]) > 0.0 ? v[k] / std::abs(v[k]) : Complex{1.0, 0.0};
            SensingSelection sel;
            sel.bs = o.bs;
            sel.surface = i;
            sel.target = o.target;
            sel.mode = SensingMode::semi_passive;
            const SensingProblem sp = make_sensing_problem(sc, ch, sel, v);
            const Index nt = sp.model.num_tx();
            const CMat rx = CMat::Identity(nt, nt) * (bs.tx_power_w / static_cast<double>(nt));
            power += plos.back() * echo_energy(sp.model, sp.target, rx, 1);
          }
          if (!(power > 0.0))
            throw NumericalError("cooperation: the target is behind every cooperating surface (no echo, coverage 0)");
          out[0] = coop_at_least(plos, 1);
          out[1] = coop_at_least(plos, 2);
          out[2] = watt_to_dbm(power);
          out[3] = static_cast<double>(sc.surfaces[static_cast<std::size_t>(o.surfaces.front())].size());
        };
      }});
  r.items.push_back({"cooperation_fusion", "inverse_variance",
                     "cooperating IRSs: distributed WLS fusion weighted by each surface's reported variance",
                     "[cooperation] fusion"});
  r.items.push_back({"cooperation_fusion", "equal_weight",
                     "cooperating IRSs: distributed fusion ignoring the reported variances (never better)",
                     "[cooperation] fusion"});
}

}  // namespace irisac::io
