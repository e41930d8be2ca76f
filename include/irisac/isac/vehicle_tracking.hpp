#pragma once
/// \file Vehicle tracking for the case study (CSM §4.8.3; EKF framework of F. Liu, W. Yuan,
/// C. Masouros, J. Yuan, "Radar-assisted predictive beamforming for vehicular links", IEEE TWC
/// 2020, arXiv:2001.09306; equations reconstructed) and the time-slotted protocol engine of the
/// article's §IV-D (sensing-assisted refraction, communication-assisted sensing through IRS k+1).
///
/// Geometry (CSM §4.1): BS at the origin, receive ULA along x, broadside +y; straight road y = D;
/// vehicles drive along +x. Angle from broadside θ = atan(x/D), distance d = √(x² + D²).
/// State s = [θ, d, v]ᵀ with the transition (interval ΔT)
///   θ⁺ = θ + vΔT cos θ / d,   d⁺ = d + vΔT sin θ,   v⁺ = v   (+ process noise w ~ N(0, Q))
/// and echo measurements z = [θ̃, d̃ (, μ̃)]ᵀ with variances from the accumulated echo SNR Γ:
///   var θ̃ = CRB(Γ) = 6/(Γπ²cos²θ(N_r²−1)),  var d̃ = c²/(32π² B_rms² Γ),
///   μ = 2 v sin θ f_c / c (Doppler, optional),  var μ̃ = 3/(2π² Γ T_obs²).
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "irisac/core/rng.hpp"
#include "irisac/core/types.hpp"
#include "irisac/isac/case_study.hpp"

