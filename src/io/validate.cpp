// The reference checks of `irisac validate` (docs/validate.md). Each entry recomputes a closed form
// or a golden value of the test suite through the public library functions.
#include "irisac/io/validate.hpp"

#include <cmath>
#include <limits>

#include "irisac/comm/optimize.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/document.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/isac/case_study.hpp"
#include "irisac/sensing/crb.hpp"
#include "irisac/sensing/detection.hpp"

namespace irisac::io {
namespace {

// G1 of tests/reference/comm_reference.py: rank-one LoS BS–IRS link G = a_N a_M^H (M = 4, N = 8,
// half-wavelength ULAs at sin 0.3 and sin −0.7), h_r,n = (cos x + j sin 2x)/√2 (x = n+1),
// h_d,m = 0.5 (cos(0.5m + 0.2) + j sin 1.1m), σ² = 1, P = 1.
CommProblem validate_g1_problem() {
  const Index M = 4, N = 8;
  auto ula = [](Index n, double s) {
    CVec a(n);
    for (Index i = 0; i < n; ++i) a(i) = std::polar(1.0, 3.14159265358979323846 * static_cast<double>(i) * s);
    return a;
  };
  const CVec aM = ula(M, std::sin(0.3)), aN = ula(N, std::sin(-0.7));
  const CMat G = aN * aM.adjoint();
  CMat hr(N, 1), hd(M, 1);
  for (Index n = 0; n < N; ++n) {
    const double x = static_cast<double>(n + 1);
    hr(n, 0) = Complex(std::cos(x), std::sin(2 * x)) / std::sqrt(2.0);
  }
  for (Index m = 0; m < M; ++m) {
    const double x = static_cast<double>(m);
    hd(m, 0) = 0.5 * Complex(std::cos(0.5 * x + 0.2), std::sin(1.1 * x));
  }
  return single_cell_problem(G, hr, hd, RVec::Ones(1), 1.0);
}

double validate_g1_snr(CommAlgorithm a) {
  Rng rng(1);
  CommOptions o;
  if (a == CommAlgorithm::bcd) o.tolerance = 1e-15;
  return optimize(validate_g1_problem(), CommObjective::snr, a, o, rng).objective;
}

double validate_fig4_rate(Scheme s, double gamma_th_db) {
  const CaseStudy cs{CaseStudyParams{}};
  return optimal_time_allocation(cs, s, db_to_lin(gamma_th_db)).rate;
}

std::vector<ReferenceCheck> build_checks() {
  std::vector<ReferenceCheck> c;
  const std::string comm_src = "tests/reference/comm_reference.py (G1: S^2 M + 2S|a_M^H h_d| + |h_d|^2)";
  const double g1 = 126.160737699588;
  c.push_back({"comm.g1_closed_form_snr", comm_src, g1, 1e-9 * g1, [] { return validate_g1_snr(CommAlgorithm::closed_form); }});
  c.push_back({"comm.g1_alternating_snr", comm_src, g1, 1e-9 * g1, [] { return validate_g1_snr(CommAlgorithm::alternating); }});
  c.push_back({"comm.g1_manifold_snr", comm_src, g1, 1e-9 * g1, [] { return validate_g1_snr(CommAlgorithm::manifold); }});
  c.push_back({"comm.g1_identity_gain", "tests/reference/comm_reference.py (|c(v = 1)|^2)", 38.6984057572538,
               1e-12 * 38.6984057572538, [] {
                 const CommProblem p = validate_g1_problem();
                 return effective_channels(p, CVec::Ones(p.elements())).squaredNorm();
               }});

  const std::string cs_src = "tests/reference/case_study_reference.py (bounded scalar search)";
  c.push_back({"case_study.effective_echo_snr", cs_src, 79.3463987148, 1e-8,
               [] { return CaseStudy(CaseStudyParams{}).effective_echo_snr(); }});
  c.push_back({"case_study.prior_rate_bps_hz", cs_src, 5.53502106053, 1e-10,
               [] { return CaseStudy(CaseStudyParams{}).prior_rate(); }});
  // Fig. 4 golden rates (the script's 9 digits; the polyblock's tolerance gives 1e-4).
  const double golden[][5] = {{0.0, 6.322939355, 5.535021061, 5.584470740, 5.465263376},
                              {14.0, 6.185339314, 5.403981778, 4.329737520, 3.782787245},
                              {18.0, 1.902378910, 1.619441019, 1.331665237, 1.133608713}};
  for (const auto& row : golden) {
    std::size_t i = 1;
    for (Scheme s : all_schemes()) {
      const double db = row[0];
      c.push_back({"case_study.fig4_rate_" + scheme_name(s) + "_" + std::to_string(static_cast<int>(db)) + "db_bps_hz",
                   cs_src, row[i++], 1e-4, [s, db] { return validate_fig4_rate(s, db); }});
    }
  }
  c.push_back({"case_study.array_gain_aligned", "closed form G(M, kappa, 0) = M^2 (M = 64)", 4096.0, 1e-9,
               [] { return array_gain(64, 3.14159265358979323846 * std::cos(0.5), 0.0); }});

  const std::string sen_src = "tests/reference/sensing_reference.py (scipy.stats.ncx2)";
  c.push_back({"sensing.marcum_q1_0_1", "closed form Q_1(0, b) = exp(-b^2/2) (b = 1)", 0.60653065971263342, 1e-12,
               [] { return marcum_q1(0.0, 1.0); }});
  c.push_back({"sensing.marcum_q1_1_0.5", sen_src, 0.92652739795664796, 1e-10, [] { return marcum_q1(1.0, 0.5); }});
  c.push_back({"sensing.marcum_q1_2_3", sen_src, 0.21436208816264943, 1e-10, [] { return marcum_q1(2.0, 3.0); }});
  c.push_back({"sensing.swerling1_pd", "closed form Pd = Pfa^(1/(1+SNR)) (SNR = 10, Pfa = 1e-3)",
               std::pow(1e-3, 1.0 / 11.0), 1e-12, [] { return glrt_pd_swerling1(10.0, 1e-3); }});
  c.push_back({"sensing.ula_doa_crb_rad2", "closed form 6/(T SNR (2 pi d)^2 cos^2 theta M (M^2-1)), M = 8, T = 10",
               6.0 / (10.0 * 2.0 * std::pow(2 * 3.14159265358979323846 * 0.5, 2) * std::pow(std::cos(0.3), 2) * 8.0 * 63.0),
               1e-15, [] { return ula_doa_crb(8, 0.5, 0.3, 2.0, 10); }});
  return c;
}

}  // namespace

const std::vector<ReferenceCheck>& reference_checks() {
  static const std::vector<ReferenceCheck> checks = build_checks();
  return checks;
}

std::map<std::string, double> parse_reference_overrides(const std::vector<std::string>& assignments,
                                                        const std::string& origin) {
  std::vector<std::string> names;
  for (const auto& c : reference_checks()) names.push_back(c.name);
  std::map<std::string, double> out;
  for (const std::string& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos)
      throw InputError(origin + " " + a, "", "NAME=VALUE", "no '='");
    const std::string name = a.substr(0, eq), text = a.substr(eq + 1);
    bool known = false;
    for (const auto& n : names) known = known || n == name;
    if (!known) {
      const std::string near = closest(name, names);
      throw InputError(origin + " " + a, "", "the name of a check (irisac validate lists them)",
                       "\"" + name + "\"", near.empty() ? std::string() : "did you mean \"" + near + "\"?");
    }
    std::size_t used = 0;
    double v = std::numeric_limits<double>::quiet_NaN();
    try {
      v = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || text.empty() || !std::isfinite(v))
      throw InputError(origin + " " + a, name, "a finite number", "\"" + text + "\"");
    out[name] = v;
  }
  return out;
}

std::vector<CheckResult> run_checks(const std::map<std::string, double>& overrides) {
  std::vector<CheckResult> out;
  for (const ReferenceCheck& c : reference_checks()) {
    CheckResult r;
    r.name = c.name;
    r.source = c.source;
    r.tolerance = c.tolerance;
    const auto it = overrides.find(c.name);
    r.reference = it == overrides.end() ? c.reference : it->second;
    try {
      r.value = c.compute();
    } catch (const std::exception&) {
      r.value = std::numeric_limits<double>::quiet_NaN();
    }
    r.error = std::abs(r.value - r.reference);
    r.pass = std::isfinite(r.value) && r.error <= r.tolerance;
    out.push_back(r);
  }
  return out;
}

}  // namespace irisac::io
