// The case study on a physical scene (case_study_scene.hpp; docs/case-study.md §The case study on a
// physical scene), on scenarios/case-study-physical.toml.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/case_study_params.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/isac/case_study.hpp"
#include "irisac/isac/case_study_scene.hpp"
#include "irisac/scene/link_budget.hpp"

using namespace irisac;

namespace {
const std::string physical = std::string(IRISAC_SOURCE_DIR) + "/scenarios/case-study-physical.toml";

// The four Fig. 4 rates of a document ("case_study" metric group), or NaNs if infeasible.
std::array<double, 4> fig4_rates(const io::Document& doc) {
  std::size_t idx = 0;
  const io::MetricGroup* g = io::builtin_registry().find_metric("rate_proposed_bps_hz", &idx);
  std::vector<double> out(g->metrics.size(), 0.0);
  Rng rng(1);
  g->prepare(doc)(rng, out);
  return {out[idx], out[idx + 1], out[idx + 2], out[idx + 3]};
}

std::string num(double v) { return std::to_string(v); }
}  // namespace

// On the scene built to Model B's assumptions (CSM §4.6 link budget: free space, isotropic
// elements, 1 Tx antenna, the vehicle at 30°, D = 20 m, passenger 1 m behind the surface, a
// refract-only served surface), the physical run reproduces Model B. Tolerance 0.15 dB on γ̄ and ρ:
// the scene measures distances between reference elements (element 0 of the surface, 0.17 m off its
// centre: +0.06 dB on ρ, +0.03 dB on γ̄) and the passenger sees the 0.34 m aperture from 1 m (−0.12 dB
// on γ̄); rates then agree within 0.03 bps/Hz.
TEST(CaseStudyScene, AgreesWithModelBWhereItsAssumptionsHold) {
  const io::Document doc = io::load_document(physical, {});
  const io::CaseStudyInput in = io::load_case_study(doc);
  ASSERT_TRUE(in.scene_model);
  const CaseStudySlot& s = in.scene_slots.at(0);
  const io::NormalisedSnrs csm = io::normalised_snrs(io::CaseStudyPhysical{}, 64, 16, deg_to_rad(30.0));
  EXPECT_NEAR(lin_to_db(s.comm_snr), lin_to_db(csm.comm_snr), 0.15);
  EXPECT_NEAR(lin_to_db(s.echo_snr_irs), lin_to_db(csm.echo_snr), 0.15);
  EXPECT_NEAR(std::abs(s.theta), deg_to_rad(30.0), 1e-4);
  EXPECT_NEAR(s.distance_m, 20.0 / std::cos(deg_to_rad(30.0)), 1e-3);
  EXPECT_EQ(s.irs_elements, 64);
  EXPECT_EQ(s.rx_antennas, 16);
  EXPECT_DOUBLE_EQ(s.sigma_p, deg_to_rad(1.5));  // the track's prior at slot 0
  EXPECT_DOUBLE_EQ(s.eta, 1.0);                  // refract-only served surface: no leakage
  {  // exactly the free-space budget between reference elements (far-field links, isotropic elements)
    const Scene scene = io::load_scene(doc);
    const double lambda = scene.system.wavelength_m(), noise = scene.system.noise_power_w();
    const Vec3 pb = scene.base_stations[0].pose.position_m, pi = scene.surfaces[0].pose.position_m;
    const Vec3 pu = scene.users[0].pose.position_m;
    auto beta = [&](double d) { return std::pow(lambda / (4.0 * 3.141592653589793 * d), 2); };
    const double b1 = beta((pi - pb).norm()), b2 = beta((pu - pi).norm());
    EXPECT_NEAR(s.comm_snr, 1.0 * b1 * b2 * 64.0 * 64.0 / noise, 1e-9 * s.comm_snr);
    EXPECT_NEAR(s.echo_snr_irs, 100.0 * 1.0 * b1 * b1 * 64.0 * 64.0 * 16.0 / noise, 1e-9 * s.echo_snr_irs);
  }
  CaseStudyParams model_b;                       // Model B with the CSM link budget and η = 1
  model_b.comm_snr = csm.comm_snr;
  model_b.echo_snr = csm.echo_snr;
  model_b.eta = 1.0;
  const CaseStudy ref(model_b), phys(in.model);
  // Requirements at the same fraction of each model's feasibility edge ρ'T (the edges differ by the
  // 0.08 dB of ρ, to which the rate right at the edge is arbitrarily sensitive).
  for (double f : {0.01, 0.1, 0.3, 0.6, 0.9})
    for (Scheme sc : all_schemes()) {
      const auto bs = AllocationMethod::boundary_search;
      const double a = optimal_time_allocation(phys, sc, f * phys.max_requirement(), bs).rate;
      const double b = optimal_time_allocation(ref, sc, f * ref.max_requirement(), bs).rate;
      EXPECT_NEAR(a, b, 0.03) << f << " rho'T " << scheme_name(sc);
    }
  // The registry's Fig. 4 metrics read the same quantities.
  const auto r = fig4_rates(io::load_document(physical, {"case_study.gamma_th_db=10"}));
  EXPECT_NEAR(r[0], optimal_time_allocation(phys, Scheme::proposed, 10.0, AllocationMethod::boundary_search).rate,
              2e-4);
}

