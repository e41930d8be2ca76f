#include "irisac/isac/star_split.hpp"

#include <algorithm>
#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"

namespace irisac {
namespace {

// Fisher information of the angle per unit echo SNR: π² cos²θ (N_r² − 1)/6.
double ss_info_per_snr(const CaseStudyParams& p) {
  const double c = std::cos(p.theta), n = static_cast<double>(p.rx_antennas);
  return constants::pi * constants::pi * c * c * (n * n - 1.0) / 6.0;
}

Index ss_reflect_elements(Index m, double f) {
  return std::clamp<Index>(static_cast<Index>(std::floor(f * static_cast<double>(m) + 0.5)), 0, m);
}

}  // namespace

StarSplitPoint star_split_point(const CaseStudy& cs, StarSplit kind, double f) {
  IRISAC_REQUIRE(f >= 0.0 && f <= 1.0, "fraction must be in [0, 1] (got ", f, ")");
  const CaseStudyParams& p = cs.params();
  const double sp2 = p.sigma_p * p.sigma_p;
  const double gc = cs.gain_comm(sp2), gs = cs.gain_sense(sp2);
  StarSplitPoint out;
  out.fraction = f;
  switch (kind) {
    case StarSplit::energy:
      out.rate = std::log2(1.0 + p.comm_snr * (1.0 - f) * gc);
      out.echo_snr = p.echo_snr * f * gs * p.slot;
      break;
    case StarSplit::time:
      out.rate = (1.0 - f) * std::log2(1.0 + p.comm_snr * gc);
      out.echo_snr = p.echo_snr * f * gs * p.slot;
      break;
    case StarSplit::elements: {
      const Index m = p.irs_elements, mr = ss_reflect_elements(m, f), mt = m - mr;
      const double dm = static_cast<double>(m);
      out.fraction = static_cast<double>(mr) / dm;
      const double ft = static_cast<double>(mt) / dm, fr = static_cast<double>(mr) / dm;
      out.rate = mt == 0 ? 0.0
                         : std::log2(1.0 + p.comm_snr * ft * ft *
                                               normalized_array_gain(mt, cs.kappa_comm(), sp2));
      out.echo_snr = mr == 0 ? 0.0 : p.echo_snr * fr * fr * normalized_array_gain(mr, cs.kappa_sense(), sp2) * p.slot;
      break;
    }
  }
  out.crb = 1.0 / (1.0 / sp2 + out.echo_snr * ss_info_per_snr(p));
  return out;
}

StarSplitPoint star_split_best(const CaseStudy& cs, StarSplit kind, double crb_max) {
  IRISAC_REQUIRE(crb_max > 0.0 && std::isfinite(crb_max), "crb_max must be > 0 (got ", crb_max, ")");
  const CaseStudyParams& p = cs.params();
  const double sp2 = p.sigma_p * p.sigma_p;
  const StarSplitPoint all = star_split_point(cs, kind, 1.0);
  if (all.crb > crb_max * (1.0 + 1e-12))
    throw Infeasible(detail::concat("localisation bound ", crb_max, " rad^2 below the all-reflect bound ", all.crb,
                                    " rad^2"));
  const double need = std::max(0.0, (1.0 / crb_max - 1.0 / sp2) / ss_info_per_snr(p));  // Γ needed
  if (kind != StarSplit::elements) {
    const double f = std::clamp(need / (p.echo_snr * cs.gain_sense(sp2) * p.slot), 0.0, 1.0);
    return star_split_point(cs, kind, f);
  }
  // MS: the smallest M_r that meets the bound (Γ is increasing in M_r).
  for (Index mr = 0; mr <= p.irs_elements; ++mr) {
    const StarSplitPoint pt =
        star_split_point(cs, kind, static_cast<double>(mr) / static_cast<double>(p.irs_elements));
    if (pt.echo_snr >= need * (1.0 - 1e-12)) return pt;
  }
  return all;
}

}  // namespace irisac
