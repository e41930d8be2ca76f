#include "irisac/isac/vehicle_tracking.hpp"

#include <cmath>
#include <numbers>

#include <Eigen/Cholesky>
#include <Eigen/LU>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"

namespace irisac {

namespace {
using constants::pi;
Index meas_dim(const EchoMeasurementModel& m) { return m.use_doppler ? 3 : 2; }
}  // namespace

Vec3d vehicle_transition(const Vec3d& s, double dt) {
  IRISAC_REQUIRE(s[1] > 0.0, "distance must be > 0 (got ", s[1], ")");
  return {s[0] + s[2] * dt * std::cos(s[0]) / s[1], s[1] + s[2] * dt * std::sin(s[0]), s[2]};
}

Mat3d vehicle_transition_jacobian(const Vec3d& s, double dt) {
  IRISAC_REQUIRE(s[1] > 0.0, "distance must be > 0 (got ", s[1], ")");
  const double c = std::cos(s[0]), sn = std::sin(s[0]), d = s[1], v = s[2];
  Mat3d f;
  f << 1.0 - v * dt * sn / d, -v * dt * c / (d * d), dt * c / d,  //
      v * dt * c, 1.0, dt * sn,                                      //
      0.0, 0.0, 1.0;
  return f;
}

TrackBelief ekf_predict(const TrackBelief& b, double dt, const Mat3d& process_cov) {
  const Mat3d f = vehicle_transition_jacobian(b.mean, dt);
  TrackBelief out;
  out.mean = vehicle_transition(b.mean, dt);
  out.cov = f * b.cov * f.transpose() + process_cov;
  out.cov = 0.5 * (out.cov + out.cov.transpose());
  return out;
}

RVec echo_measurement(const Vec3d& s, const EchoMeasurementModel& m) {
  RVec z(meas_dim(m));
  z[0] = s[0];
  z[1] = s[1];
  if (m.use_doppler) z[2] = 2.0 * s[2] * std::sin(s[0]) * m.carrier_hz / constants::speed_of_light;
  return z;
}

RMat echo_measurement_jacobian(const Vec3d& s, const EchoMeasurementModel& m) {
  RMat h = RMat::Zero(meas_dim(m), 3);
  h(0, 0) = 1.0;
  h(1, 1) = 1.0;
  if (m.use_doppler) {
    const double k = 2.0 * m.carrier_hz / constants::speed_of_light;
    h(2, 0) = k * s[2] * std::cos(s[0]);
    h(2, 2) = k * std::sin(s[0]);
  }
  return h;
}

RMat echo_measurement_cov(double echo_snr, double theta, double /*speed*/, const EchoMeasurementModel& m) {
  IRISAC_REQUIRE(echo_snr > 0.0, "echo SNR must be > 0 (got ", echo_snr, ")");
  IRISAC_REQUIRE(m.bandwidth_rms_hz > 0.0 && m.observation_s > 0.0, "bandwidth and observation time must be > 0");
  RMat r = RMat::Zero(meas_dim(m), meas_dim(m));
  r(0, 0) = angle_crb(echo_snr, theta, m.rx_antennas);
  const double c = constants::speed_of_light;
  r(1, 1) = c * c / (32.0 * pi * pi * m.bandwidth_rms_hz * m.bandwidth_rms_hz * echo_snr);
  if (m.use_doppler) r(2, 2) = 3.0 / (2.0 * pi * pi * echo_snr * m.observation_s * m.observation_s);
  return r;
}

TrackBelief ekf_update(const TrackBelief& b, const RVec& z, const RMat& r, const EchoMeasurementModel& m) {
  const Index nz = meas_dim(m);
  IRISAC_REQUIRE(z.size() == nz && r.rows() == nz && r.cols() == nz, "measurement size mismatch (z has ",
                 z.size(), ", expected ", nz, ")");
  const RMat h = echo_measurement_jacobian(b.mean, m);
  const RMat p = b.cov;
  const RMat s = h * p * h.transpose() + r;
  Eigen::LDLT<RMat> ldlt(s);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive())
    throw NumericalError("ekf_update(): innovation covariance is singular");
  const RMat k = ldlt.solve(h * p).transpose();  // P Hᵀ S⁻¹ (S symmetric)
  const RVec innov = z - echo_measurement(b.mean, m);
  TrackBelief out;
  out.mean = b.mean + k * innov;
  const RMat ikh = RMat::Identity(3, 3) - k * h;
  const RMat joseph = ikh * p * ikh.transpose() + k * r * k.transpose();
  out.cov = 0.5 * (joseph + joseph.transpose());
  return out;
}

