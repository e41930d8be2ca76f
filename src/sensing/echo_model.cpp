#include "irisac/sensing/echo_model.hpp"

#include <cmath>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/geometry/array.hpp"

namespace irisac {

Index EchoLeg::size() const {
  switch (kind) {
    case Kind::irs: return channel.rows();
    case Kind::array: return elements;
    case Kind::fixed: return response.size();
  }
  return 0;
}

Index EchoLeg::steered_size() const {
  switch (kind) {
    case Kind::irs: return reflection.size();
    case Kind::array: return elements;
    case Kind::fixed: return 0;
  }
  return 0;
}

CVec leg_steering(const EchoLeg& leg, double theta, bool derivative) {
  const Index n = leg.steered_size();
  IRISAC_REQUIRE(n >= 1, "the leg has no steered array");
  IRISAC_REQUIRE(leg.rows >= 1 && n % leg.rows == 0, "rows (", leg.rows, ") must divide the array size ", n);
  if (leg.rows == 1 && leg.elevation == 0.0)
    return derivative ? ula_steering_derivative(n, leg.spacing_wl, theta) : ula_steering(n, leg.spacing_wl, theta);
  if (!derivative) return upa_steering(leg.rows, n / leg.rows, leg.spacing_wl, leg.spacing_z_wl, theta, leg.elevation);
  return upa_steering_derivatives(leg.rows, n / leg.rows, leg.spacing_wl, leg.spacing_z_wl, theta, leg.elevation)
      .first;
}

EchoLeg irs_receive_leg(const CMat& irs_to_rx, const CVec& v, double spacing_wl) {
  IRISAC_REQUIRE(irs_to_rx.rows() >= 1 && irs_to_rx.cols() >= 1, "irs_to_rx must be non-empty (got ",
                 irs_to_rx.rows(), "x", irs_to_rx.cols(), ")");
  IRISAC_REQUIRE(v.size() == irs_to_rx.cols(), "v has ", v.size(), " entries, irs_to_rx has ", irs_to_rx.cols(),
                 " columns");
  IRISAC_REQUIRE(spacing_wl > 0.0, "spacing_wl must be > 0 (got ", spacing_wl, ")");
  EchoLeg leg;
  leg.kind = EchoLeg::Kind::irs;
  leg.channel = irs_to_rx;
  leg.reflection = v;
  leg.spacing_wl = spacing_wl;
  return leg;
}

EchoLeg irs_transmit_leg(const CMat& tx_to_irs, const CVec& v, double spacing_wl) {
  IRISAC_REQUIRE(tx_to_irs.rows() >= 1 && tx_to_irs.cols() >= 1, "tx_to_irs must be non-empty (got ",
                 tx_to_irs.rows(), "x", tx_to_irs.cols(), ")");
  IRISAC_REQUIRE(v.size() == tx_to_irs.rows(), "v has ", v.size(), " entries, tx_to_irs has ", tx_to_irs.rows(),
                 " rows");
  IRISAC_REQUIRE(spacing_wl > 0.0, "spacing_wl must be > 0 (got ", spacing_wl, ")");
  EchoLeg leg;
  leg.kind = EchoLeg::Kind::irs;
  leg.channel = tx_to_irs.transpose();
  leg.reflection = v;
  leg.spacing_wl = spacing_wl;
  return leg;
}

EchoLeg array_leg(Index num_elements, double spacing_wl) {
  IRISAC_REQUIRE(num_elements >= 1, "num_elements must be >= 1 (got ", num_elements, ")");
  IRISAC_REQUIRE(spacing_wl > 0.0, "spacing_wl must be > 0 (got ", spacing_wl, ")");
  EchoLeg leg;
  leg.kind = EchoLeg::Kind::array;
  leg.elements = num_elements;
  leg.spacing_wl = spacing_wl;
  return leg;
}

EchoLeg fixed_leg(const CVec& response) {
  IRISAC_REQUIRE(response.size() >= 1, "response must be non-empty");
  EchoLeg leg;
  leg.kind = EchoLeg::Kind::fixed;
  leg.response = response;
  return leg;
}

CVec leg_response(const EchoLeg& leg, double theta) {
  CVec base;
  switch (leg.kind) {
    case EchoLeg::Kind::irs: base = leg.channel * leg.reflection.cwiseProduct(leg_steering(leg, theta, false)); break;
    case EchoLeg::Kind::array: base = leg_steering(leg, theta, false); break;
    case EchoLeg::Kind::fixed: return leg.offset.size() == leg.response.size() ? CVec(leg.offset + leg.response) : leg.response;
  }
  base *= leg.gain;
  if (leg.offset.size() == base.size()) base += leg.offset;
  return base;
}

CVec leg_derivative(const EchoLeg& leg, double theta) {
  switch (leg.kind) {
    case EchoLeg::Kind::irs:
      return leg.gain * (leg.channel * leg.reflection.cwiseProduct(leg_steering(leg, theta, true)));
    case EchoLeg::Kind::array: return leg.gain * leg_steering(leg, theta, true);
    case EchoLeg::Kind::fixed: return CVec::Zero(leg.response.size());
  }
  return {};
}

EchoModel monostatic_irs_model(const CMat& bs_to_irs, const CMat& irs_to_bs, const CVec& v, double noise_var,
                               double irs_spacing_wl) {
  IRISAC_REQUIRE(noise_var > 0.0, "noise_var must be > 0 (got ", noise_var, ")");
  IRISAC_REQUIRE(bs_to_irs.rows() == irs_to_bs.cols(), "bs_to_irs has ", bs_to_irs.rows(),
                 " IRS rows but irs_to_bs has ", irs_to_bs.cols(), " IRS columns");
  EchoModel m;
  m.receive = irs_receive_leg(irs_to_bs, v, irs_spacing_wl);
  m.transmit = irs_transmit_leg(bs_to_irs, v, irs_spacing_wl);
  m.noise_var = noise_var;
  return m;
}

EchoModel with_direct_path(EchoModel model, const CVec& bs_rx_response, const CVec& bs_tx_response,
                           Complex coefficient) {
  IRISAC_REQUIRE(bs_rx_response.size() == model.num_rx(), "bs_rx_response has ", bs_rx_response.size(),
                 " entries, the model has ", model.num_rx(), " receive elements");
  IRISAC_REQUIRE(bs_tx_response.size() == model.num_tx(), "bs_tx_response has ", bs_tx_response.size(),
                 " entries, the model has ", model.num_tx(), " transmit elements");
  model.nuisance_paths.push_back(bs_rx_response * bs_tx_response.transpose());
  model.nuisance_coefficients.resize(model.nuisance_paths.size() - 1, Complex{0.0, 0.0});
  model.nuisance_coefficients.push_back(coefficient);
  return model;
}

EchoModel bistatic_tx_irs_model(const CMat& tx_to_irs, const CVec& v, const CVec& rx_response, double noise_var,
                                double irs_spacing_wl) {
  IRISAC_REQUIRE(noise_var > 0.0, "noise_var must be > 0 (got ", noise_var, ")");
  EchoModel m;
  m.receive = fixed_leg(rx_response);
  m.transmit = irs_transmit_leg(tx_to_irs, v, irs_spacing_wl);
  m.noise_var = noise_var;
  return m;
}

EchoModel bistatic_irs_rx_model(const CVec& tx_response, const CMat& irs_to_rx, const CVec& v, double noise_var,
                                double irs_spacing_wl) {
  IRISAC_REQUIRE(noise_var > 0.0, "noise_var must be > 0 (got ", noise_var, ")");
  EchoModel m;
  m.receive = irs_receive_leg(irs_to_rx, v, irs_spacing_wl);
  m.transmit = fixed_leg(tx_response);
  m.noise_var = noise_var;
  return m;
}

EchoModel semi_passive_model(const CMat& bs_to_irs, const CVec& v, Index num_sensors, double noise_var,
                             double irs_spacing_wl, double sensor_spacing_wl) {
  IRISAC_REQUIRE(noise_var > 0.0, "noise_var must be > 0 (got ", noise_var, ")");
  EchoModel m;
  m.receive = array_leg(num_sensors, sensor_spacing_wl);
  m.transmit = irs_transmit_leg(bs_to_irs, v, irs_spacing_wl);
  m.noise_var = noise_var;
  return m;
}

EchoModel with_reflection(EchoModel model, const CVec& v) {
  for (EchoLeg* leg : {&model.receive, &model.transmit})
    if (leg->kind == EchoLeg::Kind::irs) {
      IRISAC_REQUIRE(v.size() == leg->reflection.size(), "v has ", v.size(), " entries, the IRS has ",
                     leg->reflection.size());
      leg->reflection = v;
    }
  return model;
}

CMat echo_response(const EchoModel& model, double theta) {
  return leg_response(model.receive, theta) * leg_response(model.transmit, theta).transpose();
}

CMat echo_response_derivative(const EchoModel& model, double theta) {
  const CVec r = leg_response(model.receive, theta), t = leg_response(model.transmit, theta);
  return leg_derivative(model.receive, theta) * t.transpose() + r * leg_derivative(model.transmit, theta).transpose();
}

CMat echo_mean(const EchoModel& model, const std::vector<PointTarget>& targets, const CMat& samples) {
  IRISAC_REQUIRE(samples.rows() == model.num_tx(), "samples have ", samples.rows(), " rows, the model has ",
                 model.num_tx(), " transmit elements");
  CMat b = CMat::Zero(model.num_rx(), model.num_tx());
  for (const auto& tg : targets) b += tg.alpha * echo_response(model, tg.theta);
  for (std::size_t i = 0; i < model.nuisance_paths.size() && i < model.nuisance_coefficients.size(); ++i)
    b += model.nuisance_coefficients[i] * model.nuisance_paths[i];
  return b * samples;
}

CMat extended_echo_mean(const CMat& bs_to_irs, const CMat& irs_to_bs, const CVec& v, const CMat& response,
                        const CMat& samples) {
  IRISAC_REQUIRE(response.rows() == v.size() && response.cols() == v.size(), "response must be N x N with N = ",
                 v.size(), " (got ", response.rows(), "x", response.cols(), ")");
  return irs_to_bs * v.asDiagonal() * response * v.asDiagonal() * bs_to_irs * samples;
}

CMat noise_covariance(const EchoModel& model) {
  IRISAC_REQUIRE(model.noise_var > 0.0, "noise_var must be > 0 (got ", model.noise_var, ")");
  const Index nr = model.num_rx();
  CMat q = model.noise_var * CMat::Identity(nr, nr);
  if (model.interference_cov.size() > 0) {
    IRISAC_REQUIRE(model.interference_cov.rows() == nr && model.interference_cov.cols() == nr,
                   "interference_cov must be ", nr, "x", nr, " (got ", model.interference_cov.rows(), "x",
                   model.interference_cov.cols(), ")");
    q += model.interference_cov;
  }
  return q;
}

CMat whitening_matrix(const EchoModel& model) {
  const CMat q = noise_covariance(model);
  Eigen::LLT<CMat> llt(q);
  if (llt.info() != Eigen::Success)
    throw NumericalError("whitening_matrix(): interference-plus-noise covariance is not positive definite");
  const CMat l = llt.matrixL();
  return l.triangularView<Eigen::Lower>().solve(CMat::Identity(q.rows(), q.cols()));
}

CMat waveform_from_covariance(const CMat& tx_cov, Index num_snapshots) {
  const Index nt = tx_cov.rows();
  IRISAC_REQUIRE(nt >= 1 && tx_cov.cols() == nt, "tx_cov must be square and non-empty (got ", tx_cov.rows(), "x",
                 tx_cov.cols(), ")");
  IRISAC_REQUIRE(num_snapshots >= nt, "num_snapshots must be >= Nt = ", nt, " (got ", num_snapshots, ")");
  Eigen::SelfAdjointEigenSolver<CMat> es((tx_cov + tx_cov.adjoint()) / 2.0);
  IRISAC_REQUIRE(es.eigenvalues().minCoeff() >= -1e-12 * std::max(1.0, es.eigenvalues().maxCoeff()),
                 "tx_cov must be positive semidefinite (min eigenvalue ", es.eigenvalues().minCoeff(), ")");
  const RVec lam = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  const CMat root = es.eigenvectors() * lam.cast<Complex>().asDiagonal() * es.eigenvectors().adjoint();
  CMat f(nt, num_snapshots);
  const double tt = static_cast<double>(num_snapshots);
  for (Index k = 0; k < nt; ++k)
    for (Index t = 0; t < num_snapshots; ++t)
      f(k, t) = std::polar(1.0 / std::sqrt(tt),
                           -2.0 * constants::pi * static_cast<double>((k * t) % num_snapshots) / tt);
  return std::sqrt(tt) * root * f;
}

CMat simulate_echo(const EchoModel& model, const std::vector<PointTarget>& targets, const CMat& samples, Rng& rng) {
  CMat y = echo_mean(model, targets, samples);
  const Index nr = y.rows(), tt = y.cols();
  if (model.interference_cov.size() > 0) {
    const CMat q = noise_covariance(model) - model.noise_var * CMat::Identity(nr, nr);
    Eigen::SelfAdjointEigenSolver<CMat> es((q + q.adjoint()) / 2.0);
    const CMat root = es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).cwiseSqrt().cast<Complex>().asDiagonal();
    y += root * rng.complex_normal_matrix(nr, tt, 1.0);
  }
  y += rng.complex_normal_matrix(nr, tt, model.noise_var);
  return y;
}

