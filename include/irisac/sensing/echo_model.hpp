#pragma once
/// \file Echo models of IRS-aided sensing on plain matrices (article §II-A; Song et al., TSP 71, 2023;
/// Shao et al., JSAC 40(7), 2022; Meng et al., TCOM 70(12), 2022). See docs/sensing.md.
///
/// Every model is written as Y = Σ_k α_k · r(θ_k) t(θ_k)ᵀ · X + Σ_i β_i D_i X + C + Z  (Nr × T):
///   - X ∈ ℂ^{Nt×T}: known transmit samples, or only their covariance R_x = XXᴴ/T;
///   - r(θ) ∈ ℂ^{Nr}: the receive leg (IRS → receiver, or the receiving array itself);
///   - t(θ) ∈ ℂ^{Nt}: the transmit leg (transmitter → IRS → target), so the target sees t(θ)ᵀx;
///   - α_k: complex reflection coefficient of point target k (path loss and RCS included);
///   - D_i: known-shape nuisance echoes with unknown coefficients β_i (e.g. the direct BS–target–BS
///     path when it is not blocked);
///   - C: clutter / NLoS returns, zero-mean with covariance Q_c per snapshot (interference);
///   - Z: white noise CN(0, σ² I) per snapshot.
/// The legs are:
///   - IRS leg:   r(θ) = G_r · (v ⊙ a_N(θ)),   t(θ) = G_tᵀ · (v ⊙ a_N(θ))   (a_N: IRS ULA steering),
///   - array leg: a_M(θ) of an M-element ULA (semi-passive IRS sensors, or a BS that sees the target),
///   - fixed leg: a known θ-independent vector.
/// The BS–IRS–target–IRS–BS echo (monostatic, virtual LoS) uses two IRS legs, so
///   B(θ) = r tᵀ = G_r Φ a aᵀ Φ G_t  with Φ = diag(v)   (Song et al., eq. of §2.1 in the reference).
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/core/types.hpp"

namespace irisac {

/// One leg of an echo path; a plain aggregate, immutable once built. Its response is
///   x(θ) = offset + gain · base(θ),   base = G·(v ⊙ a(θ)) (irs), a(θ) (array), response (fixed),
/// where a(θ) is the steering vector of the steered array (the IRS, or the sensor/receive array):
/// a ULA (rows = 1, elevation = 0) or a UPA steered in azimuth θ at a known elevation.
/// `gain` carries the target–array path amplitude; `offset` a θ-independent part (e.g. the direct
/// BS–target path when the BS cannot resolve the target's angle; a modelling choice).
struct EchoLeg {
  enum class Kind { irs, array, fixed };
  Kind kind = Kind::fixed;
  CMat channel;           ///< irs: out × N channel between the IRS and the transceiver (G_r or G_tᵀ)
  CVec reflection;        ///< irs: reflection vector v, |v_n| = 1 for a passive IRS (N entries)
  double spacing_wl = 0.5;///< irs / array: element spacing of the steered array along y [wavelengths]
  Index elements = 0;     ///< array: number of elements M
  CVec response;          ///< fixed: the θ-independent response
  Index rows = 1;         ///< irs / array: rows of the steered UPA (1 = ULA); N must be a multiple
  double spacing_z_wl = 0.5;  ///< row spacing of the steered UPA [wavelengths]
  double elevation = 0.0; ///< known elevation of the target seen from the steered array [rad]
  Complex gain{1.0, 0.0}; ///< multiplies the θ-dependent part
  CVec offset;            ///< θ-independent additive part (empty = 0)

