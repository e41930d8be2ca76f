// [case_study] parameters and the case-study metrics of the registry (docs/case-study.md).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/case_study_params.hpp"
#include "irisac/io/experiment.hpp"
#include "irisac/io/registry.hpp"

namespace irisac::io {
namespace {

Document doc(const char* text) { return Document::from_string(text, "cs.toml"); }

TEST(CaseStudyParams, DefaultsWhenAbsent) {
  const CaseStudyInput in = load_case_study(doc("[system]\ncarrier_hz = 28e9\n"));
  EXPECT_EQ(in.model.irs_elements, 64);
  EXPECT_EQ(in.model.rx_antennas, 16);
  EXPECT_NEAR(in.model.theta, deg_to_rad(30.0), 1e-15);
  EXPECT_NEAR(in.model.comm_snr, 100.0, 1e-12);
  EXPECT_NEAR(in.gamma_th, 10.0, 1e-12);
}

TEST(CaseStudyParams, ReadsKeysInEdgeUnits) {
  const CaseStudyInput in = load_case_study(doc(R"([case_study]
irs_elements = 32
theta_deg = 45
sigma_p_deg = 2.0
comm_snr_db = 10
echo_snr_db = 30
eta = 0.5
gamma_th_db = 3
rate_model = "monte_carlo"
solver = "boundary_search"
[case_study.tracking]
slot = 4
allocation = "fixed"
tau_s = 0.3
tau_c = 0.6
)"));
  EXPECT_EQ(in.model.irs_elements, 32);
  EXPECT_NEAR(in.model.sigma_p, deg_to_rad(2.0), 1e-15);
  EXPECT_NEAR(in.model.echo_snr, 1000.0, 1e-9);
  EXPECT_NEAR(in.gamma_th, db_to_lin(3.0), 1e-12);
  EXPECT_EQ(in.model.rate_model, RateModel::monte_carlo);
  EXPECT_EQ(in.solver, AllocationMethod::boundary_search);
  EXPECT_EQ(in.tracking.slots, 5);
  EXPECT_FALSE(in.tracking_optimal_allocation);
  EXPECT_NEAR(in.tracking.tau_s, 0.3, 1e-15);
}

TEST(CaseStudyParams, ErrorsNameFileLineAndKey) {
  try {
    (void)load_case_study(doc("[case_study]\nirs_elements = 64\netaa = 0.2\n"));
    FAIL() << "unknown key accepted";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("cs.toml:3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("etaa"), std::string::npos) << msg;
  }
  try {
    (void)load_case_study(doc("[case_study]\n\neta = 1.5\n"));
    FAIL() << "eta = 1.5 accepted";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("cs.toml:3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("case_study.eta"), std::string::npos) << msg;
  }
  EXPECT_THROW((void)load_case_study(doc("[case_study]\nrx_antennas = 1\n")), InputError);
  EXPECT_THROW((void)load_case_study(doc("[case_study]\nrate_model = \"jensen\"\n")), InputError);
  EXPECT_THROW((void)load_case_study(doc("[case_study.tracking]\nallocation = \"fixed\"\ntau_s = 0.7\ntau_c = 0.7\n")),
               InputError);
  // physical link budget and explicit SNRs are exclusive
  EXPECT_THROW((void)load_case_study(doc("[case_study]\ncomm_snr_db = 20\n[case_study.physical]\n")), InputError);
}

// CSM §4.6 / §7.2: 28 GHz, 30 dBm, −104 dBm, D = 20 m, θ = 30°, d_u = 1 m, M = 64, N_r = 16, L₀ = 100.
TEST(CaseStudyParams, PhysicalInstantiationMatchesNormalisedDefaults) {
  const CaseStudyInput in = load_case_study(doc("[case_study.physical]\n"));
  const double lambda = 299'792'458.0 / 28e9;
  const double beta0 = std::pow(lambda / (4.0 * std::numbers::pi), 2);
  const double d = 20.0 / std::cos(deg_to_rad(30.0));
  const double noise = dbm_to_watt(-104.0);
  const double gbar = 1.0 * (beta0 / (d * d)) * beta0 * 4096.0 / noise;
  const double rho = 1.0 * std::pow(beta0 / (d * d), 2) * 4096.0 * 16.0 * 100.0 / noise;
  EXPECT_NEAR(in.model.comm_snr / gbar, 1.0, 1e-12);
  EXPECT_NEAR(in.model.echo_snr / rho, 1.0, 1e-12);
  EXPECT_NEAR(lin_to_db(in.model.comm_snr), 20.07, 0.02);  // ≈ the normalised default 20 dB
  EXPECT_NEAR(lin_to_db(in.model.echo_snr), 24.83, 0.02);  // ≈ the normalised default 25 dB
}

const MetricGroup& group(const std::string& metric) {
  const MetricGroup* g = builtin_registry().find_metric(metric);
  if (!g) throw std::runtime_error("metric not registered: " + metric);
  return *g;
}

TEST(CaseStudyRegistry, Fig4MetricsAndInfeasibility) {
  const MetricGroup& g = group("rate_proposed_bps_hz");
  EXPECT_EQ(g.metrics.size(), 12u);
  EXPECT_NE(std::find(builtin_registry().parameter_tables.begin(), builtin_registry().parameter_tables.end(),
                      "case_study"),
            builtin_registry().parameter_tables.end());
  std::vector<double> out(12);
  Rng rng(1);
  g.prepare(doc("[case_study]\ngamma_th_db = 14\n"))(rng, out);
  // tests/reference/case_study_reference.py at 14 dB
  EXPECT_NEAR(out[0], 6.185339314, 1e-4);
  EXPECT_NEAR(out[1], 5.403981778, 1e-4);
  EXPECT_NEAR(out[2], 4.329737520, 1e-4);
  EXPECT_NEAR(out[3], 3.782787245, 1e-4);
  EXPECT_NEAR(out[4] + out[5], 1.0, 1e-6);  // τ_s + τ_c = T
  // 19.5 dB > ρ'T = 18.995 dB: the whole group is infeasible (no NaN, no zero).
  EXPECT_THROW((void)g.prepare(doc("[case_study]\ngamma_th_db = 19.5\n")), Infeasible);
}

TEST(CaseStudyRegistry, BoundsJointStageAndTracking) {
  std::vector<double> out(6);
  Rng rng(3);
  group("outer_bound_c2_bps_hz").prepare(doc("[case_study]\ngamma_th_db = 19.5\n"))(rng, out);  // ≤ S2
  EXPECT_GT(out[0], 6.3229);
  EXPECT_NEAR(out[2], 18.995272, 1e-5);
  EXPECT_NEAR(out[3], 18.995272 + lin_to_db(1.3), 1e-5);
  EXPECT_THROW((void)group("outer_bound_c2_bps_hz").prepare(doc("[case_study]\ngamma_th_db = 21\n")), Infeasible);
  group("joint_stage_worth_flag").prepare(doc("[case_study]\nsigma_p_deg = 0.01\n"))(rng, out);
  EXPECT_EQ(out[3], 0.0);
  group("tracked_rate_bps_hz").prepare(doc("[case_study]\ngamma_th_db = 14\n[case_study.tracking]\nslot = 5\n"))(rng, out);
  for (double v : out) EXPECT_TRUE(std::isfinite(v));
  EXPECT_GT(out[0], 3.0);
}

TEST(CaseStudyExperiments, AllFilesParse) {
  for (const char* f : {"case-study-fig4", "case-study-tracking", "case-study-joint-stage", "case-study-outer-bound"}) {
    const std::string path = std::string(IRISAC_SOURCE_DIR) + "/experiments/" + f + ".toml";
    EXPECT_NO_THROW((void)load_experiment(path, builtin_registry())) << path;
  }
  const Experiment e = load_experiment(std::string(IRISAC_SOURCE_DIR) + "/experiments/case-study-fig4.toml",
                                       builtin_registry());
  ASSERT_EQ(e.figures.size(), 2u);
  ASSERT_EQ(e.figures[0].hlines.size(), 1u);
  EXPECT_EQ(e.figures[0].hlines[0].y, 4.9);
}

}  // namespace
}  // namespace irisac::io
