#pragma once
/// \file Hybrid IRS (article §II-B, Fig. 1(d); breadth-models §4): a surface whose elements are any
/// mix of passive, active (amplifying, noisy) and sensor elements senses one target over two links:
///   link S (BS–IRS–target–sensors):   Y_s = α_s · β² S a(θ) (ψ ⊙ a(θ))ᵀ G_t X + N_s,
///   link B (BS–IRS–target–IRS–BS):    Y_b = α_b · β² G_r (ψ ⊙ a(θ)) (ψ ⊙ a(θ))ᵀ G_t X + G_r Ψ_A Z_a + N_b,
/// with ψ_n = v_n·(1 passive, √a active, 0 sensor), S the K × N selection of the sensor elements,
/// a(θ) the surface steering (UPA at the known elevation), β the surface–target amplitude, G_t the
/// BS → surface and G_r the surface → BS channels, Z_a ~ CN(0, σ_a²) the amplifier noise of the
/// active elements (Zhang et al., TCOM 71(3), 2023): covariance a·σ_a²·G_r D_A G_rᴴ at the BS, D_A the
/// 0/1 diagonal of the active elements. Noise N_s, N_b ~ CN(0, σ²I). Docs: docs/architectures.md §4.
/// Modelling choices: the two links' complex gains α_s, α_b are separate unknowns (the sensors are
/// not phase-synchronised with the BS, breadth-models §4.4), so the fused FIM of θ is the sum of the
/// two links' efficient FIMs, J = J_s + J_b; the amplifier noise that travels via the target (second
/// order in the path loss) and any coupling of it into the sensors are ignored.
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/core/types.hpp"
#include "irisac/scene/scene.hpp"
#include "irisac/sensing/echo_model.hpp"
#include "irisac/sensing/estimators.hpp"

