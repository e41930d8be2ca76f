#pragma once
/// \file Sweep grids: axes of values combined as a Cartesian product or zipped.
///
/// Axes are grouped: an axis with `zip_with_previous` moves together with the axis before it (all
/// axes of a group have the same length); groups are combined as a Cartesian product with the LAST
/// group varying fastest. All-zip gives a zipped sweep, no zip a full product.
#include <cstddef>
#include <string>
#include <vector>

namespace irisac::sim {

struct Axis {
  std::string key;                  ///< what the axis sets (a dotted scenario key for the io layer)
  std::vector<double> values;       ///< numeric values (NaN where the value is not a number)
  std::vector<std::string> labels;  ///< textual form of each value (same size as values)
  bool zip_with_previous = false;   ///< move together with the previous axis instead of multiplying
};

/// n evenly spaced values from start to stop inclusive (numpy.linspace); n ≥ 1 (n = 1 gives start).
[[nodiscard]] std::vector<double> linspace(double start, double stop, std::size_t n);
/// n values evenly spaced on a log scale from start to stop inclusive (numpy.geomspace); start and
/// stop nonzero with the same sign.
[[nodiscard]] std::vector<double> geomspace(double start, double stop, std::size_t n);
/// n values 10^e for exponents e evenly spaced from start_exponent to stop_exponent (numpy.logspace).
[[nodiscard]] std::vector<double> logspace(double start_exponent, double stop_exponent, std::size_t n);
/// start, start+step, … up to stop inclusive (a value within 1e-9·|step| of stop counts); computed
/// as start + i·step, not by accumulation. step ≠ 0 with the sign of stop − start.
[[nodiscard]] std::vector<double> arange(double start, double stop, double step);
/// Shortest text that reads back as exactly `v` ("16" for integers below 2^53, else shortest
/// round-trip decimal such as "0.1" or "1e-09").
[[nodiscard]] std::string format_value(double v);

class Grid {
 public:
  Grid() = default;
  /// \throws InvalidArgument if an axis is empty, labels do not match values, a zipped axis has a
  /// different length from its group, or the first axis is marked zipped.
  explicit Grid(std::vector<Axis> axes);

  [[nodiscard]] const std::vector<Axis>& axes() const noexcept { return axes_; }
  /// Number of points (1 for a grid without axes).
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Value index of every axis at point `p` (last group fastest).
  [[nodiscard]] std::vector<std::size_t> indices(std::size_t p) const;

 private:
  std::vector<Axis> axes_;
  std::vector<std::size_t> group_of_axis_, group_len_;
  std::size_t size_ = 1;
};

}  // namespace irisac::sim
