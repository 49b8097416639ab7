// What the daily loop tells its caller while it runs: the numbered steps of the console, the
// warnings, a progress count and the errors it recovers from. The loop never prints; cli/
// implements this with its Console, tests record the calls. Every method defaults to nothing.
#pragma once
#include <string>

namespace kiss::daily {

// The numbered steps of a run ("[n/6] ..."): configuration, prices, analysis, persistence,
// signals, report.
inline constexpr int kSteps = 6;

class Events {
 public:
  virtual ~Events() = default;
  // One finished step of the loop, "[n/total] text".
  virtual void step(int /*n*/, int /*total*/, const std::string& /*text*/) {}
  // Something the user should know; the run goes on.
  virtual void warn(const std::string& /*text*/) {}
  // An error the run recovers from (the run still ends with a non-zero exit).
  virtual void error(const std::string& /*text*/) {}
  // Detail for --verbose (the phase timings).
  virtual void info(const std::string& /*text*/) {}
  // `done` of `total` symbols refreshed or analysed; end_progress() after the last.
  virtual void progress(int /*done*/, int /*total*/) {}
  virtual void end_progress() {}
};

}  // namespace kiss::daily
