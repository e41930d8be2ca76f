#pragma once
/// \file Sensing security with a target-mounted IRS (article Sections III-B2 and V-D): the surface on
/// the target shapes its echo so that a legitimate sensing receiver (LRS) still sees it while an
/// unauthorised one (URS) does not. docs/secure-isac.md §3.
///
/// With the target's surface illuminated by g (N, the BS beam through the BS→IRS channel), the echo
/// at receiver r is y_r = H_r diag(g) v = C_r v (H_r: IRS → receiver, R_r × N). The design is
///   max ‖C_L v‖²  s.t.  C_U v = 0,  |v_n| = 1,
/// solved by a penalty ascent on ‖C_L v‖² − μ‖C_U v‖² with μ raised geometrically, then, for a
/// single-antenna URS, an exact null: two elements i, j are re-solved from the circle intersection
///   c_i v_i + c_j v_j = −Σ_{n≠i,j} c_n v_n,  |v_i| = |v_j| = 1,
/// which has a solution when ||c_i| − |c_j|| ≤ |Σ_{n≠i,j} c_n v_n| ≤ |c_i| + |c_j| (the pair that keeps
/// the most LRS power is kept). Source: X. Shao, R. Zhang, "Target sensing with intelligent
/// reflecting surface: architecture and performance", IEEE JSAC 40(7), 2022 (sensing-security
/// extension, a modelling reconstruction in breadth-models.md §3.2).
#include "irisac/core/types.hpp"

namespace irisac {

struct EchoNullOptions {
  int penalty_rounds = 12;     ///< μ ← 10·μ per round
  int iterations_per_round = 200;
  bool exact_null = true;      ///< the two-element fix (single-antenna URS only)
};

struct EchoNullDesign {
  CVec v;
  double lrs_power = 0.0;           ///< ‖C_L v‖²
  double urs_power = 0.0;           ///< ‖C_U v‖²
  double lrs_power_unsecured = 0.0; ///< ‖C_L v₀‖² at the LRS-only optimum v₀ (phase alignment for one antenna)
  double urs_power_unsecured = 0.0; ///< ‖C_U v₀‖²
  bool exact = false;               ///< the two-element null was applied
};

/// \param lrs C_L (R_L × N)  \param urs C_U (R_U × N)
[[nodiscard]] EchoNullDesign design_echo_null(const CMat& lrs, const CMat& urs, const EchoNullOptions& opt = {});

}  // namespace irisac
