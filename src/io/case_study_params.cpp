#include "irisac/io/case_study_params.hpp"

#include <cmath>
#include <numbers>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"

namespace irisac::io {

NormalisedSnrs normalised_snrs(const CaseStudyPhysical& ph, Index irs_elements, Index rx_antennas, double theta) {
  IRISAC_REQUIRE(ph.carrier_hz > 0.0 && ph.tx_power_w > 0.0 && ph.noise_w > 0.0 && ph.road_offset_m > 0.0 &&
                     ph.user_distance_m > 0.0 && ph.snapshots > 0.0,
                 "physical parameters must be > 0");
  const double lambda = wavelength_m(ph.carrier_hz);
  const double beta0 = std::pow(lambda / (4.0 * std::numbers::pi), 2);
  const double d = ph.road_offset_m / std::cos(theta);
  const double beta_d = beta0 / (d * d);
  const double beta_u = beta0 / (ph.user_distance_m * ph.user_distance_m);
  const double m2 = static_cast<double>(irs_elements) * static_cast<double>(irs_elements);
  NormalisedSnrs s;
  s.comm_snr = ph.tx_power_w * beta_d * beta_u * m2 / ph.noise_w;
  s.echo_snr = ph.tx_power_w * beta_d * beta_d * m2 * static_cast<double>(rx_antennas) * ph.snapshots / ph.noise_w;
  return s;
}

namespace {
double pos(Reader& r, const char* key, double fallback, bool strict = true) {
  const double v = r.number(key, fallback);
  r.require_at_least(key, v, 0.0, strict);
  return v;
}
double in_range(Reader& r, const char* key, double fallback, double lo, double hi, bool strict_lo = false) {
  const double v = r.number(key, fallback);
  r.require_at_least(key, v, lo, strict_lo);
  r.require_at_most(key, v, hi);
  return v;
}
Index count(Reader& r, const char* key, Index fallback, Index min) {
  const auto v = r.integer(key, fallback);
  r.require_at_least(key, static_cast<double>(v), static_cast<double>(min));
  return static_cast<Index>(v);
}
}  // namespace

CaseStudyInput load_case_study(const Document& doc) {
  CaseStudyInput in;
  Reader top(doc.table(), doc.source(), "");
  auto t = top.optional_table("case_study");
  if (!t) return in;  // all defaults
  Reader& r = *t;
  CaseStudyParams& p = in.model;
  in.scene_model = r.choice("model", "normalised", {"normalised", "scene"}) == "scene";
  p.irs_elements = count(r, "irs_elements", p.irs_elements, 1);
  p.rx_antennas = count(r, "rx_antennas", p.rx_antennas, 2);
  p.theta = deg_to_rad(in_range(r, "theta_deg", 30.0, -89.0, 89.0));
  p.sigma_p = deg_to_rad(pos(r, "sigma_p_deg", 1.5));
  p.eta = in_range(r, "eta", p.eta, 0.0, 1.0);
  p.slot = pos(r, "slot", p.slot);
  p.reflect_fraction = in_range(r, "reflect_fraction", p.reflect_fraction, 0.0, 1.0, true);
  p.joint_reflect_fraction = in_range(r, "joint_reflect_fraction", p.joint_reflect_fraction, 0.0, 1.0);
  p.rate_model = r.choice("rate_model", "closed_form", {"closed_form", "monte_carlo"}) == "closed_form"
                     ? RateModel::closed_form
                     : RateModel::monte_carlo;
  p.mc_samples = count(r, "mc_samples", p.mc_samples, 2);
  p.mc_seed = static_cast<std::uint64_t>(count(r, "mc_seed", static_cast<Index>(p.mc_seed), 0));

  if (auto ph = r.optional_table("physical")) {
    in.has_physical = true;
    CaseStudyPhysical& c = in.physical;
    c.carrier_hz = pos(*ph, "carrier_hz", c.carrier_hz);
    c.tx_power_w = dbm_to_watt(ph->number("tx_power_dbm", 30.0));
    c.noise_w = dbm_to_watt(ph->number("noise_dbm", -104.0));
    c.road_offset_m = pos(*ph, "road_offset_m", c.road_offset_m);
    c.user_distance_m = pos(*ph, "user_distance_m", c.user_distance_m);
    c.snapshots = pos(*ph, "snapshots", c.snapshots);
    ph->finish();
    for (const char* k : {"comm_snr_db", "echo_snr_db"})
      if (r.has(k)) r.fail(k, "no value when [case_study.physical] derives it", "a value");
    const NormalisedSnrs s = normalised_snrs(c, p.irs_elements, p.rx_antennas, p.theta);
    p.comm_snr = s.comm_snr;
    p.echo_snr = s.echo_snr;
  } else {
    p.comm_snr = db_to_lin(in_range(r, "comm_snr_db", 20.0, -50.0, 100.0));
    p.echo_snr = db_to_lin(in_range(r, "echo_snr_db", 25.0, -50.0, 100.0));
  }
  in.gamma_th = db_to_lin(in_range(r, "gamma_th_db", 10.0, -100.0, 100.0));
  {
    const std::string solver = r.choice("solver", "auto", {"auto", "polyblock", "boundary_search"});
    in.solver = solver == "auto"        ? AllocationMethod::automatic
                : solver == "polyblock" ? AllocationMethod::polyblock
                                        : AllocationMethod::boundary_search;
  }
  in.polyblock.abs_tolerance = pos(r, "tolerance", in.polyblock.abs_tolerance);
  in.polyblock.max_iterations = count(r, "max_iterations", in.polyblock.max_iterations, 1);

  ProtocolParams& tp = in.tracking;
  if (auto tr = r.optional_table("tracking")) {
    Reader& k = *tr;
    in.tracking_slot = count(k, "slot", 0, 0);
    tp.vehicles = count(k, "vehicles", tp.vehicles, 1);
    tp.road_offset_m = pos(k, "road_offset_m", in.has_physical ? in.physical.road_offset_m : tp.road_offset_m);
    tp.speed_mps = k.number("speed_mps", tp.speed_mps);
    tp.spacing_m = pos(k, "spacing_m", tp.spacing_m, false);
    tp.start_x_m = k.number("start_x_m", tp.start_x_m);
    tp.slot_s = pos(k, "slot_s", tp.slot_s);
    const std::string alloc = k.choice("allocation", "optimal", {"optimal", "fixed"});
    in.tracking_optimal_allocation = alloc == "optimal";
    if (!in.tracking_optimal_allocation) {
      tp.tau_s = in_range(k, "tau_s", tp.tau_s, 0.0, 1.0);
      tp.tau_c = in_range(k, "tau_c", tp.tau_c, 0.0, 1.0);
      if (tp.tau_s + tp.tau_c > 1.0 + 1e-12) k.fail("tau_c", "tau_s + tau_c <= 1", std::to_string(tp.tau_s + tp.tau_c));
    }
    tp.process_std_theta = pos(k, "process_std_theta_deg", rad_to_deg(tp.process_std_theta), false);
    tp.process_std_theta = deg_to_rad(tp.process_std_theta);
    tp.process_std_distance = pos(k, "process_std_distance_m", tp.process_std_distance, false);
    tp.process_std_speed = pos(k, "process_std_speed_mps", tp.process_std_speed, false);
    tp.initial_std_theta = deg_to_rad(pos(k, "initial_std_theta_deg", rad_to_deg(tp.initial_std_theta)));
    tp.initial_std_distance = pos(k, "initial_std_distance_m", tp.initial_std_distance);
    tp.initial_std_speed = pos(k, "initial_std_speed_mps", tp.initial_std_speed);
    tp.served_mode = k.choice("served_mode", "refract", {"refract", "split"}) == "refract" ? IrsMode::refract
                                                                                         : IrsMode::split;
    tp.split_reflect_fraction = k.number("split_reflect_fraction", tp.split_reflect_fraction);
    k.require_at_least("split_reflect_fraction", tp.split_reflect_fraction, 0.0);
    k.require_at_most("split_reflect_fraction", tp.split_reflect_fraction, 1.0, true);
    tp.measurement.bandwidth_rms_hz = pos(k, "bandwidth_rms_hz", tp.measurement.bandwidth_rms_hz);
    tp.measurement.use_doppler = k.boolean("use_doppler", tp.measurement.use_doppler);
    tp.measurement.carrier_hz = pos(k, "carrier_hz", in.has_physical ? in.physical.carrier_hz : 28e9);
    tp.measurement.observation_s = pos(k, "observation_s", tp.slot_s);
    k.finish();
  }
  tp.slots = in.tracking_slot + 1;
  if (auto sp = r.optional_table("split")) {  // STAR refraction/reflection region (star_split.hpp)
    const double sd = deg_to_rad(pos(*sp, "crb_std_deg", 0.5));
    in.split_crb = sd * sd;
    sp->finish();
  }
  if (in.scene_model) apply_case_study_scene(doc, r, in);
  else if (r.has("scene")) r.fail("scene", "no [case_study.scene] table unless model = \"scene\"", "a table");
  else warn_case_study_shadowing(doc, r, in);
  r.finish();
  tp.model = p;
  try {
    (void)CaseStudy(p);  // remaining cross-checks of the library
  } catch (const InvalidArgument& e) {
    r.fail("", "a valid case-study parameter set", e.what());
  }
  return in;
}

}  // namespace irisac::io
