#include "irisac/sensing/fisher.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "irisac/core/error.hpp"

namespace irisac {

RMat fisher_information(const CMat& jacobian, double noise_var) {
  IRISAC_REQUIRE(noise_var > 0.0, "noise_var must be > 0 (got ", noise_var, ")");
  return (2.0 / noise_var) * (jacobian.adjoint() * jacobian).real();
}

RMat fisher_information_from_covariance(const std::vector<CMat>& mean_derivatives, const CMat& tx_cov,
                                        Index num_snapshots) {
  IRISAC_REQUIRE(num_snapshots >= 1, "num_snapshots must be >= 1 (got ", num_snapshots, ")");
  const auto p = static_cast<Index>(mean_derivatives.size());
  IRISAC_REQUIRE(p >= 1, "need at least one parameter");
  std::vector<CMat> dr;
  dr.reserve(mean_derivatives.size());
  for (const auto& d : mean_derivatives) {
    IRISAC_REQUIRE(d.cols() == tx_cov.rows() && tx_cov.rows() == tx_cov.cols(), "derivative has ", d.cols(),
                   " columns, tx_cov is ", tx_cov.rows(), "x", tx_cov.cols());
    dr.push_back(d * tx_cov);
  }
  RMat j(p, p);
  const double scale = 2.0 * static_cast<double>(num_snapshots);
  for (Index a = 0; a < p; ++a)
    for (Index b = a; b < p; ++b) {
      // Re tr(D_aᴴ D_b R) = Re Σ conj(D_a) ∘ (D_b R)
      const auto& da = mean_derivatives[static_cast<std::size_t>(a)];
      const double v = scale * (da.conjugate().cwiseProduct(dr[static_cast<std::size_t>(b)])).sum().real();
      j(a, b) = v;
      j(b, a) = v;
    }
  return j;
}

FimDiagnostic diagnose_fim(const RMat& fim, double tolerance) {
  IRISAC_REQUIRE(fim.rows() == fim.cols() && fim.rows() >= 1, "fim must be square and non-empty (got ", fim.rows(),
                 "x", fim.cols(), ")");
  IRISAC_REQUIRE(fim.allFinite(), "fim contains NaN or infinity");
  FimDiagnostic d;
  const Index p = fim.rows();
  d.num_parameters = p;
  RVec scale(p);
  for (Index i = 0; i < p; ++i) {
    const double di = fim(i, i);
    if (!(di > 0.0)) {  // a parameter the data do not depend on at all
      d.unidentifiable.push_back(i);
      scale[i] = 0.0;
    } else {
      scale[i] = 1.0 / std::sqrt(di);
    }
  }
  if (!d.unidentifiable.empty()) {
    d.rank = p - static_cast<Index>(d.unidentifiable.size());
    d.condition_number = std::numeric_limits<double>::infinity();
    return d;
  }
  const RMat normalised = scale.asDiagonal() * ((fim + fim.transpose()) / 2.0) * scale.asDiagonal();
  Eigen::SelfAdjointEigenSolver<RMat> es(normalised);
  const RVec& ev = es.eigenvalues();  // ascending
  const double top = ev[p - 1];
  d.min_normalised_eigenvalue = ev[0] / top;
  d.rank = 0;
  for (Index i = 0; i < p; ++i)
    if (ev[i] > tolerance * top) ++d.rank;
  d.condition_number = ev[0] > 0.0 ? top / ev[0] : std::numeric_limits<double>::infinity();
  if (d.rank < p) {
    const RVec null = es.eigenvectors().col(0).cwiseAbs();
    const double m = null.maxCoeff();
    for (Index i = 0; i < p; ++i)
      if (null[i] >= 0.25 * m) d.unidentifiable.push_back(i);
  }
  return d;
}

RMat crb_from_fim(const RMat& fim, const std::vector<std::string>& parameter_names) {
  const FimDiagnostic d = diagnose_fim(fim);
  if (!d.identifiable()) {
    std::ostringstream os;
    os << "crb_from_fim(): Fisher information is singular (numerical rank " << d.rank << " of " << d.num_parameters
       << ", smallest normalised eigenvalue " << d.min_normalised_eigenvalue << " < " << fim_rank_tolerance
       << "): parameters not identifiable, involved: ";
    for (std::size_t i = 0; i < d.unidentifiable.size(); ++i) {
      const auto k = static_cast<std::size_t>(d.unidentifiable[i]);
      os << (i ? ", " : "");
      if (k < parameter_names.size())
        os << parameter_names[k];
      else
        os << '#' << k;
    }
    os << ". For an IRS echo this happens when the BS-IRS and IRS-BS channels are rank one (LoS): the echo "
          "B(theta) and its derivative are then proportional, so angle and reflection coefficient cannot be told "
          "apart; a high-rank BS-IRS channel, sensors at the IRS or a direct path restore identifiability";
    throw NumericalError(os.str());
  }
  const RMat sym = (fim + fim.transpose()) / 2.0;
  Eigen::LDLT<RMat> ldlt(sym);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive())
    throw NumericalError("crb_from_fim(): Fisher information is not positive definite");
  return ldlt.solve(RMat::Identity(fim.rows(), fim.cols()));
}

}  // namespace irisac
