#pragma once
/// \file The built-in reference checks behind `irisac validate` (and `irisac.validate()` in Python):
/// closed forms and golden values that the test suite also uses, recomputed through the public
/// library functions (not the unit tests), so a user on a new machine, or after a change, sees
/// that the numbers are right. One table, like the registry: a check is one entry in
/// src/io/validate.cpp. Documented in docs/validate.md.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace irisac::io {

struct ReferenceCheck {
  std::string name;          ///< unique, dotted, e.g. "comm.g1_closed_form_snr"
  std::string source;        ///< where the reference comes from (script, closed form, paper)
  double reference = 0.0;    ///< the expected value
  double tolerance = 0.0;    ///< absolute: pass iff |value − reference| ≤ tolerance
  std::function<double()> compute;  ///< the value through the public code path
};

struct CheckResult {
  std::string name, source;
  double value = 0.0, reference = 0.0, error = 0.0, tolerance = 0.0;
  bool pass = false;
};

/// Every check, in a fixed order.
[[nodiscard]] const std::vector<ReferenceCheck>& reference_checks();

/// Parses `NAME=VALUE` assignments (the self-test option --reference-override): each replaces the
/// reference of check NAME. \throws InputError naming `origin`, the assignment, an unknown check
/// (with a did-you-mean) or a value that is not a finite number.
[[nodiscard]] std::map<std::string, double> parse_reference_overrides(const std::vector<std::string>& assignments,
                                                                      const std::string& origin);

/// Runs every check (with the references replaced as `overrides` says). A check whose computation
/// throws fails with value NaN.
[[nodiscard]] std::vector<CheckResult> run_checks(const std::map<std::string, double>& overrides = {});

}  // namespace irisac::io
