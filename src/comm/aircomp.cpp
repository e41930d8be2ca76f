// Over-the-air computation through an IRS: closed-form and SDR receive beams (with certified
// lower bounds) and the alternating m-step / v-step design. docs/aircomp.md.
#include "irisac/comm/aircomp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include <Eigen/Eigenvalues>

#include "irisac/comm/phase_methods.hpp"
#include "irisac/comm/phase_objective.hpp"
#include "irisac/config.hpp"
#include "irisac/core/error.hpp"

#if IRISAC_HAVE_DSDP
extern "C" {
#include <dsdp/dsdp5.h>
}
#endif

namespace irisac {

void validate(const AirCompProblem& p) {
  const Index na = p.direct.rows(), k = p.direct.cols(), n = p.sensor_to_irs.rows();
  IRISAC_REQUIRE(na >= 1, "direct: at least one AP antenna (got ", na, " rows)");
  IRISAC_REQUIRE(k >= 1, "direct: at least one sensor (got ", k, " columns)");
  IRISAC_REQUIRE(p.sensor_to_irs.cols() == k, "sensor_to_irs: ", k, " columns expected, got ", p.sensor_to_irs.cols());
  IRISAC_REQUIRE(p.irs_to_ap.rows() == na && p.irs_to_ap.cols() == n, "irs_to_ap: ", na, "×", n, " expected, got ",
                 p.irs_to_ap.rows(), "×", p.irs_to_ap.cols());
  IRISAC_REQUIRE(p.direct.allFinite() && p.irs_to_ap.allFinite() && p.sensor_to_irs.allFinite(),
                 "channels must be finite");
  IRISAC_REQUIRE(std::isfinite(p.noise_w) && p.noise_w > 0, "noise_w must be > 0 (got ", p.noise_w, ")");
  IRISAC_REQUIRE(std::isfinite(p.power_w) && p.power_w > 0, "power_w must be > 0 (got ", p.power_w, ")");
}

CMat aircomp_channels(const AirCompProblem& p, const CVec& v) {
  IRISAC_REQUIRE(v.size() == p.elements(), "v: ", p.elements(), " elements expected, got ", v.size());
  CMat H = p.direct;
  if (p.elements() > 0) H += p.irs_to_ap * (v.asDiagonal() * p.sensor_to_irs);
  return H;
}

double aircomp_k1_value(const CVec& h) {
  const double g = h.squaredNorm();
  IRISAC_REQUIRE(g > 0 && std::isfinite(g), "h must be non-zero and finite");
  return 1.0 / g;
}

double aircomp_k2_value(const CVec& h1, const CVec& h2) {
  IRISAC_REQUIRE(h1.size() == h2.size(), "h1 and h2 must have the same size");
  const double g11 = h1.squaredNorm(), g22 = h2.squaredNorm();
  IRISAC_REQUIRE(g11 > 0 && g22 > 0 && std::isfinite(g11) && std::isfinite(g22), "h1, h2 must be non-zero, finite");
  const double a12 = std::abs(h1.dot(h2));
  // Single-constraint solutions m = h_i/‖h_i‖²: feasible for the other iff |h_j^H h_i| ≥ ‖h_i‖².
  double best = std::numeric_limits<double>::infinity();
  if (a12 >= g11) best = std::min(best, 1.0 / g11);
  if (a12 >= g22) best = std::min(best, 1.0 / g22);
  if (std::isfinite(best)) return best;
  const double det = g11 * g22 - a12 * a12;  // > 0 here: a12 < min(g11, g22) ≤ √(g11 g22)
  return (g11 + g22 - 2.0 * a12) / det;
}

namespace {

// Beam m = H (H^H H)^{-1} c with c = (1, e^{jφ}) for K = 2, both constraints active, or h_i/‖h_i‖².
CVec aircomp_k2_beam(const CVec& h1, const CVec& h2) {
  const double g11 = h1.squaredNorm(), g22 = h2.squaredNorm();
  const Complex g12 = h1.dot(h2);  // h1^H h2
  const double a12 = std::abs(g12);
  // Feasible single-constraint solutions; the one with the larger ‖h_i‖² has the smaller norm.
  const bool one = a12 >= g11, two = a12 >= g22;
  if (one && (!two || g11 >= g22)) return h1 / g11;
  if (two) return h2 / g22;
  // h_k^H m = c_k; the optimal relative phase maximises Re(g12 e^{jφ}): e^{jφ} = g12^*/|g12|.
  const Complex e = a12 > 0 ? std::conj(g12) / a12 : Complex(1.0, 0.0);
  CMat H(h1.size(), 2);
  H.col(0) = h1;
  H.col(1) = h2;
  CMat g(2, 2);
  g << g11, g12, std::conj(g12), g22;
  CVec c(2);
  c << 1.0, e;
  return H * g.ldlt().solve(c);
}

double aircomp_min_gain(const CMat& H, const CVec& m) { return (H.adjoint() * m).cwiseAbs2().minCoeff(); }

// Rescales m to min_k |m^H h_k|² = 1.
CVec aircomp_rescale(const CMat& H, const CVec& m) {
  const double t = aircomp_min_gain(H, m);
  if (!(t > 0) || !std::isfinite(t)) throw NumericalError("aircomp: receive beam orthogonal to a sensor channel");
  return m / std::sqrt(t);
}

// Σμ_k / λ_max(Σ μ_k h_k h_k^H): a lower bound on p* for any μ ≥ 0 (weak duality).
double aircomp_dual_bound(const CMat& H, const RVec& mu) {
  const RVec m = mu.cwiseMax(0.0);
  if (!(m.sum() > 0)) return 0.0;
  const CMat A = H * m.cast<Complex>().asDiagonal() * H.adjoint();
  const double lmax = Eigen::SelfAdjointEigenSolver<CMat>(0.5 * (A + A.adjoint()), Eigen::EigenvaluesOnly)
                          .eigenvalues()
                          .maxCoeff();
  return lmax > 0 ? m.sum() / lmax : 0.0;
}

#if IRISAC_HAVE_DSDP
struct AirCompDsdp {
  DSDP p = nullptr;
  ~AirCompDsdp() {
    if (p) DSDPDestroy(p);
  }
};

void aircomp_check(int info, const char* what) {
  if (info != 0) throw NumericalError(std::string("aircomp SDR: DSDP failed in ") + what);
}

// Dual SDP max Σμ_k s.t. I − Σ μ_k h_k h_k^H ⪰ 0, μ ≥ 0 on the real embedding (DSDP's form
// C − Σ y_i A_i ⪰ 0); its primal is min tr(X) s.t. h_k^H X h_k ≥ 1. Returns μ and X.
void aircomp_sdr(const CMat& H, RVec& mu, CMat& X) {
  // DSDP keeps global state (its event log): the project's one DSDP lock (comm/phase_methods.hpp).
  const std::lock_guard<std::mutex> lock(dsdp_mutex());
  const Index na = H.rows(), k = H.cols(), m2 = 2 * na;
  const double s = H.colwise().squaredNorm().maxCoeff();
  const CMat Hs = H / std::sqrt(s);
  AirCompDsdp h;
  aircomp_check(DSDPCreate(static_cast<int>(k), &h.p), "DSDPCreate");
  SDPCone sdp = nullptr;
  aircomp_check(DSDPCreateSDPCone(h.p, static_cast<int>(k + 1), &sdp), "DSDPCreateSDPCone");
  aircomp_check(SDPConeSetBlockSize(sdp, 0, static_cast<int>(m2)), "block size");
  std::vector<std::vector<double>> dense;
  std::vector<int> diag_idx(static_cast<std::size_t>(m2));
  std::vector<double> ones(static_cast<std::size_t>(m2), 1.0);
  for (Index i = 0; i < m2; ++i) diag_idx[static_cast<std::size_t>(i)] = static_cast<int>(i * (i + 1) / 2 + i);
  aircomp_check(SDPConeSetASparseVecMat(sdp, 0, 0, static_cast<int>(m2), 1.0, 0, diag_idx.data(), ones.data(),
                                        static_cast<int>(m2)),
                "C = I");
  static const int zero_index[1] = {0};
  static const double minus_one[1] = {-1.0};
  for (Index j = 0; j < k; ++j) {
    const CMat A = Hs.col(j) * Hs.col(j).adjoint();
    RMat E(m2, m2);
    E.topLeftCorner(na, na) = A.real();
    E.topRightCorner(na, na) = -A.imag();
    E.bottomLeftCorner(na, na) = A.imag();
    E.bottomRightCorner(na, na) = A.real();
    std::vector<double> pk(static_cast<std::size_t>(m2 * (m2 + 1) / 2));
    for (Index r = 0; r < m2; ++r)
      for (Index c = 0; c <= r; ++c) pk[static_cast<std::size_t>(r * (r + 1) / 2 + c)] = E(r, c);
    dense.push_back(std::move(pk));
    const int var = static_cast<int>(j + 1);
    aircomp_check(SDPConeSetADenseVecMat(sdp, 0, var, static_cast<int>(m2), 1.0, dense.back().data(),
                                         static_cast<int>(dense.back().size())),
                  "A_k");
    aircomp_check(SDPConeSetBlockSize(sdp, static_cast<int>(j + 1), 1), "block size");
    aircomp_check(SDPConeSetASparseVecMat(sdp, static_cast<int>(j + 1), var, 1, 1.0, 0, zero_index, minus_one, 1),
                  "mu >= 0");
    aircomp_check(DSDPSetDualObjective(h.p, var, 1.0), "b_k");
  }
  aircomp_check(DSDPSetGapTolerance(h.p, 1e-10), "gap tolerance");
  aircomp_check(DSDPSetMaxIts(h.p, 500), "max its");
  aircomp_check(DSDPSetup(h.p), "DSDPSetup");
  aircomp_check(DSDPSolve(h.p), "DSDPSolve");
  DSDPSolutionType type;
  aircomp_check(DSDPGetSolutionType(h.p, &type), "solution type");
  if (type != DSDP_PDFEASIBLE) throw NumericalError("aircomp SDR: DSDP did not find a feasible pair");
  aircomp_check(DSDPComputeX(h.p), "DSDPComputeX");
  std::vector<double> y(static_cast<std::size_t>(k));
  aircomp_check(DSDPGetY(h.p, y.data(), static_cast<int>(k)), "DSDPGetY");
  mu = Eigen::Map<RVec>(y.data(), k) / s;
  double* x = nullptr;
  int nn = 0;
  aircomp_check(SDPConeGetXArray(sdp, 0, &x, &nn), "SDPConeGetXArray");
  RMat Xr(m2, m2);
  for (Index i = 0; i < m2; ++i)
    for (Index j = 0; j <= i; ++j) Xr(i, j) = Xr(j, i) = x[static_cast<std::size_t>(i * (i + 1) / 2 + j)];
  X = (Xr.topLeftCorner(na, na) + Xr.bottomRightCorner(na, na)).cast<Complex>() +
      Complex(0, 1) * (Xr.bottomLeftCorner(na, na) - Xr.topRightCorner(na, na)).cast<Complex>();
}
#endif

}  // namespace

AirCompBeam aircomp_receive_beam(const CMat& H) {
  IRISAC_REQUIRE(H.rows() >= 1 && H.cols() >= 1, "H must have at least one row and one column");
  IRISAC_REQUIRE(H.allFinite(), "H must be finite");
  const RVec g = H.colwise().squaredNorm().transpose();
  IRISAC_REQUIRE(g.minCoeff() > 0, "every sensor needs a non-zero channel (column ", [&] {
    Index i = 0;
    g.minCoeff(&i);
    return i;
  }(), " is zero)");
  AirCompBeam b;
  if (H.rows() == 1) {  // |m|² |h_k|² ≥ 1 for all k
    const double p = 1.0 / g.minCoeff();
    b.m = CVec::Constant(1, Complex(std::sqrt(p), 0.0));
    b.norm2 = b.lower_bound = p;
    b.method = "single_antenna";
    return b;
  }
  if (H.cols() == 1) {
    b.m = H.col(0) / g(0);
    b.norm2 = b.lower_bound = aircomp_k1_value(H.col(0));
    b.method = "k1";
    return b;
  }
  if (H.cols() == 2) {
    b.m = aircomp_rescale(H, aircomp_k2_beam(H.col(0), H.col(1)));
    b.norm2 = b.m.squaredNorm();
    b.lower_bound = std::min(b.norm2, aircomp_k2_value(H.col(0), H.col(1)));
    b.method = "k2";
    return b;
  }
#if IRISAC_HAVE_DSDP
  RVec mu;
  CMat X;
  aircomp_sdr(H, mu, X);
  Eigen::SelfAdjointEigenSolver<CMat> es(0.5 * (X + X.adjoint()));
  b.m = aircomp_rescale(H, es.eigenvectors().col(H.rows() - 1));
  b.norm2 = b.m.squaredNorm();
  b.lower_bound = std::min(b.norm2, aircomp_dual_bound(H, mu));
  b.method = "sdr";
  return b;
#else
  throw InvalidArgument("aircomp_receive_beam(): K ≥ 3 with N_a ≥ 2 needs the SDR; irisac was built without DSDP");
#endif
}

namespace {

// v-step: maximise min_k |m^H h_k(v)|² = min_k |a_k + b_k^T v|², a_k = m^H h_{d,k},
// b_k = (m^H G) ⊙ h_{r,k}^T.
CVec aircomp_v_step(const AirCompProblem& p, const CVec& m, const CVec& v, int iterations) {
  const Index n = p.elements(), k = p.sensors();
  const CVec r = (p.irs_to_ap.adjoint() * m).conjugate();  // (m^H G)^T
  if (k == 1) return align_phases(r.cwiseProduct(p.sensor_to_irs.col(0)), m.dot(p.direct.col(0)));
  CMat B(n + 1, k);
  std::vector<TermObjective::Group> groups(static_cast<std::size_t>(k));
  for (Index j = 0; j < k; ++j) {
    B.col(j) = term_column(r.cwiseProduct(p.sensor_to_irs.col(j)), m.dot(p.direct.col(j)));
    groups[static_cast<std::size_t>(j)].signal = j;
  }
  const TermObjective f = TermObjective::ratios(TermObjective::Kind::min_ratio, B, groups, v);
  RcgOptions o;
  o.max_iterations = iterations;
  return riemannian_cg(f, v, o).v;
}

}  // namespace

AirCompDesign aircomp_design(const AirCompProblem& p, const CVec& v0, const AirCompOptions& opt) {
  validate(p);
  IRISAC_REQUIRE(opt.max_iterations >= 1, "max_iterations must be ≥ 1 (got ", opt.max_iterations, ")");
  IRISAC_REQUIRE(opt.vstep_iterations >= 1, "vstep_iterations must be ≥ 1 (got ", opt.vstep_iterations, ")");
  IRISAC_REQUIRE(opt.tolerance >= 0, "tolerance must be ≥ 0 (got ", opt.tolerance, ")");
  AirCompDesign d;
  d.v = v0.size() == 0 ? CVec::Ones(p.elements()) : v0;
  IRISAC_REQUIRE(d.v.size() == p.elements(), "v0: ", p.elements(), " elements expected, got ", d.v.size());
  IRISAC_REQUIRE(d.v.size() == 0 || (d.v.allFinite() && (d.v.cwiseAbs().array() - 1.0).abs().maxCoeff() <= 1e-9),
                 "v0 must be unit modulus");
  d.beam = aircomp_receive_beam(aircomp_channels(p, d.v));
  d.history.push_back(d.beam.norm2);
  for (int it = 0; it < opt.max_iterations && p.elements() > 0; ++it) {
    const CVec v_new = aircomp_v_step(p, d.beam.m, d.v, opt.vstep_iterations);
    const CMat H_new = aircomp_channels(p, v_new);
    const double gain = aircomp_min_gain(H_new, d.beam.m);  // ≥ 1 keeps the old beam feasible
    if (!(gain > 1.0)) break;
    AirCompBeam nb = aircomp_receive_beam(H_new);
    if (nb.norm2 > d.beam.norm2 / gain) {  // inexact m-step (SDR rounding): keep the rescaled old beam
      nb.m = d.beam.m / std::sqrt(gain);
      nb.norm2 = nb.m.squaredNorm();
      nb.lower_bound = std::min(nb.lower_bound, nb.norm2);
    }
    const double old = d.beam.norm2;
    d.v = v_new;
    d.beam = nb;
    d.history.push_back(d.beam.norm2);
    d.iterations = it + 1;
    if (old - d.beam.norm2 <= opt.tolerance * old) break;
  }
  const double scale = p.noise_w / p.power_w;
  d.mse = scale * d.beam.norm2;
  d.mse_lower_bound = scale * d.beam.lower_bound;
  return d;
}

}  // namespace irisac
