#include "irisac/sensing/crb.hpp"

#include <cmath>
#include <sstream>
#include <utility>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/sensing/fisher.hpp"

namespace irisac {
namespace {
using constants::two_pi;

void check_cov(const EchoModel& model, const CMat& tx_cov, Index num_snapshots) {
  IRISAC_REQUIRE(tx_cov.rows() == model.num_tx() && tx_cov.cols() == model.num_tx(), "tx_cov must be ",
                 model.num_tx(), "x", model.num_tx(), " (got ", tx_cov.rows(), "x", tx_cov.cols(), ")");
  IRISAC_REQUIRE(num_snapshots >= 1, "num_snapshots must be >= 1 (got ", num_snapshots, ")");
  IRISAC_REQUIRE(tx_cov.trace().real() > 0.0, "transmit power tr(R_x) must be > 0 (got ", tx_cov.trace().real(),
                 ")");
}

/// {B(θ), ∂B/∂θ} with each leg's response and derivative computed once (echo_response() and
/// echo_response_derivative() separately evaluate the two responses twice); the same expressions,
/// so the same numbers.
std::pair<CMat, CMat> crb_response_and_derivative(const EchoModel& model, double theta) {
  const CVec r = leg_response(model.receive, theta), t = leg_response(model.transmit, theta);
  const CVec rd = leg_derivative(model.receive, theta), td = leg_derivative(model.transmit, theta);
  CMat b = r * t.transpose();
  CMat db = rd * t.transpose() + r * td.transpose();
  return {std::move(b), std::move(db)};
}

/// Whitened derivative matrices in the documented parameter order.
std::vector<CMat> point_derivatives(const EchoModel& model, const std::vector<PointTarget>& targets,
                                    bool numeric_theta, double step) {
  IRISAC_REQUIRE(!targets.empty(), "need at least one target");
  const CMat w = whitening_matrix(model);
  std::vector<CMat> d;
  std::vector<CMat> responses;  // B(θ) of each target, from the analytic pass when there is one
  for (const auto& tg : targets) {
    CMat db;
    if (!numeric_theta) {
      auto [b, dbt] = crb_response_and_derivative(model, tg.theta);
      responses.push_back(std::move(b));
      db = std::move(dbt);
    } else {
      auto central = [&](double h) {
        return CMat((echo_response(model, tg.theta + h) - echo_response(model, tg.theta - h)) / (2.0 * h));
      };
      db = (4.0 * central(step / 2.0) - central(step)) / 3.0;  // Richardson: O(h⁴)
    }
    d.push_back(w * (tg.alpha * db));
  }
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const CMat b = w * (responses.empty() ? echo_response(model, targets[i].theta) : responses[i]);
    d.push_back(b);
    d.push_back(j_unit * b);
  }
  for (const auto& p : model.nuisance_paths) {
    IRISAC_REQUIRE(p.rows() == model.num_rx() && p.cols() == model.num_tx(), "nuisance path must be ",
                   model.num_rx(), "x", model.num_tx());
    d.push_back(w * p);
    d.push_back(j_unit * (w * p));
  }
  return d;
}
}  // namespace

std::vector<std::string> point_target_parameter_names(const EchoModel& model, std::size_t num_targets) {
  std::vector<std::string> n;
  for (std::size_t k = 0; k < num_targets; ++k) n.push_back("theta[" + std::to_string(k) + "]");
  for (std::size_t k = 0; k < num_targets; ++k) {
    n.push_back("re_alpha[" + std::to_string(k) + "]");
    n.push_back("im_alpha[" + std::to_string(k) + "]");
  }
  for (std::size_t i = 0; i < model.nuisance_paths.size(); ++i) {
    n.push_back("re_beta[" + std::to_string(i) + "]");
    n.push_back("im_beta[" + std::to_string(i) + "]");
  }
  return n;
}

RMat point_target_fim(const EchoModel& model, const std::vector<PointTarget>& targets, const CMat& tx_cov,
                      Index num_snapshots) {
  check_cov(model, tx_cov, num_snapshots);
  return fisher_information_from_covariance(point_derivatives(model, targets, false, 0.0), tx_cov, num_snapshots);
}

