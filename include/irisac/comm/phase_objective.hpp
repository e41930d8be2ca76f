#pragma once
/// \file Objectives of the IRS reflection v (|v_n| = 1) for a fixed BS precoder, to be MAXIMISED.
/// Every communication objective reduces, for fixed W, to a function of "terms"
///   q_i(v) = |β_i^H v̄|²,   v̄ = [v; 1],  β_i ∈ C^{N+1}
/// (a received power |c_k^H w_j|² = |a^T v + b|² with a = h_{r,k}^* ⊙ (G w_j), b = h_{d,k}^H w_j,
/// so β = [a^*; b^*]). TermObjective evaluates F(q) for the kinds below in O(N·T), its Euclidean
/// gradient 2∂f/∂v^* = 2 Σ_i (∂F/∂q_i) (β_i^H v̄) β_i[0:N] in O(N·T), and supports an O(T)
/// element-wise update (block coordinate descent). The channel-decorrelation objective is not of
/// that form and has its own class.
#include <memory>
#include <vector>

#include "irisac/comm/problem.hpp"
#include "irisac/core/types.hpp"

namespace irisac {

/// A real function of the reflection v ∈ C^N, maximised on the complex circle manifold.
class PhaseObjective {
 public:
  virtual ~PhaseObjective() = default;
  [[nodiscard]] virtual Index size() const = 0;
  /// The function the gradient belongs to (a smoothed surrogate for max–min objectives).
  [[nodiscard]] virtual double value(const CVec& v) const = 0;
  /// Euclidean gradient 2∂f/∂v^* of value() (so that f(v+δ) ≈ f(v) + Re(g^H δ)).
  [[nodiscard]] virtual CVec gradient(const CVec& v) const = 0;
  /// The objective itself (non-smooth for max–min); equals value() for smooth objectives.
  [[nodiscard]] virtual double exact_value(const CVec& v) const { return value(v); }
};

/// f(v) = F(q(v)) with one of these structures:
///  - sum:            F = Σ_i w_i q_i + c                    (SNR, weighted gains, leakage penalty)
///  - min_ratio:      F = min_g a_g q_{s(g)} / (Σ_{i∈I(g)} q_i + n_g)   (multicast SNR, SINR/γ)
///  - sum_log_ratio:  F = Σ_g log2(1 + q_{s(g)} / (Σ_{i∈I(g)} q_i + n_g)) (sum rate)
/// min_ratio's value() is the soft minimum −(1/τ) log Σ_g exp(−τ r_g) with τ = κ / min_g r_g(v0).
class TermObjective final : public PhaseObjective {
 public:
  enum class Kind { sum, min_ratio, sum_log_ratio };
  struct Group {
    Index signal = 0;                 ///< term index of the numerator
    std::vector<Index> interference;  ///< term indices in the denominator
    double noise = 1.0;               ///< n_g > 0
    double scale = 1.0;               ///< a_g > 0 (e.g. 1/γ_g)
  };

  /// Weighted sum Σ w_i |β_i^H v̄|² + c; B is (N+1)×T, weights T.
  static TermObjective sum(CMat B, RVec weights, double constant = 0.0);
  /// min_g / Σ_g log2(1+·) of ratios; `v0` fixes the soft-min temperature (κ = smoothing).
  static TermObjective ratios(Kind kind, CMat B, std::vector<Group> groups, const CVec& v0,
                              double smoothing = 50.0);

  [[nodiscard]] Index size() const override { return B_.rows() - 1; }
  [[nodiscard]] double value(const CVec& v) const override;
  [[nodiscard]] CVec gradient(const CVec& v) const override;
  [[nodiscard]] double exact_value(const CVec& v) const override;

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  [[nodiscard]] const CMat& terms() const noexcept { return B_; }     ///< B = [β_1 … β_T]
  [[nodiscard]] const RVec& weights() const noexcept { return w_; }   ///< sum kind
  [[nodiscard]] double constant() const noexcept { return c_; }
  [[nodiscard]] const std::vector<Group>& groups() const noexcept { return groups_; }
  /// z = B^H v̄ (the term amplitudes).
  [[nodiscard]] CVec amplitudes(const CVec& v) const;
  /// F and its smooth surrogate from the term powers q.
  [[nodiscard]] double exact_from_terms(const RVec& q) const;
  [[nodiscard]] double smooth_from_terms(const RVec& q) const;
  /// ∂F_smooth/∂q.
  [[nodiscard]] RVec term_derivative(const RVec& q) const;
  /// Hermitian R = Σ w_i β_i β_i^H of a sum objective, so that f = v̄^H R v̄ + c.
  [[nodiscard]] CMat quadratic_form() const;
  /// For min_ratio without interference: R_g = (a_g/n_g) β_{s(g)} β_{s(g)}^H (f = min_g v̄^H R_g v̄).
  [[nodiscard]] std::vector<CMat> group_quadratic_forms() const;
  /// True if the objective is a max–min of quadratic forms (SDR applies).
  [[nodiscard]] bool is_quadratic() const;

 private:
  TermObjective() = default;
  Kind kind_ = Kind::sum;
  CMat B_;
  RVec w_;
  double c_ = 0.0;
  std::vector<Group> groups_;
  double tau_ = 1.0;
};

/// Column β = [a^*; b^*] of a term |a^T v + b|².
[[nodiscard]] CVec term_column(const CVec& a, Complex b);

/// Channel decorrelation (for BS 0): f(v) = −Σ_{k<l} |c_k^H c_l|² / (‖c_k‖² ‖c_l‖²), maximised
/// (0 ⇔ the effective channels are mutually orthogonal, H^H H diagonal, and MRT = ZF).
/// Gradient: with g_k = ∂f/∂c_k^* = −Σ_{l≠k} [c_l Γ_lk/(Γ_kk Γ_ll) − |Γ_kl|² c_k/(Γ_kk² Γ_ll)],
/// 2∂f/∂v^* = 2 Σ_k h_{r,k} ⊙ (G g_k)^*. O(NMK + MK²).
class DecorrelationObjective final : public PhaseObjective {
 public:
  explicit DecorrelationObjective(const CommProblem& p);
  [[nodiscard]] Index size() const override { return Hr_.rows(); }
  [[nodiscard]] double value(const CVec& v) const override;
  [[nodiscard]] CVec gradient(const CVec& v) const override;

 private:
  CMat G_, Hr_, Hd_;
};

}  // namespace irisac
