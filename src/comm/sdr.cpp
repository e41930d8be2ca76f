// Semidefinite relaxation on DSDP 5 (C library, Debian libdsdp-dev); src/comm/aircomp.cpp and
// src/isac/joint_sdp.cpp use DSDP too, all under dsdp_mutex() (DSDP keeps global state). The complex Hermitian SDP  max_V min_g tr(R_g V), V_ii = 1, V ⪰ 0  is solved on
// its real embedding X = [[Re V, −Im V], [Im V, Re V]] (2n×2n) in DSDP's dual form.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include <Eigen/Eigenvalues>

#include "irisac/comm/phase_methods.hpp"
#include "irisac/config.hpp"
#include "irisac/core/error.hpp"

#if IRISAC_HAVE_DSDP
extern "C" {
#include <dsdp/dsdp5.h>
}
#endif

namespace irisac {

bool sdr_available() noexcept { return IRISAC_HAVE_DSDP != 0; }

std::mutex& dsdp_mutex() noexcept {
  static std::mutex m;
  return m;
}

#if IRISAC_HAVE_DSDP
namespace {

RMat real_embedding(const CMat& R) {
  const Index n = R.rows();
  RMat E(2 * n, 2 * n);
  const CMat H = 0.5 * (R + R.adjoint());
  E.topLeftCorner(n, n) = H.real();
  E.topRightCorner(n, n) = -H.imag();
  E.bottomLeftCorner(n, n) = H.imag();
  E.bottomRightCorner(n, n) = H.real();
  return E;
}

std::vector<double> packed(const RMat& A, double alpha) {
  const Index m = A.rows();
  std::vector<double> out(static_cast<std::size_t>(m * (m + 1) / 2));
  for (Index i = 0; i < m; ++i)
    for (Index j = 0; j <= i; ++j) out[static_cast<std::size_t>(i * (i + 1) / 2 + j)] = alpha * A(i, j);
  return out;
}

struct DsdpHandle {
  DSDP p = nullptr;
  ~DsdpHandle() {
    if (p) DSDPDestroy(p);
  }
};

void check(int info, const char* what) {
  if (info != 0) throw NumericalError(std::string("solve_diagonal_sdp(): DSDP failed in ") + what);
}

}  // namespace

SdpSolution solve_diagonal_sdp(const std::vector<CMat>& R, double gap_tolerance) {
  const std::lock_guard<std::mutex> dsdp_lock(dsdp_mutex());  // before the DSDP handle: released after it
  IRISAC_REQUIRE(!R.empty(), "at least one matrix");
  const Index n = R.front().rows();
  for (const auto& r : R)
    IRISAC_REQUIRE(r.rows() == n && r.cols() == n && r.allFinite(), "R_g must be finite n×n");
  const Index groups = static_cast<Index>(R.size());
  const Index m2 = 2 * n;
  const int ny = static_cast<int>(n + groups - 1);  // y_0..y_{n−1}, μ_0..μ_{G−2}
  // Normalise the data (DSDP tolerances are absolute-ish): solve for R/s, rescale the value.
  double s = 0;
  for (const auto& r : R) s = std::max(s, r.cwiseAbs().maxCoeff());
  if (!(s > 0)) s = 1;
  std::vector<RMat> E;
  for (const auto& r : R) E.push_back(real_embedding(r / s));

  DsdpHandle h;
  check(DSDPCreate(ny, &h.p), "DSDPCreate");
  SDPCone sdp = nullptr;
  const int nblocks = groups > 1 ? static_cast<int>(1 + groups) : 1;  // main block + (G−1) μ ≥ 0 + Σμ ≤ 1
  check(DSDPCreateSDPCone(h.p, nblocks, &sdp), "DSDPCreateSDPCone");
  check(SDPConeSetBlockSize(sdp, 0, static_cast<int>(m2)), "SDPConeSetBlockSize");
  // Storage kept alive until DSDPDestroy (DSDP keeps pointers).
  std::vector<std::vector<double>> dense;
  std::vector<std::vector<int>> sidx;
  std::vector<std::vector<double>> sval;
  // C = −R̃_G ; the constraint reads Σ y_i D_i − R̃_G − Σ μ_g (R̃_g − R̃_G) ⪰ 0
  dense.push_back(packed(E.back(), -1.0));
  check(SDPConeSetADenseVecMat(sdp, 0, 0, static_cast<int>(m2), 1.0, dense.back().data(),
                               static_cast<int>(dense.back().size())),
        "C");
  for (Index i = 0; i < n; ++i) {
    sidx.push_back({static_cast<int>(i * (i + 1) / 2 + i), static_cast<int>((i + n) * (i + n + 1) / 2 + i + n)});
    sval.push_back({-1.0, -1.0});  // A_i = −D_i
    check(SDPConeSetASparseVecMat(sdp, 0, static_cast<int>(i + 1), static_cast<int>(m2), 1.0, 0, sidx.back().data(),
                                  sval.back().data(), 2),
          "A_i");
    check(DSDPSetDualObjective(h.p, static_cast<int>(i + 1), -1.0), "b_i");
  }
  for (Index g = 0; g + 1 < groups; ++g) {
    const int var = static_cast<int>(n + g + 1);
    dense.push_back(packed(E[static_cast<std::size_t>(g)] - E.back(), 1.0));
    check(SDPConeSetADenseVecMat(sdp, 0, var, static_cast<int>(m2), 1.0, dense.back().data(),
                                 static_cast<int>(dense.back().size())),
          "A_mu");
    check(DSDPSetDualObjective(h.p, var, 0.0), "b_mu");
  }
  if (groups > 1) {
    // blocks 1..G−1: 0 − (−1)·μ_g ≥ 0 ; block G: 1 − Σ μ_g ≥ 0
    static const int zero_index[1] = {0};
    static const double minus_one[1] = {-1.0};
    static const double plus_one[1] = {1.0};
    for (Index g = 0; g + 1 < groups; ++g) {
      const int blk = static_cast<int>(g + 1);
      check(SDPConeSetBlockSize(sdp, blk, 1), "block size");
      check(SDPConeSetASparseVecMat(sdp, blk, static_cast<int>(n + g + 1), 1, 1.0, 0, zero_index, minus_one, 1), "mu>=0");
    }
    const int last = static_cast<int>(groups);
    check(SDPConeSetBlockSize(sdp, last, 1), "block size");
    check(SDPConeSetASparseVecMat(sdp, last, 0, 1, 1.0, 0, zero_index, plus_one, 1), "sum c");
    for (Index g = 0; g + 1 < groups; ++g)
      check(SDPConeSetASparseVecMat(sdp, last, static_cast<int>(n + g + 1), 1, 1.0, 0, zero_index, plus_one, 1),
            "sum mu");
  }
  check(DSDPSetGapTolerance(h.p, gap_tolerance), "gap tolerance");
  check(DSDPSetMaxIts(h.p, 500), "max its");
  check(DSDPSetup(h.p), "DSDPSetup");
  check(DSDPSolve(h.p), "DSDPSolve");
  DSDPSolutionType type;
  check(DSDPGetSolutionType(h.p, &type), "solution type");
  if (type != DSDP_PDFEASIBLE) throw NumericalError("solve_diagonal_sdp(): DSDP did not find a feasible pair");
  check(DSDPComputeX(h.p), "DSDPComputeX");
  double dobj = 0;
  check(DSDPGetDObjective(h.p, &dobj), "objective");
  std::vector<double> y(static_cast<std::size_t>(ny));
  check(DSDPGetY(h.p, y.data(), ny), "DSDPGetY");
  double* x = nullptr;
  int nn = 0;
  check(SDPConeGetXArray(sdp, 0, &x, &nn), "SDPConeGetXArray");
  RMat X(m2, m2);
  for (Index i = 0; i < m2; ++i)
    for (Index j = 0; j <= i; ++j) X(i, j) = X(j, i) = x[static_cast<std::size_t>(i * (i + 1) / 2 + j)];
  int its = 0;
  DSDPGetIts(h.p, &its);

  SdpSolution sol;
  sol.V = (X.topLeftCorner(n, n) + X.bottomRightCorner(n, n)).cast<Complex>() +
          Complex(0, 1) * (X.bottomLeftCorner(n, n) - X.topRightCorner(n, n)).cast<Complex>();
  const double tr = sol.V.diagonal().real().mean();
  if (tr > 0) sol.V /= tr;
  sol.value = -dobj * s;
  sol.dual = Eigen::Map<RVec>(y.data(), ny) * s;
  sol.iterations = its;
  return sol;
}

#else

SdpSolution solve_diagonal_sdp(const std::vector<CMat>&, double) {
  throw InvalidArgument("solve_diagonal_sdp(): irisac was built without DSDP (install libdsdp-dev)");
}

#endif

namespace {

// Σ y_i + n·λ_max(Σ μ_g R_g − diag(y))⁺ : an upper bound on max_{|v_i|=1} min_g v^H R_g v for any y, μ ∈ simplex.
double certified_bound(const std::vector<CMat>& R, const RVec& y, const RVec& mu) {
  CMat A = CMat::Zero(R.front().rows(), R.front().cols());
  for (std::size_t g = 0; g < R.size(); ++g) A += mu(static_cast<Index>(g)) * R[g];
  A = 0.5 * (A + A.adjoint()).eval();
  A.diagonal() -= y.cast<Complex>();
  const double lmax = Eigen::SelfAdjointEigenSolver<CMat>(A, Eigen::EigenvaluesOnly).eigenvalues().maxCoeff();
  return y.sum() + static_cast<double>(A.rows()) * std::max(0.0, lmax);
}

}  // namespace

double quadratic_max_min_bound(const std::vector<CMat>& R, double gap_tolerance) {
  IRISAC_REQUIRE(!R.empty(), "at least one quadratic form");
  const Index n = R.front().rows();
  const Index groups = static_cast<Index>(R.size());
  for (const auto& r : R) IRISAC_REQUIRE(r.rows() == n && r.cols() == n && r.allFinite(), "R_g must be finite n×n");
  // Gershgorin certificate with uniform μ: diag(y) − A ⪰ 0 for y_i = Σ_j |A_ij|, so λ_max⁺ = 0.
  RVec mu = RVec::Constant(groups, 1.0 / static_cast<double>(groups));
  CMat A = CMat::Zero(n, n);
  for (Index g = 0; g < groups; ++g) A += mu(g) * R[static_cast<std::size_t>(g)];
  A = 0.5 * (A + A.adjoint()).eval();
  double bound = certified_bound(R, A.cwiseAbs().rowwise().sum(), mu);
  if (!sdr_available()) return bound;
  try {
    const SdpSolution sol = solve_diagonal_sdp(R, gap_tolerance);
    if (groups > 1) {
      for (Index g = 0; g + 1 < groups; ++g) mu(g) = std::max(0.0, sol.dual(n + g));
      const double ssum = mu.head(groups - 1).sum();
      if (ssum > 1) mu.head(groups - 1) /= ssum;
      mu(groups - 1) = std::max(0.0, 1.0 - mu.head(groups - 1).sum());
    } else {
      mu(0) = 1.0;
    }
    // the solver's dual value is not used on its own: the certificate adds the eigenvalue correction
    bound = std::min(bound, certified_bound(R, sol.dual.head(n), mu));
  } catch (const NumericalError&) {
    // solver trouble: keep the Gershgorin certificate (still a valid bound)
  }
  return bound;
}

SdrRun sdr_randomization(const TermObjective& f, Rng& rng, const SdrOptions& opt) {
  IRISAC_REQUIRE(f.is_quadratic(),
                 "SDR needs a quadratic objective (a weighted sum of received powers or a max–min of them)");
  IRISAC_REQUIRE(opt.randomizations >= 1, "randomizations must be ≥ 1 (got ", opt.randomizations, ")");
  const auto R = f.group_quadratic_forms();
  const Index n = R.front().rows();  // N + 1
  const Index N = n - 1;
  SdrRun out;
  const SdpSolution sol = solve_diagonal_sdp(R, opt.gap_tolerance);
  out.solver_iterations = sol.iterations;
  Eigen::SelfAdjointEigenSolver<CMat> es(0.5 * (sol.V + sol.V.adjoint()));
  const RVec lam = es.eigenvalues().cwiseMax(0.0);
  out.rank_one_ratio = lam.sum() > 0 ? lam(n - 1) / lam.sum() : 0.0;
  const CMat L = es.eigenvectors() * lam.cwiseSqrt().asDiagonal();
  auto to_v = [&](const CVec& xi) {
    CVec v(N);
    const Complex t = xi(N);
    for (Index i = 0; i < N; ++i) {
      const Complex q = std::abs(t) > 0 ? xi(i) / t : xi(i);
      v(i) = std::abs(q) > 0 ? q / std::abs(q) : Complex(1.0, 0.0);
    }
    return v;
  };
  PhaseRun& run = out.run;
  run.v = to_v(es.eigenvectors().col(n - 1));
  run.value = f.exact_value(run.v);
  run.history.push_back(run.value);
  CVec r(n);
  for (int l = 0; l < opt.randomizations; ++l) {
    for (Index i = 0; i < n; ++i) r(i) = rng.complex_normal(1.0);
    const CVec cand = to_v(L * r);
    const double val = f.exact_value(cand);
    if (val > run.value) {
      run.value = val;
      run.v = cand;
    }
    run.history.push_back(run.value);
  }
  run.iterations = opt.randomizations;
  run.converged = true;
  // Certified bounds: from the solver's duals, and from the KKT duals of a polished best point.
  const Index groups = static_cast<Index>(R.size());
  RVec mu = RVec::Zero(groups);
  if (groups == 1) {
    mu(0) = 1;
  } else {
    for (Index g = 0; g + 1 < groups; ++g) mu(g) = std::max(0.0, sol.dual(n + g));
    const double ssum = mu.sum();
    if (ssum > 1) mu /= ssum;
    mu(groups - 1) = std::max(0.0, 1.0 - mu.head(groups - 1).sum());
  }
  // Only certificates (valid for any y, μ): the solver's dual value alone is as good as its feasibility.
  double bound = certified_bound(R, sol.dual.head(n), mu);
  if (groups == 1) {
    const PhaseRun pol = element_wise_bcd(f, run.v, BcdOptions{500, 1e-15, 0});
    CVec vb(n);
    vb.head(N) = pol.v;
    vb(N) = 1.0;
    const CVec Rv = R.front() * vb;
    RVec y(n);
    for (Index i = 0; i < n; ++i) y(i) = (std::conj(vb(i)) * Rv(i)).real();
    bound = std::min(bound, certified_bound(R, y, mu));
  }
  out.bound = bound;
  return out;
}

}  // namespace irisac