RMat point_target_fim_numeric(const EchoModel& model, const std::vector<PointTarget>& targets, const CMat& tx_cov,
                              Index num_snapshots, double step_rad) {
  check_cov(model, tx_cov, num_snapshots);
  IRISAC_REQUIRE(step_rad > 0.0, "step_rad must be > 0 (got ", step_rad, ")");
  return fisher_information_from_covariance(point_derivatives(model, targets, true, step_rad), tx_cov,
                                            num_snapshots);
}

RMat point_target_fim_samples(const EchoModel& model, const std::vector<PointTarget>& targets, const CMat& samples) {
  IRISAC_REQUIRE(samples.rows() == model.num_tx() && samples.cols() >= 1, "samples must have ", model.num_tx(),
                 " rows (got ", samples.rows(), "x", samples.cols(), ")");
  const auto d = point_derivatives(model, targets, false, 0.0);
  CMat jac(model.num_rx() * samples.cols(), static_cast<Index>(d.size()));
  for (std::size_t p = 0; p < d.size(); ++p) {
    const CMat m = d[p] * samples;
    jac.col(static_cast<Index>(p)) = m.reshaped();
  }
  return fisher_information(jac, 1.0);
}

namespace {
/// {J_eff/(2T|α|²), ⟨Ḃ,Ḃ⟩} (whitened).
std::pair<double, double> angle_information_parts(const EchoModel& model, const PointTarget& target,
                                                  const CMat& tx_cov, Index num_snapshots) {
  check_cov(model, tx_cov, num_snapshots);
  const CMat w = whitening_matrix(model);
  const auto [b0, db0] = crb_response_and_derivative(model, target.theta);
  const CMat d = w * db0;
  std::vector<CMat> f{w * b0};
  for (const auto& p : model.nuisance_paths) f.push_back(w * p);
  // ⟨A, C⟩ = tr(Aᴴ C R_x)
  auto ip = [&](const CMat& a, const CMat& c) { return (a.conjugate().cwiseProduct(c * tx_cov)).sum(); };
  const auto k = static_cast<Index>(f.size());
  CMat gram(k, k);
  CVec g(k);
  for (Index i = 0; i < k; ++i) {
    g[i] = ip(f[static_cast<std::size_t>(i)], d);
    for (Index jj = 0; jj < k; ++jj) gram(i, jj) = ip(f[static_cast<std::size_t>(i)], f[static_cast<std::size_t>(jj)]);
  }
  const double dd = ip(d, d).real();
  if (!(gram(0, 0).real() > 0.0))
    throw NumericalError("crb_angle(): the echo of the target is zero (no path to it or zero transmit power)");
  Eigen::LDLT<CMat> ldlt(gram);
  const Eigen::SelfAdjointEigenSolver<CMat> es(gram, Eigen::EigenvaluesOnly);
  if (es.eigenvalues()[0] <= fim_rank_tolerance * es.eigenvalues()[k - 1])
    throw NumericalError(
        "crb_angle(): the nuisance echoes are linearly dependent on the target echo (singular Gram matrix), so the "
        "reflection coefficients are not identifiable");
  const double proj = (g.adjoint() * ldlt.solve(g))(0).real();
  return {std::max(0.0, dd - proj), dd};
}
}  // namespace

double angle_information(const EchoModel& model, const PointTarget& target, const CMat& tx_cov,
                         Index num_snapshots) {
  return angle_information_parts(model, target, tx_cov, num_snapshots).first;
}

double crb_angle(const EchoModel& model, const PointTarget& target, const CMat& tx_cov, Index num_snapshots) {
  IRISAC_REQUIRE(std::abs(target.alpha) > 0.0, "target reflection coefficient must be non-zero");
  const auto [info, dd] = angle_information_parts(model, target, tx_cov, num_snapshots);
  if (!(info > fim_rank_tolerance * dd)) {
    std::ostringstream os;
    os << "crb_angle(): angle not identifiable: the Fisher information on theta left after removing the "
          "reflection coefficient is "
       << info << " (relative " << (dd > 0.0 ? info / dd : 0.0) << " < " << fim_rank_tolerance
       << "), i.e. the 3x3 FIM (theta, Re alpha, Im alpha) has rank 2. This happens when the BS-IRS and IRS-BS "
          "channels are rank one (LoS): dB/dtheta is then proportional to B, so a rank-one channel cannot carry "
          "both the angle and the reflection coefficient. Use a high-rank BS-IRS channel, IRS sensors or a direct "
          "path";
    throw NumericalError(os.str());
  }
  return 1.0 / (2.0 * static_cast<double>(num_snapshots) * std::norm(target.alpha) * info);
}

