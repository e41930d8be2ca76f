#pragma once
/// \file The optional [sensing] table of a scenario document (docs/sensing.md, "Scenario keys"):
///   [sensing]
///   bs = "bs"; surface = "wall"; target = "car"   # names; default: the first of each
///   mode = "monostatic"          # or "semi_passive" (the surface's sensors receive the echo)
///                                # or "target_mounted" (default when the target carries the surface)
///   num_sensors = 0              # semi-passive: overrides the surface's num_sensors
///   snapshots = 64               # T
///   phases = "aligned"           # "aligned" | "random" | "ones" | "echo_design" | "crb_design"
///                                # | "max_min" | "decorrelation" | "rank" (several [[target]]s)
///   tx_cov = "isotropic"         # "isotropic" | "crb" (R_x minimising the CRB of target_model)
///   receiver = "bs"              # receiving BS; another BS than `bs` = bistatic sensing
///   bistatic_path = "tx_irs"     # "tx_irs" (BS-IRS-target-rx) | "irs_rx" (BS-target-IRS-rx)
///   target_model = "point"       # or "extended" (N×N response through the surface, its CRB)
///   pfa = 1e-3                   # detection false-alarm probability
///   grid_size = 512              # estimator search grid
///   search_min_deg = -80.0; search_max_deg = 80.0   # azimuth search interval at the surface
///   design_iterations = 3        # alternating rounds of the designs
#include <string>

#include "irisac/core/rng.hpp"
#include "irisac/io/document.hpp"
#include "irisac/scene/scene.hpp"
#include "irisac/sensing/estimators.hpp"
#include "irisac/sensing/scene_problem.hpp"

namespace irisac::io {

struct SensingOptions {
  SensingSelection selection{};
  Index snapshots = 64;
  std::string phases = "aligned";
  std::string tx_cov = "isotropic";
  double pfa = 1e-3;
  AngleSearchOptions search{};
  Index design_iterations = 3;
  CVec given_phases;  ///< non-empty: these phases of the sensing surface instead of `phases` (crb --phases FILE)
  std::string target_model = "point";  ///< "point" | "extended"
};

/// InputError at [sensing] target_model unless it is "point" (the angle bounds and estimators), and at
/// [sensing] receiver for a bistatic tx_irs receiver, whose θ-independent response gives MUSIC and the
/// beam scan nothing to scan. `use` names what needs it (for the message).
void require_point_target(const Document& doc, const SensingOptions& opts, const std::string& use);
void require_receive_manifold(const Document& doc, const SensingOptions& opts, const std::string& use);

/// The phases that design for several targets at once (design.hpp), which need ≥ 2 [[target]]s.
[[nodiscard]] bool is_multi_target_phases(const std::string& phases);

/// Reads and checks [sensing] against the scene; InputError (file:line, key) on bad values, including a
/// scene without target, base station or surface.
[[nodiscard]] SensingOptions read_sensing_options(const Document& doc, const Scene& scene);

/// One sensing realisation: channels drawn from `rng`, phases and R_x chosen as the options say.
struct SensingRealisation {
  SensingProblem problem;
  CMat tx_cov;
  ChannelSet channels;     ///< the draw the problem was built from
  CVec start_phases;       ///< the phases the design started from (the realised ones without a design)
  TargetsView targets;     ///< every target through the surface (thetas empty unless ≥ 2 targets apply)
};
[[nodiscard]] SensingRealisation draw_sensing(const Scene& scene, const SensingOptions& opts, Rng& rng);

/// Extended-target CRB of a realisation (sum of the N² (mono) or N_s·N (semi-passive) entry
/// variances, crb.hpp) with its R_x, with R_x = P/Nt·I, and with the closed-form optimal R_x.
struct ExtendedCrb {
  double realised = 0.0;
  double isotropic = 0.0;
  double optimal = 0.0;
};
[[nodiscard]] ExtendedCrb extended_crb(const SensingRealisation& s, const SensingOptions& opts);

/// The realisation's phases and R_x seen by every target (s.targets): min_k tr(B_k R_x B_kᴴ)/P,
/// the largest echo-signature correlation of two targets and the rank of the multi-target channel.
struct TargetsSummary {
  double min_gain = 0.0;         ///< linear
  double max_correlation = 0.0;  ///< in [0, 1]
  Index rank = 0;
};
[[nodiscard]] TargetsSummary targets_summary(const SensingRealisation& s);

}  // namespace irisac::io
