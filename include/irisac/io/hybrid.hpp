#pragma once
/// \file The [hybrid] table (docs/architectures.md §4): sensing through a hybrid IRS over its two
/// links, their fusion and the IRS-side report. Read by the metric groups architectures.hybrid and
/// architectures.hybrid_report (registry_hybrid.cpp) and by `irisac crb` / `irisac show`.
///
///   [hybrid]
///   bs = "bs"; surface = "wall"; target = "car"   # names; default the first (surface: first hybrid)
///   snapshots = 32          # T >= 1
///   tx_cov = "aligned"      # or "isotropic"
///   search_min_deg = -80.0; search_max_deg = 80.0; grid_size = 256   # ML search, report range
///   report_bits = 8         # bits of the quantised local estimate (1..32)
///   raw_bits = 4            # bits per real sample of raw forwarding (1..16)
///   raw_clip = 3.0          # raw quantiser clip level in RMS units of the frame (> 0)
#include <string>

#include "irisac/core/rng.hpp"
#include "irisac/io/document.hpp"
#include "irisac/scene/scene.hpp"
#include "irisac/sensing/hybrid_irs.hpp"

namespace irisac::io {

struct HybridOptions {
  Index bs = 0, surface = 0, target = 0;
  Index snapshots = 32;
  HybridTxCov tx_cov = HybridTxCov::aligned;
  AngleSearchOptions search{};
  int report_bits = 8;
  int raw_bits = 4;
  double raw_clip = 3.0;
};

/// Reads and checks [hybrid] against the scene: exit-2 errors name the key, e.g. a surface that is
/// not hybrid (hybrid.surface), a hybrid surface without sensor elements or without reflecting
/// elements (irs.<i>.sensor_elements).
[[nodiscard]] HybridOptions read_hybrid_options(const Document& doc, const Scene& scene);

/// One realisation's numbers, as `irisac crb` and `irisac show` print them.
struct HybridSummary {
  std::string surface, target;
  Index elements = 0, passive = 0, active = 0, sensors = 0;
  double amplification_db = 0.0;  ///< a_eff used
  double sensor_snr_db = 0.0;     ///< integrated echo SNR of link S
  double bs_snr_db = 0.0;         ///< integrated echo SNR of link B (amplifier noise included)
  HybridCrb crb;
  double azimuth_deg = 0.0;
};
[[nodiscard]] HybridSummary hybrid_summary(const Scene& scene, const HybridOptions& o, Rng& rng);

}  // namespace irisac::io