double crb_angle_from_fim(const EchoModel& model, const PointTarget& target, const CMat& tx_cov,
                          Index num_snapshots) {
  const RMat fim = point_target_fim(model, {target}, tx_cov, num_snapshots);
  return crb_from_fim(fim, point_target_parameter_names(model, 1))(0, 0);
}

double ula_doa_crb(Index num_elements, double spacing_wl, double theta, double snr, Index num_snapshots) {
  IRISAC_REQUIRE(num_elements >= 2, "num_elements must be >= 2 (got ", num_elements, ")");
  IRISAC_REQUIRE(snr > 0.0, "snr must be > 0 (got ", snr, ")");
  IRISAC_REQUIRE(num_snapshots >= 1, "num_snapshots must be >= 1 (got ", num_snapshots, ")");
  const double c = std::cos(theta);
  IRISAC_REQUIRE(std::abs(c) > 1e-12, "theta at endfire: the DoA is not identifiable (cos theta = ", c, ")");
  const auto m = static_cast<double>(num_elements);
  const double k = two_pi * spacing_wl;
  return 6.0 / (static_cast<double>(num_snapshots) * snr * k * k * c * c * m * (m * m - 1.0));
}

namespace {
double trace_inverse_checked(const CMat& a, const char* what) {
  Eigen::SelfAdjointEigenSolver<CMat> es((a + a.adjoint()) / 2.0, Eigen::EigenvaluesOnly);
  const RVec& ev = es.eigenvalues();
  const Index n = ev.size();
  Index rank = 0;
  for (Index i = 0; i < n; ++i)
    if (ev[i] > 1e-10 * ev[n - 1]) ++rank;
  if (rank < n || !(ev[n - 1] > 0.0)) {
    std::ostringstream os;
    os << "extended_target_crb(): " << what << " is singular (rank " << rank << " of " << n
       << "): the N x N response matrix is not identifiable; it needs Nt >= N and Nr >= N and full-rank "
          "BS-IRS / IRS-BS channels (a rank-one LoS link carries one dimension only)";
    throw NumericalError(os.str());
  }
  return ev.cwiseInverse().sum();
}
}  // namespace

double extended_target_crb(const CMat& bs_to_irs, const CMat& irs_to_bs, const CMat& tx_cov, Index num_snapshots,
                           double noise_var) {
  IRISAC_REQUIRE(noise_var > 0.0, "noise_var must be > 0 (got ", noise_var, ")");
  IRISAC_REQUIRE(num_snapshots >= 1, "num_snapshots must be >= 1 (got ", num_snapshots, ")");
  IRISAC_REQUIRE(bs_to_irs.rows() == irs_to_bs.cols(), "IRS sizes differ: ", bs_to_irs.rows(), " vs ",
                 irs_to_bs.cols());
  IRISAC_REQUIRE(tx_cov.rows() == bs_to_irs.cols() && tx_cov.cols() == bs_to_irs.cols(), "tx_cov must be ",
                 bs_to_irs.cols(), "x", bs_to_irs.cols());
  IRISAC_REQUIRE(tx_cov.trace().real() > 0.0, "transmit power tr(R_x) must be > 0");
  const double t1 = trace_inverse_checked(bs_to_irs * tx_cov * bs_to_irs.adjoint(), "G_t R_x G_t^H");
  const double t2 = trace_inverse_checked(irs_to_bs.adjoint() * irs_to_bs, "G_r^H G_r");
  return noise_var / static_cast<double>(num_snapshots) * t1 * t2;
}

