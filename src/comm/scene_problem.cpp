#include "irisac/comm/scene_problem.hpp"

#include "irisac/core/error.hpp"

namespace irisac {

std::vector<Index> nearest_bs(const Scene& scene) {
  std::vector<Index> out;
  for (const auto& u : scene.users) {
    Index best = 0;
    double bd = -1;
    for (std::size_t b = 0; b < scene.base_stations.size(); ++b) {
      const double d = (scene.base_stations[b].pose.position_m - u.pose.position_m).norm();
      if (bd < 0 || d < bd) bd = d, best = static_cast<Index>(b);
    }
    out.push_back(best);
  }
  return out;
}

CommProblem comm_problem(const Scene& scene, const ChannelSet& ch, const std::vector<Index>& serving) {
  IRISAC_REQUIRE(!scene.base_stations.empty(), "the scene has no base station ([[bs]])");
  IRISAC_REQUIRE(!scene.users.empty(), "the scene has no users ([[user]]): communication objectives need at least one");
  IRISAC_REQUIRE(!scene.surfaces.empty(), "the scene has no surface ([[irs]]) to optimise");
  const Index B = static_cast<Index>(scene.base_stations.size());
  const Index K = static_cast<Index>(scene.users.size());
  const Index M = scene.base_stations.front().tx.size();
  for (const auto& bs : scene.base_stations)
    IRISAC_REQUIRE(bs.tx.size() == M, "all BSs need the same number of transmit antennas (", bs.name, " has ",
                   bs.tx.size(), ", the first has ", M, ")");
  for (const auto& u : scene.users)
    IRISAC_REQUIRE(u.array.size() == 1, "user ", u.name, " has ", u.array.size(),
                   " antennas; the communication designs assume single-antenna users");
  Index N = 0;
  for (const auto& s : scene.surfaces) {
    IRISAC_REQUIRE(!(s.mode == SurfaceMode::simultaneous && s.protocol == StarProtocol::time_switching),
                   "surface ", s.name, ": time-switching STAR surfaces are not supported by the comm designs");
    N += s.size();
  }
  CommProblem p;
  p.bs_to_irs.assign(static_cast<std::size_t>(B), CMat(N, M));
  p.bs_to_user.assign(static_cast<std::size_t>(B), CMat(M, K));
  p.irs_to_user.resize(N, K);
  for (Index b = 0; b < B; ++b) {
    const auto bb = static_cast<std::size_t>(b);
    Index off = 0;
    for (std::size_t i = 0; i < scene.surfaces.size(); ++i) {
      const Index Ni = scene.surfaces[i].size();
      p.bs_to_irs[bb].middleRows(off, Ni) = ch.bs_surface[bb][i];
      off += Ni;
    }
    for (Index k = 0; k < K; ++k) p.bs_to_user[bb].col(k) = ch.bs_user[bb][static_cast<std::size_t>(k)].row(0).adjoint();
  }
  // h_{r,k} = conj(row ⊙ α), α = coefficient at v = 1 on the side the path uses (geometry of BS 0
  // and user k; with several BSs on different sides the first BS decides — a modelling choice).
  const Vec3 bs_pos = scene.base_stations.front().pose.position_m;
  for (Index k = 0; k < K; ++k) {
    Index off = 0;
    for (std::size_t i = 0; i < scene.surfaces.size(); ++i) {
      const Surface& s = scene.surfaces[i];
      const Index Ni = s.size();
      const SurfaceResponse r = surface_response(s, CVec::Ones(Ni));
      const bool refl = is_reflection_path(s, bs_pos, scene.users[static_cast<std::size_t>(k)].pose.position_m);
      const CVec alpha = refl ? r.reflect : r.transmit;
      const CMat& row = ch.surface_user[i][static_cast<std::size_t>(k)];
      p.irs_to_user.col(k).segment(off, Ni) = row.row(0).transpose().cwiseProduct(alpha).conjugate();
      off += Ni;
    }
  }
  p.serving = serving.empty() ? nearest_bs(scene) : serving;
  const double sigma2 = scene.system.noise_power_w();
  p.noise_w = RVec::Constant(K, sigma2);
  p.power_w = scene.base_stations.front().tx_power_w;
  bool any_target = false;
  RVec gamma(K);
  for (Index k = 0; k < K; ++k) {
    gamma(k) = scene.users[static_cast<std::size_t>(k)].min_sinr;
    any_target = any_target || gamma(k) > 0;
  }
  if (any_target) {
    for (Index k = 0; k < K; ++k)
      IRISAC_REQUIRE(gamma(k) > 0, "user ", scene.users[static_cast<std::size_t>(k)].name,
                     " has no SINR target while others do (set min_sinr_db for every user)");
    p.sinr_min = gamma;
  }
  validate(p);
  return p;
}

std::vector<CVec> split_phases(const Scene& scene, const CVec& v) {
  std::vector<CVec> out;
  Index off = 0;
  for (const auto& s : scene.surfaces) {
    IRISAC_REQUIRE(off + s.size() <= v.size(), "v is shorter than the scene's surfaces (", v.size(), ")");
    out.emplace_back(v.segment(off, s.size()));
    off += s.size();
  }
  return out;
}

}  // namespace irisac