namespace irisac {

using Vec3d = Eigen::Vector3d;
using Mat3d = Eigen::Matrix3d;

/// Gaussian belief on [θ, d, v].
struct TrackBelief {
  Vec3d mean = Vec3d::Zero();
  Mat3d cov = Mat3d::Identity();
};

/// Measurement noise model parameters [R].
struct EchoMeasurementModel {
  Index rx_antennas = 16;          ///< N_r
  double bandwidth_rms_hz = 50e6;  ///< RMS bandwidth of the echo waveform (range accuracy)
  bool use_doppler = false;        ///< add the Doppler measurement (makes the update nonlinear)
  double carrier_hz = 28e9;        ///< for the Doppler map
  double observation_s = 0.01;     ///< coherent observation time of the Doppler estimate
};

/// f(s): the transition above (no noise).
[[nodiscard]] Vec3d vehicle_transition(const Vec3d& s, double dt);
/// ∂f/∂s.
[[nodiscard]] Mat3d vehicle_transition_jacobian(const Vec3d& s, double dt);
/// EKF prediction: mean f(m), covariance F P Fᵀ + Q.
[[nodiscard]] TrackBelief ekf_predict(const TrackBelief& b, double dt, const Mat3d& process_cov);
/// Measurement map h(s) (2 or 3 entries) and its Jacobian.
[[nodiscard]] RVec echo_measurement(const Vec3d& s, const EchoMeasurementModel& m);
[[nodiscard]] RMat echo_measurement_jacobian(const Vec3d& s, const EchoMeasurementModel& m);
/// Measurement covariance for echo SNR Γ at angle θ (diagonal).
/// \throws InvalidArgument if Γ ≤ 0.
[[nodiscard]] RMat echo_measurement_cov(double echo_snr, double theta, double speed,
                                        const EchoMeasurementModel& m);
/// EKF update with measurement z and covariance R (Joseph form, symmetric result).
/// \throws NumericalError if the innovation covariance is singular.
[[nodiscard]] TrackBelief ekf_update(const TrackBelief& b, const RVec& z, const RMat& r,
                                     const EchoMeasurementModel& m);
/// Normalised estimation error squared (s − m)ᵀ P⁻¹ (s − m).
[[nodiscard]] double nees(const TrackBelief& b, const Vec3d& truth);

// ---------------------------------------------------------------------------------------------
// Protocol engine
// ---------------------------------------------------------------------------------------------

/// IRS operating mode in a sub-slot: refract to the cabin, reflect back to the BS, or split the
/// power (IOS, reflected fraction ε_r).
enum class IrsMode { idle, refract, reflect, split };

struct ProtocolParams {
  CaseStudyParams model;       ///< M, N_r, γ̄ and ρ at the reference geometry (model.theta), η, ε_r
  Index vehicles = 3;          ///< K, served round-robin, one per slot
  double road_offset_m = 20.0;     ///< D
  double speed_mps = 20.0;         ///< v (all vehicles)
  double spacing_m = 10.0;         ///< along-road gap between consecutive vehicles
  double start_x_m = 10.0;         ///< x of vehicle 0 at t = 0 (vehicle k starts at start − k·spacing)
  double slot_s = 0.02;            ///< physical slot length ΔT
  Index slots = 100;               ///< slots simulated
  double tau_s = 0.1;              ///< dedicated sensing share of the slot (τ_s/T)
  double tau_c = 0.9;              ///< communication share (τ_c/T), τ_s + τ_c ≤ 1
  bool sensing_assist = true;      ///< design refraction/reflection from the EKF (else: dead reckoning,
                                   ///< no echo updates, i.e. w/o s-assistance in the dynamic setting)
  bool comm_assist = true;         ///< count the reflected data signal as echo (η τ_c)
  /// Mode of the served IRS during τ_c: refract (the article's case study) or split (P1-style IOS:
  /// it refracts 1 − ε_r of the power to the cabin and reflects ε_r back, so the served vehicle is
  /// also measured from its own data echo).
  IrsMode served_mode = IrsMode::refract;
  double split_reflect_fraction = 0.2;  ///< ε_r of the split mode [R]
  double process_std_theta = 2e-4; ///< Q: per-slot std of θ [rad]
  double process_std_distance = 0.02;  ///< per-slot std of d [m]
  double process_std_speed = 0.05;     ///< per-slot std of v [m/s]
  double initial_std_theta = 0.01;     ///< initial belief std [rad]
  double initial_std_distance = 1.0;   ///< [m]
  double initial_std_speed = 1.0;      ///< [m/s]
  EchoMeasurementModel measurement;
};

/// What happened in one slot.
struct SlotRecord {
  Index slot = 0;
  Index served = 0;           ///< vehicle k receiving data (IRS k refracts)
  Index sensed = 0;           ///< vehicle k+1 being localised (IRS k+1 reflects)
  double theta_true = 0.0;    ///< of the served vehicle [rad]
  double theta_est = 0.0;     ///< belief mean used for its refraction [rad]
  double rate = 0.0;          ///< realised (τ_c/T) log2(1 + γ̄_k |D(π(sinθ − sinθ̂))|²/M²) [bps/Hz]
  double rate_expected = 0.0; ///< closed form with the belief variance [bps/Hz]
  double echo_snr = 0.0;      ///< accumulated Γ of the sensed vehicle (0 if none)
  double nees = 0.0;          ///< NEES of the sensed vehicle's belief after the update
  IrsMode served_mode = IrsMode::refract;  ///< IRS k during τ_c
  IrsMode sensed_mode = IrsMode::idle;     ///< IRS k+1 during the slot (reflect when sensed)
  double served_echo_snr = 0.0;            ///< Γ of the served vehicle's own echo (split mode)
};

/// Runs the protocol for params.slots slots. Randomness (initial beliefs, measurement noise) only
/// from `rng`. The true vehicles follow the straight-road kinematics exactly.
/// \throws InvalidArgument on bad parameters.
[[nodiscard]] std::vector<SlotRecord> run_protocol(const ProtocolParams& params, Rng& rng);

/// Wilson–Hilferty approximation of the χ² quantile with k degrees of freedom (relative error below
/// 1e-3 for k ≥ 30): k (1 − 2/(9k) + z_p √(2/(9k)))³, z_p the standard normal quantile.
[[nodiscard]] double chi2_quantile_wilson_hilferty(double p, double dof);

}  // namespace irisac
