#include "irisac/comm/problem.hpp"

#include <cmath>
#include <limits>

#include <Eigen/SVD>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/simd.hpp"

namespace irisac {

Index CommProblem::antennas() const { return bs_to_irs.empty() ? 0 : bs_to_irs.front().cols(); }

void validate(const CommProblem& p) {
  const Index n = p.elements(), k = p.users();
  IRISAC_REQUIRE(k >= 1, "the problem needs at least one user (got K = ", k, ")");
  IRISAC_REQUIRE(n >= 1, "the IRS needs at least one element (got N = ", n, ")");
  IRISAC_REQUIRE(!p.bs_to_irs.empty(), "the problem needs at least one base station");
  IRISAC_REQUIRE(p.bs_to_user.size() == p.bs_to_irs.size(),
                 "bs_to_user needs one matrix per BS (got ", p.bs_to_user.size(), " for ",
                 p.bs_to_irs.size(), " BSs)");
  const Index m = p.antennas();
  IRISAC_REQUIRE(m >= 1, "each BS needs at least one antenna (got M = ", m, ")");
  for (std::size_t b = 0; b < p.bs_to_irs.size(); ++b) {
    IRISAC_REQUIRE(p.bs_to_irs[b].rows() == n && p.bs_to_irs[b].cols() == m,
                   "bs_to_irs[", b, "] must be N×M = ", n, "×", m, " (got ", p.bs_to_irs[b].rows(),
                   "×", p.bs_to_irs[b].cols(), ")");
    IRISAC_REQUIRE(p.bs_to_user[b].rows() == m && p.bs_to_user[b].cols() == k,
                   "bs_to_user[", b, "] must be M×K = ", m, "×", k, " (got ", p.bs_to_user[b].rows(),
                   "×", p.bs_to_user[b].cols(), ")");
    IRISAC_REQUIRE(p.bs_to_irs[b].allFinite() && p.bs_to_user[b].allFinite(),
                   "channels of BS ", b, " must be finite");
  }
  IRISAC_REQUIRE(p.irs_to_user.allFinite(), "irs_to_user must be finite");
  IRISAC_REQUIRE(p.noise_w.size() == k, "noise_w needs one entry per user (got ", p.noise_w.size(),
                 " for K = ", k, ")");
  IRISAC_REQUIRE((p.noise_w.array() > 0.0).all() && p.noise_w.allFinite(),
                 "noise powers must be > 0 and finite (got min ", p.noise_w.minCoeff(), ")");
  IRISAC_REQUIRE(p.power_w > 0.0 && std::isfinite(p.power_w), "power_w must be > 0 (got ", p.power_w, ")");
  IRISAC_REQUIRE(p.serving.empty() || static_cast<Index>(p.serving.size()) == k,
                 "serving needs one BS index per user (got ", p.serving.size(), ")");
  for (Index s : p.serving)
    IRISAC_REQUIRE(s >= 0 && s < p.base_stations(), "serving BS index out of range (got ", s, ")");
  IRISAC_REQUIRE(p.sinr_min.size() == 0 || p.sinr_min.size() == k,
                 "sinr_min needs one target per user (got ", p.sinr_min.size(), ")");
  if (p.sinr_min.size() > 0)
    IRISAC_REQUIRE((p.sinr_min.array() > 0.0).all() && p.sinr_min.allFinite(),
                   "SINR targets must be > 0 and finite (got min ", p.sinr_min.minCoeff(), ")");
}

CommProblem single_cell_problem(const CMat& bs_to_irs, const CMat& irs_to_user, const CMat& bs_to_user,
                                const RVec& noise_w, double power_w) {
  CommProblem p;
  p.bs_to_irs = {bs_to_irs};
  p.irs_to_user = irs_to_user;
  p.bs_to_user = {bs_to_user};
  p.noise_w = noise_w;
  p.power_w = power_w;
  validate(p);
  return p;
}

CMat effective_channels(const CommProblem& p, const CVec& v, Index bs) {
  IRISAC_REQUIRE(v.size() == p.elements(), "v must have N = ", p.elements(), " entries (got ", v.size(), ")");
  IRISAC_REQUIRE(bs >= 0 && bs < p.base_stations(), "BS index out of range (got ", bs, ")");
  const auto b = static_cast<std::size_t>(bs);
  // c_k = G^H (v* ⊙ h_{r,k}) + h_{d,k}
  return p.bs_to_irs[b].adjoint() * (v.conjugate().asDiagonal() * p.irs_to_user) + p.bs_to_user[b];
}

namespace {
std::vector<CMat> all_effective(const CommProblem& p, const CVec& v) {
  std::vector<CMat> out;
  for (Index b = 0; b < p.base_stations(); ++b) out.push_back(effective_channels(p, v, b));
  return out;
}
}  // namespace

RVec sinr(const CommProblem& p, const CVec& v, const CMat& W) {
  const Index k_users = p.users();
  IRISAC_REQUIRE(W.rows() == p.antennas() && W.cols() == k_users,
                 "W must be M×K = ", p.antennas(), "×", k_users, " (got ", W.rows(), "×", W.cols(), ")");
  const auto H = all_effective(p, v);
  RVec out(k_users);
  for (Index k = 0; k < k_users; ++k) {
    double sig = 0, intf = 0;
    for (Index j = 0; j < k_users; ++j) {
      const auto& Hb = H[static_cast<std::size_t>(p.server(j))];
      const double g = std::norm(Hb.col(k).dot(W.col(j)));  // dot = c^H w
      (j == k ? sig : intf) += g;
    }
    out(k) = sig / (intf + p.noise_w(k));
  }
  return out;
}

RVec rates(const CommProblem& p, const CVec& v, const CMat& W) {
  return sinr(p, v, W).unaryExpr([](double s) { return std::log2(1.0 + s); });
}

RVec multicast_snr(const CommProblem& p, const CVec& v, const CVec& w) {
  IRISAC_REQUIRE(w.size() == p.antennas(), "w must have M entries (got ", w.size(), ")");
  const CMat H = effective_channels(p, v, 0);
  RVec out(p.users());
  for (Index k = 0; k < p.users(); ++k) out(k) = std::norm(H.col(k).dot(w)) / p.noise_w(k);
  return out;
}

RVec bs_power(const CommProblem& p, const CMat& W) {
  RVec out = RVec::Zero(p.base_stations());
  for (Index k = 0; k < W.cols(); ++k) out(p.server(k)) += W.col(k).squaredNorm();
  return out;
}

ChannelDiagnostics channel_diagnostics(const CMat& H) {
  IRISAC_REQUIRE(H.cols() >= 1 && H.rows() >= 1, "H must not be empty");
  ChannelDiagnostics d;
  const Index k = H.cols();
  double sum = 0;
  int pairs = 0;
  for (Index a = 0; a < k; ++a)
    for (Index b = a + 1; b < k; ++b) {
      const double den = H.col(a).norm() * H.col(b).norm();
      if (den <= 0) throw NumericalError("channel_diagnostics(): zero channel vector");
      const double c = std::abs(H.col(a).dot(H.col(b))) / den;
      d.max_correlation = std::max(d.max_correlation, c);
      sum += c;
      ++pairs;
    }
  d.mean_correlation = pairs > 0 ? sum / pairs : 0.0;
  Eigen::JacobiSVD<CMat> svd(H);
  const RVec s = svd.singularValues();
  const double total = s.sum();
  if (total <= 0) throw NumericalError("channel_diagnostics(): zero channel matrix");
  double ent = 0;
  for (Index i = 0; i < s.size(); ++i) {
    const double q = s(i) / total;
    if (q > 0) ent -= q * std::log(q);
  }
  d.effective_rank = std::exp(ent);
  const double smin = s(s.size() - 1);
  // rank deficient (σ_min at rounding level of σ_max): +inf rather than a meaningless 1e16
  d.condition_number = smin > 1e-13 * s(0) ? s(0) / smin : std::numeric_limits<double>::infinity();
  return d;
}

double unit_modulus_residual(const CVec& v) {
  double r = 0;
  for (Index n = 0; n < v.size(); ++n) r = std::max(r, std::abs(std::abs(v(n)) - 1.0));
  return r;
}

namespace {
// v_n = x_n/sqrt(re² + im²) where 1e-300 ≤ re² + im² ≤ 1e300 (branch-free, vectorises); returns
// whether some entry is outside that range (left for the exact scalar pass).
IRISAC_MULTIVERSION bool unit_modulus_kernel(double* vp, const double* xp, Index n) {
  int bad = 0;
#pragma omp simd reduction(| : bad)
  for (Index k = 0; k < n; ++k) {
    const double re = xp[2 * k], im = xp[2 * k + 1];
    const double m2 = re * re + im * im;
    const bool ok = m2 >= 1e-300 && m2 <= 1e300;
    const double inv = 1.0 / std::sqrt(ok ? m2 : 1.0);
    vp[2 * k] = re * inv;
    vp[2 * k + 1] = im * inv;
    bad |= ok ? 0 : 1;
  }
  return bad != 0;
}
}  // namespace

CVec project_unit_modulus(const CVec& x) {
  // x_n/|x_n| (std::abs/arg/polar per element cost ~20× more); 1 where x_n = 0.
  CVec v(x.size());
  if (unit_modulus_kernel(reinterpret_cast<double*>(v.data()), reinterpret_cast<const double*>(x.data()), x.size())) {
    for (Index n = 0; n < x.size(); ++n) {
      const double m2 = std::norm(x(n));
      if (m2 >= 1e-300 && m2 <= 1e300) continue;
      const double a = std::abs(x(n));  // tiny or huge: hypot keeps the precision
      v(n) = a > 0 ? x(n) / a : Complex(1.0, 0.0);
    }
  }
  return v;
}

}  // namespace irisac