double nees(const TrackBelief& b, const Vec3d& truth) {
  const Vec3d e = truth - b.mean;
  Eigen::LDLT<Mat3d> ldlt(b.cov);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive())
    throw NumericalError("nees(): covariance is not positive definite");
  return e.dot(ldlt.solve(e));
}

double chi2_quantile_wilson_hilferty(double p, double dof) {
  IRISAC_REQUIRE(p > 0.0 && p < 1.0 && dof > 0.0, "need 0 < p < 1, dof > 0 (got ", p, ", ", dof, ")");
  double lo = -40.0, hi = 40.0;  // standard normal quantile by bisection on Φ
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  const double z = 0.5 * (lo + hi);
  const double a = 2.0 / (9.0 * dof);
  const double t = 1.0 - a + z * std::sqrt(a);
  return dof * t * t * t;
}

// ---------------------------------------------------------------------------------------------
namespace {
struct TrueVehicle {
  double x;  // along-road position
  double v;
};
Vec3d polar_state(const TrueVehicle& tv, double road) {
  return {std::atan(tv.x / road), std::hypot(tv.x, road), tv.v};
}
}  // namespace

std::vector<SlotRecord> run_protocol(const ProtocolParams& pp, Rng& rng) {
  const CaseStudy cs(pp.model);  // validates the model parameters
  IRISAC_REQUIRE(pp.vehicles >= 1, "vehicles must be >= 1 (got ", pp.vehicles, ")");
  IRISAC_REQUIRE(pp.road_offset_m > 0.0 && pp.slot_s > 0.0, "road_offset_m and slot_s must be > 0");
  IRISAC_REQUIRE(pp.slots >= 1, "slots must be >= 1 (got ", pp.slots, ")");
  IRISAC_REQUIRE(pp.served_mode == IrsMode::refract || pp.served_mode == IrsMode::split,
                 "served_mode must be refract or split");
  IRISAC_REQUIRE(pp.split_reflect_fraction >= 0.0 && pp.split_reflect_fraction < 1.0,
                 "split_reflect_fraction must be in [0, 1) (got ", pp.split_reflect_fraction, ")");
  IRISAC_REQUIRE(pp.tau_s >= 0.0 && pp.tau_c >= 0.0 && pp.tau_s + pp.tau_c <= 1.0 + 1e-12,
                 "need tau_s, tau_c >= 0 and tau_s + tau_c <= 1 (got ", pp.tau_s, ", ", pp.tau_c, ")");
  const auto& mp = pp.model;
  const Index m = mp.irs_elements;
  const double m2 = static_cast<double>(m) * static_cast<double>(m);
  const double d_ref = pp.road_offset_m / std::cos(mp.theta);  // γ̄, ρ are given at this distance
  EchoMeasurementModel meas = pp.measurement;
  meas.rx_antennas = mp.rx_antennas;

  Mat3d q = Mat3d::Zero();
  q(0, 0) = pp.process_std_theta * pp.process_std_theta;
  q(1, 1) = pp.process_std_distance * pp.process_std_distance;
  q(2, 2) = pp.process_std_speed * pp.process_std_speed;

  const auto k_count = static_cast<std::size_t>(pp.vehicles);
  std::vector<TrueVehicle> truth(k_count);
  std::vector<TrackBelief> belief(k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    truth[k] = {pp.start_x_m - static_cast<double>(k) * pp.spacing_m, pp.speed_mps};
    const Vec3d s = polar_state(truth[k], pp.road_offset_m);
    belief[k].mean = s + Vec3d(pp.initial_std_theta * rng.normal(), pp.initial_std_distance * rng.normal(),
                               pp.initial_std_speed * rng.normal());
    belief[k].cov = Vec3d(pp.initial_std_theta * pp.initial_std_theta,
                          pp.initial_std_distance * pp.initial_std_distance,
                          pp.initial_std_speed * pp.initial_std_speed)
                        .asDiagonal();
  }

  std::vector<SlotRecord> out;
  out.reserve(static_cast<std::size_t>(pp.slots));
  for (Index n = 0; n < pp.slots; ++n) {
    // Time advances: true vehicles move along the road; every belief is predicted one slot.
    for (std::size_t k = 0; k < k_count; ++k) {
      truth[k].x += truth[k].v * pp.slot_s;
      belief[k] = ekf_predict(belief[k], pp.slot_s, q);
    }
    const auto served = static_cast<std::size_t>(n % pp.vehicles);
    const auto sensed = static_cast<std::size_t>((n + 1) % pp.vehicles);
    SlotRecord rec;
    rec.slot = n;
    rec.served = static_cast<Index>(served);
    rec.sensed = static_cast<Index>(sensed);

    // Communication sub-slot: IRS k refracts with phases designed at the belief mean.
    const Vec3d sk = polar_state(truth[served], pp.road_offset_m);
    const double th_hat = belief[served].mean[0];
    const double dk = sk[1];
    const double gbar = mp.comm_snr * (d_ref / dk) * (d_ref / dk);  // one-way β(d_k) ∝ d⁻²
    const double g_real = dirichlet_kernel(m, pi * (std::sin(sk[0]) - std::sin(th_hat))) / m2;
    const bool split = pp.served_mode == IrsMode::split;
    const double refract_share = split ? 1.0 - pp.split_reflect_fraction : 1.0;
    rec.served_mode = pp.served_mode;
    rec.theta_true = sk[0];
    rec.theta_est = th_hat;
    rec.rate = pp.tau_c * std::log2(1.0 + refract_share * gbar * g_real);
    rec.rate_expected =
        pp.tau_c * rate_closed_form(m, pi * std::cos(th_hat), belief[served].cov(0, 0), refract_share * gbar);
    if (split && pp.sensing_assist && pp.tau_c > 0.0) {
      // IOS split (P1): the served vehicle's own data echo, reflected with ε_r, measures it too.
      const double rho_k = mp.echo_snr * std::pow(d_ref / dk, 4.0) * pp.split_reflect_fraction;
      const double g2k = dirichlet_kernel(m, 2.0 * pi * (std::sin(sk[0]) - std::sin(th_hat))) / m2;
      const double gamma_k = rho_k * g2k * pp.tau_c;
      rec.served_echo_snr = gamma_k;
      if (gamma_k > 1e-9 && std::abs(sk[0]) < 1.5) {
        const RMat r = echo_measurement_cov(gamma_k, sk[0], sk[2], meas);
        RVec z = echo_measurement(sk, meas);
        for (Index i = 0; i < z.size(); ++i) z[i] += std::sqrt(r(i, i)) * rng.normal();
        belief[served] = ekf_update(
            belief[served], z, echo_measurement_cov(gamma_k, belief[served].mean[0], belief[served].mean[2], meas),
            meas);
      }
    }

    // Sensing of vehicle k+1: IRS k+1 reflects s_k (η τ_c, communication assistance) and the
    // dedicated sensing waveform (τ_s); two-way path ∝ d⁻⁴; retro-reflection gain at 2π.
    if (pp.sensing_assist && (pp.vehicles > 1 || pp.tau_s > 0.0)) {
      const Vec3d sj = polar_state(truth[sensed], pp.road_offset_m);
      const double th_hat_j = belief[sensed].mean[0];
      const double rho = mp.echo_snr * std::pow(d_ref / sj[1], 4.0) * mp.reflect_fraction;
      const double g2 = dirichlet_kernel(m, 2.0 * pi * (std::sin(sj[0]) - std::sin(th_hat_j))) / m2;
      // With one vehicle the served IRS is the sensed one: it cannot reflect while refracting.
      const double assist = (pp.comm_assist && pp.vehicles > 1) ? mp.eta * pp.tau_c : 0.0;
      const double gamma = rho * g2 * (pp.tau_s + assist);
      rec.echo_snr = gamma;
      rec.sensed_mode = IrsMode::reflect;
      if (gamma > 1e-9 && std::abs(sj[0]) < 1.5) {
        const RMat r = echo_measurement_cov(gamma, sj[0], sj[2], meas);
        RVec z = echo_measurement(sj, meas);
        for (Index i = 0; i < z.size(); ++i) z[i] += std::sqrt(r(i, i)) * rng.normal();
        // The receiver knows its echo SNR estimate, but not θ: R is evaluated at the prediction.
        const RMat r_est = echo_measurement_cov(gamma, belief[sensed].mean[0], belief[sensed].mean[2], meas);
        belief[sensed] = ekf_update(belief[sensed], z, r_est, meas);
      }
      rec.nees = nees(belief[sensed], sj);
    }
    out.push_back(rec);
  }
  return out;
}

}  // namespace irisac
