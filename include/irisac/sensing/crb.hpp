#pragma once
/// \file Cramér–Rao bounds of IRS-aided sensing (docs/sensing.md, "Bounds").
///
/// Point target (Song et al., TSP 71:2011–2026, 2023; F. Liu et al., TSP 2022 for the form):
///   CRB(θ) = σ² / ( 2T|α|² [ tr(Ḃ R_x Ḃᴴ) − |tr(B R_x Ḃᴴ)|² / tr(B R_x Bᴴ) ] )
/// with the reflection coefficient α as a nuisance parameter. With additional nuisance echoes D_i
/// or clutter, the bracket is the Schur complement of the whitened Gram matrix (same formula with
/// the projection onto span{B, D_i} removed). If G_t and G_r are both rank one, B and Ḃ are
/// proportional, the bracket vanishes and the angle is not identifiable (NumericalError).
///
/// Extended target (Song et al.):  CRB(H) = (σ²/T) · tr((G_t R_x G_tᴴ)⁻¹) · tr((G_rᴴ G_r)⁻¹),
/// independent of Φ, minimised by R_x* = Σ_i p_i u_i u_iᴴ, p_i = P λ_i^{-1/2} / Σ_j λ_j^{-1/2}.
/// Semi-passive sensors (Fang et al., TCOM 72(9), 2024): CRB(H_s) = (σ²/T)·N_s·tr((G R_x Gᴴ)⁻¹).
/// ULA DoA (Shao et al., JSAC 2022; textbook): CRB(θ) = 6σ² / (T·SNR·(2πd)²cos²θ·M(M²−1)).
#include <string>
#include <vector>

#include "irisac/core/types.hpp"
#include "irisac/sensing/echo_model.hpp"

namespace irisac {

/// Parameter order of the point-target FIMs below: θ_1..θ_K, then (Re α_k, Im α_k) for each target,
/// then (Re β_i, Im β_i) for each nuisance path. Names: "theta[k]", "re_alpha[k]", ...
[[nodiscard]] std::vector<std::string> point_target_parameter_names(const EchoModel& model, std::size_t num_targets);

/// Slepian–Bangs FIM of K point targets with R_x over T snapshots (analytic derivatives, whitened
/// for clutter). Targets may share the IRS–receiver link (Meng et al., TCOM 2022).
[[nodiscard]] RMat point_target_fim(const EchoModel& model, const std::vector<PointTarget>& targets,
                                    const CMat& tx_cov, Index num_snapshots);
/// Same FIM from known samples X (Nt × T).
[[nodiscard]] RMat point_target_fim_samples(const EchoModel& model, const std::vector<PointTarget>& targets,
                                            const CMat& samples);
/// Same FIM with ∂μ/∂θ from Richardson-extrapolated central differences of the echo (a check of
/// the analytic derivatives; error O(h⁴)). \param step_rad h > 0
[[nodiscard]] RMat point_target_fim_numeric(const EchoModel& model, const std::vector<PointTarget>& targets,
                                            const CMat& tx_cov, Index num_snapshots, double step_rad = 1e-4);

/// Closed-form CRB(θ) of one point target, α (and any β_i) nuisance [rad²]. Throws NumericalError
/// if the angle is not identifiable (e.g. rank-one BS–IRS and IRS–BS channels).
[[nodiscard]] double crb_angle(const EchoModel& model, const PointTarget& target, const CMat& tx_cov,
                               Index num_snapshots);
/// CRB(θ) of one target as [J⁻¹]_θθ of the full FIM (point_target_fim + crb_from_fim).
[[nodiscard]] double crb_angle_from_fim(const EchoModel& model, const PointTarget& target, const CMat& tx_cov,
                                        Index num_snapshots);
/// The "bracket" J_eff(θ)/(2T|α|²) of the closed form: information on θ left after removing the
/// nuisance directions (whitened). ≥ 0; zero ⇔ not identifiable.
[[nodiscard]] double angle_information(const EchoModel& model, const PointTarget& target, const CMat& tx_cov,
                                       Index num_snapshots);

/// ULA DoA CRB with unknown complex amplitude, closed form 6/(T·SNR·(2πd)²cos²θ·M(M²−1)) [rad²].
/// \param snr per-snapshot per-element SNR |βs|²/σ² (linear) > 0
[[nodiscard]] double ula_doa_crb(Index num_elements, double spacing_wl, double theta, double snr,
                                 Index num_snapshots);

/// Extended target through the IRS, closed form [sum of the N² entry variances].
/// \param bs_to_irs G_t (N × Nt)  \param irs_to_bs G_r (Nr × N). Throws NumericalError (with the
/// rank) when G_t R_x G_tᴴ or G_rᴴ G_r is singular (needs Nt ≥ N, Nr ≥ N and full-rank links).
[[nodiscard]] double extended_target_crb(const CMat& bs_to_irs, const CMat& irs_to_bs, const CMat& tx_cov,
                                         Index num_snapshots, double noise_var);
/// Same quantity as tr(J⁻¹) of the 2N²-parameter real FIM built from samples (check of the
/// closed form and of its independence of v).
[[nodiscard]] double extended_target_crb_numeric(const CMat& bs_to_irs, const CMat& irs_to_bs, const CVec& v,
                                                 const CMat& tx_cov, Index num_snapshots, double noise_var);
/// R_x minimising the extended-target CRB under tr(R_x) ≤ P (closed form above).
[[nodiscard]] CMat extended_target_optimal_tx_cov(const CMat& bs_to_irs, double power);
/// CRB of the N_s × N response seen by N_s semi-passive sensors: (σ²/T)·N_s·tr((G R_x Gᴴ)⁻¹).
[[nodiscard]] double semi_passive_extended_crb(const CMat& bs_to_irs, const CMat& tx_cov, Index num_sensors,
                                               Index num_snapshots, double noise_var);

/// Delay and Doppler of one echo μ_n = α s(t_n − τ) e^{j2π f_D t_n} of a known band-limited
/// (periodic) waveform s sampled at f_s. Parameter order (τ, f_D, Re α, Im α).
[[nodiscard]] RMat delay_doppler_fim(const CVec& samples, double sample_rate_hz, Complex alpha, double delay_s,
                                     double doppler_hz, double noise_var);
struct RangeVelocityCrb {
  double delay_s2 = 0.0;       ///< CRB(τ) [s²]
  double doppler_hz2 = 0.0;    ///< CRB(f_D) [Hz²]
  double range_m2 = 0.0;       ///< CRB of the monostatic range R = cτ/2 [m²]
  double velocity_m2ps2 = 0.0; ///< CRB of the radial velocity λ f_D / 2 [(m/s)²]
};
/// Joint delay/Doppler CRB (both unknown, α nuisance). \param wavelength_m carrier wavelength
[[nodiscard]] RangeVelocityCrb range_velocity_crb(const CVec& samples, double sample_rate_hz, Complex alpha,
                                                  double noise_var, double wavelength_m);
/// Closed forms with the other parameter known: CRB(τ) = σ²/(2|α|²(2π)² E β²_rms) and
/// CRB(f_D) = σ²/(2|α|²(2π)² E T²_rms), E = Σ|s_n|², β_rms, T_rms the centred RMS bandwidth
/// (Gabor) and duration of s.
[[nodiscard]] double delay_crb_closed_form(const CVec& samples, double sample_rate_hz, Complex alpha, double noise_var);
[[nodiscard]] double doppler_crb_closed_form(const CVec& samples, double sample_rate_hz, Complex alpha,
                                             double noise_var);

}  // namespace irisac
