#include "irisac/isac/polyblock.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "irisac/core/error.hpp"

namespace irisac {

std::string to_string(PolyblockStatus s) {
  switch (s) {
    case PolyblockStatus::converged: return "converged";
    case PolyblockStatus::max_iterations: return "max_iterations";
    case PolyblockStatus::infeasible: return "infeasible";
  }
  return "unknown";
}

double simplex_scale(const RVec& z, const RVec& weights, double budget) {
  IRISAC_REQUIRE(z.size() == weights.size(), "z and weights differ in size (", z.size(), " vs ",
                 weights.size(), ")");
  const double s = weights.dot(z);
  if (s <= budget) return 1.0;
  return budget / s;
}

namespace {
struct Vertex {
  RVec z;
  double f;
};
struct ByValue {
  bool operator()(const Vertex& a, const Vertex& b) const { return a.f < b.f; }
};
bool dominated_by(const RVec& a, const RVec& b) {  // a ≤ b componentwise
  return (a.array() <= b.array()).all();
}
}  // namespace

PolyblockResult polyblock_maximize(const PolyblockProblem& pb, const PolyblockOptions& opts) {
  const Index n = pb.dimension;
  IRISAC_REQUIRE(n >= 1, "dimension must be >= 1 (got ", n, ")");
  IRISAC_REQUIRE(pb.upper_corner.size() == n, "upper_corner has ", pb.upper_corner.size(),
                 " entries, dimension is ", n);
  IRISAC_REQUIRE((pb.upper_corner.array() > 0.0).all(), "upper_corner must be > 0");
  IRISAC_REQUIRE(static_cast<bool>(pb.objective) && static_cast<bool>(pb.in_conormal),
                 "objective and in_conormal are required");
  IRISAC_REQUIRE(static_cast<bool>(pb.normal_scale) || static_cast<bool>(pb.in_normal),
                 "normal_scale or in_normal is required");
  IRISAC_REQUIRE(opts.abs_tolerance >= 0.0 && opts.rel_tolerance >= 0.0, "tolerances must be >= 0");
  IRISAC_REQUIRE(opts.abs_tolerance > 0.0 || opts.rel_tolerance > 0.0, "one tolerance must be > 0");
  IRISAC_REQUIRE(opts.max_iterations >= 1, "max_iterations must be >= 1 (got ", opts.max_iterations, ")");

  auto scale = [&](const RVec& z) -> double {
    if (pb.normal_scale) return std::clamp(pb.normal_scale(z), 0.0, 1.0);
    if (pb.in_normal(z)) return 1.0;
    double lo = 0.0, hi = 1.0;  // lo·z ∈ 𝒢 (0 ∈ 𝒢 for a non-empty normal set)
    while (hi - lo > opts.bisection_tolerance) {
      const double mid = 0.5 * (lo + hi);
      if (pb.in_normal(mid * z)) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  auto in_g = [&](const RVec& x) -> bool {
    if (pb.normal_scale) return pb.normal_scale(x) >= 1.0;
    return pb.in_normal(x);
  };

  PolyblockResult res;
  const double neg_inf = -std::numeric_limits<double>::infinity();
  double cbv = neg_inf;
  if (!pb.in_conormal(pb.upper_corner)) {
    res.status = PolyblockStatus::infeasible;
    return res;
  }
  for (const RVec& x0 : pb.initial_points) {
    IRISAC_REQUIRE(x0.size() == n, "initial point has ", x0.size(), " entries, dimension is ", n);
    if (!in_g(x0) || !pb.in_conormal(x0)) continue;
    const double f0 = pb.objective(x0);
    if (f0 > cbv) {
      cbv = f0;
      res.x = x0;
    }
  }
  auto tol = [&](double best) {
    return std::max(opts.abs_tolerance, opts.rel_tolerance * std::abs(best));
  };

  std::vector<Vertex> heap;
  heap.push_back({pb.upper_corner, pb.objective(pb.upper_corner)});
  double upper = heap.front().f;
  res.status = PolyblockStatus::max_iterations;

  while (true) {
    if (heap.empty()) {
      // Every remaining vertex was pruned: the incumbent is optimal within ε (or nothing is feasible).
      res.status = std::isfinite(cbv) ? PolyblockStatus::converged : PolyblockStatus::infeasible;
      if (std::isfinite(cbv)) upper = std::min(upper, cbv + tol(cbv));
      break;
    }
    if (res.iterations >= opts.max_iterations) {
      res.status = PolyblockStatus::max_iterations;  // x stays empty if nothing feasible was found
      break;
    }
    std::pop_heap(heap.begin(), heap.end(), ByValue{});
    Vertex v = std::move(heap.back());
    heap.pop_back();
    if (opts.reduce_vertices && std::isfinite(cbv)) {
      // Box reduction (as in branch-reduce-and-bound): every x ≤ z of 𝒢 ∩ ℋ with f(x) ≥ CBV lies in
      // [ℓ, z'], ℓ_i = min{t : (z₋ᵢ, t) ∈ ℋ and f(z₋ᵢ, t) ≥ CBV}, z'_i = max{t ≤ z_i : (ℓ₋ᵢ, t) ∈ 𝒢}.
      RVec lo_corner = RVec::Zero(n);
      for (Index i = 0; i < n; ++i) {
        RVec y = v.z;
        auto ok = [&](double t) {
          y[i] = t;
          return pb.in_conormal(y) && pb.objective(y) >= cbv;
        };
        if (ok(0.0)) continue;
        double lo = 0.0, hi = v.z[i];
        while (hi - lo > opts.reduction_tolerance * std::max(1.0, v.z[i])) {
          const double mid = 0.5 * (lo + hi);
          (ok(mid) ? hi : lo) = mid;
        }
        lo_corner[i] = lo;  // safe side: ≤ the true minimum
      }
      if (!in_g(lo_corner)) continue;  // nothing useful below z
      RVec zr = v.z;
      for (Index i = 0; i < n; ++i) {
        RVec y = lo_corner;
        y[i] = v.z[i];
        if (in_g(y)) continue;
        double lo = lo_corner[i], hi = v.z[i];
        while (hi - lo > opts.reduction_tolerance * std::max(1.0, v.z[i])) {
          const double mid = 0.5 * (lo + hi);
          y[i] = mid;
          (in_g(y) ? lo : hi) = mid;
        }
        zr[i] = hi;  // safe side: ≥ the true maximum
      }
      if ((zr.array() < v.z.array()).any()) {
        const double fr = pb.objective(zr);
        if (fr <= cbv + tol(cbv)) {  // the reduced box cannot improve the incumbent
          if (heap.empty()) upper = std::min(upper, cbv + tol(cbv));
          continue;
        }
        if (fr < v.f - 0.1 * tol(cbv)) {  // bound dropped: re-queue in its new place
          heap.push_back({std::move(zr), fr});
          std::push_heap(heap.begin(), heap.end(), ByValue{});
          continue;
        }
        v.z = std::move(zr);
        v.f = fr;
      }
    }
    // U: the largest vertex value, or CBV + ε for what was pruned against the incumbent.
    upper = std::min(upper, std::isfinite(cbv) ? std::max(v.f, cbv + tol(cbv)) : v.f);
    ++res.iterations;
    if (opts.record_history) {
      res.lower_history.push_back(cbv);
      res.upper_history.push_back(upper);
    }
    if (std::isfinite(cbv) && upper - cbv <= tol(cbv)) {
      res.status = PolyblockStatus::converged;
      break;
    }
    const double lambda = scale(v.z);
    const RVec proj = lambda * v.z;
    if (pb.in_conormal(proj)) {
      const double fp = pb.objective(proj);
      if (fp > cbv) {
        cbv = fp;
        res.x = proj;
      }
    }
    if (opts.coordinate_incumbents) {
      // Extra feasible candidates: lower one coordinate of z alone onto the boundary of 𝒢. Any
      // point of 𝒢 ∩ ℋ is a valid incumbent; this finds optima on faces where f is flat in one
      // coordinate (e.g. τ_s = 0) long before the radial projections get there.
      for (Index i = 0; i < n && lambda < 1.0; ++i) {
        RVec y = v.z;
        y[i] = 0.0;
        if (!in_g(y)) continue;
        double lo = 0.0, hi = v.z[i];
        while (hi - lo > opts.bisection_tolerance * std::max(1.0, v.z[i])) {
          const double mid = 0.5 * (lo + hi);
          y[i] = mid;
          if (in_g(y)) lo = mid;
          else hi = mid;
        }
        y[i] = lo;
        if (!pb.in_conormal(y)) continue;
        const double fy = pb.objective(y);
        if (fy > cbv) {
          cbv = fy;
          res.x = y;
        }
      }
    }
    if (lambda >= 1.0) continue;  // z ∈ 𝒢: nothing of the polyblock above it to cut away
    for (Index i = 0; i < n; ++i) {
      RVec zi = v.z;
      zi[i] = proj[i];
      if (!pb.in_conormal(zi)) continue;
      const double fi = pb.objective(zi);
      if (std::isfinite(cbv) && fi <= cbv + tol(cbv)) continue;
      if (opts.remove_improper && static_cast<Index>(heap.size()) <= opts.max_improper_scan) {
        bool improper = false;
        for (const auto& w : heap)
          if (dominated_by(zi, w.z)) {
            improper = true;
            break;
          }
        if (improper) continue;
        const auto old_size = heap.size();
        std::erase_if(heap, [&](const Vertex& w) { return dominated_by(w.z, zi); });
        if (heap.size() != old_size) std::make_heap(heap.begin(), heap.end(), ByValue{});
      }
      heap.push_back({std::move(zi), fi});
      std::push_heap(heap.begin(), heap.end(), ByValue{});
    }
  }
  res.value = std::isfinite(cbv) ? cbv : 0.0;
  res.upper_bound = upper;
  return res;
}

}  // namespace irisac
