#include "irisac/sensing/estimators.hpp"

#include <algorithm>
#include <cmath>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "irisac/core/error.hpp"
#include "irisac/core/golden_section.hpp"

namespace irisac {

std::string to_string(AngleEstimator e) {
  switch (e) {
    case AngleEstimator::ml: return "ml";
    case AngleEstimator::music: return "music";
    case AngleEstimator::beam_scan: return "beam_scan";
  }
  return "?";
}

AngleEstimator angle_estimator_from_string(const std::string& name) {
  if (name == "ml") return AngleEstimator::ml;
  if (name == "music") return AngleEstimator::music;
  if (name == "beam_scan") return AngleEstimator::beam_scan;
  IRISAC_REQUIRE(false, "unknown estimator '", name, "' (expected one of: ml, music, beam_scan)");
  return AngleEstimator::ml;
}

namespace {
void check_opts(const AngleSearchOptions& o) {
  IRISAC_REQUIRE(o.grid_size >= 2, "grid_size must be >= 2 (got ", o.grid_size, ")");
  IRISAC_REQUIRE(o.theta_max > o.theta_min, "theta_max must exceed theta_min (got [", o.theta_min, ", ",
                 o.theta_max, "])");
  IRISAC_REQUIRE(o.num_sources >= 1, "num_sources must be >= 1 (got ", o.num_sources, ")");
}

RVec make_grid(const AngleSearchOptions& o) {
  return RVec::LinSpaced(o.grid_size, o.theta_min, o.theta_max);
}

/// Indices of the `count` largest local maxima of `values` (ties → lower index), by value.
std::vector<Index> top_peaks(const RVec& values, Index count) {
  std::vector<Index> peaks;
  const Index n = values.size();
  for (Index i = 0; i < n; ++i) {
    const bool left = i == 0 || values[i] >= values[i - 1];
    const bool right = i == n - 1 || values[i] > values[i + 1];
    if (left && right) peaks.push_back(i);
  }
  std::sort(peaks.begin(), peaks.end(), [&](Index a, Index b) { return values[a] > values[b]; });
  if (static_cast<Index>(peaks.size()) > count) peaks.resize(static_cast<std::size_t>(count));
  return peaks;
}

template <class F>
std::vector<double> peaks_refined(const F& f, const RVec& grid, const RVec& values, const AngleSearchOptions& o) {
  std::vector<double> out;
  const double step = grid[1] - grid[0];
  for (Index i : top_peaks(values, o.num_sources)) {
    double th = grid[i];
    if (o.refine) th = golden_section_max(f, std::max(o.theta_min, th - step), std::min(o.theta_max, th + step), 200, o.tolerance).midpoint;
    out.push_back(th);
  }
  std::sort(out.begin(), out.end());
  return out;
}

CMat whitened(const EchoModel& model, const CMat& received) {
  IRISAC_REQUIRE(received.rows() == model.num_rx(), "received has ", received.rows(), " rows, the model has ",
                 model.num_rx(), " receive elements");
  if (model.interference_cov.size() == 0) return received / std::sqrt(model.noise_var);
  return whitening_matrix(model) * received;
}

CVec whitened_vec(const EchoModel& model, const CVec& r) {
  if (model.interference_cov.size() == 0) return r / std::sqrt(model.noise_var);
  return whitening_matrix(model) * r;
}
}  // namespace

double ml_objective(const EchoModel& model, const CMat& received, const CMat& samples, double theta) {
  IRISAC_REQUIRE(samples.rows() == model.num_tx() && samples.cols() == received.cols(), "samples must be ",
                 model.num_tx(), "x", received.cols(), " (got ", samples.rows(), "x", samples.cols(), ")");
  const CMat w = whitening_matrix(model);
  const CMat yw = w * received;
  std::vector<CMat> f{w * echo_response(model, theta) * samples};
  for (const auto& p : model.nuisance_paths) f.push_back(w * p * samples);
  const auto k = static_cast<Index>(f.size());
  CMat gram(k, k);
  CVec c(k);
  for (Index i = 0; i < k; ++i) {
    const auto& fi = f[static_cast<std::size_t>(i)];
    c[i] = (fi.conjugate().cwiseProduct(yw)).sum();
    for (Index jj = 0; jj < k; ++jj) gram(i, jj) = (fi.conjugate().cwiseProduct(f[static_cast<std::size_t>(jj)])).sum();
  }
  if (!(gram(0, 0).real() > 0.0)) return 0.0;
  return (c.adjoint() * gram.ldlt().solve(c))(0).real();
}


double estimate_angle_ml(const EchoModel& model, const CMat& received, const CMat& samples,
                         const AngleSearchOptions& opts) {
  check_opts(opts);
  IRISAC_REQUIRE(samples.rows() == model.num_tx() && samples.cols() == received.cols(), "samples must be ",
                 model.num_tx(), "x", received.cols());
  IRISAC_REQUIRE(received.rows() == model.num_rx(), "received must have ", model.num_rx(), " rows");
  const RVec grid = make_grid(opts);
  RVec values(grid.size());
  AngleSearchOptions one = opts;
  one.num_sources = 1;
  if (model.nuisance_paths.empty()) {
    // |⟨WBX, WY⟩|² / ‖WBX‖² = |(Wr)ᴴ (W Y Xᴴ) t*|² / (‖Wr‖² · tᵀ(XXᴴ)t*)
    const CMat w = whitening_matrix(model);
    const CMat z = w * received * samples.adjoint();
    const CMat s = samples * samples.adjoint();
    auto obj = [&](double th) {
      const CVec r = w * leg_response(model.receive, th);
      const CVec tc = leg_response(model.transmit, th).conjugate();
      const double den = r.squaredNorm() * (tc.adjoint() * s * tc)(0).real();
      if (!(den > 0.0)) return 0.0;
      return std::norm(r.dot(z * tc)) / den;  // r.dot(u) = rᴴu
    };
    for (Index i = 0; i < grid.size(); ++i) values[i] = obj(grid[i]);
    return peaks_refined(obj, grid, values, one).front();
  }
  auto obj = [&](double th) { return ml_objective(model, received, samples, th); };
  for (Index i = 0; i < grid.size(); ++i) values[i] = obj(grid[i]);
  return peaks_refined(obj, grid, values, one).front();
}

RVec beam_scan_spectrum(const EchoModel& model, const CMat& received, const RVec& grid) {
  const CMat yw = whitened(model, received);
  const CMat ry = yw * yw.adjoint() / static_cast<double>(received.cols());
  RVec out(grid.size());
  for (Index i = 0; i < grid.size(); ++i) {
    const CVec r = whitened_vec(model, leg_response(model.receive, grid[i]));
    const double n2 = r.squaredNorm();
    out[i] = n2 > 0.0 ? (r.adjoint() * ry * r)(0).real() / n2 : 0.0;
  }
  return out;
}

RVec music_spectrum(const EchoModel& model, const CMat& received, const RVec& grid, Index num_sources) {
  const Index nr = model.num_rx();
  IRISAC_REQUIRE(num_sources < nr, "MUSIC needs more receive elements than sources (got Nr = ", nr, ", ",
                 num_sources, " sources)");
  const CMat yw = whitened(model, received);
  const CMat ry = yw * yw.adjoint() / static_cast<double>(received.cols());
  Eigen::SelfAdjointEigenSolver<CMat> es(ry);
  const CMat en = es.eigenvectors().leftCols(nr - num_sources);  // ascending eigenvalues: noise subspace
  RVec out(grid.size());
  for (Index i = 0; i < grid.size(); ++i) {
    const CVec r = whitened_vec(model, leg_response(model.receive, grid[i]));
    const double n2 = r.squaredNorm();
    const double d = n2 > 0.0 ? (en.adjoint() * r).squaredNorm() / n2 : 1.0;
    out[i] = 1.0 / std::max(d, 1e-300);
  }
  return out;
}

std::vector<double> estimate_angles_beam_scan(const EchoModel& model, const CMat& received,
                                              const AngleSearchOptions& opts) {
  check_opts(opts);
  const RVec grid = make_grid(opts);
  const RVec values = beam_scan_spectrum(model, received, grid);
  auto f = [&](double th) {
    RVec g(1);
    g[0] = th;
    return beam_scan_spectrum(model, received, g)[0];
  };
  return peaks_refined(f, grid, values, opts);
}

std::vector<double> estimate_angles_music(const EchoModel& model, const CMat& received,
                                          const AngleSearchOptions& opts) {
  check_opts(opts);
  const Index nr = model.num_rx();
  IRISAC_REQUIRE(opts.num_sources < nr, "MUSIC needs more receive elements than sources (got Nr = ", nr, ", ",
                 opts.num_sources, " sources)");
  const RVec grid = make_grid(opts);
  // Noise subspace once; the refinement reuses it.
  const CMat yw = whitened(model, received);
  const CMat ry = yw * yw.adjoint() / static_cast<double>(received.cols());
  Eigen::SelfAdjointEigenSolver<CMat> es(ry);
  const CMat en = es.eigenvectors().leftCols(nr - opts.num_sources);
  auto f = [&](double th) {
    const CVec r = whitened_vec(model, leg_response(model.receive, th));
    const double n2 = r.squaredNorm();
    const double d = n2 > 0.0 ? (en.adjoint() * r).squaredNorm() / n2 : 1.0;
    return 1.0 / std::max(d, 1e-300);
  };
  RVec values(grid.size());
  for (Index i = 0; i < grid.size(); ++i) values[i] = f(grid[i]);
  return peaks_refined(f, grid, values, opts);
}

double estimate_angle(AngleEstimator estimator, const EchoModel& model, const CMat& received, const CMat& samples,
                      const AngleSearchOptions& opts) {
  AngleSearchOptions one = opts;
  one.num_sources = 1;
  switch (estimator) {
    case AngleEstimator::ml: return estimate_angle_ml(model, received, samples, one);
    case AngleEstimator::music: return estimate_angles_music(model, received, one).front();
    case AngleEstimator::beam_scan: return estimate_angles_beam_scan(model, received, one).front();
  }
  return 0.0;
}

MseResult monte_carlo_mse(AngleEstimator estimator, const EchoModel& model, const PointTarget& target,
                          const CMat& samples, Index trials, Rng& rng, const AngleSearchOptions& opts) {
  IRISAC_REQUIRE(trials >= 2, "trials must be >= 2 (got ", trials, ")");
  const CMat mean = echo_mean(model, {target}, samples);
  const CMat root = [&] {
    if (model.interference_cov.size() == 0) return CMat();
    Eigen::SelfAdjointEigenSolver<CMat> es((model.interference_cov + model.interference_cov.adjoint()) / 2.0);
    return CMat(es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).cwiseSqrt().cast<Complex>().asDiagonal());
  }();
  double sum = 0.0, sum2 = 0.0, sum_err = 0.0;
  for (Index k = 0; k < trials; ++k) {
    CMat y = mean + rng.complex_normal_matrix(mean.rows(), mean.cols(), model.noise_var);
    if (root.size() > 0) y += root * rng.complex_normal_matrix(mean.rows(), mean.cols(), 1.0);
    const double e = estimate_angle(estimator, model, y, samples, opts) - target.theta;
    sum += e * e;
    sum2 += e * e * e * e;
    sum_err += e;
  }
  const auto n = static_cast<double>(trials);
  MseResult r;
  r.trials = trials;
  r.mse = sum / n;
  r.bias = sum_err / n;
  const double var = std::max(0.0, (sum2 - n * r.mse * r.mse) / (n - 1.0));
  r.std_error = std::sqrt(var / n);
  return r;
}

}  // namespace irisac