namespace irisac {

/// The plain-matrix description of a hybrid surface's sensing set-up.
struct HybridGeometry {
  CMat bs_to_irs;                ///< G_t (N × Nt)
  CMat irs_to_bs;                ///< G_r (Nr × N)
  CVec reflection;               ///< ψ (N): applied coefficients, 0 at the sensor elements
  std::vector<Index> sensors;    ///< sensor element indices (link S receivers)
  std::vector<Index> active;     ///< active element indices (amplifier noise on link B)
  double amplified_noise_w = 0.0;///< a·σ_a²: amplifier noise power at an active element's output [W]
  double noise_var = 1.0;        ///< σ² of the BS receiver and of each sensor [W]
  Complex beta{1.0, 0.0};        ///< surface–target path amplitude
  Index rows = 1;                ///< surface rows (UPA; 1 = ULA)
  double spacing_y_wl = 0.5, spacing_z_wl = 0.5;
  double elevation = 0.0;        ///< known elevation of the target at the surface [rad]
};

/// The two links as echo models (sensing/echo_model.hpp): same θ, each with its own α.
struct HybridLinks {
  EchoModel sensors;             ///< link S (K receive elements); valid when has_sensors
  EchoModel bs;                  ///< link B (Nr receive elements); valid when has_bs
  bool has_sensors = false;
  bool has_bs = false;
};

/// Builds both links. has_sensors needs ≥ 1 sensor element; has_bs needs Nr ≥ 1 and a non-zero ψ.
/// Throws InvalidArgument on inconsistent sizes or indices, or when neither link exists.
[[nodiscard]] HybridLinks hybrid_links(const HybridGeometry& g);

/// Efficient Fisher information of θ of one link, α nuisance: J = 2T|α|²·bracket (crb.hpp); 0 when
/// θ is not identifiable on that link (e.g. link B through rank-one G_t and G_r).
[[nodiscard]] double link_angle_information(const EchoModel& model, const PointTarget& target, const CMat& tx_cov,
                                            Index num_snapshots);

struct HybridCrb {
  double info_sensors = 0.0;   ///< J_s [1/rad²]
  double info_bs = 0.0;        ///< J_b [1/rad²]
  double crb_sensors = 0.0;    ///< 1/J_s (+inf when J_s = 0) [rad²]
  double crb_bs = 0.0;         ///< 1/J_b (+inf when J_b = 0) [rad²]
  double crb_fused = 0.0;      ///< 1/(J_s + J_b) [rad²]
};
/// CRBs of the two links and of the fused estimate (FIMs add: independent noise, separate gains).
/// Throws NumericalError when neither link identifies θ.
[[nodiscard]] HybridCrb hybrid_crb(const HybridLinks& links, const PointTarget& target, const CMat& tx_cov,
                                   Index num_snapshots);

/// The joint FIM of (θ, Re α_s, Im α_s, Re α_b, Im α_b) of the stacked observation (Y_s, Y_b) from
/// known samples X, every derivative by central differences of the whitened echo means
/// (Richardson-extrapolated for θ, step h): an independent check of hybrid_crb. A missing link
/// leaves its two rows/columns zero.
[[nodiscard]] RMat hybrid_fim_numeric(const HybridLinks& links, const PointTarget& target, const CMat& samples,
                                      double step_rad = 1e-4);

/// One draw of both links' observations (independent noise; amplifier noise on link B).
struct HybridObservation {
  CMat sensors;  ///< Y_s (K × T), empty without link S
  CMat bs;       ///< Y_b (Nr × T), empty without link B
};
[[nodiscard]] HybridObservation simulate_hybrid(const HybridLinks& links, const PointTarget& target,
                                                const CMat& samples, Rng& rng);

/// Centralised ML fusion: θ̂ = argmax_θ Σ_links ‖P_{b_l(θ)} ỹ_l‖² (whitened, each α concentrated out),
/// the ML estimate from both links' raw samples; grid + golden section (opts).
[[nodiscard]] double hybrid_ml_fused(const HybridLinks& links, const HybridObservation& y, const CMat& samples,
                                     const AngleSearchOptions& opts = {});

/// Distributed fusion of two local estimates with informations J_s, J_b (inverse variances):
/// θ̂ = (J_s θ̂_s + J_b θ̂_b)/(J_s + J_b), variance 1/(J_s + J_b) when both are efficient and Gaussian
/// (then equal to the centralised CRB). Throws InvalidArgument when J_s + J_b ≤ 0 or a J < 0.
[[nodiscard]] double fuse_local_estimates(double theta_sensors, double info_sensors, double theta_bs,
                                          double info_bs);

/// IRS-side preprocessing (docs/architectures.md §4, a modelling choice): the local estimate is sent
/// with `bits` bits, a uniform mid-rise quantiser of [lo, hi] (2^bits cells of width Δ, clamped):
/// returns the centre of x's cell. bits in [1, 52].
[[nodiscard]] double quantise_uniform(double x, double lo, double hi, int bits);
/// Its error variance in the high-resolution model, Δ²/12, Δ = (hi − lo)/2^bits.
[[nodiscard]] double uniform_quantiser_variance(double lo, double hi, int bits);
/// Raw forwarding: each real and imaginary part quantised with `bits` bits, mid-rise over
/// [−clip, clip] (clamped). clip > 0, bits in [1, 24].
[[nodiscard]] CMat quantise_samples(const CMat& y, int bits, double clip);

/// From a scene: the hybrid surface `sel.surface` between BS `sel.bs` and target `sel.target`, phases
/// aligned to the target through the dominant BS–surface mode (v_n = e^{−j arg((G_t u)_n a_n)}), the
/// active elements' power gain a_eff = min(a, P_A / Σ_{n∈A}(P_in,n + σ_a²)) with the incident powers
/// P_in,n = (G_t R_x G_tᴴ)_nn of the transmit covariance. Throws InvalidArgument (message naming the
/// surface) when the surface is not hybrid or there is no echo path.
struct HybridSceneProblem {
  HybridGeometry geometry;
  HybridLinks links;
  PointTarget target;        ///< θ = azimuth at the surface, α = the target's scattering amplitude
  CMat tx_cov;               ///< R_x (Nt × Nt)
  double amplification = 1.0;///< a_eff used (linear)
};
enum class HybridTxCov { aligned, isotropic };
[[nodiscard]] HybridSceneProblem make_hybrid_problem(const Scene& scene, const ChannelSet& channels, Index bs,
                                                     Index surface, Index target, HybridTxCov tx_cov);

/// Closed forms in a LoS geometry with aligned phases (breadth-models §4.2), for tests and docs: the
/// echo energy per snapshot of link B grows as N_r⁴ and of link S as K·N_r² in the number N_r of
/// reflecting elements. echo_energy of one link = |α|²·tr(B R_x Bᴴ) (echo_model.hpp).
[[nodiscard]] double hybrid_link_echo_power(const EchoModel& model, const PointTarget& target, const CMat& tx_cov);

}  // namespace irisac
