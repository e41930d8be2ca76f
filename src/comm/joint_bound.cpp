#include "irisac/comm/joint_bound.hpp"

#include <algorithm>
#include <limits>

#include "irisac/comm/phase_methods.hpp"
#include "irisac/comm/phase_objective.hpp"
#include "irisac/core/error.hpp"

namespace irisac {

bool has_joint_bound(CommObjective o) noexcept {
  return o == CommObjective::snr || o == CommObjective::multicast || o == CommObjective::max_min_sinr ||
         o == CommObjective::intercell;
}

CMat gain_form(const CommProblem& p, Index user, Index bs) {
  const CMat& G = p.bs_to_irs[static_cast<std::size_t>(bs)];
  const Index N = p.elements(), M = p.antennas();
  CMat B(N + 1, M);
  // conj(c_{k,m}) = Σ_n G_nm h_{r,k,n}^* v_n + h_{d,k,m}^*: one term |β_m^H v̄|² per antenna
  for (Index m = 0; m < M; ++m)
    B.col(m) = term_column(p.irs_to_user.col(user).conjugate().cwiseProduct(G.col(m)),
                           std::conj(p.bs_to_user[static_cast<std::size_t>(bs)](m, user)));
  return B * B.adjoint();
}

std::optional<double> joint_upper_bound(const CommProblem& p, CommObjective o, const CVec& v_hint) {
  if (!has_joint_bound(o)) return std::nullopt;
  validate(p);
  IRISAC_REQUIRE(v_hint.size() == 0 || v_hint.size() == p.elements(), "v_hint must have N = ", p.elements(),
                 " entries (got ", v_hint.size(), ")");
  const Index K = p.users(), B = p.base_stations();
  const double P = p.power_w;
  // R_k = (1/σ_k²) R_{k,s(k)}: ‖c_{k,s(k)}‖²/σ_k² = v̄^H R_k v̄
  std::vector<CMat> R;
  for (Index k = 0; k < K; ++k) R.push_back(gain_form(p, k, p.server(k)) / p.noise_w(k));
  switch (o) {
    case CommObjective::snr:
      IRISAC_REQUIRE(K == 1 && B == 1, "snr bound: one user and one BS");
      return P * quadratic_max_min_bound({R[0]});
    case CommObjective::multicast:
      IRISAC_REQUIRE(B == 1, "multicast bound: one BS");
      return P * quadratic_max_min_bound(R);
    case CommObjective::max_min_sinr: {
      // single-user bounds: SINR_k ≤ P‖c_k‖²/σ_k² for every k
      double best = P * quadratic_max_min_bound(R);
      CVec vb(p.elements() + 1);
      if (v_hint.size()) vb << v_hint, 1.0;
      for (Index b = 0; b < B; ++b) {
        std::vector<Index> cell;
        for (Index k = 0; k < K; ++k)
          if (p.server(k) == b) cell.push_back(k);
        if (cell.size() < 2) continue;  // one user: the single-user bound above
        // weights s ∈ Δ: uniform, and s_k ∝ 1/a_k(v_hint)
        std::vector<RVec> weights{RVec::Constant(static_cast<Index>(cell.size()), 1.0 / static_cast<double>(cell.size()))};
        if (v_hint.size()) {
          RVec s(static_cast<Index>(cell.size()));
          bool ok = true;
          for (std::size_t i = 0; i < cell.size(); ++i) {
            const double a = (vb.adjoint() * R[static_cast<std::size_t>(cell[i])] * vb)(0, 0).real();
            ok = ok && a > 0;
            s(static_cast<Index>(i)) = a > 0 ? 1.0 / a : 0.0;
          }
          if (ok) weights.push_back(s / s.sum());
        }
        for (const RVec& s : weights) {
          CMat A = CMat::Zero(R[0].rows(), R[0].cols());
          for (std::size_t i = 0; i < cell.size(); ++i)
            A += (s(static_cast<Index>(i)) * s(static_cast<Index>(i))) * R[static_cast<std::size_t>(cell[i])];
          best = std::min(best, P * quadratic_max_min_bound({A}));
        }
      }
      return best;
    }
    case CommObjective::intercell: {
      // leakage ≥ 0 is dropped; per cell Σ_{k∈b} a_k p_k ≤ P max_{k∈b} a_k (Σ_{k∈b} p_k ≤ P)
      std::vector<double> per_user(static_cast<std::size_t>(K));
      for (Index k = 0; k < K; ++k) per_user[static_cast<std::size_t>(k)] = quadratic_max_min_bound({R[static_cast<std::size_t>(k)]});
      double by_cell = 0;
      for (Index b = 0; b < B; ++b) {
        double m = 0;
        for (Index k = 0; k < K; ++k)
          if (p.server(k) == b) m = std::max(m, per_user[static_cast<std::size_t>(k)]);
        by_cell += P * m;
      }
      CMat S = CMat::Zero(R[0].rows(), R[0].cols());
      for (const auto& r : R) S += r;
      return std::min(by_cell, P * quadratic_max_min_bound({S}));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace irisac
