#pragma once
/// \file Error types. Public functions check their arguments with IRISAC_REQUIRE, which throws
/// InvalidArgument with the message "function(): what (got x)". Undefined results (a singular Fisher
/// information, a non-identifiable parameter) throw NumericalError; an infeasible problem throws
/// Infeasible. The library never prints.
#include <sstream>
#include <stdexcept>
#include <string>

namespace irisac {
class InvalidArgument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};
class NumericalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
/// A well-posed problem without a feasible point (e.g. SINR targets that no power can meet).
class Infeasible : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
template <class... Args>
std::string concat(const Args&... args) {
  std::ostringstream os;
  os.precision(10);
  (os << ... << args);
  return os.str();
}
[[noreturn]] inline void throw_invalid_argument(const char* func, const std::string& msg) {
  throw InvalidArgument(std::string(func) + "(): " + msg);
}
}  // namespace detail
}  // namespace irisac

/// Precondition check for public functions; the message is only built on failure.
#define IRISAC_REQUIRE(cond, ...)                                                           \
  do {                                                                                      \
    if (!(cond))                                                                            \
      ::irisac::detail::throw_invalid_argument(__func__, ::irisac::detail::concat(__VA_ARGS__)); \
  } while (false)
