#include "cli/console.h"

#include <unistd.h>

#include <algorithm>

namespace kiss::cli {

int fail(const Error& e) {
  std::fprintf(stderr, "kiss-signal: %s\n", e.to_string().c_str());
  return static_cast<int>(e.exit_code);
}

Console::Console(bool quiet, bool json)
    : out_(json ? stderr : stdout),
      quiet_(quiet),
      tty_(isatty(fileno(json ? stderr : stdout)) != 0) {}

void Console::step(int n, int total, const std::string& text) {
  if (quiet_) return;
  end_progress();
  std::fprintf(out_, "[%d/%d] %s\n", n, total, text.c_str());
  std::fflush(out_);
}

void Console::info(const std::string& text) {
  if (quiet_) return;
  end_progress();
  std::fprintf(out_, "%s\n", text.c_str());
}

void Console::warn(const std::string& text) {
  if (quiet_) return;
  end_progress();
  std::fprintf(stderr, "WARNING: %s\n", text.c_str());
}

void Console::error(const std::string& text) {
  end_progress();
  std::fprintf(stderr, "kiss-signal: %s\n", text.c_str());
}

void Console::progress(int done, int total) {
  if (quiet_ || !tty_ || total <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (!progress_shown_) {
    progress_start_ = now;
    progress_shown_ = true;
  } else if (done < total && now - last_draw_ < std::chrono::milliseconds(50)) {
    return;  // redraw at most 20 times a second
  }
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - progress_start_).count();
  const double eta = done > 0 ? elapsed / done * (total - done) : 0.0;
  constexpr int kWidth = 30;
  const int filled = std::clamp(done * kWidth / total, 0, kWidth);
  std::string bar(static_cast<std::size_t>(filled), '=');
  bar.resize(kWidth, ' ');
  std::fprintf(out_, "\r  %4d/%-4d [%s] ETA %.1f s", done, total, bar.c_str(), eta);
  std::fflush(out_);
}

void Console::end_progress() {
  if (!progress_shown_) return;
  std::fprintf(out_, "\r%*s\r", 60, "");
  std::fflush(out_);
  progress_shown_ = false;
}

}  // namespace kiss::cli
