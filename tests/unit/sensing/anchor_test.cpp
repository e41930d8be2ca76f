// IRS anchor (sensing/anchor.hpp): coherent-scan CRB against the numerical FIM and the unitary closed
// form, Parseval, the retro-reflection ambiguity, the estimators at high SNR against the CRB.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <vector>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/io/input_error.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/sensing/anchor.hpp"

using namespace irisac;

namespace {
double anchor_test_crb_from_fim(const RMat& j) { return j.inverse()(0, 0); }
}  // namespace

// CRB(f) = 1/J_f equals [J⁻¹]_ff of the numerical 3×3 FIM (f, Re β, Im β) to 1e-8, for full and
// partial DFT scans, tree codewords and random phase codebooks, at 50 random f.
TEST(Anchor, ScanCrbEqualsInverseNumericalFim) {
  Rng rng(71);
  for (int k = 0; k < 50; ++k) {
    const Index n = Index{8} << rng.uniform_index(3);  // 8, 16, 32 (tree codewords need a power of two)
    const double f = rng.uniform(-0.5, 0.5);
    const Complex beta = 0.3 * rng.unit_phasor();
    CMat c;
    switch (k % 4) {
      case 0: c = anchor_dft_codebook(n, n); break;
      case 1: c = anchor_dft_codebook(n, n / 2); break;
      case 2: {
        c.resize(6, n);
        for (Index i = 0; i < 6; ++i)
          for (Index e = 0; e < n; ++e) c(i, e) = rng.unit_phasor();
        break;
      }
      default: {
        c.resize(3, n);
        for (Index l = 1; l <= 3; ++l) c.row(l - 1) = anchor_tree_codeword(n, l, rng.uniform(-0.5, 0.5)).transpose();
      }
    }
    const double crb = anchor_scan_crb(c, f, std::norm(beta), 0.7);
    const double num = anchor_test_crb_from_fim(anchor_scan_fim_numeric(c, f, beta, 0.7));
    EXPECT_NEAR(num / crb, 1.0, 1e-8) << "case " << k << " N " << n;
  }
}

// Unitary codebook (full DFT scan): CRB(f) = 3σ²/(2π²|β|²N²(N²−1)) for every f, and Parseval
// Σ_i |c_iᵀa₂(f)|² = N².
TEST(Anchor, UnitaryCodebookClosedFormAndParseval) {
  Rng rng(3);
  for (Index n : {4, 16, 64}) {
    const CMat c = anchor_dft_codebook(n, n);
    const auto nd = static_cast<double>(n);
    EXPECT_LT((c.adjoint() * c - static_cast<double>(n) * CMat::Identity(n, n)).norm(), 1e-9 * nd);
    for (int k = 0; k < 10; ++k) {
      const double f = rng.uniform(-0.5, 0.5);
      EXPECT_NEAR(anchor_scan_crb(c, f, 0.25, 2.0) / anchor_unitary_crb(n, 0.25, 2.0), 1.0, 1e-10);
      EXPECT_NEAR((c * anchor_steering(n, f)).squaredNorm(), nd * nd, 1e-8 * nd * nd);
    }
  }
}

// Half-wavelength elements: f = sin θ modulo 1, so θ and asin(sin θ − sign(sin θ)) give the same echo
// (retro-reflection ambiguity); quarter-wavelength elements are unambiguous.
TEST(Anchor, HalfWavelengthRetroReflectionAmbiguity) {
  const double th = 20.0 * constants::pi / 180.0;
  const double f = anchor_frequency(th, 0.5);
  EXPECT_NEAR(f, std::sin(th), 1e-15);
  const double other = std::asin(std::sin(th) - 1.0);
  EXPECT_NEAR(anchor_frequency(other, 0.5), f, 1e-12);
  EXPECT_LT((anchor_steering(16, anchor_frequency(other, 0.5)) - anchor_steering(16, f)).norm(), 1e-10);
  const auto c2 = anchor_angle_candidates(f, 0.5);
  ASSERT_EQ(c2.size(), 2U);
  EXPECT_NEAR(c2[0], th, 1e-12);
  EXPECT_NEAR(c2[1], other, 1e-12);
  const auto c1 = anchor_angle_candidates(anchor_frequency(th, 0.25), 0.25);
  ASSERT_EQ(c1.size(), 1U);
  EXPECT_NEAR(c1[0], th, 1e-12);
  // A codebook larger than the surface resolves is refused.
  EXPECT_THROW((void)anchor_dft_codebook(8, 9), InvalidArgument);
  EXPECT_THROW((void)anchor_tree_codeword(12, 1, 0.0), InvalidArgument);
}

