#include "irisac/irs/surface.hpp"

#include <cmath>
#include <string>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"

namespace irisac {

void validate(const Surface& s) {
  validate(s.layout);
  IRISAC_REQUIRE(s.reflect_fraction >= 0.0 && s.reflect_fraction <= 1.0,
                 "reflect_fraction must be in [0, 1] (got ", s.reflect_fraction, ")");
  IRISAC_REQUIRE(s.phase_bits >= 0 && s.phase_bits <= 16, "phase_bits must be in [0, 16] (got ", s.phase_bits, ")");
  IRISAC_REQUIRE(s.amplification > 0.0, "amplification must be > 0 (got ", s.amplification, ")");
  IRISAC_REQUIRE(s.kind == SurfaceKind::active || s.kind == SurfaceKind::hybrid || s.amplification == 1.0,
                 "amplification != 1 needs an active or hybrid surface (got ", s.amplification, ")");
  IRISAC_REQUIRE(s.amplifier_noise_w >= 0.0, "amplifier_noise_w must be >= 0 (got ", s.amplifier_noise_w, ")");
  IRISAC_REQUIRE(s.power_budget_w >= 0.0, "power_budget_w must be >= 0 (got ", s.power_budget_w, ")");
  IRISAC_REQUIRE(s.num_sensors >= 0 && s.num_sensors <= s.size(), "num_sensors must be in [0, ", s.size(),
                 "] (got ", s.num_sensors, ")");
  IRISAC_REQUIRE(s.kind == SurfaceKind::semi_passive || s.kind == SurfaceKind::hybrid || s.num_sensors == 0,
                 "sensors need a semi_passive or hybrid surface (got ", s.num_sensors, " sensors)");
  IRISAC_REQUIRE(s.kind == SurfaceKind::hybrid || s.elements.empty(), "element kinds need a hybrid surface (got ",
                 s.elements.size(), " entries)");
  if (s.kind == SurfaceKind::hybrid) {
    IRISAC_REQUIRE(static_cast<Index>(s.elements.size()) == s.size(), "a hybrid surface needs one element kind per element: ",
                   s.size(), " (got ", s.elements.size(), ")");
    const auto sensors = static_cast<Index>(element_indices(s, ElementKind::sensor).size());
    IRISAC_REQUIRE(s.num_sensors == sensors, "num_sensors of a hybrid surface must equal its sensor elements, ", sensors,
                   " (got ", s.num_sensors, ")");
  }
}

std::vector<Index> element_indices(const Surface& s, ElementKind kind) {
  std::vector<Index> out;
  const Index n = s.size();
  if (s.kind == SurfaceKind::hybrid) {
    for (Index i = 0; i < static_cast<Index>(s.elements.size()); ++i)
      if (s.elements[static_cast<std::size_t>(i)] == kind) out.push_back(i);
    return out;
  }
  const ElementKind all = s.kind == SurfaceKind::active ? ElementKind::active : ElementKind::passive;
  if (kind == all)
    for (Index i = 0; i < n; ++i) out.push_back(i);
  return out;
}

RVec element_amplitudes(const Surface& s) {
  const Index n = s.size();
  const double amp = std::sqrt(s.amplification);
  if (s.kind != SurfaceKind::hybrid) return RVec::Constant(n, amp);
  IRISAC_REQUIRE(static_cast<Index>(s.elements.size()) == n, "hybrid surface '", s.name, "' has ", s.elements.size(),
                 " element kinds for ", n, " elements");
  RVec out(n);
  for (Index i = 0; i < n; ++i) {
    const ElementKind k = s.elements[static_cast<std::size_t>(i)];
    out[i] = k == ElementKind::active ? amp : k == ElementKind::passive ? 1.0 : 0.0;
  }
  return out;
}

std::vector<ElementKind> hybrid_element_layout(Index n, Index active, Index sensors, const std::string& placement) {
  IRISAC_REQUIRE(n >= 1, "a surface needs >= 1 element (got ", n, ")");
  IRISAC_REQUIRE(active >= 0 && sensors >= 0, "element counts must be >= 0 (got ", active, " active, ", sensors,
                 " sensors)");
  IRISAC_REQUIRE(active + sensors <= n, "active + sensor elements (", active, " + ", sensors, ") exceed the ", n,
                 " elements");
  IRISAC_REQUIRE(placement == "centre" || placement == "ends", "sensor placement must be \"centre\" or \"ends\" (got \"",
                 placement, "\")");
  std::vector<ElementKind> out(static_cast<std::size_t>(n), ElementKind::passive);
  if (placement == "centre") {
    const Index first = (n - sensors) / 2;
    for (Index i = first; i < first + sensors; ++i) out[static_cast<std::size_t>(i)] = ElementKind::sensor;
  } else {
    const Index left = sensors / 2;
    for (Index i = 0; i < left; ++i) out[static_cast<std::size_t>(i)] = ElementKind::sensor;
    for (Index i = n - (sensors - left); i < n; ++i) out[static_cast<std::size_t>(i)] = ElementKind::sensor;
  }
  const Index m = n - sensors;
  Index i = 0;
  for (auto& e : out) {
    if (e == ElementKind::sensor) continue;
    if (m > 0 && (i + 1) * active / m > i * active / m) e = ElementKind::active;
    ++i;
  }
  return out;
}

CVec quantize_phases(const CVec& v, int bits) {
  IRISAC_REQUIRE(bits >= 0 && bits <= 16, "bits must be in [0, 16] (got ", bits, ")");
  CVec out(v.size());
  const double levels = std::ldexp(1.0, bits);
  const double step = 2.0 * constants::pi / levels;
  for (Index n = 0; n < v.size(); ++n) {
    if (std::abs(v[n]) == 0.0) {
      out[n] = 1.0;
      continue;
    }
    if (bits == 0) {
      out[n] = v[n] / std::abs(v[n]);
      continue;
    }
    const double k = std::round(std::arg(v[n]) / step);
    out[n] = std::polar(1.0, k * step);
  }
  return out;
}

double quantization_loss(int bits) {
  IRISAC_REQUIRE(bits >= 1, "bits must be >= 1 (got ", bits, ")");
  const double x = constants::pi / std::ldexp(1.0, bits);
  const double s = std::sin(x) / x;
  return s * s;
}

namespace {
CVec project(const CVec& v, int bits, Index n, const char* what) {
  IRISAC_REQUIRE(v.size() == n, what, " has ", v.size(), " entries, the surface ", n);
  return quantize_phases(v, bits);
}
}  // namespace

SurfaceResponse surface_response(const Surface& s, const CVec& v_reflect, const CVec& v_transmit) {
  const Index n = s.size();
  const CVec amp = element_amplitudes(s).cast<Complex>();  // √a, 1, or 0 (sensor elements)
  SurfaceResponse r;
  const CVec vr = project(v_reflect, s.phase_bits, n, "v_reflect");
  switch (s.mode) {
    case SurfaceMode::reflect:
      r.reflect = amp.cwiseProduct(vr);
      r.transmit = CVec::Zero(n);
      return r;
    case SurfaceMode::refract:
      r.reflect = CVec::Zero(n);
      r.transmit = amp.cwiseProduct(vr);
      return r;
    case SurfaceMode::simultaneous: break;
  }
  const CVec vt = s.coupling == PhaseCoupling::coupled
                      ? CVec(quantize_phases(vr * std::polar(1.0, s.coupling_offset), s.phase_bits))
                      : project(v_transmit, s.phase_bits, n, "v_transmit");
  const double eps = s.reflect_fraction;
  switch (s.protocol) {
    case StarProtocol::energy_splitting:
      r.reflect = std::sqrt(eps) * amp.cwiseProduct(vr);
      r.transmit = std::sqrt(1.0 - eps) * amp.cwiseProduct(vt);
      break;
    case StarProtocol::mode_switching: {
      // The first round(ε N) elements reflect, the others refract.
      const auto n_reflect = static_cast<Index>(std::lround(eps * static_cast<double>(n)));
      r.reflect = CVec::Zero(n);
      r.transmit = CVec::Zero(n);
      r.reflect.head(n_reflect) = amp.head(n_reflect).cwiseProduct(vr.head(n_reflect));
      r.transmit.tail(n - n_reflect) = amp.tail(n - n_reflect).cwiseProduct(vt.tail(n - n_reflect));
      break;
    }
    case StarProtocol::time_switching:
      r.reflect = amp.cwiseProduct(vr);
      r.transmit = CVec::Zero(n);
      r.time_fraction = eps;
      break;
  }
  return r;
}

SurfaceResponse surface_response(const Surface& s, const CVec& v) { return surface_response(s, v, v); }

std::pair<SurfaceResponse, SurfaceResponse> surface_response_time_switching(const Surface& s, const CVec& v_reflect,
                                                                          const CVec& v_transmit) {
  IRISAC_REQUIRE(s.mode == SurfaceMode::simultaneous && s.protocol == StarProtocol::time_switching,
                 "surface '", s.name, "' is not a time-switching simultaneous surface");
  SurfaceResponse refl = surface_response(s, v_reflect, v_transmit);
  SurfaceResponse refr;
  const CVec amp = element_amplitudes(s).cast<Complex>();
  refr.reflect = CVec::Zero(s.size());
  refr.transmit = amp.cwiseProduct(s.coupling == PhaseCoupling::coupled
                             ? quantize_phases(quantize_phases(v_reflect, s.phase_bits) * std::polar(1.0, s.coupling_offset),
                                               s.phase_bits)
                             : project(v_transmit, s.phase_bits, s.size(), "v_transmit"));
  refr.time_fraction = 1.0 - s.reflect_fraction;
  return {refl, refr};
}

bool is_reflection_path(const Surface& s, const Vec3& from_m, const Vec3& to_m) {
  const Vec3 normal = s.pose.boresight();
  const double a = normal.dot(from_m - s.pose.position_m);
  const double b = normal.dot(to_m - s.pose.position_m);
  return (a >= 0.0) == (b >= 0.0);
}

double active_max_amplification(const RVec& incident_power_w, double amplifier_noise_w, double power_budget_w) {
  IRISAC_REQUIRE(power_budget_w > 0.0, "power_budget_w must be > 0 (got ", power_budget_w, ")");
  IRISAC_REQUIRE(amplifier_noise_w >= 0.0, "amplifier_noise_w must be >= 0 (got ", amplifier_noise_w, ")");
  const double denom = incident_power_w.sum() + static_cast<double>(incident_power_w.size()) * amplifier_noise_w;
  IRISAC_REQUIRE(denom > 0.0, "no incident power and no amplifier noise: the amplification is unbounded");
  return power_budget_w / denom;
}

}  // namespace irisac