double echo_energy(const EchoModel& model, const PointTarget& target, const CMat& tx_cov, Index num_snapshots) {
  IRISAC_REQUIRE(tx_cov.rows() == model.num_tx() && tx_cov.cols() == model.num_tx(), "tx_cov must be ",
                 model.num_tx(), "x", model.num_tx(), " (got ", tx_cov.rows(), "x", tx_cov.cols(), ")");
  IRISAC_REQUIRE(num_snapshots >= 1, "num_snapshots must be >= 1 (got ", num_snapshots, ")");
  const CVec r = leg_response(model.receive, target.theta), t = leg_response(model.transmit, target.theta);
  // tr(B R Bᴴ) = ‖r‖² · tᵀ R t*
  const double tr = r.squaredNorm() * (t.transpose() * tx_cov * t.conjugate())(0).real();
  return std::norm(target.alpha) * static_cast<double>(num_snapshots) * tr;
}

double echo_snr(const EchoModel& model, const PointTarget& target, const CMat& tx_cov, Index num_snapshots) {
  IRISAC_REQUIRE(model.noise_var > 0.0, "noise_var must be > 0 (got ", model.noise_var, ")");
  return echo_energy(model, target, tx_cov, num_snapshots) / model.noise_var;
}

double beampattern_gain(const EchoModel& model, double theta, const CMat& tx_cov) {
  IRISAC_REQUIRE(tx_cov.rows() == model.num_tx() && tx_cov.cols() == model.num_tx(), "tx_cov must be ",
                 model.num_tx(), "x", model.num_tx());
  const CVec t = leg_response(model.transmit, theta);
  return (t.transpose() * tx_cov * t.conjugate())(0).real();
}

}  // namespace irisac
