// Uses the installed irisac: a scenario from a TOML string (irisac::io), one channel draw, the
// closed-form IRS phases for the single user (irisac::irisac), and the case study's optimal rate
// at a 0 dB requirement (article Fig. 4, 6.32294 bps/Hz). Prints both; exits 1 if the rate is off.
#include <cmath>
#include <cstdio>

#include "irisac/comm/optimize.hpp"
#include "irisac/comm/scene_problem.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/isac/case_study.hpp"

int main() {
  const char* text = R"(
[system]
carrier_hz = 2.4e9
seed = 4
[[bs]]
name = "ap"
position_m = [0.0, 0.0, 0.0]
tx = { rows = 1, cols = 4 }
[[irs]]
name = "irs"
position_m = [51.0, 0.0, 0.0]
orientation_deg = [180.0, 0.0, 0.0]
rows = 4
cols = 4
[[user]]
name = "u"
position_m = [50.0, 2.0, 0.0]
)";
  const irisac::Scene scene = irisac::io::load_scene(irisac::io::Document::from_string(text, "<consumer>"));
  irisac::Rng rng(scene.seed, 0, 0, 0);
  const irisac::ChannelSet ch = irisac::draw_channels(scene, rng);
  const irisac::CommProblem p = irisac::comm_problem(scene, ch, {});
  irisac::Rng design(scene.seed, 0, 0, 1);
  const auto r = irisac::optimize(p, irisac::CommObjective::snr, irisac::CommAlgorithm::closed_form, {}, design);
  std::printf("consumer: N = %ld, M = %ld, SNR %.3f dB\n", static_cast<long>(p.elements()),
              static_cast<long>(p.antennas()), 10 * std::log10(r.objective));
  const irisac::CaseStudy cs{irisac::CaseStudyParams{}};
  const double rate = irisac::optimal_time_allocation(cs, irisac::Scheme::proposed, 1.0).rate;
  std::printf("consumer: case study, proposed scheme at 0 dB: %.6f bps/Hz\n", rate);
  return std::abs(rate - 6.322939355) < 1e-4 ? 0 : 1;
}
