// The complex primal-standard-form SDP of joint_sdp.hpp on DSDP 5 (dual form: max bᵀy s.t.
// C − Σ y_i A_i ⪰ 0, whose Lagrange dual is our primal min C•X s.t. A_i•X = b_i, X ⪰ 0).
#include "irisac/isac/joint_sdp.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "irisac/comm/phase_methods.hpp"  // dsdp_mutex()
#include "irisac/config.hpp"
#include "irisac/core/error.hpp"

#if IRISAC_HAVE_DSDP
extern "C" {
#include <dsdp/dsdp5.h>
}
#endif

namespace irisac {

#if IRISAC_HAVE_DSDP
namespace {

// Packed lower triangle (row-wise, DSDP's "U" storage of the symmetric matrix) of α·½·Ẽ, Ẽ the real
// embedding of the Hermitian E; scalar blocks (real 1×1) are stored as they are.
std::vector<double> jsdp_packed(const CMat& E, double alpha) {
  const Index n = E.rows();
  const Index m = 2 * n;
  RMat R(m, m);
  const CMat H = 0.5 * (E + E.adjoint());
  R.topLeftCorner(n, n) = H.real();
  R.topRightCorner(n, n) = -H.imag();
  R.bottomLeftCorner(n, n) = H.imag();
  R.bottomRightCorner(n, n) = H.real();
  R *= 0.5 * alpha;
  std::vector<double> out(static_cast<std::size_t>(m * (m + 1) / 2));
  for (Index i = 0; i < m; ++i)
    for (Index j = 0; j <= i; ++j) out[static_cast<std::size_t>(i * (i + 1) / 2 + j)] = R(i, j);
  return out;
}

struct JsdpHandle {
  DSDP p = nullptr;
  ~JsdpHandle() {
    if (p) DSDPDestroy(p);
  }
};

void jsdp_check(int info, const char* what) {
  if (info != 0) throw NumericalError(std::string("solve_hermitian_sdp(): DSDP failed in ") + what);
}

}  // namespace
#endif

HermitianSdpSolution solve_hermitian_sdp(const HermitianSdp& P, double gap_tolerance) {
  const std::lock_guard<std::mutex> dsdp_lock(dsdp_mutex());  // DSDP keeps global state (comm/phase_methods.hpp)
  const Index nb = static_cast<Index>(P.block_sizes.size());
  const Index ns = P.num_scalars;
  const Index m = static_cast<Index>(P.constraints.size());
  IRISAC_REQUIRE(nb + ns >= 1 && m >= 1, "the SDP needs variables and at least one constraint");
  for (Index s : P.block_sizes) IRISAC_REQUIRE(s >= 1, "SDP block sizes must be ≥ 1 (got ", s, ")");
  auto check_blocks = [&](const std::map<Index, CMat>& blocks) {
    for (const auto& [b, E] : blocks) {
      IRISAC_REQUIRE(b >= 0 && b < nb, "SDP block index ", b, " out of range");
      const Index n = P.block_sizes[static_cast<std::size_t>(b)];
      IRISAC_REQUIRE(E.rows() == n && E.cols() == n && E.allFinite(), "SDP block ", b, " coefficient must be finite ", n,
                     "×", n);
      IRISAC_REQUIRE((E - E.adjoint()).cwiseAbs().maxCoeff() <= 1e-9 * (1.0 + E.cwiseAbs().maxCoeff()),
                     "SDP coefficients must be Hermitian (block ", b, ")");
    }
  };
  auto check_scalars = [&](const std::map<Index, double>& sc) {
    for (const auto& [s, a] : sc)
      IRISAC_REQUIRE(s >= 0 && s < ns && std::isfinite(a), "SDP scalar index ", s, " out of range or value not finite");
  };
  check_blocks(P.objective_blocks);
  check_scalars(P.objective_scalars);
  for (const auto& c : P.constraints) {
    check_blocks(c.blocks);
    check_scalars(c.scalars);
    IRISAC_REQUIRE(std::isfinite(c.rhs), "SDP right-hand side must be finite");
  }
#if !IRISAC_HAVE_DSDP
  throw InvalidArgument("the joint ISAC designs need DSDP: irisac was built without it (install libdsdp-dev)");
#else
  // Row scaling: each constraint divided by its largest coefficient; the objective likewise.
  std::vector<double> row_scale(static_cast<std::size_t>(m), 1.0);
  for (Index i = 0; i < m; ++i) {
    double s = 0;
    const auto& c = P.constraints[static_cast<std::size_t>(i)];
    for (const auto& [b, E] : c.blocks) s = std::max(s, E.cwiseAbs().maxCoeff());
    for (const auto& [k, a] : c.scalars) s = std::max(s, std::abs(a));
    row_scale[static_cast<std::size_t>(i)] = s > 0 ? 1.0 / s : 1.0;
  }
  double obj_scale = 0;
  for (const auto& [b, E] : P.objective_blocks) obj_scale = std::max(obj_scale, E.cwiseAbs().maxCoeff());
  for (const auto& [k, a] : P.objective_scalars) obj_scale = std::max(obj_scale, std::abs(a));
  obj_scale = obj_scale > 0 ? 1.0 / obj_scale : 1.0;

  JsdpHandle h;
  jsdp_check(DSDPCreate(static_cast<int>(m), &h.p), "DSDPCreate");
  SDPCone sdp = nullptr;
  jsdp_check(DSDPCreateSDPCone(h.p, static_cast<int>(nb + ns), &sdp), "DSDPCreateSDPCone");
  std::vector<std::vector<double>> store;  // DSDP keeps pointers into these buffers
  store.reserve(static_cast<std::size_t>((m + 1) * (nb + ns)));
  for (Index b = 0; b < nb; ++b)
    jsdp_check(SDPConeSetBlockSize(sdp, static_cast<int>(b), static_cast<int>(2 * P.block_sizes[static_cast<std::size_t>(b)])),
               "block size");
  for (Index s = 0; s < ns; ++s) jsdp_check(SDPConeSetBlockSize(sdp, static_cast<int>(nb + s), 1), "block size");
  auto set_block = [&](Index blk, int var, const CMat& E, double alpha) {
    store.push_back(jsdp_packed(E, alpha));
    jsdp_check(SDPConeSetADenseVecMat(sdp, static_cast<int>(blk), var, static_cast<int>(2 * E.rows()), 1.0,
                                      store.back().data(), static_cast<int>(store.back().size())),
               "block data");
  };
  auto set_scalar = [&](Index s, int var, double a) {
    store.push_back({a});
    jsdp_check(SDPConeSetADenseVecMat(sdp, static_cast<int>(nb + s), var, 1, 1.0, store.back().data(), 1),
               "scalar data");
  };
  for (const auto& [b, E] : P.objective_blocks) set_block(b, 0, E, obj_scale);
  for (const auto& [s, a] : P.objective_scalars) set_scalar(s, 0, a * obj_scale);
  for (Index i = 0; i < m; ++i) {
    const auto& c = P.constraints[static_cast<std::size_t>(i)];
    const double rs = row_scale[static_cast<std::size_t>(i)];
    for (const auto& [b, E] : c.blocks) set_block(b, static_cast<int>(i + 1), E, rs);
    for (const auto& [s, a] : c.scalars) set_scalar(s, static_cast<int>(i + 1), a * rs);
    jsdp_check(DSDPSetDualObjective(h.p, static_cast<int>(i + 1), c.rhs * rs), "b_i");
  }
  jsdp_check(DSDPSetGapTolerance(h.p, gap_tolerance), "gap tolerance");
  jsdp_check(DSDPSetMaxIts(h.p, 500), "max its");
  jsdp_check(DSDPSetPTolerance(h.p, 1e-10), "primal tolerance");
  jsdp_check(DSDPSetup(h.p), "DSDPSetup");
  jsdp_check(DSDPSolve(h.p), "DSDPSolve");
  HermitianSdpSolution out;
  DSDPSolutionType type;
  jsdp_check(DSDPGetSolutionType(h.p, &type), "solution type");
  int its = 0;
  DSDPGetIts(h.p, &its);
  out.iterations = its;
  if (type == DSDP_UNBOUNDED) {
    out.status = SdpStatus::infeasible;
    return out;
  }
  if (type != DSDP_PDFEASIBLE) return out;  // failed
  jsdp_check(DSDPComputeX(h.p), "DSDPComputeX");
  double dobj = 0;
  jsdp_check(DSDPGetDObjective(h.p, &dobj), "objective");
  out.dual_value = dobj / obj_scale;
  out.blocks.resize(static_cast<std::size_t>(nb));
  out.scalars = RVec::Zero(ns);
  for (Index b = 0; b < nb + ns; ++b) {
    double* x = nullptr;
    int len = 0;
    jsdp_check(SDPConeGetXArray(sdp, static_cast<int>(b), &x, &len), "SDPConeGetXArray");
    if (b >= nb) {
      out.scalars(b - nb) = std::max(0.0, x[0]);
      continue;
    }
    const Index n = P.block_sizes[static_cast<std::size_t>(b)];
    RMat X(2 * n, 2 * n);
    for (Index i = 0; i < 2 * n; ++i)
      for (Index j = 0; j <= i; ++j) X(i, j) = X(j, i) = x[static_cast<std::size_t>(i * (i + 1) / 2 + j)];
    // Symmetrised back-map: X = ½[(X11 + X22) + j(X21 − X12)] has tr(E X) = ½ tr(Ẽ X̃) for every Hermitian E.
    CMat Z = 0.5 * ((X.topLeftCorner(n, n) + X.bottomRightCorner(n, n)).cast<Complex>() +
                    Complex(0, 1) * (X.bottomLeftCorner(n, n) - X.topRightCorner(n, n)).cast<Complex>());
    out.blocks[static_cast<std::size_t>(b)] = 0.5 * (Z + Z.adjoint());
  }
  double pv = 0;
  for (const auto& [b, E] : P.objective_blocks) pv += (E * out.blocks[static_cast<std::size_t>(b)]).trace().real();
  for (const auto& [s, a] : P.objective_scalars) pv += a * out.scalars(s);
  out.primal_value = pv;
  out.status = SdpStatus::optimal;
  return out;
#endif
}

}  // namespace irisac
