#pragma once
/// \file Intelligent surfaces: layout, operating mode (reflect, refract, simultaneous), phase
/// resolution, passive / active / semi-passive hardware, fixed or mounted on a moving node.
/// See docs/models.md §Surfaces.
///
/// Element n applies a reflection coefficient r_n and a transmission (refraction) coefficient t_n:
///   reflect:  r_n = e^{jθ_n}, t_n = 0;      refract: r_n = 0, t_n = e^{jθ_n}
///   simultaneous (STAR / IOS), energy splitting:  r_n = √ε e^{jθ^r_n},  t_n = √(1−ε) e^{jθ^t_n},
///     so |r_n|² + |t_n|² = 1 (passive, lossless); coupled phases: θ^t_n = θ^r_n + Δ (Δ = ±π/2 for a
///     lossless symmetric element, Xu et al., IEEE CL 2022; a parameter here);
///   mode switching: a fraction ε of the elements reflects fully, the rest refracts fully;
///   time switching: the whole surface reflects for a fraction ε of the time, refracts otherwise
///     (two configurations, weighted by time; see SurfaceResponse::time_fraction).
/// Which coefficient acts on a path follows from geometry: transmitter and receiver on the same side
/// of the surface (both in front, local x > 0, or both behind) → reflection; opposite sides → refraction.
/// Active elements amplify by √a (power gain a) and add amplifier noise CN(0, σ_a²) before the
/// amplifier (Zhang et al., "Active RIS vs. passive RIS", IEEE TCOM 2023).
/// A hybrid surface (article §II-B, Fig. 1(d); docs/architectures.md §4) mixes the three element
/// kinds: passive elements reflect with |r_n| = 1, active ones with |r_n| = √a (and amplifier noise),
/// sensor elements receive and do not reflect (r_n = t_n = 0; a modelling choice: a sensor element
/// is a receive-only element, not a power splitter).
#include <string>
#include <vector>

#include "irisac/core/types.hpp"
#include "irisac/geometry/array.hpp"
#include "irisac/geometry/frame.hpp"

namespace irisac {

enum class SurfaceMode { reflect, refract, simultaneous };
enum class StarProtocol { energy_splitting, mode_switching, time_switching };
enum class PhaseCoupling { independent, coupled };
enum class SurfaceKind { passive, active, semi_passive, hybrid };
/// Kind of one element of a hybrid surface.
enum class ElementKind : unsigned char { passive, active, sensor };

struct Surface {
  std::string name;
  ArrayLayout layout{};
  Pose pose{};
  SurfaceMode mode = SurfaceMode::reflect;
  StarProtocol protocol = StarProtocol::energy_splitting;
  double reflect_fraction = 0.5;   ///< ε ∈ [0, 1]: energy (ES), elements (MS) or time (TS) to reflection
  PhaseCoupling coupling = PhaseCoupling::independent;
  double coupling_offset = 1.5707963267948966;  ///< Δ = θ^t − θ^r for coupled phases [rad]
  int phase_bits = 0;              ///< 0: continuous phases; b ≥ 1: 2^b uniform levels
  SurfaceKind kind = SurfaceKind::passive;
  double amplification = 1.0;      ///< a: power gain of each active element (linear, ≥ 1)
  double amplifier_noise_w = 0.0;  ///< σ_a²: amplifier noise power per element [W] (active)
  double power_budget_w = 0.0;     ///< P_a: maximum output power of the active surface [W] (0: none)
  Index num_sensors = 0;           ///< receive sensors of a semi-passive surface (hybrid: its sensor elements)
  std::vector<ElementKind> elements;  ///< hybrid: the kind of each element (N entries); empty otherwise
  std::string mounted_on;          ///< name of the user/target carrying it ("" = fixed)
  Vec3 mount_offset_m = Vec3::Zero();  ///< position relative to the carrier [m]

