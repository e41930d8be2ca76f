#pragma once
/// \file From a drawn scene realisation to a CommProblem (and back to per-surface phases).
///
/// Every surface of the scene is stacked into one IRS of N = Σ_i N_i elements (v = [v_1; …; v_I]),
/// G_b = [G_{b→1}; …; G_{b→I}], so that user k receives
///   y_k = (h_{d,k,b}^H + Σ_i h_{r,k,i}^H diag(v_i) G_{b→i}) x.
/// Modelling choices (docs/comm.md): each element's coefficient at v_n = 1 (from surface_response:
/// √ε for the reflected part of an energy-splitting STAR element, √a for an active element, 0/1
/// for mode switching, the reflect/refract side by geometry) scales h_r; one phase vector drives
/// both faces of a STAR surface; double reflections between surfaces and the amplifier noise of
/// active surfaces are ignored; each user is served by the nearest BS unless `serving` says
/// otherwise; P is the transmit power of BS 0 (all BSs must have the same number of antennas).
#include <vector>

#include "irisac/comm/problem.hpp"
#include "irisac/scene/scene.hpp"

namespace irisac {

/// \throws InvalidArgument for a scene without BSs, surfaces or users, multi-antenna users, BSs with
///   different antenna counts, or time-switching surfaces.
[[nodiscard]] CommProblem comm_problem(const Scene& scene, const ChannelSet& channels,
                                       const std::vector<Index>& serving = {});

/// Index of the nearest BS of every user.
[[nodiscard]] std::vector<Index> nearest_bs(const Scene& scene);

/// Splits the stacked v into one vector per surface.
[[nodiscard]] std::vector<CVec> split_phases(const Scene& scene, const CVec& v);

}  // namespace irisac
