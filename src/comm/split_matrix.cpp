#include "irisac/comm/split_matrix.hpp"

#include "irisac/core/error.hpp"
#include "irisac/core/simd.hpp"

namespace irisac {
namespace {

// (sr, si) = Σ_n conj(a_n) x_n with a = ar + j·ai in planes and x interleaved (re, im).
IRISAC_MULTIVERSION void split_conj_dot(const double* ar, const double* ai, const double* xp, Index n, double* out) {
  double sr = 0.0, si = 0.0;
#pragma omp simd reduction(+ : sr, si)
  for (Index k = 0; k < n; ++k) {
    const double xr = xp[2 * k], xi = xp[2 * k + 1];
    sr += ar[k] * xr + ai[k] * xi;
    si += ar[k] * xi - ai[k] * xr;
  }
  out[0] = sr;
  out[1] = si;
}

// y += a·c (a in planes, y interleaved)
IRISAC_MULTIVERSION void split_axpy(double* yp, const double* ar, const double* ai, double cr, double ci, Index n) {
#pragma omp simd
  for (Index k = 0; k < n; ++k) {
    yp[2 * k] += ar[k] * cr - ai[k] * ci;
    yp[2 * k + 1] += ar[k] * ci + ai[k] * cr;
  }
}

}  // namespace

void SplitMatrix::adjoint_times(const CVec& x, CVec& out) const {
  IRISAC_REQUIRE(x.size() == rows(), "x must have ", rows(), " entries (got ", x.size(), ")");
  out.resize(cols());
  const auto* xp = reinterpret_cast<const double*>(x.data());
  for (Index t = 0; t < cols(); ++t) {
    double s[2];
    split_conj_dot(re_.col(t).data(), im_.col(t).data(), xp, rows(), s);
    out(t) = Complex(s[0], s[1]);
  }
}

void SplitMatrix::times(const CVec& w, CVec& out) const {
  IRISAC_REQUIRE(w.size() == cols(), "w must have ", cols(), " entries (got ", w.size(), ")");
  out.setZero(rows());
  auto* yp = reinterpret_cast<double*>(out.data());
  for (Index t = 0; t < cols(); ++t)
    split_axpy(yp, re_.col(t).data(), im_.col(t).data(), w(t).real(), w(t).imag(), rows());
}

}  // namespace irisac
