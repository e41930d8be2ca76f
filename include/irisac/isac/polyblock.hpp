#pragma once
/// \file Polyblock outer approximation (POA) for monotonic optimisation:
///
///   max f(x)  s.t.  x ∈ 𝒢 ∩ ℋ ⊂ ℝⁿ₊,   f increasing, 𝒢 normal (x ∈ 𝒢, 0 ≤ y ≤ x ⇒ y ∈ 𝒢),
///                                       ℋ conormal (x ∈ ℋ, y ≥ x ⇒ y ∈ ℋ).
///
/// Sources: Y. J. A. Zhang, L. Qian, J. Huang, "Monotonic optimization in communication and
/// networking systems", Found. Trends Netw. 7(1), 2013 (Alg. 1); E. Björnson, E. Jorswieck,
/// "Optimal resource allocation in coordinated multi-cell systems", FnT 2013 (PA algorithm);
/// adaptation in shared/reference/case-study-model.md §4.11.
///
/// Algorithm: a polyblock (vertex set 𝒱, initially the box corner b ⊇ 𝒢) outer-approximates 𝒢 ∩ ℋ.
/// Each iteration pops the vertex z with the largest f (max-heap; f(z) is an upper bound U), projects
/// it onto the upper boundary of 𝒢 along the ray from the origin, π(z) = λ*z with
/// λ* = max{λ ∈ [0,1] : λz ∈ 𝒢}, updates the incumbent (CBV) if π(z) ∈ ℋ, and replaces z by the n
/// vertices z − (z_i − π_i(z)) e_i (optionally it also tries the points of 𝒢 ∩ ℋ reached by lowering
/// one coordinate of z, see PolyblockOptions::coordinate_incumbents). Vertices outside ℋ (nothing below them is feasible), with
/// f ≤ CBV + ε, or improper (dominated by another vertex) are discarded; optionally each selected
/// vertex is first reduced (PolyblockOptions::reduce_vertices). Stops when U − CBV ≤ ε.
/// Complexity: O(n) evaluations per iteration plus O(|𝒱| n) for improper-vertex removal; the number
/// of iterations grows like 1/ε when the optimum sits on a face where f is flat.
#include <functional>
#include <string>
#include <vector>

#include "irisac/core/types.hpp"

namespace irisac {

enum class PolyblockStatus { converged, max_iterations, infeasible };
[[nodiscard]] std::string to_string(PolyblockStatus s);

/// The problem. `objective` must be increasing; `in_conormal` tests x ∈ ℋ. The normal set 𝒢 is
/// given by `normal_scale(z)` = λ* (preferred, exact), or else by `in_normal` and bisection.
struct PolyblockProblem {
  Index dimension = 0;
  std::function<double(const RVec&)> objective;
  std::function<bool(const RVec&)> in_conormal;
  std::function<double(const RVec&)> normal_scale;  ///< λ* = max{λ ∈ [0,1] : λz ∈ 𝒢}; optional
  std::function<bool(const RVec&)> in_normal;       ///< used only if normal_scale is empty
  RVec upper_corner;  ///< b with 𝒢 ⊆ [0, b]
  /// Known points of 𝒢 ∩ ℋ (optional). Each one that passes both tests seeds the incumbent (CBV),
  /// so the result always has a feasible point and the pruning starts at once.
  std::vector<RVec> initial_points;
};

struct PolyblockOptions {
  double abs_tolerance = 1e-5;   ///< stop when U − CBV ≤ max(abs, rel·|CBV|)
  double rel_tolerance = 0.0;
  Index max_iterations = 500'000;
  bool remove_improper = true;   ///< discard dominated vertices (O(|𝒱| n) each)
  Index max_improper_scan = 4096;  ///< skip the improper test when |𝒱| exceeds this (speed guard)
  bool record_history = false;   ///< keep (CBV, U) per iteration
  /// Also try, as incumbents, the n points obtained by lowering one coordinate of the selected
  /// vertex onto the boundary of 𝒢 (n bisections per iteration). Leaves the bound untouched; speeds
  /// up convergence by orders of magnitude when the optimum lies on a face x_i = 0.
  bool coordinate_incumbents = true;
  /// Reduce each selected vertex to the smallest box that still holds every point of 𝒢 ∩ ℋ with
  /// f ≥ CBV (the "reduce" step of branch-reduce-and-bound, Björnson–Jorswieck 2013 §2.3); turns the
  /// 1/ε convergence at flat faces into a geometric one. 3n bisections per iteration.
  bool reduce_vertices = true;
  double reduction_tolerance = 1e-10;  ///< relative bisection tolerance of the reduction
  double bisection_tolerance = 1e-12;  ///< for in_normal projections
};

struct PolyblockResult {
  RVec x;                       ///< best feasible point found (empty if none)
  double value = 0.0;           ///< f(x) (CBV)
  double upper_bound = 0.0;     ///< last U
  Index iterations = 0;
  PolyblockStatus status = PolyblockStatus::infeasible;
  std::vector<double> lower_history, upper_history;  ///< if record_history
};

/// Runs POA. Returns status infeasible if b ∉ ℋ or the vertex set empties without a feasible point
/// (both prove 𝒢 ∩ ℋ = ∅), max_iterations when the budget ends first (x empty if no feasible point
/// was found: that proves nothing).
/// \throws InvalidArgument on an ill-formed problem.
[[nodiscard]] PolyblockResult polyblock_maximize(const PolyblockProblem& problem,
                                                 const PolyblockOptions& opts = {});

/// λ* for the simplex-type normal set {x ≥ 0 : wᵀx ≤ budget}: min(1, budget / wᵀz).
[[nodiscard]] double simplex_scale(const RVec& z, const RVec& weights, double budget);

}  // namespace irisac
