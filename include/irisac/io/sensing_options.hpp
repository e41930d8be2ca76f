#pragma once
/// \file The optional [sensing] table of a scenario document (docs/sensing.md, "Scenario keys"):
///   [sensing]
///   bs = "bs"; surface = "wall"; target = "car"   # names; default: the first of each
///   mode = "monostatic"          # or "semi_passive" (the surface's sensors receive the echo)
///                                # or "target_mounted" (default when the target carries the surface)
///   num_sensors = 0              # semi-passive: overrides the surface's num_sensors
///   snapshots = 64               # T
///   phases = "aligned"           # "aligned" | "random" | "echo_design" | "crb_design"
///   tx_cov = "isotropic"         # "isotropic" | "crb" (Frank–Wolfe R_x for the CRB at the chosen phases)
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
};

/// Reads and checks [sensing] against the scene; InputError (file:line, key) on bad values, including a
/// scene without target, base station or surface.
[[nodiscard]] SensingOptions read_sensing_options(const Document& doc, const Scene& scene);

/// One sensing realisation: channels drawn from `rng`, phases and R_x chosen as the options say.
struct SensingRealisation {
  SensingProblem problem;
  CMat tx_cov;
};
[[nodiscard]] SensingRealisation draw_sensing(const Scene& scene, const SensingOptions& opts, Rng& rng);

}  // namespace irisac::io