double extended_target_crb_numeric(const CMat& bs_to_irs, const CMat& irs_to_bs, const CVec& v, const CMat& tx_cov,
                                   Index num_snapshots, double noise_var) {
  const Index n = v.size();
  IRISAC_REQUIRE(bs_to_irs.rows() == n && irs_to_bs.cols() == n, "channel sizes do not match N = ", n);
  const CMat x = waveform_from_covariance(tx_cov, num_snapshots);
  CMat jac(irs_to_bs.rows() * num_snapshots, 2 * n * n);
  Index col = 0;
  for (Index c = 0; c < n; ++c)
    for (Index r = 0; r < n; ++r) {
      // ∂/∂H_rc of G_r Φ H Φ G_t X = v_r v_c · g_r,col r · (row c of G_t X)
      const CMat m = (v[r] * v[c]) * irs_to_bs.col(r) * (bs_to_irs.row(c) * x);
      jac.col(col++) = m.reshaped();
      jac.col(col++) = (j_unit * m).reshaped();
    }
  const RMat crb = crb_from_fim(fisher_information(jac, noise_var));
  return crb.trace();
}

CMat extended_target_optimal_tx_cov(const CMat& bs_to_irs, double power) {
  IRISAC_REQUIRE(power > 0.0, "power must be > 0 (got ", power, ")");
  const Index n = bs_to_irs.rows(), nt = bs_to_irs.cols();
  IRISAC_REQUIRE(nt >= n, "needs Nt >= N to identify an N x N response (got Nt = ", nt, ", N = ", n, ")");
  Eigen::SelfAdjointEigenSolver<CMat> es(bs_to_irs.adjoint() * bs_to_irs);
  const RVec& lam = es.eigenvalues();  // ascending: the N largest are the non-zero ones
  double s = 0.0;
  for (Index i = nt - n; i < nt; ++i) {
    if (!(lam[i] > 1e-12 * lam[nt - 1]))
      throw NumericalError("extended_target_optimal_tx_cov(): BS-IRS channel has rank < N; the response matrix "
                           "is not identifiable");
    s += 1.0 / std::sqrt(lam[i]);
  }
  CMat r = CMat::Zero(nt, nt);
  for (Index i = nt - n; i < nt; ++i) {
    const double p = power / std::sqrt(lam[i]) / s;
    r += p * es.eigenvectors().col(i) * es.eigenvectors().col(i).adjoint();
  }
  return r;
}

double semi_passive_extended_crb(const CMat& bs_to_irs, const CMat& tx_cov, Index num_sensors, Index num_snapshots,
                                 double noise_var) {
  IRISAC_REQUIRE(num_sensors >= 1, "num_sensors must be >= 1 (got ", num_sensors, ")");
  IRISAC_REQUIRE(noise_var > 0.0 && num_snapshots >= 1, "noise_var > 0 and num_snapshots >= 1 required");
  IRISAC_REQUIRE(tx_cov.rows() == bs_to_irs.cols() && tx_cov.cols() == bs_to_irs.cols(), "tx_cov must be ",
                 bs_to_irs.cols(), "x", bs_to_irs.cols());
  return noise_var / static_cast<double>(num_snapshots) * static_cast<double>(num_sensors) *
         trace_inverse_checked(bs_to_irs * tx_cov * bs_to_irs.adjoint(), "G R_x G^H");
}

namespace {
/// DFT frequencies [Hz] of a K-point grid, centred: k < K/2 → k·fs/K, else (k − K)·fs/K.
RVec dft_frequencies(Index k, double fs) {
  RVec f(k);
  for (Index i = 0; i < k; ++i)
    f[i] = static_cast<double>(i < (k + 1) / 2 ? i : i - k) * fs / static_cast<double>(k);
  return f;
}
CVec unitary_dft(const CVec& s) {
  const Index k = s.size();
  CVec out(k);
  for (Index a = 0; a < k; ++a) {
    Complex acc{0.0, 0.0};
    for (Index n = 0; n < k; ++n)
      acc += s[n] * std::polar(1.0, -two_pi * static_cast<double>((a * n) % k) / static_cast<double>(k));
    out[a] = acc / std::sqrt(static_cast<double>(k));
  }
  return out;
}
}  // namespace