// The echo through a vehicle-mounted surface is a single bounce (BS → surface → BS): amplitude M·β
// with aligned retro-reflection, so power ∝ M² (M per leg). Through a fixed surface and a point
// target the path uses the surface twice (BS → IRS → target → IRS → BS): M² per leg, M⁴ in all.
TEST(CaseStudyScene, EchoPowerLawsInM) {
  std::vector<double> mounted;
  for (int m : {16, 32, 64, 128}) {
    const io::Document doc = io::load_document(physical, {"irs.0.cols=" + std::to_string(m)});
    const Scene scene = io::load_scene(doc);
    const auto veh = case_study_vehicles(scene, 0);
    mounted.push_back(case_study_irs_echo_snr(scene, veh.at(0), 0));
  }
  for (std::size_t i = 0; i + 1 < mounted.size(); ++i) EXPECT_NEAR(mounted[i + 1] / mounted[i], 4.0, 4e-6);

  std::vector<double> two_leg;
  for (int m : {16, 32, 64, 128}) {
    const std::string text = std::string(R"([system]
carrier_hz = 28e9
[[bs]]
name = "bs"
position_m = [0.0, 0.0, 5.0]
tx = 1
rx = { rows = 1, cols = 4 }
[[irs]]
name = "wall"
position_m = [20.0, 10.0, 5.0]
orientation_deg = [-150.0, 0.0, 0.0]
rows = 1
cols = )") + std::to_string(m) + R"(
[[target]]
name = "car"
position_m = [5.0, 25.0, 5.0]
rcs_dbsm = 0.0
[[link]]
between = ["bs", "car"]
model = "blocked"
)";
    const Scene scene = io::load_scene(io::Document::from_string(text, "two-leg.toml"));
    Rng rng(1);
    const ChannelSet ch = draw_channels(scene, rng);
    two_leg.push_back(echo_snr(scene, ch, 0, 0, aligned_phases_for_target(scene, ch, 0, 0)));
  }
  for (std::size_t i = 0; i + 1 < two_leg.size(); ++i) EXPECT_NEAR(two_leg[i + 1] / two_leg[i], 16.0, 1.6e-5);
}

// M acts physically: γ̄ and ρ grow as M², which outweighs the narrower beam's misalignment loss;
// every scheme's rate increases with M (at 0 dB, and at 10 dB where it is feasible).
TEST(CaseStudyScene, RatesIncreaseWithM) {
  for (double gdb : {0.0, 10.0}) {
    std::array<double, 4> prev{-1.0, -1.0, -1.0, -1.0};
    for (int m : {16, 32, 64, 128, 256}) {
      const auto r = fig4_rates(io::load_document(physical, {"irs.0.cols=" + std::to_string(m),
                                                             "case_study.gamma_th_db=" + num(gdb),
                                                             "case_study.solver=\"boundary_search\""}));
      for (std::size_t i = 0; i < 4; ++i) EXPECT_GT(r[i], prev[i] + 1e-3) << "M = " << m << ", " << gdb << " dB";
      prev = r;
    }
  }
}

