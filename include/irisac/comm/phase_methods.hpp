#pragma once
/// \file Algorithms for the IRS reflection v on the complex circle {v : |v_n| = 1}, for a
/// PhaseObjective (maximised). All return unit-modulus v (to rounding) and their history.
#include <optional>
#include <mutex>
#include <vector>

#include "irisac/comm/phase_objective.hpp"
#include "irisac/core/rng.hpp"

namespace irisac {

/// Outcome of one phase method.
struct PhaseRun {
  CVec v;                        ///< |v_n| = 1
  double value = 0.0;            ///< exact objective at v
  int iterations = 0;
  bool converged = false;
  std::vector<double> history;   ///< objective after each iteration (non-decreasing for BCD, RCG)
};

/// Closed-form alignment maximising |a^T v + b| (single-user SISO, rank-one links; Wu & Zhang
/// TWC 2019 eq. 28): v_n = e^{j(arg b − arg a_n)} (arg b := 0 when b = 0). O(N).
[[nodiscard]] CVec align_phases(const CVec& a, Complex b);

/// Exact maximiser of |a^T v + b| over b-bit phases v_n ∈ {e^{j2πl/2^b}} by an arc sweep: at the
/// optimum every v_n maximises Re(a_n v_n e^{−jφ}) for φ = arg(a^T v + b), and that choice only
/// changes at N·2^b breakpoints of φ, so sweeping them finds the global optimum in O(N 2^b log(N 2^b)).
/// For 1 bit this is the linear-time optimal binary beamformer (Zhang, Shen, Ren et al., arXiv
/// 2112.02260); for any b it is the arc idea of Ren et al. (arXiv 2211.04704).
[[nodiscard]] CVec discrete_align_phases(const CVec& a, Complex b, int bits);

/// Riemannian conjugate gradient on the complex circle (Manopt/Pymanopt defaults re-implemented:
/// Hestenes–Stiefel β = max(0, ⟨g⁺, g⁺−T g⟩/⟨g⁺−T g, T d⟩) or Polak–Ribière, restart to −g when
/// ⟨g,d⟩ ≥ 0, adaptive backtracking (contraction 0.5, sufficient decrease 0.5, ≤ 10 trials),
/// projection P_z(u) = u − Re(u ⊙ z^*) ⊙ z, retraction (z+u)/|z+u|). Absil, Mahony, Sepulchre,
/// "Optimization Algorithms on Matrix Manifolds", 2008; Boumal et al., Manopt, JMLR 2014.
/// O(cost of one gradient) per iteration (O(N·T) for TermObjective).
struct RcgOptions {
  int max_iterations = 1000;
  double gradient_tolerance = 1e-9;  ///< on ‖rgrad‖ relative to max(|f|, ‖rgrad(v0)‖)
  double min_step = 1e-12;
  enum class Beta { hestenes_stiefel, polak_ribiere } beta = Beta::hestenes_stiefel;
};
[[nodiscard]] PhaseRun riemannian_cg(const PhaseObjective& f, const CVec& v0, const RcgOptions& opt = {});

/// Riemannian gradient P_v(∇f) of f at v (for tests).
[[nodiscard]] CVec riemannian_gradient(const PhaseObjective& f, const CVec& v);

/// Element-wise block coordinate ascent: cycle over n, maximise f over v_n alone with the others
/// fixed, accept only improvements (objective never decreases). Exact update for sum objectives
/// (v_n = e^{−j arg Σ_i w_i (z_i − β_{n,i}^* v_n)^* β_{n,i}^*}), candidate search (2^b phases for
/// discrete; 32-point grid + golden section otherwise) for the others. Wu & Zhang TCOM 2020
/// successive refinement for b-bit phases. O(N·T) per sweep for TermObjective, O(N·eval) otherwise.
struct BcdOptions {
  int max_sweeps = 200;
  double tolerance = 1e-10;  ///< stop when a sweep improves by less than tolerance·|f|
  int bits = 0;              ///< 0: continuous phases
};
[[nodiscard]] PhaseRun element_wise_bcd(const PhaseObjective& f, const CVec& v0, const BcdOptions& opt = {});

/// Semidefinite relaxation with Gaussian randomisation (Wu & Zhang TWC 2019 §III-A; Luo, Ma, So,
/// Ye, Zhang, IEEE SPM 27(3), 2010) for a sum objective (max v̄^H R v̄) or a max–min of quadratic
/// forms: max_V min_g tr(R_g V) s.t. V_nn = 1, V ⪰ 0, solved by DSDP 5 on the real 2(N+1)-dim
/// embedding; then L draws ξ = U Σ^{1/2} r, r ~ CN(0, I), v = e^{j arg(ξ_{0:N}/ξ_N)}, best kept.
/// `bound` is a certified upper bound of max over unit-modulus v of this objective: the minimum of
/// the certificates Σ y_i + (N+1)·λ_max(R − diag(y))⁺ for duals y from the solver and from the best
/// point (for the joint (W, v) problems see joint_bound.hpp).
struct SdrOptions {
  int randomizations = 1000;
  double gap_tolerance = 1e-9;
};
struct SdrRun {
  PhaseRun run;
  double bound = 0.0;         ///< ≥ the optimum of the non-relaxed problem
  double rank_one_ratio = 0;  ///< λ_1/tr(V): 1 when the relaxation is tight
  int solver_iterations = 0;
};
/// \throws InvalidArgument if f is not quadratic (see TermObjective::is_quadratic) or DSDP is absent.
[[nodiscard]] SdrRun sdr_randomization(const TermObjective& f, Rng& rng, const SdrOptions& opt = {});
/// Certified upper bound on max_{|v̄_i| = 1} min_g v̄^H R_g v̄ (R_g Hermitian (N+1)×(N+1)):
/// min over the certificates Σ_i y_i + (N+1)·λ_max(Σ_g μ_g R_g − diag y)⁺ (valid for ANY y and μ on
/// the simplex) with (y, μ) from the SDP dual (DSDP, when available) and the Gershgorin certificate
/// y_i = Σ_j |(Σμ R)_ij| (μ uniform). O(N^{4.5}) with DSDP, O(G N² + N³) without.
[[nodiscard]] double quadratic_max_min_bound(const std::vector<CMat>& R, double gap_tolerance = 1e-9);
/// Whether the SDP solver (DSDP) was found at build time.
[[nodiscard]] bool sdr_available() noexcept;
/// DSDP keeps global state (its event log): every DSDP solve in irisac (comm SDR, over-the-air
/// computation, the ISAC covariance step) holds this one lock from DSDPCreate to DSDPDestroy, so
/// concurrent trials of an experiment never solve at the same time.
[[nodiscard]] std::mutex& dsdp_mutex() noexcept;

/// Solution of max_V min_g tr(R_g V) s.t. V_ii = 1, V ⪰ 0 (R_g Hermitian n×n). Kept in one .cpp.
struct SdpSolution {
  CMat V;
  double value = 0.0;   ///< dual objective (upper bound)
  RVec dual;            ///< y (diagonal multipliers)
  int iterations = 0;
};
[[nodiscard]] SdpSolution solve_diagonal_sdp(const std::vector<CMat>& R, double gap_tolerance = 1e-9);

/// Codebook selection: the best column of `codebook` (N×C, unit modulus) for f. When empty, a
/// 2×-oversampled 1-D DFT codebook v_n = e^{j2πnc/(2N)}, c = 0…2N−1, quantised to `bits` if > 0.
[[nodiscard]] PhaseRun codebook_selection(const PhaseObjective& f, const CMat& codebook = CMat(), int bits = 0);

}  // namespace irisac