// Exhaustive DFT scan + coherent ML refinement at high SNR (full-aperture SNR 30 dB, N = 16): the
// MSE of f over 2000 trials is within 10 % of the CRB (relative standard error of an MSE of
// Gaussian errors √(2/n) = 3.2 %, so 10 % is > 3σ). Without refinement the grid floor
// 1/(12 N²) of a uniform f dominates.
TEST(Anchor, ExhaustiveScanReachesCrbAtHighSnr) {
  const Index n = 16;
  const double noise = 1.0, snr = 1000.0;
  const Complex beta = std::sqrt(snr) / static_cast<double>(n) * std::polar(1.0, 0.4);
  Rng rng(2024);
  const int trials = 2000;
  double se = 0.0, se_grid = 0.0;
  for (int k = 0; k < trials; ++k) {
    const double f = rng.uniform(-0.5, 0.5);
    const AnchorScan s = anchor_exhaustive_scan(n, n, beta, f, noise, true, rng);
    se += std::pow(anchor_frequency_error(s.f_hat, f), 2);
    se_grid += std::pow(anchor_frequency_error(s.f_grid, f), 2);
  }
  const double crb = anchor_unitary_crb(n, std::norm(beta), noise);
  EXPECT_NEAR(se / trials / crb, 1.0, 0.10);
  EXPECT_NEAR(se_grid / trials * 12.0 * n * n, 1.0, 0.10);  // uniform error on a 1/N grid
}

// Binary tree: 2 log₂N measurements; at a high SNR (60 dB full aperture) it finds the right sector
// (P ≥ 0.97 over 500 random f; tests/reference/anchor_tree_reference.py: 0.998, 0.97 is > 6σ below),
// at a low SNR (10 dB) it finds it less often than the exhaustive scan at equal per-measurement
// noise (NumPy: 0.21 vs 0.80), the price of its coarse levels' lower gain.
TEST(Anchor, HierarchicalSearchOverheadAndAccuracy) {
  const Index n = 32;
  Rng rng(99);
  const Complex beta = std::sqrt(1e6) / static_cast<double>(n);
  int ok = 0;
  for (int k = 0; k < 500; ++k) {
    const double f = rng.uniform(-0.5, 0.5);
    const AnchorScan s = anchor_hierarchical_scan(n, beta, f, 1.0, false, rng);
    EXPECT_EQ(s.measurements, 10);
    ok += std::abs(anchor_frequency_error(s.f_grid, f)) <= 0.5 / n ? 1 : 0;
  }
  EXPECT_GE(ok, 485);
  const Complex low = std::sqrt(10.0) / static_cast<double>(n);
  int ok_tree = 0, ok_dft = 0;
  for (int k = 0; k < 1000; ++k) {
    const double f = rng.uniform(-0.5, 0.5);
    ok_tree += std::abs(anchor_frequency_error(anchor_hierarchical_scan(n, low, f, 1.0, false, rng).f_grid, f)) <= 0.5 / n;
    ok_dft += std::abs(anchor_frequency_error(anchor_exhaustive_scan(n, n, low, f, 1.0, false, rng).f_grid, f)) <= 0.5 / n;
  }
  EXPECT_LT(ok_tree + 200, ok_dft);
}

// Bad input from a scenario ([anchor] of scenarios/irs-anchor.toml): a codebook larger than the
// surface allows, a hierarchical codebook on a surface whose cols is not a power of two, an anchor
// without a target — each an InputError naming the key.
TEST(Anchor, ScenarioBadInputNamesTheKey) {
  const std::string file = std::string(IRISAC_SOURCE_DIR) + "/scenarios/irs-anchor.toml";
  const io::MetricGroup* g = io::builtin_registry().find_metric("anchor_se_rad2");
  ASSERT_NE(g, nullptr);
  auto fails_with = [&](const std::string& path, const std::vector<std::string>& sets, const std::string& key) {
    try {
      (void)g->prepare(io::load_document(path, sets));
      ADD_FAILURE() << key << ": no error";
    } catch (const io::InputError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  };
  fails_with(file, {"anchor.codebook_size=33"}, "anchor.codebook_size");
  fails_with(file, {"anchor.codebook=\"hierarchical\"", "irs.anchor.cols=24"}, "anchor.codebook");
  const std::string no_target = testing::TempDir() + "/irisac_anchor_no_target.toml";
  {
    std::ofstream out(no_target);
    out << "[system]\ncarrier_hz = 10e9\n[[bs]]\nname = \"ap\"\nposition_m = [9.0, 0.0, 3.0]\n"
           "[[irs]]\nname = \"a\"\nposition_m = [0.0, 0.0, 3.0]\nrows = 1\ncols = 8\n[anchor]\ncodebook = \"dft\"\n";
  }
  fails_with(no_target, {}, "anchor.target");
  // The scenario itself prepares and runs one trial with finite numbers.
  const io::TrialFn trial = g->prepare(io::load_document(file, {}));
  std::vector<double> out(g->metrics.size());
  Rng rng(1);
  trial(rng, out);
  for (double x : out) EXPECT_TRUE(std::isfinite(x));
  EXPECT_EQ(out[3], 32.0);  // anchor_measurements_count of the full DFT scan
}