// The four schemes are ordered as in Fig. 4 at every point: requirements 0–18 dB (3 dB steps),
// M ∈ {32, 256}, and two positions of the moving vehicle (slots 0 and 40: 0 and 16 m along the road). Allocations by the
// 1-D boundary search (the polyblock's validation oracle; both are tested against each other in
// case_study_test.cpp).
TEST(CaseStudyScene, FourSchemesOrderedAtEveryPoint) {
  int points = 0;
  for (int m : {32, 256})
    for (int slot : {0, 40}) {
      const io::Document base = io::load_document(
          physical, {"irs.0.cols=" + std::to_string(m), "case_study.scene.slot=" + std::to_string(slot)});
      const io::CaseStudyInput in = io::load_case_study(base);
      const CaseStudy cs(in.model);
      for (double gdb = 0.0; gdb <= 18.0; gdb += 3.0) {
        if (!cs.feasible(db_to_lin(gdb))) continue;
        std::array<double, 4> r{};
        for (std::size_t i = 0; i < 4; ++i)
          r[i] = optimal_time_allocation(cs, all_schemes()[i], db_to_lin(gdb), AllocationMethod::boundary_search).rate;
        const double tol = 1e-6;  // grid + golden-section accuracy of the 1-D search
        EXPECT_GE(r[0], r[1] - tol) << m << " " << slot << " " << gdb;
        EXPECT_GE(r[1], r[3] - tol) << m << " " << slot << " " << gdb;
        EXPECT_GE(r[0], r[2] - tol) << m << " " << slot << " " << gdb;
        EXPECT_GE(r[2], r[3] - tol) << m << " " << slot << " " << gdb;
        ++points;
      }
    }
  EXPECT_GT(points, 20);
}

// Vehicles move slot by slot: the geometry follows the true motion (θ, d of a vehicle driving at
// 20 m/s along y = 20 m), and the EKF prior shrinks from its initial value as echoes arrive, and
// less so with a weaker echo.
TEST(CaseStudyScene, MotionAndTrackSlotBySlot) {
  const io::Document doc = io::load_document(physical, {"case_study.scene.slot=50"});
  const io::CaseStudyInput in = io::load_case_study(doc);
  ASSERT_EQ(in.scene_slots.size(), 51u);
  for (const CaseStudySlot& s : in.scene_slots) {
    const double x = 11.547 + 20.0 * 0.02 * static_cast<double>(s.slot);
    EXPECT_NEAR(std::abs(s.theta), std::atan(x / 20.0), 1e-4) << s.slot;
    EXPECT_NEAR(s.distance_m, std::hypot(x, 20.0), 1e-3) << s.slot;
  }
  const double sp0 = in.scene_slots.front().sigma_p, sp50 = in.scene_slots.back().sigma_p;
  EXPECT_LT(sp50, 0.5 * sp0);
  const io::CaseStudyInput weak =
      io::load_case_study(io::load_document(physical, {"case_study.scene.slot=50", "case_study.gamma_th_db=0"}));
  EXPECT_GT(weak.scene_slots.back().sigma_p, sp50);
  // The farther vehicle has a weaker link: γ̄ ∝ d⁻², ρ ∝ d⁻⁴ (free space), to 0.05 dB.
  const CaseStudySlot &a = in.scene_slots.front(), &b = in.scene_slots.back();
  EXPECT_NEAR(lin_to_db(a.echo_snr_irs / b.echo_snr_irs), 40.0 * std::log10(b.distance_m / a.distance_m), 0.05);
}

