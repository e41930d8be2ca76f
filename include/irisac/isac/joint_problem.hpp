#pragma once
/// \file One ISAC problem on one deployment (docs/isac.md): a BS with M transmit antennas sends
///   x = Σ_k w_k s_k + x_s,   R_x = Σ_k w_k w_kᴴ + R_s,
/// to K single-antenna users (the stacked-surface channels of comm/scene_problem.hpp) and, through
/// the same IRS phases v, to T point targets whose echoes return to the same BS (monostatic, through
/// the surface's virtual LoS; the echo models of sensing/scene_problem.hpp, one per target, all on
/// one chosen surface), to another BS (bistatic: BS–IRS–target–receiver or BS–target–IRS–receiver),
/// or to the surface's own sensors (semi-passive). Only the receive leg r(θ) changes with the
/// receiver; the transmit signal, the users and the phases are the same. Users treat the sensing
/// stream x_s as interference:
///   SINR_k = |c_kᴴ w_k|² / (Σ_{j≠k} |c_kᴴ w_j|² + c_kᴴ R_s c_k + σ_k²)
/// and the whole R_x (data streams included, their symbols being known to the BS) illuminates:
///   echo SNR_t = |α_t|² T tr(B̃_t R_x B̃_tᴴ),   CRB_t = 1 / (2T|α_t|² J_t),
///   J_t = tr(Ḃ̃ R_x Ḃ̃ᴴ) − |tr(B̃ R_x Ḃ̃ᴴ)|² / tr(B̃ R_x B̃ᴴ),
/// B̃ = Q^{-1/2}B(θ_t) the whitened echo response (Q = σ²I + clutter), Song et al. TSP 2023; a direct
/// BS–target path enters B as a known offset (sensing/scene_problem.hpp).
#include <vector>

#include "irisac/comm/problem.hpp"
#include "irisac/scene/scene.hpp"
#include "irisac/sensing/scene_problem.hpp"

namespace irisac {

struct IsacProblem {
  CommProblem comm;                      ///< stacked surfaces, one BS
  std::vector<SensingProblem> targets;   ///< echo model of each target on the sensing surface
  Index sensing_surface = 0;             ///< index of the sensing surface in the scene
  Index sensing_offset = 0;              ///< its first element in the stacked v
  Index snapshots = 64;                  ///< T
  SensingSelection receiver{};           ///< bs (transmitter), mode, receiver, bistatic path, sensors

  [[nodiscard]] Index antennas() const { return comm.antennas(); }
  [[nodiscard]] Index users() const { return comm.users(); }
  [[nodiscard]] Index num_targets() const { return static_cast<Index>(targets.size()); }
  [[nodiscard]] Index elements() const { return comm.elements(); }
  [[nodiscard]] Index sensing_elements() const;
};

/// Builds the problem from one channel draw. `how` selects the transmitting BS (how.bs; it serves
/// every user) and the sensing receiver: how.mode (monostatic or semi_passive, with how.num_sensors),
/// how.receiver (another BS: bistatic along how.bistatic); how.surface and how.target are ignored
/// (the sensing surface is `sensing_surface`, every target is sensed). A BS other than the
/// transmitter must be the bistatic receiver: it only receives (modelling choice). \throws
/// InvalidArgument naming what is missing: no user, no target, no surface, a BS that is neither the
/// transmitter nor the receiver, a target-mounted surface, or no echo path to a target.
[[nodiscard]] IsacProblem isac_problem(const Scene& scene, const ChannelSet& channels, Index sensing_surface,
                                       Index snapshots, const SensingSelection& how = {});

/// Everything a design achieves (recomputed from (v, W, R_s) alone).
struct IsacMetrics {
  RVec sinr;                 ///< per user [linear]
  RVec rate_bps_hz;          ///< log2(1 + SINR_k)
  double sum_rate_bps_hz = 0.0;
  double min_rate_bps_hz = 0.0;
  RVec echo_snr;             ///< per target [linear]
  RVec crb_rad2;             ///< per target [rad²]; +inf where not identifiable
  double power_w = 0.0;      ///< tr R_x
};
[[nodiscard]] IsacMetrics isac_metrics(const IsacProblem& p, const CVec& v, const CMat& W, const CMat& R_s);

/// Per-target matrices at phases v (M × M, Hermitian except E2): echo SNR = tr(A R_x) with
/// A = |α|²T B̃ᴴB̃; the CRB terms D1 = κḂ̃ᴴḂ̃, E2 = κḂ̃ᴴB̃, D3 = κB̃ᴴB̃ with κ = 2T|α|², so that
/// 1/CRB = tr(D1 R) − |tr(E2 R)|²/tr(D3 R).
struct TargetForms {
  CMat A, D1, E2, D3;
};
[[nodiscard]] TargetForms target_forms(const IsacProblem& p, Index target, const CVec& v);

/// The sensing surface's part of the stacked v.
[[nodiscard]] CVec sensing_segment(const IsacProblem& p, const CVec& v);

/// S&C subspace coupling at the BS (docs/isac.md): principal angles between U = span{c_k(v)} (the
/// users' effective channels) and S = span{t_t(v)*} (the transmit directions that illuminate the
/// targets). cos φ_i are the singular values of Q_Uᴴ Q_S.
struct SubspaceCoupling {
  RVec cosines;              ///< cos φ_i, descending, min(dim U, dim S) entries
  double max_cos2 = 0.0;     ///< cos² of the smallest principal angle ∈ [0, 1]
  double mean_cos2 = 0.0;    ///< mean of cos² φ_i ∈ [0, 1] (dimensionless)
};
[[nodiscard]] SubspaceCoupling subspace_coupling(const IsacProblem& p, const CVec& v);

}  // namespace irisac
