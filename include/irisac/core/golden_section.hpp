#pragma once
/// \file Golden-section search for the maximum of a unimodal function on an interval.
/// Kiefer, "Sequential minimax search for a maximum", Proc. AMS 4(3), 1953. Each iteration shrinks
/// the bracket [a, b] by the factor r = (√5 − 1)/2 and costs one evaluation of f.
#include <cmath>

namespace irisac {

struct GoldenSectionMax {
  double midpoint = 0.0;  ///< centre of the final bracket
  double x = 0.0;         ///< the better of the final two interior points
  double fx = 0.0;        ///< f(x)
};

/// Maximises f on [a, b]: stops after `max_iterations` or when b − a ≤ `tol`.
template <class F>
GoldenSectionMax golden_section_max(F&& f, double a, double b, int max_iterations, double tol = 0.0) {
  const double r = (std::sqrt(5.0) - 1.0) / 2.0;
  double c = b - r * (b - a), d = a + r * (b - a);
  double fc = f(c), fd = f(d);
  for (int i = 0; i < max_iterations && b - a > tol; ++i) {
    if (fc < fd) {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    } else {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    }
  }
  return fc > fd ? GoldenSectionMax{0.5 * (a + b), c, fc} : GoldenSectionMax{0.5 * (a + b), d, fd};
}

}  // namespace irisac
