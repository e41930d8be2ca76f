#pragma once
// Progress of `irisac run` on stderr: a live bar with rate and ETA on a terminal, a one-line
// update every few seconds otherwise, nothing with --quiet.
#include <chrono>
#include <string>

#include "irisac/io/run.hpp"

namespace irisac::cli {

class ProgressPrinter {
 public:
  ProgressPrinter(bool quiet, std::string name);
  void update(const io::RunProgress& p);
  /// Ends the bar's line.
  void finish();

 private:
  bool quiet_, tty_;
  std::string name_;
  double last_line_s_ = -1e300;
  bool drawn_ = false;
  bool printed_final_ = false;
};

/// "1:02:03", "4:05" or "7 s".
[[nodiscard]] std::string format_duration(double seconds);

}  // namespace irisac::cli