  /// Output dimension (Nr for a receive leg, Nt for a transmit leg).
  [[nodiscard]] Index size() const;
  /// Number of elements of the steered array (N for an IRS leg, M for an array leg, 0 for fixed).
  [[nodiscard]] Index steered_size() const;
};

/// Steering vector a(θ) of the leg's steered array, or ∂a/∂θ (derivative = true). ULA:
/// a_n = e^{j2π d n sin θ}; UPA: geometry/array.hpp upa_steering(rows, N/rows, d_y, d_z, θ, elevation).
[[nodiscard]] CVec leg_steering(const EchoLeg& leg, double theta, bool derivative);

/// IRS → receiver leg r(θ) = G_r (v ⊙ a_N(θ)).  \param irs_to_rx G_r (Nr × N)
[[nodiscard]] EchoLeg irs_receive_leg(const CMat& irs_to_rx, const CVec& v, double spacing_wl = 0.5);
/// Transmitter → IRS leg t(θ) = G_tᵀ (v ⊙ a_N(θ)).  \param tx_to_irs G_t (N × Nt)
[[nodiscard]] EchoLeg irs_transmit_leg(const CMat& tx_to_irs, const CVec& v, double spacing_wl = 0.5);
/// Array leg a_M(θ) (semi-passive sensors, or a transceiver with a direct view of the target).
[[nodiscard]] EchoLeg array_leg(Index num_elements, double spacing_wl = 0.5);
/// Fixed leg (known, θ-independent).
[[nodiscard]] EchoLeg fixed_leg(const CVec& response);

/// Leg response at θ and its derivative ∂/∂θ (zero for a fixed leg).
[[nodiscard]] CVec leg_response(const EchoLeg& leg, double theta);
[[nodiscard]] CVec leg_derivative(const EchoLeg& leg, double theta);

/// A point target: angle seen from the IRS (or from the sensing array for array legs), complex
/// reflection coefficient, and optionally range and radial velocity (used by the delay/Doppler CRB).
struct PointTarget {
  double theta = 0.0;            ///< [rad] from broadside of the steered ULA
  Complex alpha{1.0, 0.0};       ///< reflection coefficient (includes path loss and RCS)
  double range_m = 0.0;          ///< [m], only for delay models
  double doppler_hz = 0.0;       ///< [Hz], only for Doppler models
};

/// The sensing echo model (see the file comment). Aggregate; copy to change.
struct EchoModel {
  EchoLeg receive;                    ///< r(θ) ∈ ℂ^{Nr}
  EchoLeg transmit;                   ///< t(θ) ∈ ℂ^{Nt}
  std::vector<CMat> nuisance_paths;   ///< D_i (Nr × Nt), unknown complex coefficients β_i
  std::vector<Complex> nuisance_coefficients;  ///< true β_i (for simulation); defaults to 0
  CMat interference_cov;              ///< Q_c (Nr × Nr) of clutter/NLoS per snapshot; empty = none
  double noise_var = 1.0;             ///< σ² per receive element and snapshot [W], > 0

