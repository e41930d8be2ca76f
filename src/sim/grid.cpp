#include "irisac/sim/grid.hpp"

#include <charconv>
#include <cmath>

#include "irisac/core/error.hpp"

namespace irisac::sim {

std::vector<double> linspace(double start, double stop, std::size_t n) {
  IRISAC_REQUIRE(n >= 1, "n must be >= 1 (got ", n, ")");
  std::vector<double> v(n);
  if (n == 1) {
    v[0] = start;
    return v;
  }
  const double step = (stop - start) / static_cast<double>(n - 1);
  for (std::size_t i = 0; i < n; ++i) v[i] = start + static_cast<double>(i) * step;
  v[n - 1] = stop;
  return v;
}

std::vector<double> geomspace(double start, double stop, std::size_t n) {
  IRISAC_REQUIRE(start != 0.0 && stop != 0.0 && (start > 0.0) == (stop > 0.0),
                 "start and stop must be nonzero with the same sign (got ", start, ", ", stop, ")");
  const double sign = start > 0.0 ? 1.0 : -1.0;
  std::vector<double> v = linspace(std::log10(sign * start), std::log10(sign * stop), n);
  for (double& x : v) x = sign * std::pow(10.0, x);
  v.front() = start;
  if (n > 1) v.back() = stop;
  return v;
}

std::vector<double> logspace(double start_exponent, double stop_exponent, std::size_t n) {
  IRISAC_REQUIRE(std::isfinite(start_exponent) && std::isfinite(stop_exponent) && std::abs(start_exponent) <= 300 &&
                     std::abs(stop_exponent) <= 300,
                 "exponents must be finite and within [-300, 300] (got ", start_exponent, ", ", stop_exponent, ")");
  std::vector<double> v = linspace(start_exponent, stop_exponent, n);
  for (double& x : v) x = std::pow(10.0, x);
  return v;
}

std::vector<double> arange(double start, double stop, double step) {
  IRISAC_REQUIRE(step != 0.0 && std::isfinite(step), "step must be finite and nonzero (got ", step, ")");
  IRISAC_REQUIRE((stop - start) * step >= 0.0, "step must have the sign of stop - start (got start ", start,
                 ", stop ", stop, ", step ", step, ")");
  const double count = std::floor((stop - start) / step + 1e-9);
  IRISAC_REQUIRE(count < 1e7, "range has too many values (", count + 1.0, ")");
  std::vector<double> v;
  for (std::size_t i = 0; i <= static_cast<std::size_t>(count); ++i) v.push_back(start + static_cast<double>(i) * step);
  return v;
}

std::string format_value(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::abs(v) < 9007199254740992.0) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

Grid::Grid(std::vector<Axis> axes) : axes_(std::move(axes)) {
  IRISAC_REQUIRE(axes_.empty() || !axes_.front().zip_with_previous,
                 "the first axis cannot be zipped with a previous one (axis '", axes_.front().key, "')");
  for (const Axis& a : axes_) {
    IRISAC_REQUIRE(!a.values.empty(), "axis '", a.key, "' has no values");
    IRISAC_REQUIRE(a.labels.size() == a.values.size(), "axis '", a.key, "' has ", a.labels.size(),
                   " labels for ", a.values.size(), " values");
    if (a.zip_with_previous) {
      IRISAC_REQUIRE(a.values.size() == group_len_.back(), "zipped axis '", a.key, "' has ", a.values.size(),
                     " values, its group has ", group_len_.back());
    } else {
      group_len_.push_back(a.values.size());
    }
    group_of_axis_.push_back(group_len_.size() - 1);
  }
  size_ = 1;
  for (std::size_t len : group_len_) size_ *= len;
}

std::vector<std::size_t> Grid::indices(std::size_t p) const {
  IRISAC_REQUIRE(p < size_, "point index ", p, " out of range (", size_, " points)");
  std::vector<std::size_t> group_idx(group_len_.size());
  for (std::size_t g = group_len_.size(); g-- > 0;) {
    group_idx[g] = p % group_len_[g];
    p /= group_len_[g];
  }
  std::vector<std::size_t> out(axes_.size());
  for (std::size_t a = 0; a < axes_.size(); ++a) out[a] = group_idx[group_of_axis_[a]];
  return out;
}

}  // namespace irisac::sim