  [[nodiscard]] Index size() const noexcept { return layout.size(); }
};

/// Checks a surface's parameters; throws InvalidArgument naming the field.
void validate(const Surface& s);

/// Indices (ascending) of the elements of one kind: for a hybrid surface from `elements`; otherwise
/// every element is active (kind active), passive (passive, semi-passive) and none is a sensor
/// element (a semi-passive surface's sensors are extra receivers, not elements).
[[nodiscard]] std::vector<Index> element_indices(const Surface& s, ElementKind kind);

/// Reflection amplitude of each element: √a for active elements, 1 for passive ones, 0 for the
/// sensor elements of a hybrid surface.
[[nodiscard]] RVec element_amplitudes(const Surface& s);

/// Element layout of a hybrid surface of n elements with the given numbers of active and sensor
/// elements (the rest passive). Placement of the sensors (a modelling choice): "centre" = one
/// contiguous block in the middle of the element order (row-major: the middle rows of a UPA, the
/// middle columns of a ULA; a filled half-wavelength sub-array, no grating lobes), "ends" = half
/// the block at each end (the widest aperture, Peng et al.'s end-packed optimum). Active elements are
/// spread evenly over the remaining elements (element i of the m non-sensor ones is active when
/// ⌊(i+1)·n_a/m⌋ > ⌊i·n_a/m⌋). Throws InvalidArgument if active + sensors > n or a count < 0.
[[nodiscard]] std::vector<ElementKind> hybrid_element_layout(Index n, Index active, Index sensors,
                                                             const std::string& sensor_placement);

/// Per-element coefficients of one configuration.
struct SurfaceResponse {
  CVec reflect;   ///< r_n
  CVec transmit;  ///< t_n
  /// For time switching: the fraction of time this configuration holds (1 otherwise).
  double time_fraction = 1.0;
};

/// Coefficients from unit-modulus phase vectors. `v_transmit` is ignored for coupled phases (θ^t =
/// θ^r + Δ) and for pure reflect/refract modes (v_reflect is then the one phase vector). Phases are
/// quantised to the surface's resolution and active elements scaled by √a.
/// For time switching, returns the reflecting configuration (time ε); use
/// surface_response_time_switching() for both.
[[nodiscard]] SurfaceResponse surface_response(const Surface& s, const CVec& v_reflect, const CVec& v_transmit);
/// Convenience: the same phase vector for both faces.
[[nodiscard]] SurfaceResponse surface_response(const Surface& s, const CVec& v);
/// Time switching: {reflecting configuration with time ε, refracting configuration with time 1−ε}.
[[nodiscard]] std::pair<SurfaceResponse, SurfaceResponse> surface_response_time_switching(const Surface& s,
                                                                                       const CVec& v_reflect,
                                                                                       const CVec& v_transmit);

/// True when a path from `from_m` to `to_m` via the surface is a reflection (same side), false for
/// refraction (opposite sides). Points on the surface plane count as in front.
[[nodiscard]] bool is_reflection_path(const Surface& s, const Vec3& from_m, const Vec3& to_m);

/// Projects each entry onto the nearest of 2^b unit-modulus levels e^{j2πk/2^b} (b = 0: onto the
/// unit circle, v_n/|v_n|; zero entries become 1).
[[nodiscard]] CVec quantize_phases(const CVec& v, int bits);

/// Asymptotic power loss of b-bit uniform phase quantisation of aligned phases:
///   η(b) = sinc²(π/2^b) = (sin(π/2^b)/(π/2^b))²  → 3.92, 0.91, 0.22 dB for b = 1, 2, 3
/// (Wu & Zhang, IEEE TCOM 68(5), 2020, large-N limit).
[[nodiscard]] double quantization_loss(int bits);

/// Largest power gain a of an active surface that keeps its output power within the budget:
///   a · (Σ_n P_in,n + N σ_a²) ≤ P_a,  with P_in,n = incident power on element n [W].
[[nodiscard]] double active_max_amplification(const RVec& incident_power_w, double amplifier_noise_w,
                                              double power_budget_w);

}  // namespace irisac
