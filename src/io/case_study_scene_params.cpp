// [case_study] model = "scene": the case study's normalised quantities from the scene of the same
// document (docs/case-study.md §The case study on a physical scene).
#include <cmath>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/case_study_params.hpp"
#include "irisac/io/scene_io.hpp"

namespace irisac::io {
namespace {

double css_positive(Reader& r, const char* key, double fallback, bool strict = true) {
  const double v = r.number(key, fallback);
  r.require_at_least(key, v, 0.0, strict);
  return v;
}

std::string css_num(double v) {
  std::ostringstream o;
  o.precision(6);
  o << v;
  return o.str();
}

// Each warning once per process (the sweep engine reads the document at every point).
void css_print_once(const std::string& msg) {
  static std::mutex mu;
  static std::set<std::string> seen;
  const std::lock_guard<std::mutex> lock(mu);
  if (seen.insert(msg).second) std::cerr << "irisac: warning: " << msg << "\n";
}

}  // namespace

void apply_case_study_scene(const Document& doc, Reader& cs, CaseStudyInput& in) {
  CaseStudySceneOptions& o = in.scene_options;
  o.gamma_th = in.gamma_th;
  o.initial_std_theta = in.model.sigma_p;  // [case_study] sigma_p_deg: the track's prior at slot 0
  Scene scene;
  try {
    scene = load_scene(doc);
  } catch (const InvalidArgument& e) {
    cs.fail("model", "a valid scene for model = \"scene\"", e.what());
  }
  if (auto t = cs.optional_table("scene")) {
    Reader& r = *t;
    in.scene_slot = static_cast<Index>(r.integer("slot", 0, 0, 10000));
    if (r.has("bs")) {
      const std::string name = r.string("bs");
      const auto ref = scene.find(name);
      if (!ref || ref->kind != NodeKind::bs) r.fail("bs", "the name of a [[bs]] of the scene", "\"" + name + "\"");
      o.bs = ref->index;
    }
    o.snapshots = css_positive(r, "snapshots", o.snapshots);
    o.slot_s = css_positive(r, "slot_s", o.slot_s);
    o.body_echo = r.boolean("body_echo", o.body_echo);
    o.initial_std_distance = css_positive(r, "initial_std_distance_m", o.initial_std_distance);
    o.initial_std_speed = css_positive(r, "initial_std_speed_mps", o.initial_std_speed);
    o.process_std_theta = deg_to_rad(css_positive(r, "process_std_theta_deg", rad_to_deg(o.process_std_theta), false));
    o.process_std_distance = css_positive(r, "process_std_distance_m", o.process_std_distance, false);
    o.process_std_speed = css_positive(r, "process_std_speed_mps", o.process_std_speed, false);
    o.bandwidth_rms_hz = css_positive(r, "bandwidth_rms_hz", o.bandwidth_rms_hz);
    r.finish();
  }
  try {
    in.scene_slots = case_study_scene_slots(scene, o, in.model, in.scene_slot);
  } catch (const InvalidArgument& e) {
    cs.fail("model", "a scene with a vehicle (a [[target]] carrying an [[irs]] via mounted_on), its passenger "
                     "([[user]]) and a BS with one transmit antenna and a receive ULA",
            e.what());
  }
  const CaseStudySlot& s = in.scene_slots.back();
  // Keys the scene replaces: ignored; a value that differs from the scene's is a warning.
  auto conflict = [&](const char* key, bool differs, const std::string& file_value, const std::string& scene_value) {
    if (cs.has(key) && differs)
      in.warnings.push_back(cs.where(key) + ": " + cs.full_key(key) + " = " + file_value +
                            " is ignored: model = \"scene\" takes " + scene_value + " from the scene");
  };
  const CaseStudyParams& p = in.model;
  conflict("irs_elements", p.irs_elements != s.irs_elements, std::to_string(p.irs_elements),
           std::to_string(s.irs_elements) + " surface elements along the road");
  conflict("rx_antennas", p.rx_antennas != s.rx_antennas, std::to_string(p.rx_antennas),
           std::to_string(s.rx_antennas) + " receive antennas");
  conflict("theta_deg", std::abs(std::abs(p.theta) - std::abs(s.theta)) > 1e-3, css_num(rad_to_deg(p.theta)),
           "|theta| = " + css_num(std::abs(rad_to_deg(s.theta))) + " deg");
  conflict("comm_snr_db", true, css_num(lin_to_db(p.comm_snr)), "the link budget");
  conflict("echo_snr_db", true, css_num(lin_to_db(p.echo_snr)), "the link budget");
  conflict("eta", std::abs(p.eta - s.eta) > 1e-9, css_num(p.eta), "eta = " + css_num(s.eta) + " (its geometry)");
  if (in.has_physical)
    in.warnings.push_back(cs.where("physical") + ": [case_study.physical] is ignored: model = \"scene\" computes "
                                                 "the link budget from the scene");
  for (const auto& w : in.warnings) css_print_once(w);
  in.model = case_study_params_for_slot(in.model, s);
}

void warn_case_study_shadowing(const Document& doc, Reader& cs, CaseStudyInput& in) {
  const toml::table& top = doc.table();
  if (!top.contains("bs") || !top.contains("irs") || !top.contains("target")) return;
  std::vector<CaseStudyVehicle> veh;
  Scene scene;
  try {  // the scene is not this model's input: if it is not a case-study scene, there is nothing to compare
    scene = load_scene(doc);
    veh = case_study_vehicles(scene, 0);
  } catch (const std::exception&) {
    return;
  }
  auto shadow = [&](const char* key, Index file_value, Index scene_value, const char* what) {
    if (cs.has(key) && file_value != scene_value)
      in.warnings.push_back(cs.where(key) + ": " + cs.full_key(key) + " = " + std::to_string(file_value) +
                            " shadows the scene's " + std::to_string(scene_value) + " " + what +
                            ": the normalised model uses the [case_study] value (model = \"scene\" reads the scene)");
  };
  shadow("irs_elements", in.model.irs_elements, scene.surfaces[static_cast<std::size_t>(veh[0].surface)].layout.cols,
         "surface elements along the road");
  shadow("rx_antennas", in.model.rx_antennas, scene.base_stations[0].rx.cols, "receive antennas");
  for (const auto& w : in.warnings) css_print_once(w);
}

}  // namespace irisac::io