  [[nodiscard]] Index num_rx() const { return receive.size(); }
  [[nodiscard]] Index num_tx() const { return transmit.size(); }
};

/// BS–IRS–target–IRS–BS (monostatic through the IRS's virtual LoS; direct path blocked).
/// \param bs_to_irs G_t (N × Nt)  \param irs_to_bs G_r (Nr × N)  \param v reflection (N)
[[nodiscard]] EchoModel monostatic_irs_model(const CMat& bs_to_irs, const CMat& irs_to_bs, const CVec& v,
                                             double noise_var, double irs_spacing_wl = 0.5);
/// Adds the direct BS–target–BS echo b_r b_tᵀ with an unknown coefficient (modelling choice: its
/// angle is known from the geometry, so it only adds a nuisance coefficient). Returns the new model.
[[nodiscard]] EchoModel with_direct_path(EchoModel model, const CVec& bs_rx_response, const CVec& bs_tx_response,
                                         Complex coefficient = {0.0, 0.0});
/// Tx–IRS–target–Rx (bistatic, the IRS illuminates the target; the receiver's response to the target
/// is known): r = rx_response, t(θ) = G_tᵀ(v ⊙ a(θ)).
[[nodiscard]] EchoModel bistatic_tx_irs_model(const CMat& tx_to_irs, const CVec& v, const CVec& rx_response,
                                              double noise_var, double irs_spacing_wl = 0.5);
/// target–IRS–Rx (bistatic, the transmitter illuminates the target directly, the echo reaches the
/// receiver through the IRS): r(θ) = G_r(v ⊙ a(θ)), t = tx_response.
[[nodiscard]] EchoModel bistatic_irs_rx_model(const CVec& tx_response, const CMat& irs_to_rx, const CVec& v,
                                              double noise_var, double irs_spacing_wl = 0.5);
/// BS–IRS–target–sensors (semi-passive IRS with M ULA sensors): r(θ) = a_M(θ), t(θ) = G_tᵀ(v ⊙ a(θ)).
[[nodiscard]] EchoModel semi_passive_model(const CMat& bs_to_irs, const CVec& v, Index num_sensors, double noise_var,
                                           double irs_spacing_wl = 0.5, double sensor_spacing_wl = 0.5);
/// Same model with the reflection vector replaced in every IRS leg.
[[nodiscard]] EchoModel with_reflection(EchoModel model, const CVec& v);

/// B(θ) = r(θ) t(θ)ᵀ (Nr × Nt) and Ḃ = ṙ tᵀ + r ṫᵀ.
[[nodiscard]] CMat echo_response(const EchoModel& model, double theta);
[[nodiscard]] CMat echo_response_derivative(const EchoModel& model, double theta);

/// Noise-free echo M = Σ_k α_k B(θ_k) X + Σ_i β_i D_i X (Nr × T).
[[nodiscard]] CMat echo_mean(const EchoModel& model, const std::vector<PointTarget>& targets, const CMat& samples);
/// Echo of an extended target through the IRS: G_r Φ H Φ G_t X (Nr × T).
[[nodiscard]] CMat extended_echo_mean(const CMat& bs_to_irs, const CMat& irs_to_bs, const CVec& v,
                                      const CMat& response, const CMat& samples);
/// One draw Y = mean + C + Z (clutter CN(0, Q_c) and noise CN(0, σ²I) per snapshot).
[[nodiscard]] CMat simulate_echo(const EchoModel& model, const std::vector<PointTarget>& targets,
                                 const CMat& samples, Rng& rng);

/// Total interference-plus-noise covariance per snapshot Q = σ²I + Q_c (Nr × Nr).
[[nodiscard]] CMat noise_covariance(const EchoModel& model);
/// Whitening matrix W with W Q Wᴴ = I (W = L⁻¹, Q = LLᴴ). Throws NumericalError if Q is not positive definite.
[[nodiscard]] CMat whitening_matrix(const EchoModel& model);

/// Known samples with XXᴴ/T = R_x exactly: X = √T · R_x^{1/2} · F, F the first Nt rows of the
/// unitary T-point DFT (needs T ≥ Nt). \param tx_cov R_x (Nt × Nt), Hermitian PSD.
[[nodiscard]] CMat waveform_from_covariance(const CMat& tx_cov, Index num_snapshots);

/// Echo energy over T snapshots, |α|² · T · tr(B R_x Bᴴ) [W·snapshots] (no noise).
[[nodiscard]] double echo_energy(const EchoModel& model, const PointTarget& target, const CMat& tx_cov,
                                 Index num_snapshots);
/// Integrated (matched-filter) echo SNR |α|² T tr(B R_x Bᴴ)/σ², the SNR of the GLRT (detection.hpp).
[[nodiscard]] double echo_snr(const EchoModel& model, const PointTarget& target, const CMat& tx_cov,
                              Index num_snapshots);
/// Transmit beampattern (illumination) gain towards θ through the transmit leg: tᴴ R_xᵀ t = tᵀ R_x t*
/// (Meng et al., TCOM 2022: |aᴴ(θ) Φ G w|² for R_x = wwᴴ).
[[nodiscard]] double beampattern_gain(const EchoModel& model, double theta, const CMat& tx_cov);

}  // namespace irisac
