#pragma once
/// \file Over-the-air computation (AirComp) through an IRS (Fang, Tao, Ding et al., IEEE TCOM 2021;
/// docs/aircomp.md). An AP with N_a antennas computes f = Σ_k s_k of K single-antenna sensors from
/// y = Σ_k h_k(v) b_k s_k + n,  h_k(v) = h_{d,k} + G diag(v) h_{r,k},  f̂ = m^H y.
/// Uniform forcing b_k = √η (m^H h_k)^*/|m^H h_k|² with |b_k|² ≤ P₀ gives
///   MSE = (σ²/P₀) · p*(v),  p*(v) = min_m ‖m‖²  s.t. |m^H h_k(v)|² ≥ 1 ∀k.
#include <string>
#include <vector>

#include "irisac/core/types.hpp"

namespace irisac {

/// One AirComp instance. All quantities SI and linear.
struct AirCompProblem {
  CMat direct;        ///< h_{d,k} as columns, N_a×K (zeros: no direct link)
  CMat irs_to_ap;     ///< G, N_a×N
  CMat sensor_to_irs; ///< h_{r,k} as columns, N×K
  double noise_w = 1.0;  ///< σ² at the AP [W], > 0
  double power_w = 1.0;  ///< P₀, per-sensor transmit power budget [W], > 0

  [[nodiscard]] Index antennas() const { return direct.rows(); }       ///< N_a
  [[nodiscard]] Index elements() const { return sensor_to_irs.rows(); } ///< N
  [[nodiscard]] Index sensors() const { return direct.cols(); }         ///< K
};

/// Checks sizes, finiteness and positivity; throws InvalidArgument naming the field.
void validate(const AirCompProblem& p);

/// Effective channels H(v) = [h_1(v) … h_K(v)], N_a×K.
[[nodiscard]] CMat aircomp_channels(const AirCompProblem& p, const CVec& v);

/// A receive beam m for fixed channels and what is known about its optimality.
struct AirCompBeam {
  CVec m;                    ///< feasible: min_k |m^H h_k|² = 1 (to rounding)
  double norm2 = 0.0;        ///< ‖m‖² (an upper bound on p*)
  double lower_bound = 0.0;  ///< certified lower bound on p* (equals norm2 for the closed forms)
  std::string method;        ///< "single_antenna", "k1", "k2", "sdr"
};

/// p* for K = 1: 1/‖h‖².
[[nodiscard]] double aircomp_k1_value(const CVec& h);
/// p* for K = 2: the better feasible single-constraint solution h_i/‖h_i‖², else
/// (g₁₁ + g₂₂ − 2|g₁₂|)/(g₁₁g₂₂ − |g₁₂|²) with g = H^H H.
[[nodiscard]] double aircomp_k2_value(const CVec& h1, const CVec& h2);

/// m-step: min ‖m‖² s.t. |m^H h_k|² ≥ 1 for the columns of H (N_a×K). Closed forms for N_a = 1,
/// K = 1 and K = 2; otherwise the SDR min tr(X) s.t. h_k^H X h_k ≥ 1, X ⪰ 0 (DSDP), its principal
/// eigenvector rescaled to feasibility, and the certified lower bound Σμ_k/λ_max(Σ μ_k h_k h_k^H)
/// from the solver's dual μ (weak duality; tight for K ≤ 3, Huang & Palomar 2010).
/// \throws InvalidArgument for an empty H, a zero column or non-finite entries; for K ≥ 3 with
///   N_a ≥ 2 when irisac was built without DSDP.
[[nodiscard]] AirCompBeam aircomp_receive_beam(const CMat& H);

struct AirCompOptions {
  int max_iterations = 30;     ///< alternating m-step / v-step rounds
  double tolerance = 1e-6;     ///< stop when p* improves by less than tolerance·p*
  int vstep_iterations = 200;  ///< Riemannian CG iterations of one v-step
};

/// Result of the alternating design.
struct AirCompDesign {
  CVec v;                      ///< |v_n| = 1
  AirCompBeam beam;            ///< m-step at the final v
  double mse = 0.0;            ///< (σ²/P₀)·‖m‖² [dimensionless, relative to unit-variance data]
  double mse_lower_bound = 0.0;  ///< (σ²/P₀)·certified lower bound on p*(v) at the final v
  std::vector<double> history; ///< ‖m‖² after each round (non-increasing)
  int iterations = 0;
};

/// Alternating optimisation from v0 (empty: all ones): m-step aircomp_receive_beam(), v-step
/// maximises min_k |m^H h_k(v)|² on the unit circle by Riemannian CG on a soft minimum and is
/// accepted only if it raises that minimum, so that ‖m‖² never increases.
[[nodiscard]] AirCompDesign aircomp_design(const AirCompProblem& p, const CVec& v0 = CVec(),
                                           const AirCompOptions& opt = {});

}  // namespace irisac