// A served surface that splits its energy (STAR, energy splitting) leaks ε of the data signal back
// to the BS; η = 1/(1 + INR) < 1 then, and η = 1 with a refract-only served surface.
TEST(CaseStudyScene, EtaFromTheGeometry) {
  const io::Document leak = io::load_document(
      physical, {"irs.0.protocol=\"energy_splitting\"", "irs.0.reflect_fraction=0.9", "system.bandwidth_hz=1e3"});
  const io::CaseStudyInput in = io::load_case_study(leak);
  const double eta = in.scene_slots.at(0).eta;
  EXPECT_LT(eta, 1.0);
  EXPECT_GT(eta, 0.0);
  // the ε = 0.9 split leaves 1 − ε = 0.1 of the power for refraction: γ̄ drops by 10 dB
  const io::CaseStudyInput full = io::load_case_study(io::load_document(physical, {"system.bandwidth_hz=1e3"}));
  EXPECT_NEAR(lin_to_db(full.scene_slots[0].comm_snr / in.scene_slots[0].comm_snr), 10.0, 1e-6);
  EXPECT_DOUBLE_EQ(full.scene_slots[0].eta, 1.0);
}

// The outer bound and the joint-stage analysis on the scene: every achieved (Γ, R) of the proposed
// scheme lies in the box [0, S2] × [0, C2], and the joint-stage condition equals U'(0), at every M
// and vehicle position tried.
TEST(CaseStudyScene, OuterBoundContainsAchievedRegionOnScenes) {
  for (int m : {16, 64, 256})
    for (int slot : {0, 30}) {
      const io::CaseStudyInput in = io::load_case_study(io::load_document(
          physical, {"irs.0.cols=" + std::to_string(m), "case_study.scene.slot=" + std::to_string(slot)}));
      const CaseStudy cs(in.model);
      const OuterBound b = outer_bound(cs);
      for (double f : {0.01, 0.1, 0.3, 0.6, 0.9, 1.0}) {
        const TimeAllocation a =
            optimal_time_allocation(cs, Scheme::proposed, f * b.s1, AllocationMethod::boundary_search);
        EXPECT_LE(a.rate, b.c2 + 1e-9);
        EXPECT_LE(a.sensing_snr, b.s2 * (1.0 + 1e-9));
      }
      // P1's joint-stage condition from the scene's quantities: gain − loss is U'(0) (one-sided
      // second-order difference on [0, 2h], h = 1e-6).
      const JointStageAnalysis j = joint_stage_analysis(cs);
      const double h = 1e-6;
      const double du = (-3.0 * two_stage_rate(cs, 0.0) + 4.0 * two_stage_rate(cs, h) - two_stage_rate(cs, 2.0 * h)) /
                        (2.0 * h);
      EXPECT_NEAR(j.gain - j.loss, du, 1e-4 * (1.0 + std::abs(du))) << m << " " << slot;
      EXPECT_GE(j.best_value, j.pure_comm_value - 1e-12);
    }
}

TEST(CaseStudyScene, RejectsScenesWithoutVehicle) {
  Scene scene = io::load_scene(io::load_document(physical, {}));
  scene.surfaces[0].mounted_on.clear();
  EXPECT_THROW((void)case_study_vehicles(scene, 0), InvalidArgument);
  Scene two_tx = io::load_scene(io::load_document(physical, {"bs.0.tx=2"}));
  EXPECT_THROW((void)case_study_vehicles(two_tx, 0), InvalidArgument);
  const io::CaseStudyInput in = io::load_case_study(io::load_document(physical, {}));
  const Scene away = io::load_scene(io::load_document(physical, {"irs.0.orientation_deg.0=90"}));
  EXPECT_THROW((void)case_study_scene_slots(away, in.scene_options, in.model, 0), InvalidArgument);
  EXPECT_THROW((void)case_study_scene_slots(io::load_scene(io::load_document(physical, {})), in.scene_options, in.model,
                                            10001),
               InvalidArgument);
}

