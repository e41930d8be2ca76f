#pragma once
/// \file The error every bad input (scenario file, experiment file, --set, CLI argument) becomes.
/// Its message always names where (file:line:column, or the --set argument), which key, what was
/// expected and what was found, e.g.
///   scenarios/x.toml:12:1: irs[0].rows: expected an integer >= 1, found 0
/// The CLI maps it to exit code 2.
#include <stdexcept>
#include <string>

namespace irisac::io {

class InputError : public std::runtime_error {
 public:
  InputError(std::string where, std::string key, std::string expected, std::string found,
             std::string hint = {});
  [[nodiscard]] const std::string& where() const noexcept { return where_; }
  [[nodiscard]] const std::string& key() const noexcept { return key_; }

 private:
  std::string where_, key_;
};

}  // namespace irisac::io
