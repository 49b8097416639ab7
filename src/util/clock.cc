#include "util/clock.h"

#include <cstdio>
#include <ctime>

namespace kiss {

namespace {

// "YYYY-MM-DDTHH:MM:SS" of a UTC instant given in whole seconds since the epoch.
std::string iso_seconds(std::int64_t secs) {
  const auto t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::int64_t epoch_ms(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch())
      .count();
}

}  // namespace

std::chrono::system_clock::time_point SystemClock::now() const {
  return std::chrono::system_clock::now();
}

std::chrono::steady_clock::time_point SystemClock::steady() const {
  return std::chrono::steady_clock::now();
}

std::chrono::system_clock::time_point utc_instant(Date date, int hh, int mm, int ss) {
  const std::int64_t secs = static_cast<std::int64_t>(date) * 86400 +
                            static_cast<std::int64_t>(hh) * 3600 +
                            static_cast<std::int64_t>(mm) * 60 + ss;
  return std::chrono::system_clock::time_point(std::chrono::seconds(secs));
}

Date exchange_today(const Clock& clock, std::int64_t gmtoffset_s) {
  const auto secs =
      std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
  return static_cast<Date>((secs + gmtoffset_s) / 86400);
}

std::string utc_timestamp(const Clock& clock) {
  const std::int64_t ms = epoch_ms(clock);
  return iso_seconds(ms / 1000) + "Z";
}

std::string utc_timestamp_ms(const Clock& clock) {
  const std::int64_t ms = epoch_ms(clock);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms % 1000));
  return iso_seconds(ms / 1000) + frac;
}

}  // namespace kiss
