#include "irisac/comm/precoding.hpp"

#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <Eigen/QR>
#include <Eigen/SVD>

#include "irisac/core/error.hpp"

namespace irisac {
namespace {

CMat normalise_equal_power(CMat W, double power_w, const char* who) {
  const Index k = W.cols();
  for (Index c = 0; c < k; ++c) {
    const double nrm = W.col(c).norm();
    if (!(nrm > 0) || !std::isfinite(nrm))
      throw NumericalError(std::string(who) + "(): zero or undefined beam for user " + std::to_string(c));
    W.col(c) *= std::sqrt(power_w / static_cast<double>(k)) / nrm;
  }
  return W;
}

double sum_rate_of(const CMat& H, const RVec& noise_w, const CMat& W) {
  const CMat G = H.adjoint() * W;  // G(k,j) = c_k^H w_j
  double r = 0;
  for (Index k = 0; k < H.cols(); ++k) {
    const double tot = G.row(k).cwiseAbs2().sum();
    const double s = std::norm(G(k, k));
    r += std::log2(1.0 + s / (tot - s + noise_w(k)));
  }
  return r;
}

}  // namespace

CMat mrt_precoder(const CMat& H, double power_w) {
  IRISAC_REQUIRE(power_w > 0, "power_w must be > 0 (got ", power_w, ")");
  return normalise_equal_power(H, power_w, "mrt_precoder");
}

CMat zf_precoder(const CMat& H, double power_w) {
  IRISAC_REQUIRE(power_w > 0, "power_w must be > 0 (got ", power_w, ")");
  if (H.cols() > H.rows())
    throw NumericalError("zf_precoder(): zero forcing needs K ≤ M (got K = " + std::to_string(H.cols()) +
                         ", M = " + std::to_string(H.rows()) + ")");
  const CMat gram = H.adjoint() * H;
  Eigen::LDLT<CMat> ldlt(gram);
  const double scale = gram.diagonal().real().maxCoeff();
  const double dmin = ldlt.vectorD().real().minCoeff();
  if (ldlt.info() != Eigen::Success || !(dmin > 1e-13 * scale))
    throw NumericalError("zf_precoder(): effective channel matrix is rank deficient");
  return normalise_equal_power(H * ldlt.solve(CMat::Identity(H.cols(), H.cols())), power_w, "zf_precoder");
}

CMat mmse_precoder(const CMat& H, const RVec& noise_w, double power_w) {
  IRISAC_REQUIRE(power_w > 0, "power_w must be > 0 (got ", power_w, ")");
  IRISAC_REQUIRE(noise_w.size() == H.cols(), "noise_w needs K entries (got ", noise_w.size(), ")");
  const double reg = noise_w.sum() / power_w;
  CMat A = H * H.adjoint();
  A.diagonal().array() += reg;
  return normalise_equal_power(A.llt().solve(H), power_w, "mmse_precoder");
}

CMat wmmse_precoder(const CMat& H, const RVec& noise_w, double power_w, const CMat& W0, int max_iterations,
                    double tolerance) {
  IRISAC_REQUIRE(W0.rows() == H.rows() && W0.cols() == H.cols(), "W0 must be M×K");
  IRISAC_REQUIRE(noise_w.size() == H.cols(), "noise_w needs K entries (got ", noise_w.size(), ")");
  const Index m = H.rows(), k = H.cols();
  CMat W = W0;
  const double p0 = W.squaredNorm();
  if (p0 > power_w) W *= std::sqrt(power_w / p0);
  double best = sum_rate_of(H, noise_w, W);
  CMat best_w = W;
  for (int it = 0; it < max_iterations; ++it) {
    const CMat G = H.adjoint() * W;
    CVec u(k);
    RVec omega(k);
    for (Index a = 0; a < k; ++a) {
      const double tot = G.row(a).cwiseAbs2().sum() + noise_w(a);
      u(a) = G(a, a) / tot;
      const double s = std::norm(G(a, a));
      omega(a) = tot / (tot - s);  // 1/e = 1 + SINR
    }
    CMat A = CMat::Zero(m, m);
    for (Index a = 0; a < k; ++a) A.noalias() += (omega(a) * std::norm(u(a))) * H.col(a) * H.col(a).adjoint();
    CMat X(m, k);
    for (Index a = 0; a < k; ++a) X.col(a) = (omega(a) * u(a)) * H.col(a);
    Eigen::SelfAdjointEigenSolver<CMat> es(A);
    const RVec lam = es.eigenvalues().cwiseMax(0.0);
    const CMat Y = es.eigenvectors().adjoint() * X;
    const RVec rowp = Y.rowwise().squaredNorm();
    auto power_at = [&](double mu) {
      double s = 0;
      for (Index i = 0; i < m; ++i) s += rowp(i) / ((lam(i) + mu) * (lam(i) + mu));
      return s;
    };
    double mu = 0;
    const double lam_scale = std::max(lam.maxCoeff(), 1e-300);
    if (!(lam.minCoeff() > 1e-12 * lam_scale) || power_at(0.0) > power_w) {
      double lo = 0, hi = lam_scale;
      while (power_at(hi) > power_w) hi *= 2;
      for (int b = 0; b < 200 && hi - lo > 1e-15 * hi; ++b) {
        const double mid = 0.5 * (lo + hi);
        (power_at(mid) > power_w ? lo : hi) = mid;
      }
      mu = hi;
    }
    RVec inv = (lam.array() + mu).inverse();
    W = es.eigenvectors() * (inv.asDiagonal() * Y);
    const double r = sum_rate_of(H, noise_w, W);
    if (r > best) {
      const bool small = r - best <= tolerance * std::max(1.0, std::abs(best));
      best = r;
      best_w = W;
      if (small) break;
    } else {
      break;
    }
  }
  return best_w;
}

namespace {
// Fixed point started at λ = 0: the iterates increase monotonically to the minimum (standard
// interference function, Yates 1995), so once Σλ exceeds `cap` the minimum power exceeds it too.
// Returns false if the cap was hit.
bool power_min_core(const CMat& H, const RVec& noise_w, const RVec& sinr_min, int max_iterations, double tolerance,
                    double cap, PowerMinResult& res) {
  const Index m = H.rows(), k = H.cols();
  for (Index a = 0; a < k; ++a)
    if (!(H.col(a).squaredNorm() > 0))
      throw Infeasible("power_min_precoder(): user " + std::to_string(a) + " has a zero channel");
  // Scaled channels g_k = c_k/σ_k: unit noise (SINR unchanged).
  CMat Hs = H;
  for (Index a = 0; a < k; ++a) Hs.col(a) /= std::sqrt(noise_w(a));
  RVec lam = RVec::Zero(k);
  bool converged = false;
  Eigen::LLT<CMat> llt;
  for (int it = 0; it < max_iterations; ++it) {
    CMat A = CMat::Identity(m, m);
    for (Index a = 0; a < k; ++a) A.noalias() += lam(a) * Hs.col(a) * Hs.col(a).adjoint();
    llt.compute(A);
    const CMat S = llt.solve(Hs);
    RVec next(k);
    for (Index a = 0; a < k; ++a) {
      const double q = Hs.col(a).dot(S.col(a)).real();
      next(a) = 1.0 / ((1.0 + 1.0 / sinr_min(a)) * q);
    }
    res.iterations = it + 1;
    if (!next.allFinite() || next.sum() > cap) return false;
    const double change = (next - lam).cwiseAbs().maxCoeff() / next.maxCoeff();
    lam = next;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  if (!converged) {
    // With full column rank every target is feasible (Wu & Zhang Prop. 1): slow convergence, not infeasibility.
    Eigen::JacobiSVD<CMat> svd(Hs);
    const RVec sv = svd.singularValues();
    const bool full_rank = k <= m && sv(sv.size() - 1) > 1e-10 * sv(0);
    if (full_rank)
      throw NumericalError("power_min_precoder(): the uplink–downlink fixed point did not converge in " +
                           std::to_string(max_iterations) + " iterations (ill-conditioned channel)");
    throw Infeasible("power_min_precoder(): the SINR targets are infeasible (uplink–downlink fixed point "
                     "does not converge: no finite power meets them)");
  }
  CMat A = CMat::Identity(m, m);
  for (Index a = 0; a < k; ++a) A.noalias() += lam(a) * Hs.col(a) * Hs.col(a).adjoint();
  CMat D = Eigen::LLT<CMat>(A).solve(Hs);
  for (Index a = 0; a < k; ++a) D.col(a).normalize();
  // SINR_k = γ_k: |g_k^H d_k|² p_k/γ_k − Σ_{j≠k} |g_k^H d_j|² p_j = 1
  const RMat C = (Hs.adjoint() * D).cwiseAbs2();
  RMat sys = -C;
  for (Index a = 0; a < k; ++a) sys(a, a) = C(a, a) / sinr_min(a);
  const RVec pw = sys.fullPivLu().solve(RVec::Ones(k));
  if (!pw.allFinite() || pw.minCoeff() <= 0)
    throw Infeasible("power_min_precoder(): the SINR targets are infeasible (no positive power allocation)");
  res.W = D * pw.cwiseSqrt().asDiagonal();
  res.power_w = pw.sum();
  res.dual = lam;
  return true;
}
}  // namespace

PowerMinResult power_min_precoder(const CMat& H, const RVec& noise_w, const RVec& sinr_min, int max_iterations,
                                  double tolerance) {
  const Index k = H.cols();
  IRISAC_REQUIRE(noise_w.size() == k && sinr_min.size() == k, "noise_w and sinr_min need K entries");
  IRISAC_REQUIRE((sinr_min.array() > 0).all(), "SINR targets must be > 0");
  PowerMinResult res;
  if (!power_min_core(H, noise_w, sinr_min, max_iterations, tolerance, 1e300, res))
    throw Infeasible("power_min_precoder(): the SINR targets are infeasible (uplink–downlink fixed point "
                     "diverges: no finite power meets them)");
  return res;
}

namespace {
// Perron root and eigenvector (last entry normalised to 1) of a non-negative extended coupling matrix.
double perron(const RMat& L, RVec& vec) {
  Eigen::EigenSolver<RMat> es(L);
  Index best = 0;
  for (Index i = 1; i < L.rows(); ++i)
    if (es.eigenvalues()(i).real() > es.eigenvalues()(best).real()) best = i;
  const Eigen::VectorXcd ev = es.eigenvectors().col(best);
  const Complex last = ev(ev.size() - 1);
  vec = (ev / last).real();
  return es.eigenvalues()(best).real();
}
}  // namespace

MaxMinResult max_min_sinr_precoder(const CMat& H, const RVec& noise_w, double power_w, double relative_tolerance) {
  IRISAC_REQUIRE(power_w > 0, "power_w must be > 0 (got ", power_w, ")");
  IRISAC_REQUIRE(noise_w.size() == H.cols(), "noise_w needs K entries (got ", noise_w.size(), ")");
  const Index m = H.rows(), k = H.cols();
  CMat Hs = H;
  for (Index a = 0; a < k; ++a) {
    if (!(H.col(a).squaredNorm() > 0)) throw NumericalError("max_min_sinr_precoder(): a user has a zero channel");
    Hs.col(a) /= std::sqrt(noise_w(a));
  }
  // Schubert & Boche (IEEE TVT 53(1), 2004), SINR balancing with a sum-power constraint:
  // alternate MMSE receive beams u_k for uplink powers q and the Perron vector of the extended
  // uplink coupling matrix; the balanced level 1/λ increases monotonically. Downlink powers then
  // come from the extended downlink matrix with the same beams (uplink–downlink duality).
  RVec q = RVec::Constant(k, power_w / static_cast<double>(k));
  CMat U(m, k);
  RMat D = RMat::Zero(k, k), Psi(k, k);
  double lam_prev = std::numeric_limits<double>::infinity(), lam = 0;
  auto couple = [&]() {
    const CMat C = Hs.adjoint() * U;  // C(k,j) = g_k^H u_j
    Psi = C.cwiseAbs2();
    for (Index a = 0; a < k; ++a) {
      D(a, a) = 1.0 / Psi(a, a);
      Psi(a, a) = 0.0;
    }
  };
  auto extended = [&](const RMat& P) {
    RMat L(k + 1, k + 1);
    L.topLeftCorner(k, k) = D * P;
    L.topRightCorner(k, 1) = D * RVec::Ones(k);
    L.bottomLeftCorner(1, k) = RVec::Ones(k).transpose() * D * P / power_w;
    L(k, k) = D.diagonal().sum() / power_w;
    return L;
  };
  for (int it = 0; it < 500; ++it) {
    CMat A = CMat::Identity(m, m);
    for (Index a = 0; a < k; ++a) A.noalias() += q(a) * Hs.col(a) * Hs.col(a).adjoint();
    U = A.llt().solve(Hs);
    for (Index a = 0; a < k; ++a) U.col(a).normalize();
    couple();
    RVec ext;
    lam = perron(extended(Psi.transpose()), ext);
    q = ext.head(k).cwiseMax(0.0);
    if (std::abs(lam_prev - lam) <= relative_tolerance * lam) break;
    lam_prev = lam;
  }
  RVec ext;
  lam = perron(extended(Psi), ext);
  const RVec p = ext.head(k).cwiseMax(0.0);
  if (!(lam > 0) || !p.allFinite()) throw NumericalError("max_min_sinr_precoder(): SINR balancing failed");
  MaxMinResult res;
  res.W = U * (p * (power_w / p.sum())).cwiseSqrt().asDiagonal();
  res.min_sinr = 1.0 / lam;
  return res;
}

}  // namespace irisac
