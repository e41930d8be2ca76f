#pragma once
/// \file The [cooperation] table: several surfaces sense one target with their own sensors and fuse
/// their azimuths into a position (docs/architectures.md §4, sensing/cooperative.hpp):
///   [cooperation]
///   bs = "bs"; target = "car"           # names; default the first of each
///   surfaces = ["north", "east"]        # the cooperating surfaces (default: every fixed surface)
///   count = 2                           # use the first `count` of them (default: all)
///   fusion = "inverse_variance"         # distributed fusion rule, or "equal_weight"
///   report_bits = 0                     # bits of each reported angle (0 = unquantised double)
///   snapshots = 64                      # T
///   grid_size = 512; search_min_deg = -80.0; search_max_deg = 80.0   # local ML search
///   split_elements = 0                  # > 0: this many elements split equally over the `count` surfaces
///   los_distance_m = 0                  # > 0: P_LoS = exp(-d / los_distance_m) per surface (coverage)
///   random_position = false             # true: target uniform in [area_min_m, area_max_m] (x, y)
///   area_min_m = [0, 0]; area_max_m = [40, 40]   # the area (coverage metrics always draw the target in it)
#include <limits>
#include <vector>

#include "irisac/core/rng.hpp"
#include "irisac/io/document.hpp"
#include "irisac/scene/scene.hpp"
#include "irisac/sensing/cooperative.hpp"

namespace irisac::io {

struct CooperationOptions {
  Index bs = 0, target = 0;
  std::vector<Index> surfaces;  ///< the cooperating surfaces (after `count`)
  CoopFusion fusion = CoopFusion::inverse_variance;
  Index report_bits = 0;
  Index snapshots = 64;
  AngleSearchOptions search{};
  Index split_elements = 0;
  double los_distance_m = std::numeric_limits<double>::infinity();
  bool random_position = false;
  bool has_area = false;  ///< area_min_m / area_max_m given
  Vec2 area_min = Vec2::Zero(), area_max = Vec2::Zero();
};

/// Reads and checks [cooperation] (InputError naming the key, exit 2). `fusion` = true for the
/// position metrics: at least 2 surfaces, each with sensors.
[[nodiscard]] CooperationOptions read_cooperation_options(const Document& doc, const Scene& scene, bool fusion);
/// The scene with split_elements applied (cols of each cooperating surface = split / (count·rows)).
[[nodiscard]] Scene cooperation_scene(Scene scene, const CooperationOptions& o);
/// Moves the target to a uniform random point of the area when random_position (height kept).
void place_cooperation_target(Scene& scene, const CooperationOptions& o, Rng& rng);

/// One realisation: every cooperating surface's semi-passive view (aligned phases), R_x = P/N_t·I,
/// known samples X with XXᴴ/T = R_x.
struct CooperationRealisation {
  std::vector<CoopView> views;
  CMat tx_cov;
  CMat samples;
  Vec3 position;  ///< true target position
};
[[nodiscard]] CooperationRealisation draw_cooperation(const Scene& scene, const CooperationOptions& o,
                                                      const ChannelSet& ch);

struct CooperationBounds {
  std::vector<double> local_crb_rad2;
  double crb_centralised_m2 = 0.0;  ///< tr(J_c⁻¹) = PEB²
  double crb_distributed_m2 = 0.0;  ///< tr(C_d)
  double loss_db = 0.0;             ///< 10 log10(tr C_d / tr J_c⁻¹) ≥ 0
};
[[nodiscard]] CooperationBounds cooperation_bounds(const CooperationRealisation& s, const CooperationOptions& o);

struct CooperationEstimate {
  Vec3 distributed, centralised;
};
/// Draws every surface's echo, forms the local reports and fuses them (distributed), and runs the
/// centralised ML from the unquantised inverse-variance triangulation.
[[nodiscard]] CooperationEstimate cooperation_estimate(const CooperationRealisation& s, const CooperationOptions& o,
                                                       Rng& rng);

/// Bits one surface sends: the angle (report_bits, or 64 for a double) and its variance (a 32-bit float).
[[nodiscard]] Index cooperation_payload_bits(const CooperationOptions& o);

}  // namespace irisac::io
