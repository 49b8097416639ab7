// The wall clock, passed as a parameter to the edges that need it (the daily loop, the refresh,
// the records of an import), so tests run them at a fixed instant. The core never reads it.
// This is the program's only clock: SystemClock reads std::chrono, FixedClock is set by hand.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "util/date.h"

namespace kiss {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall time (UTC), for dates and timestamps.
  virtual std::chrono::system_clock::time_point now() const = 0;
  // Monotonic time, for durations.
  virtual std::chrono::steady_clock::time_point steady() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override;
  std::chrono::steady_clock::time_point steady() const override;
};

// A clock that stands still until advance() moves both of its times.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point now) : now_(now) {}
  std::chrono::system_clock::time_point now() const override { return now_; }
  std::chrono::steady_clock::time_point steady() const override { return steady_; }
  void advance(std::chrono::milliseconds d) {
    now_ += d;
    steady_ += d;
  }

 private:
  std::chrono::system_clock::time_point now_;
  std::chrono::steady_clock::time_point steady_{};
};

// The instant `date` at hh:mm:ss UTC (a FixedClock's start in tests).
std::chrono::system_clock::time_point utc_instant(Date date, int hh = 0, int mm = 0, int ss = 0);

// Today's date on the exchange's calendar: UTC + gmtoffset_s (NSE: UTC + 5:30 = 19800 s).
Date exchange_today(const Clock& clock, std::int64_t gmtoffset_s = 19800);

// Now as ISO-8601 UTC with seconds, e.g. "2025-08-08T12:30:05Z".
std::string utc_timestamp(const Clock& clock);

// Now as ISO-8601 UTC with milliseconds, e.g. "2025-08-08T12:30:05.123Z": unique per run and
// sortable (runs.run_timestamp).
std::string utc_timestamp_ms(const Clock& clock);

}  // namespace kiss
