#pragma once
/// \file What `irisac show` prints, computed in the library: per link the geometry, path gain,
/// model, rank and singular values; per user the SNR with random and with aligned phases; per
/// target the echo SNR. One channel realisation drawn from the scene's seed.
#include <optional>
#include <string>
#include <vector>

#include "irisac/channel/cascaded.hpp"
#include "irisac/scene/link_budget.hpp"

namespace irisac {

struct LinkReport {
  std::string from, to;        ///< node names ("bs" transmit side / receive side is in the name: "bs1.tx")
  std::string model;           ///< los, rician, rayleigh, blocked, file
  LinkGeometry geometry{};
  double path_gain = 0.0;      ///< large-scale power gain β(d) (linear); 0 for blocked
  LinkDiagnostics diagnostics{};
};

struct UserReport {
  std::string name;
  double snr_random = 0.0;     ///< mean SNR over `random_draws` independent uniform phase draws (linear)
  double snr_aligned = 0.0;    ///< SNR with phases aligned for this user (linear)
  std::optional<double> snr_given;  ///< SNR with the given phases (report(scene, draws, phases))
};

struct TargetReport {
  std::string name;
  double echo_snr_random = 0.0;   ///< mean echo SNR over random phase draws (linear)
  double echo_snr_aligned = 0.0;  ///< echo SNR with surfaces aligned towards the target (linear)
  std::optional<double> echo_snr_given;  ///< echo SNR with the given phases
};

struct SceneReport {
  double wavelength_m = 0.0;
  double noise_power_w = 0.0;
  std::vector<LinkReport> links;
  std::vector<UserReport> users;    ///< served by the first base station
  std::vector<TargetReport> targets;  ///< sensed by the first base station
  Index random_draws = 0;
  std::vector<std::string> notes;  ///< why a path is zero (path_notes)
};

/// One line per path that is zero because of geometry or the scenario, saying which path and why:
/// a blocked [[link]], and, for the first BS, every BS → surface → user/target path that a
/// surface's mode cancels (a reflect-mode surface with the node behind it, a refract-mode surface
/// with the node on the BS's side). `irisac show`, `crb` and `optimize` print them.
[[nodiscard]] std::vector<std::string> path_notes(const Scene& scene);

/// Draws one realisation with Rng(scene.seed) and evaluates every link, user and target.
[[nodiscard]] SceneReport report(const Scene& scene, Index random_draws = 256);
/// The same, plus every user's SNR and target's echo SNR with the given phases (one vector per
/// surface, the scene's sizes; `irisac show --phases FILE`).
[[nodiscard]] SceneReport report(const Scene& scene, Index random_draws, const SurfacePhases& given);

}  // namespace irisac
