#include "irisac/channel/cascaded.hpp"

#include <limits>

#include <Eigen/SVD>

#include "irisac/core/error.hpp"

namespace irisac {

void add_surface_path(CMat& h, const CMat& h_out, const CVec& coeff, const CMat& g_in) {
  IRISAC_REQUIRE(h_out.cols() == coeff.size() && g_in.rows() == coeff.size(),
                 "surface dimensions disagree: h_out has ", h_out.cols(), " columns, coeff ", coeff.size(),
                 " entries, g_in ", g_in.rows(), " rows");
  IRISAC_REQUIRE(h.rows() == h_out.rows() && h.cols() == g_in.cols(), "h is ", h.rows(), "x", h.cols(),
                 ", the path is ", h_out.rows(), "x", g_in.cols());
  // h(r, t) += Σ_n [h_out(r, n)·c_n]·g(n, t). Written on real and imaginary parts: std::complex
  // multiplication carries NaN-recovery branches (C99 Annex G) that block vectorisation.
  const Index nr = h.rows(), nt = h.cols(), n = coeff.size();
  const auto* c = reinterpret_cast<const double*>(coeff.data());
  for (Index r = 0; r < nr; ++r) {
    for (Index t = 0; t < nt; ++t) {
      const auto* g = reinterpret_cast<const double*>(g_in.col(t).data());
      double acc_re = 0.0, acc_im = 0.0;
      for (Index k = 0; k < n; ++k) {
        const Complex ho = h_out(r, k);
        const double w_re = ho.real() * c[2 * k] - ho.imag() * c[2 * k + 1];
        const double w_im = ho.real() * c[2 * k + 1] + ho.imag() * c[2 * k];
        acc_re += w_re * g[2 * k] - w_im * g[2 * k + 1];
        acc_im += w_re * g[2 * k + 1] + w_im * g[2 * k];
      }
      h(r, t) += Complex{acc_re, acc_im};
    }
  }
}

CMat cascaded_channel(const CMat& direct, const std::vector<SurfacePath>& paths) {
  CMat h = direct;
  for (const auto& p : paths) add_surface_path(h, *p.h_out, *p.coeff, *p.g_in);
  return h;
}

CMat point_target_echo(const CVec& h_forward, const CVec& h_back, Complex scattering) {
  return scattering * (h_back * h_forward.transpose());
}

LinkDiagnostics link_diagnostics(const CMat& h, double rel_tol) {
  IRISAC_REQUIRE(h.size() > 0, "empty channel matrix");
  IRISAC_REQUIRE(h.allFinite(), "channel matrix has non-finite entries");
  Eigen::JacobiSVD<CMat> svd(h);
  LinkDiagnostics d;
  d.singular_values = svd.singularValues();
  const double smax = d.singular_values.size() ? d.singular_values[0] : 0.0;
  for (Index i = 0; i < d.singular_values.size(); ++i)
    if (d.singular_values[i] > rel_tol * smax && smax > 0.0) ++d.rank;
  const double smin = d.singular_values[d.singular_values.size() - 1];
  d.condition_number = (d.rank == d.singular_values.size() && smin > 0.0)
                           ? smax / smin
                           : std::numeric_limits<double>::infinity();
  return d;
}

}  // namespace irisac
