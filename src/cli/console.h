// The console of SPEC §1: one line per step, a live progress bar with ETA on a TTY, plain lines
// otherwise; --quiet prints errors only; --json keeps stdout for the JSON summary (steps go to
// stderr then).
#pragma once
#include <chrono>
#include <cstdio>
#include <string>

namespace kiss::cli {

class Console {
 public:
  Console(bool quiet, bool json);
  // "[n/total] text"
  void step(int n, int total, const std::string& text);
  void info(const std::string& text);
  void warn(const std::string& text);
  // One error message on stderr (always printed, also with --quiet).
  void error(const std::string& text);
  // Live progress on a TTY ("  analysing  37/50 [=======>   ] ETA 0.1 s"); nothing otherwise.
  void progress(int done, int total);
  void end_progress();

 private:
  std::FILE* out_;
  bool quiet_;
  bool tty_;
  bool progress_shown_ = false;
  std::chrono::steady_clock::time_point progress_start_{};
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace kiss::cli
