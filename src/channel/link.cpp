#include "irisac/channel/link.hpp"

#include <cmath>
#include <limits>

#include "irisac/channel/pathloss.hpp"
#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"

namespace irisac {

double PathLoss::gain(double distance_m, double wavelength_m) const {
  if (kind == Kind::free_space) return friis_gain(distance_m, wavelength_m);
  return exponent_gain(distance_m, ref_gain, 1.0, exponent);
}

double PathLoss::min_distance_m(double wavelength_m) const {
  if (kind == Kind::free_space) return wavelength_m / (4.0 * constants::pi);
  if (exponent == 0.0) return ref_gain <= 1.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return std::pow(ref_gain, 1.0 / exponent);
}

LinkGeometry link_geometry(const LinkEnd& tx, const LinkEnd& rx) {
  const Vec3 d = rx.pose->position_m - tx.pose->position_m;
  const double dist = d.norm();
  IRISAC_REQUIRE(dist > 0.0, "the two ends of a link are at the same point");
  const Vec3 u = d / dist;
  const Vec3 ut = tx.pose->to_local(u), ur = rx.pose->to_local(-u);
  return {dist, azimuth_of(ut), elevation_of(ut), azimuth_of(ur), elevation_of(ur)};
}

CMat los_response(const LinkEnd& tx, const LinkEnd& rx, double wavelength_m, bool near_field) {
  IRISAC_REQUIRE(wavelength_m > 0.0, "wavelength_m must be > 0 (got ", wavelength_m, ")");
  const Vec3 d = rx.pose->position_m - tx.pose->position_m;
  const double dist = d.norm();
  IRISAC_REQUIRE(dist > 0.0, "the two ends of a link are at the same point");
  const Vec3 u = d / dist;
  if (!near_field) {
    const CVec at = tx.array->steering(tx.pose->to_local(u));
    const CVec ar = rx.array->steering(rx.pose->to_local(-u));
    return std::polar(1.0, -constants::two_pi * dist / wavelength_m) * (ar * at.transpose());
  }
  const Eigen::Matrix3Xd pt = (tx.pose->rotation * tx.array->positions_wl() * wavelength_m).colwise() +
                              tx.pose->position_m;
  const Eigen::Matrix3Xd pr = (rx.pose->rotation * rx.array->positions_wl() * wavelength_m).colwise() +
                              rx.pose->position_m;
  CMat h(pr.cols(), pt.cols());
  for (Index j = 0; j < pt.cols(); ++j)
    for (Index i = 0; i < pr.cols(); ++i) {
      const Vec3 dij = pr.col(i) - pt.col(j);
      const double r = dij.norm();
      const Vec3 uij = dij / r;
      const double g = tx.array->pattern.gain(tx.pose->to_local(uij)) * rx.array->pattern.gain(rx.pose->to_local(-uij));
      h(i, j) = std::polar(std::sqrt(g) * dist / r, -constants::two_pi * r / wavelength_m);
    }
  return h;
}

CMat draw_link(const LinkEnd& tx, const LinkEnd& rx, const LinkModel& model, double wavelength_m, Rng& rng) {
  const Index nr = rx.array->size(), nt = tx.array->size();
  if (model.kind == LinkModel::Kind::blocked) return CMat::Zero(nr, nt);
  const double dist = (rx.pose->position_m - tx.pose->position_m).norm();
  const double amp = std::sqrt(model.pathloss.gain(dist, wavelength_m));
  if (model.kind == LinkModel::Kind::los) return amp * los_response(tx, rx, wavelength_m, model.near_field);
  if (model.kind == LinkModel::Kind::rayleigh) return amp * rng.complex_normal_matrix(nr, nt);
  IRISAC_REQUIRE(model.k_factor >= 0.0, "k_factor must be >= 0 (got ", model.k_factor, ")");
  const double k = model.k_factor;
  return amp * (std::sqrt(k / (k + 1.0)) * los_response(tx, rx, wavelength_m, model.near_field) +
                std::sqrt(1.0 / (k + 1.0)) * rng.complex_normal_matrix(nr, nt));
}

}  // namespace irisac
