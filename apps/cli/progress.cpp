#include "progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace irisac::cli {

std::string format_duration(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  const long t = std::lround(s);
  char buf[32];
  if (s < 10) {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  } else if (t < 60) {
    std::snprintf(buf, sizeof buf, "%ld s", t);
  } else if (t < 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  }
  return buf;
}

namespace {
std::string rate_text(double per_s) {
  char buf[32];
  if (per_s >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1fM", per_s / 1e6);
  else if (per_s >= 1e3)
    std::snprintf(buf, sizeof buf, "%.1fk", per_s / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", per_s);
  return buf;
}
}  // namespace

ProgressPrinter::ProgressPrinter(bool quiet, std::string name)
    : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0), name_(std::move(name)) {}

void ProgressPrinter::update(const io::RunProgress& p) {
  if (quiet_) return;
  const std::size_t run_now = p.points_done - p.points_resumed;
  const std::size_t left = p.points_total - p.points_done;
  const double eta = run_now > 0 ? p.elapsed_s / static_cast<double>(run_now) * static_cast<double>(left)
                                 : std::nan("");
  const double rate = p.elapsed_s > 0 ? static_cast<double>(p.trials) / p.elapsed_s : 0.0;
  const double frac = p.points_total ? static_cast<double>(p.points_done) / static_cast<double>(p.points_total) : 1.0;
  if (tty_) {
    constexpr int width = 30;
    const int filled = static_cast<int>(frac * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r%s [%s] %zu/%zu points  %s trials/s  elapsed %s  ETA %s   ", name_.c_str(), bar.c_str(),
                 p.points_done, p.points_total, rate_text(rate).c_str(), format_duration(p.elapsed_s).c_str(),
                 left == 0 ? "0 s" : format_duration(eta).c_str());
    std::fflush(stderr);
    drawn_ = true;
  } else {
    if (p.elapsed_s - last_line_s_ < 5.0 && left != 0) return;
    if (left == 0 && printed_final_) return;
    printed_final_ = left == 0;
    last_line_s_ = p.elapsed_s;
    std::fprintf(stderr, "irisac: %s: %zu/%zu points (%.0f%%), %lld trials, %s trials/s, elapsed %s, ETA %s\n",
                 name_.c_str(), p.points_done, p.points_total, 100.0 * frac, static_cast<long long>(p.trials),
                 rate_text(rate).c_str(), format_duration(p.elapsed_s).c_str(),
                 left == 0 ? "0 s" : format_duration(eta).c_str());
  }
}

void ProgressPrinter::finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace irisac::cli
