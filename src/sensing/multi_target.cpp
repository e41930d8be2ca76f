#include "irisac/sensing/multi_target.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "irisac/core/error.hpp"
#include "irisac/sensing/design.hpp"

namespace irisac {

double multi_target_gain(const CMat& g, const CVec& a, const CVec& v, const CMat& r) {
  IRISAC_REQUIRE(a.size() == g.rows() && v.size() == g.rows() && r.rows() == g.cols() && r.cols() == g.cols(),
                 "sizes G ", g.rows(), "x", g.cols(), ", a ", a.size(), ", v ", v.size(), ", R ",
                 r.rows(), "x", r.cols());
  const CVec h = g.transpose() * v.cwiseProduct(a);  // h_k (M)
  return (h.transpose() * r * h.conjugate())(0, 0).real();
}

BeamAndPhases time_division_design(const CMat& g, const CVec& a, double power, int iterations) {
  IRISAC_REQUIRE(power > 0.0 && a.size() == g.rows(), "power ", power, ", a ", a.size(),
                 ", G ", g.rows(), "x", g.cols());
  // Start from the dominant right singular vector of G (the best beam into the surface).
  Eigen::JacobiSVD<CMat> svd(g, Eigen::ComputeThinV);
  BeamAndPhases d;
  d.w = std::sqrt(power) * svd.matrixV().col(0);
  d.v.resize(g.rows());
  for (int it = 0; it < iterations; ++it) {
    const CVec gw = g * d.w;
    for (Index n = 0; n < g.rows(); ++n) d.v[n] = std::polar(1.0, -std::arg(a[n] * gw[n]));
    const CVec h = g.transpose() * d.v.cwiseProduct(a);
    const double hn = h.norm();
    if (!(hn > 0.0)) break;
    d.w = std::sqrt(power) * h.conjugate() / hn;
  }
  const Complex s = (d.v.cwiseProduct(a)).transpose() * g * d.w;
  d.gain = std::norm(s);
  return d;
}

Index bs_irs_rank(const CMat& g, double tol) {
  const RVec s = Eigen::JacobiSVD<CMat>(g).singularValues();
  if (s.size() == 0 || !(s[0] > 0.0)) return 0;
  Index r = 0;
  for (Index i = 0; i < s.size(); ++i) r += s[i] > tol * s[0] ? 1 : 0;
  return r;
}

SignatureDesign signature_sequence_design(const CMat& g, const CMat& steering, const CVec& v, double power) {
  IRISAC_REQUIRE(power > 0.0 && steering.cols() == g.rows() && v.size() == g.rows() && steering.rows() >= 1,
                 "power ", power, ", steering ", steering.rows(), "x", steering.cols(),
                 ", G ", g.rows(), "x", g.cols(), ", v ", v.size());
  const Index k = steering.rows();
  const CMat h = steering * v.asDiagonal() * g;  // K × M, row k = h_kᵀ
  SignatureDesign d;
  d.rank = bs_irs_rank(h, 1e-9);
  if (d.rank < k) {
    d.diagnostic = "signature sequences cannot be separated: the K x M matrix of illumination vectors has rank " +
                   std::to_string(d.rank) + " < K = " + std::to_string(k) +
                   " (rank of the BS-IRS link " + std::to_string(bs_irs_rank(g)) +
                   "); through a rank-one BS-IRS link every beam gives the targets the same gain ratio, so use "
                   "time division, hybrid groups or a BS-IRS link of rank >= K";
    return d;
  }
  const CMat gram = h * h.adjoint();
  const CMat ginv = gram.inverse();
  const double tr = ginv.trace().real();
  d.gain = power / tr;
  d.beams = std::sqrt(d.gain) * h.adjoint() * ginv;  // H W = √gain·I, Σ‖w_k‖² = gain·tr(G⁻¹) = P
  d.separable = true;
  return d;
}

CVec max_min_common_phase(const CMat& c) {
  IRISAC_REQUIRE(c.rows() >= 1 && c.cols() >= 1, "empty cascade matrix");
  const Index k = c.rows(), n = c.cols();
  const double scale = std::max(c.cwiseAbs2().rowwise().sum().maxCoeff() * static_cast<double>(n), 1e-300);
  auto true_min = [&](const CVec& v) { return (c * v).cwiseAbs2().minCoeff(); };
  std::vector<CVec> starts;
  auto aligned = [&](const CVec& row) {
    CVec v(n);
    for (Index e = 0; e < n; ++e) v[e] = std::polar(1.0, -std::arg(row[e]));
    return v;
  };
  starts.push_back(aligned(c.colwise().sum().transpose()));
  for (Index i = 0; i < k; ++i) starts.push_back(aligned(c.row(i).transpose()));
  CVec best = starts.front();
  double best_min = true_min(best);
  for (const CVec& v0 : starts) {
    CVec v = v0;
    for (double mu : {5.0, 20.0, 100.0, 500.0}) {
      CircleObjective f;
      f.value = [&c, mu, scale](const CVec& x) {
        const RVec gk = (c * x).cwiseAbs2() / scale;
        const double m = gk.minCoeff();
        return m - std::log((-mu * (gk.array() - m)).exp().sum()) / mu;  // −softmin... see egrad
      };
      f.egrad = [&c, mu, scale](const CVec& x) {
        const CVec y = c * x;
        const RVec gk = y.cwiseAbs2() / scale;
        const double m = gk.minCoeff();
        RVec w = (-mu * (gk.array() - m)).exp();
        w /= w.sum();
        // value = softmin(g) (to be maximised) → minimise −value; egrad of −value.
        CVec e = CVec::Zero(x.size());
        for (Index i = 0; i < y.size(); ++i) e -= (2.0 * w[i] / scale) * y[i] * c.row(i).adjoint();
        return e;
      };
      CircleObjective neg;
      neg.value = [f](const CVec& x) { return -f.value(x); };
      neg.egrad = f.egrad;
      CircleOptions opt;
      opt.max_iterations = 200;
      v = minimize_on_circle(neg, v, opt).v;
      const double m = true_min(v);
      if (m > best_min) best_min = m, best = v;
    }
  }
  return best;
}

HybridDesign hybrid_group_design(const CMat& g, const CMat& steering, Index num_groups, double power) {
  const Index k = steering.rows(), n = g.rows();
  IRISAC_REQUIRE(num_groups >= 1 && num_groups <= k, "num_groups must be in [1, K = ", k,
                 "] (got ", num_groups, ")");
  IRISAC_REQUIRE(power > 0.0 && steering.cols() == n, "power ", power, ", steering ",
                 steering.rows(), "x", steering.cols(), ", G ", n, "x", g.cols());
  HybridDesign h;
  h.groups.assign(static_cast<std::size_t>(num_groups), {});
  for (Index t = 0; t < k; ++t) h.groups[static_cast<std::size_t>(t % num_groups)].push_back(t);
  h.gains.assign(static_cast<std::size_t>(k), 0.0);
  h.sensing_frequency = 1.0 / static_cast<double>(num_groups);
  Eigen::JacobiSVD<CMat> svd(g, Eigen::ComputeThinV);
  for (const auto& grp : h.groups) {
    BeamAndPhases d;
    if (grp.size() == 1) {
      d = time_division_design(g, steering.row(grp[0]).transpose(), power);
    } else {
      d.w = std::sqrt(power) * svd.matrixV().col(0);
      for (int round = 0; round < 5; ++round) {
        const CVec gw = g * d.w;
        CMat casc(static_cast<Index>(grp.size()), n);
        for (std::size_t q = 0; q < grp.size(); ++q) casc.row(static_cast<Index>(q)) = steering.row(grp[q]).cwiseProduct(gw.transpose());
        d.v = max_min_common_phase(casc);
        CMat s = CMat::Zero(g.cols(), g.cols());
        for (Index t : grp) {
          const CVec hk = g.transpose() * d.v.cwiseProduct(steering.row(t).transpose());
          s += hk.conjugate() * hk.transpose();
        }
        Eigen::SelfAdjointEigenSolver<CMat> es(s);
        d.w = std::sqrt(power) * es.eigenvectors().col(s.rows() - 1);
      }
    }
    double m = std::numeric_limits<double>::infinity();
    for (Index t : grp) {
      const Complex s = (d.v.cwiseProduct(steering.row(t).transpose())).transpose() * g * d.w;
      h.gains[static_cast<std::size_t>(t)] = std::norm(s);
      m = std::min(m, std::norm(s));
    }
    d.gain = m;
    h.designs.push_back(d);
  }
  h.min_gain = *std::min_element(h.gains.begin(), h.gains.end());
  return h;
}

}  // namespace irisac