// Two vehicles, served round-robin: slot 0 senses vehicle 1 (Model B's vehicle of the slot), slot 1
// vehicle 0. The other vehicle's surface takes no part in a vehicle's link budget, so slot 0 equals a
// one-vehicle scene holding vehicle 1 alone; and a vehicle's track is updated only when it is sensed.
TEST(CaseStudyScene, TwoVehiclesRoundRobin) {
  const std::string extra = R"(
[[target]]
name = "second"
position_m = [3.378, 21.0, 1.5]
velocity_mps = [20.0, 0.0, 0.0]
[[irs]]
name = "second-irs"
mounted_on = "second"
mount_offset_m = [0.0, -1.0, 0.0]
orientation_deg = [-90.0, 0.0, 0.0]
rows = 1
cols = 32
mode = "refract"
[[user]]
name = "second-passenger"
position_m = [3.547, 21.0, 1.5]
)";
  const io::Document base = io::load_document(physical, {"case_study.scene.slot=1"});
  const Scene two = [&] {
    Scene s = io::load_scene(base);
    const Scene add = io::load_scene(io::Document::from_string(
        "[system]\ncarrier_hz = 28e9\n[[bs]]\nname = \"bs\"\nposition_m = [0.0, 0.0, 1.5]\n" + extra, "extra.toml"));
    s.targets.push_back(add.targets[0]);
    s.surfaces.push_back(add.surfaces[0]);
    s.users.push_back(add.users[0]);
    LinkOverride blocked = s.links.at(0);  // bs–passenger: blocked, so is bs–second-passenger
    for (NodeRef* n : {&blocked.from, &blocked.to})
      if (n->kind == NodeKind::user) n->index = 1;
    s.links.push_back(blocked);
    return s;
  }();
  const io::CaseStudyInput in = io::load_case_study(base);
  const auto slots = case_study_scene_slots(two, in.scene_options, in.model, 1);
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(slots[0].sensed, 1);
  EXPECT_EQ(slots[0].served, 0);
  EXPECT_EQ(slots[1].sensed, 0);
  EXPECT_EQ(slots[0].irs_elements, 32);
  EXPECT_EQ(slots[1].irs_elements, 64);
  // vehicle 1 alone: the same link budget and angle
  const io::Document alone_doc = io::load_document(
      physical, {"target.0.position_m.0=3.378", "user.0.position_m.0=3.547", "irs.0.cols=32", "irs.0.mode=\"refract\""});
  const io::CaseStudyInput alone = io::load_case_study(alone_doc);
  const CaseStudySlot& a = alone.scene_slots.at(0);
  EXPECT_NEAR(slots[0].comm_snr, a.comm_snr, 1e-9 * a.comm_snr);
  EXPECT_NEAR(slots[0].echo_snr_irs, a.echo_snr_irs, 1e-9 * a.echo_snr_irs);
  EXPECT_NEAR(slots[0].theta, a.theta, 1e-12);
  // vehicle 0 in slot 1: the geometry of the one-vehicle run at slot 1, but its track was not
  // updated in slot 0 (vehicle 1 was sensed then), so its prior is wider.
  EXPECT_NEAR(slots[1].theta, in.scene_slots.at(1).theta, 1e-12);
  EXPECT_NEAR(slots[1].comm_snr, in.scene_slots.at(1).comm_snr, 1e-9 * slots[1].comm_snr);
  EXPECT_GT(slots[1].sigma_p, 1.2 * in.scene_slots.at(1).sigma_p);
  const CaseStudySlot& s0 = in.scene_slots.at(0);  // vehicle 0's truth at slot 0
  TrackBelief prior;
  prior.mean = Vec3d(s0.theta, s0.distance_m, s0.speed_mps);
  prior.cov = Mat3d::Zero();
  const CaseStudySceneOptions& o = in.scene_options;
  prior.cov.diagonal() << o.initial_std_theta * o.initial_std_theta,
      o.initial_std_distance * o.initial_std_distance, o.initial_std_speed * o.initial_std_speed;
  Mat3d q = Mat3d::Zero();
  q.diagonal() << o.process_std_theta * o.process_std_theta, o.process_std_distance * o.process_std_distance,
      o.process_std_speed * o.process_std_speed;
  EXPECT_NEAR(slots[1].sigma_p, std::sqrt(ekf_predict(prior, o.slot_s, q).cov(0, 0)), 1e-12);
}
