#pragma once
/// \file Cascaded channels through surfaces and rank diagnostics. See docs/models.md §Cascaded channels.
///
/// Direct path plus any number of single-reflection (or refraction) surface paths:
///   H = H_d + Σ_i H_{i→rx} · diag(c_i) · H_{tx→i},
/// with c_i the per-element coefficients of surface i (reflection or transmission, see irs/surface.hpp).
/// Echo through a point target (radar): H_echo = s · h_{t→rx} · h_{tx→t}ᵀ, where h_{tx→t} is the full
/// (direct + surfaces) channel from the transmitter to the target, h_{t→rx} the one back, and
/// s = √(4πσ/λ²)·e^{jφ} the target's scattering amplitude; for the monostatic virtual-LoS geometry
/// BS–IRS–target–IRS–BS this is G_rxᵀ diag(v) a a^T diag(v) G_tx · (path gains) · s.
#include <vector>

#include "irisac/core/types.hpp"

namespace irisac {

/// H += H_out · diag(coeff) · G_in without temporaries (rank-one updates, O(N·N_rx·N_tx)).
/// \param h      N_rx × N_tx, accumulated in place
/// \param h_out  N_rx × N (surface → receiver)  \param coeff N  \param g_in N × N_tx (transmitter → surface)
void add_surface_path(CMat& h, const CMat& h_out, const CVec& coeff, const CMat& g_in);

/// One surface path: references to the two links and the coefficients (not owned).
struct SurfacePath {
  const CMat* h_out;  ///< surface → receiver, N_rx × N
  const CVec* coeff;  ///< N
  const CMat* g_in;   ///< transmitter → surface, N × N_tx
};

/// H_d + Σ paths. All dimensions are checked.
[[nodiscard]] CMat cascaded_channel(const CMat& direct, const std::vector<SurfacePath>& paths);

/// Two-way echo through a point target: s · h_back · h_forwardᵀ (N_rx × N_tx).
/// \param h_forward transmitter → target channel as an N_tx vector (row of the 1 × N_tx link)
/// \param h_back    target → receiver channel (N_rx)
[[nodiscard]] CMat point_target_echo(const CVec& h_forward, const CVec& h_back, Complex scattering);

/// Rank, singular values and condition number of a link.
struct LinkDiagnostics {
  Index rank = 0;             ///< number of singular values > rel_tol · σ_max
  RVec singular_values;       ///< descending
  double condition_number = 0.0;  ///< σ_max / σ_min over all min(rows, cols) values (∞ if rank-deficient)
};
[[nodiscard]] LinkDiagnostics link_diagnostics(const CMat& h, double rel_tol = 1e-9);

}  // namespace irisac
