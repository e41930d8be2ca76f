#include "irisac/sensing/anchor.hpp"

#include <algorithm>
#include <cmath>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/golden_section.hpp"

namespace irisac {

CVec anchor_steering(Index n, double f) {
  IRISAC_REQUIRE(n >= 1, "num_elements must be >= 1 (got ", n, ")");
  CVec a(n);
  for (Index k = 0; k < n; ++k) a[k] = std::polar(1.0, constants::two_pi * static_cast<double>(k) * f);
  return a;
}

CVec anchor_steering_derivative(Index n, double f) {
  CVec a = anchor_steering(n, f);
  for (Index k = 0; k < n; ++k) a[k] *= Complex{0.0, constants::two_pi * static_cast<double>(k)};
  return a;
}

double anchor_frequency_error(double a, double b) {
  const double d = a - b + 0.5;
  return d - std::floor(d) - 0.5;
}

double anchor_frequency(double theta, double spacing_wl) {
  IRISAC_REQUIRE(spacing_wl > 0.0, "spacing_wl must be > 0 (got ", spacing_wl, ")");
  return anchor_frequency_error(2.0 * spacing_wl * std::sin(theta), 0.0);
}

std::vector<double> anchor_angle_candidates(double f, double spacing_wl) {
  IRISAC_REQUIRE(spacing_wl > 0.0, "spacing_wl must be > 0 (got ", spacing_wl, ")");
  std::vector<double> out;
  const double span = 2.0 * spacing_wl;  // f = span·sin θ + m, m integer
  const double fw = anchor_frequency_error(f, 0.0);
  const auto mmax = static_cast<int>(std::ceil(span)) + 1;
  for (int m = -mmax; m <= mmax; ++m) {
    const double s = (fw - static_cast<double>(m)) / span;
    if (std::abs(s) <= 1.0) out.push_back(std::asin(s));
  }
  std::sort(out.begin(), out.end(), [](double x, double y) { return std::abs(x) < std::abs(y); });
  return out;
}

double anchor_dft_centre(Index i, Index q) { return -0.5 + (static_cast<double>(i) + 0.5) / static_cast<double>(q); }

CMat anchor_dft_codebook(Index n, Index q) {
  IRISAC_REQUIRE(q >= 2 && q <= n, "the number of codewords must be in [2, N = ", n,
                 "] (a surface of N elements resolves N directions; got ", q, ")");
  CMat c(q, n);
  for (Index i = 0; i < q; ++i) c.row(i) = anchor_steering(n, -anchor_dft_centre(i, q)).transpose();
  return c;
}

CVec anchor_tree_codeword(Index n, Index level, double centre) {
  IRISAC_REQUIRE(n >= 2 && (n & (n - 1)) == 0, "N must be a power of two >= 2 (got ", n, ")");
  IRISAC_REQUIRE(level >= 1 && (Index{1} << level) <= n, "level must be in [1, log2 N] (got ",
                 level, ")");
  const Index s = Index{1} << level, k = n / s;
  CVec c = anchor_steering(n, -centre);
  for (Index e = 0; e < n; ++e) {
    const auto sub = static_cast<double>(e / s);
    c[e] *= std::polar(1.0, constants::pi * sub * sub / static_cast<double>(k));
  }
  return c;
}

CVec anchor_echoes(const CMat& codebook, Complex beta, double f, double noise_var, Rng& rng) {
  IRISAC_REQUIRE(noise_var > 0.0, "noise_var must be > 0 (got ", noise_var, ")");
  CVec y = beta * (codebook * anchor_steering(codebook.cols(), f));
  for (auto& e : y) e += rng.complex_normal(noise_var);
  return y;
}

namespace {
// Coherent ML refinement: max |(Ca)ᴴy|²/‖Ca‖² on [c − w, c + w] (16-point grid, then golden section).
double anchor_refine(const CMat& c, const CVec& y, double centre, double half_width) {
  auto score = [&](double f) {
    const CVec g = c * anchor_steering(c.cols(), f);
    const double n2 = g.squaredNorm();
    return n2 > 0.0 ? std::norm(g.dot(y)) / n2 : 0.0;
  };
  const int grid = 16;
  double best = centre, fb = score(centre);
  const double step = 2.0 * half_width / grid;
  for (int k = 0; k <= grid; ++k) {
    const double f = centre - half_width + step * k;
    const double v = score(f);
    if (v > fb) fb = v, best = f;
  }
  const GoldenSectionMax r = golden_section_max(score, best - step, best + step, 80, 1e-13);
  return anchor_frequency_error(r.fx > fb ? r.x : best, 0.0);
}
}  // namespace

AnchorScan anchor_exhaustive_scan(Index n, Index q, Complex beta, double f, double noise_var, bool refine, Rng& rng) {
  AnchorScan s;
  s.codebook = anchor_dft_codebook(n, q);
  s.echoes = anchor_echoes(s.codebook, beta, f, noise_var, rng);
  s.measurements = q;
  s.echoes.cwiseAbs2().maxCoeff(&s.best);
  s.f_grid = anchor_dft_centre(s.best, q);
  s.f_hat = refine ? anchor_refine(s.codebook, s.echoes, s.f_grid, 1.0 / static_cast<double>(q)) : s.f_grid;
  return s;
}

AnchorScan anchor_hierarchical_scan(Index n, Complex beta, double f, double noise_var, bool refine, Rng& rng) {
  IRISAC_REQUIRE(n >= 2 && (n & (n - 1)) == 0, "N must be a power of two >= 2 (got ", n,
                 ")");
  Index levels = 0;
  while ((Index{1} << levels) < n) ++levels;
  AnchorScan s;
  s.codebook.resize(2 * levels, n);
  s.echoes.resize(2 * levels);
  Index sector = 0;  // index of the current sector at the current level
  for (Index l = 1; l <= levels; ++l) {
    const double width = 1.0 / static_cast<double>(Index{1} << l);
    double power[2];
    for (Index child = 0; child < 2; ++child) {
      const Index j = 2 * sector + child;
      const double centre = -0.5 + (static_cast<double>(j) + 0.5) * width;
      const Index row = 2 * (l - 1) + child;
      s.codebook.row(row) = anchor_tree_codeword(n, l, centre).transpose();
      const CVec y = anchor_echoes(s.codebook.row(row), beta, f, noise_var, rng);
      s.echoes[row] = y[0];
      power[child] = std::norm(y[0]);
    }
    sector = 2 * sector + (power[1] > power[0] ? 1 : 0);
  }
  s.measurements = 2 * levels;
  s.best = 2 * (levels - 1) + (sector % 2);
  s.f_grid = anchor_dft_centre(sector, n);
  s.f_hat = refine ? anchor_refine(s.codebook, s.echoes, s.f_grid, 1.0 / static_cast<double>(n)) : s.f_grid;
  return s;
}

double anchor_scan_crb(const CMat& c, double f, double beta_abs2, double noise_var) {
  IRISAC_REQUIRE(beta_abs2 > 0.0 && noise_var > 0.0, "|beta|^2 and noise_var must be > 0 (got ",
                 beta_abs2, ", ", noise_var, ")");
  const CVec g = c * anchor_steering(c.cols(), f), gd = c * anchor_steering_derivative(c.cols(), f);
  const double e = g.squaredNorm();
  if (!(e > 0.0)) throw NumericalError("anchor_scan_crb(): the codewords return no echo from f = " + std::to_string(f));
  const double bracket = gd.squaredNorm() - std::norm(g.dot(gd)) / e;
  if (!(bracket > 1e-12 * gd.squaredNorm()))
    throw NumericalError("anchor_scan_crb(): f not identifiable from these codewords (the echo derivative is "
                         "parallel to the echo)");
  return noise_var / (2.0 * beta_abs2 * bracket);
}

RMat anchor_scan_fim_numeric(const CMat& c, double f, Complex beta, double noise_var, double h) {
  auto mu = [&](double x) -> CVec { return beta * (c * anchor_steering(c.cols(), x)); };
  const CVec df = (8.0 * (mu(f + h) - mu(f - h)) - (mu(f + 2 * h) - mu(f - 2 * h))) / (12.0 * h);
  const CVec g = c * anchor_steering(c.cols(), f);
  CMat d(c.rows(), 3);
  d.col(0) = df;
  d.col(1) = g;
  d.col(2) = Complex{0.0, 1.0} * g;
  return (2.0 / noise_var) * (d.adjoint() * d).real();
}

double anchor_unitary_crb(Index n, double beta_abs2, double noise_var) {
  IRISAC_REQUIRE(n >= 2 && beta_abs2 > 0.0 && noise_var > 0.0, "bad arguments (N ", n,
                 ", |beta|^2 ", beta_abs2, ", noise ", noise_var, ")");
  const double nn = static_cast<double>(n);
  return 3.0 * noise_var / (2.0 * constants::pi * constants::pi * beta_abs2 * nn * nn * (nn * nn - 1.0));
}

}  // namespace irisac
