// The console of docs/product.md: one line per step, a live progress bar with ETA on a TTY, plain
// lines otherwise; --quiet prints errors only; --json keeps stdout for the JSON summary (steps go
// to stderr then).
#pragma once
#include <chrono>
#include <cstdio>
#include <string>

#include "daily/events.h"
#include "util/error.h"

namespace kiss::cli {

// Every command's way out on an error: "kiss-signal: <file:line:column: key: message>" on
// stderr, and the error's exit code (docs/architecture.md, Conventions).
int fail(const Error& e);

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

// The daily loop's events (daily/events.h) printed on a Console.
class ConsoleEvents final : public daily::Events {
 public:
  explicit ConsoleEvents(Console& console) : console_(console) {}
  void step(int n, int total, const std::string& text) override { console_.step(n, total, text); }
  void warn(const std::string& text) override { console_.warn(text); }
  void error(const std::string& text) override { console_.error(text); }
  void info(const std::string& text) override { console_.info(text); }
  void progress(int done, int total) override { console_.progress(done, total); }
  void end_progress() override { console_.end_progress(); }

 private:
  Console& console_;
};

}  // namespace kiss::cli
