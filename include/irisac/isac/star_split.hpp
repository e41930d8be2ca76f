#pragma once
/// \file Refraction/reflection balance of a target-mounted surface (the article's §III-A and its
/// ref. [4]; STAR protocols of Mu, Liu, Guo, Zhu, Zhang, "Simultaneously transmitting and reflecting
/// (STAR) RIS aided wireless communications", IEEE TWC 21(5), 2022): the vehicle's surface either
/// refracts the BS signal to the passenger or reflects it back for localisation. Three ways to share:
///   energy split (ES):   every element refracts 1 − ε and reflects ε of the power, all the slot;
///   time split (TS):     the whole surface reflects for a fraction t of the slot, refracts otherwise;
///   element split (MS):  M_r = round(εM) elements reflect, M − M_r refract, all the slot.
/// With the case study's quantities (case_study.hpp: γ̄, ρ, θ, N_r, σ_p; phases from the prior):
///   ES: R = log2(1 + γ̄(1−ε) g_c(σ_p²)),          Γ = ρ ε g_s(σ_p²) T
///   TS: R = (1 − t) log2(1 + γ̄ g_c(σ_p²)),       Γ = ρ t g_s(σ_p²) T
///   MS: R = log2(1 + γ̄ (M_t/M)² g_c,M_t(σ_p²)),  Γ = ρ (M_r/M)² g_s,M_r(σ_p²) T   (M_t = M − M_r)
/// and the localisation bound (Bayesian CRB with the prior): C = (σ_p⁻² + Γ π² cos²θ (N_r²−1)/6)⁻¹.
/// In the (J = C⁻¹ − σ_p⁻², R) plane TS is the chord between the end points (J_max, 0) and (0, R_max)
/// (time sharing = their convex hull); ES lies on or above it (log2(1 + a x) is concave), equal only
/// at the end points. The boundary of each region is max R s.t. C ≤ c, given here in closed form.
#include "irisac/isac/case_study.hpp"

namespace irisac {

enum class StarSplit { energy, time, elements };

/// One operating point of a split.
struct StarSplitPoint {
  double fraction = 0.0;  ///< ε (ES), t (TS) or M_r/M (MS) given to reflection
  double rate = 0.0;      ///< R [bps/Hz]
  double echo_snr = 0.0;  ///< Γ (linear)
  double crb = 0.0;       ///< C [rad²], ≤ σ_p²
};

/// The operating point of split `kind` at reflected fraction f ∈ [0, 1] (MS rounds to M_r/M).
/// \throws InvalidArgument if f ∉ [0, 1].
[[nodiscard]] StarSplitPoint star_split_point(const CaseStudy& cs, StarSplit kind, double fraction);

/// The region's boundary: the point of largest rate with C ≤ crb_max (smallest reflected fraction
/// that meets it). \throws Infeasible if crb_max is below the all-reflect bound C(f = 1);
/// InvalidArgument if crb_max ≤ 0.
[[nodiscard]] StarSplitPoint star_split_best(const CaseStudy& cs, StarSplit kind, double crb_max);

}  // namespace irisac