RMat delay_doppler_fim(const CVec& samples, double sample_rate_hz, Complex alpha, double delay_s, double doppler_hz,
                       double noise_var) {
  IRISAC_REQUIRE(samples.size() >= 2, "need at least 2 samples (got ", samples.size(), ")");
  IRISAC_REQUIRE(sample_rate_hz > 0.0 && noise_var > 0.0, "sample_rate_hz and noise_var must be > 0");
  IRISAC_REQUIRE(samples.squaredNorm() > 0.0, "waveform has zero energy");
  const Index k = samples.size();
  const CVec spec = unitary_dft(samples);
  const RVec f = dft_frequencies(k, sample_rate_hz);
  // s(t_n − τ) = (1/√K) Σ_k S_k e^{j2π f_k (t_n − τ)},  t_n = n / f_s
  CVec s(k), ds(k);
  for (Index n = 0; n < k; ++n) {
    const double tn = static_cast<double>(n) / sample_rate_hz;
    Complex a{0.0, 0.0}, b{0.0, 0.0};
    for (Index i = 0; i < k; ++i) {
      const Complex e = spec[i] * std::polar(1.0, two_pi * f[i] * (tn - delay_s));
      a += e;
      b += -j_unit * two_pi * f[i] * e;
    }
    s[n] = a / std::sqrt(static_cast<double>(k));
    ds[n] = b / std::sqrt(static_cast<double>(k));
  }
  CMat jac(k, 4);
  for (Index n = 0; n < k; ++n) {
    const double tn = static_cast<double>(n) / sample_rate_hz;
    const Complex dop = std::polar(1.0, two_pi * doppler_hz * tn);
    jac(n, 0) = alpha * ds[n] * dop;
    jac(n, 1) = alpha * s[n] * dop * j_unit * two_pi * tn;
    jac(n, 2) = s[n] * dop;
    jac(n, 3) = j_unit * s[n] * dop;
  }
  return fisher_information(jac, noise_var);
}

RangeVelocityCrb range_velocity_crb(const CVec& samples, double sample_rate_hz, Complex alpha, double noise_var,
                                    double wavelength_m) {
  IRISAC_REQUIRE(std::abs(alpha) > 0.0, "reflection coefficient must be non-zero");
  IRISAC_REQUIRE(wavelength_m > 0.0, "wavelength_m must be > 0");
  const RMat crb = crb_from_fim(delay_doppler_fim(samples, sample_rate_hz, alpha, 0.0, 0.0, noise_var),
                                {"delay", "doppler", "re_alpha", "im_alpha"});
  RangeVelocityCrb r;
  r.delay_s2 = crb(0, 0);
  r.doppler_hz2 = crb(1, 1);
  const double c2 = constants::speed_of_light / 2.0;
  r.range_m2 = c2 * c2 * r.delay_s2;
  r.velocity_m2ps2 = (wavelength_m / 2.0) * (wavelength_m / 2.0) * r.doppler_hz2;
  return r;
}

double delay_crb_closed_form(const CVec& samples, double sample_rate_hz, Complex alpha, double noise_var) {
  const CVec spec = unitary_dft(samples);
  const RVec f = dft_frequencies(samples.size(), sample_rate_hz);
  const RVec p = spec.cwiseAbs2();
  const double e = p.sum();
  const double mean = f.dot(p) / e;
  const double beta2 = (f.array().square() * p.array()).sum() / e - mean * mean;
  return noise_var / (2.0 * std::norm(alpha) * two_pi * two_pi * e * beta2);
}

double doppler_crb_closed_form(const CVec& samples, double sample_rate_hz, Complex alpha, double noise_var) {
  const Index k = samples.size();
  RVec t(k);
  for (Index n = 0; n < k; ++n) t[n] = static_cast<double>(n) / sample_rate_hz;
  const RVec p = samples.cwiseAbs2();
  const double e = p.sum();
  const double mean = t.dot(p) / e;
  const double t2 = (t.array().square() * p.array()).sum() / e - mean * mean;
  return noise_var / (2.0 * std::norm(alpha) * two_pi * two_pi * e * t2);
}

}  // namespace irisac
