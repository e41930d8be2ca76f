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
  for (Index n = 0; n < coeff.size(); ++n) {
    const Complex c = coeff[n];
    if (c == Complex{}) continue;
    h.noalias() += (c * h_out.col(n)) * g_in.row(n);
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
