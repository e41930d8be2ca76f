#pragma once
/// \file Link budgets of a drawn scene: a user's effective channel for given surface phases, its SNR
/// with random and with aligned phases, and a target's echo SNR. See docs/models.md §Link budget.
///
/// Effective channel from BS b to user u (N_u × N_tx), surfaces i with responses (r_i, t_i):
///   H_u(v) = H_{b→u} + Σ_i H_{i→u} · diag(c_i) · G_{b→i},  c_i = r_i (same side) or t_i (opposite side).
/// SNR with the best single-stream transmit beamformer and receive combiner (MRT/MRC):
///   γ = P · σ_max(H_u)² / (σ² + σ_a² Σ_i ‖H_{i→u} diag(c_i)‖²_F / N_u)   (the second term only for active surfaces)
/// An active surface with a power budget P_a amplifies by a_eff = min(a, P_a/(Σ_n P_in,n + Nσ_a²)),
/// P_in,n = P‖G_n‖²/N_tx (incident power of an isotropic transmission; a modelling choice).
/// Echo through target t, monostatic at BS b:
///   H_e = s_t · h_{t→b} h_{b→t}ᵀ + Σ_{i mounted on t} H_{i→b} diag(r_i) G_{b→i},
///   h_{b→t} = h_{b→t}^direct + Σ_i (surface paths),  echo SNR = P · σ_max(H_e)² / σ².
#include <vector>

#include "irisac/scene/scene.hpp"

namespace irisac {

/// Phase vectors (unit modulus), one per surface of the scene.
using SurfacePhases = std::vector<CVec>;

/// All-ones phases (θ = 0) for every surface.
[[nodiscard]] SurfacePhases zero_phases(const Scene& scene);
/// Independent uniform phases.
[[nodiscard]] SurfacePhases random_phases(const Scene& scene, Rng& rng);

/// Effective channel BS b → user u.
[[nodiscard]] CMat user_channel(const Scene& scene, const ChannelSet& ch, Index bs, Index user,
                                const SurfacePhases& phases);
/// SNR of user u served alone by BS b at full power (linear).
[[nodiscard]] double user_snr(const Scene& scene, const ChannelSet& ch, Index bs, Index user, const SurfacePhases& phases);

/// Phases that maximise user u's received power: alternating optimisation of the MRT beamformer and
/// per-element phase alignment (Wu & Zhang, TWC 2019, eq. (28)); globally optimal for a single-antenna
/// BS with one surface. A multi-antenna user combines with the dominant left singular vector of its
/// channel, alternated with the alignment. Phases are quantised to each surface's resolution.
[[nodiscard]] SurfacePhases aligned_phases_for_user(const Scene& scene, const ChannelSet& ch, Index bs, Index user,
                                                    int max_iterations = 50);

/// Full channel BS b (transmit array) → target t, as an N_tx vector (direct + surface paths).
[[nodiscard]] CVec target_forward_channel(const Scene& scene, const ChannelSet& ch, Index bs, Index target,
                                          const SurfacePhases& phases);
/// Echo channel N_rx × N_tx at BS b through target t (and surfaces mounted on it).
[[nodiscard]] CMat echo_channel(const Scene& scene, const ChannelSet& ch, Index bs, Index target,
                                const SurfacePhases& phases);
/// Echo SNR P·σ_max(H_e)²/σ² (linear).
[[nodiscard]] double echo_snr(const Scene& scene, const ChannelSet& ch, Index bs, Index target,
                              const SurfacePhases& phases);
/// Phases that point every surface at target t (maximising the forward power, the same alignment as
/// for a user); surfaces mounted on t are set to retro-reflect towards BS b.
[[nodiscard]] SurfacePhases aligned_phases_for_target(const Scene& scene, const ChannelSet& ch, Index bs, Index target,
                                                      int max_iterations = 50);

}  // namespace irisac
