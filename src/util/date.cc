#include "util/date.h"

#include <cstdio>

namespace kiss {

Date days_from_civil(int y, int m, int d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil civil_from_days(Date z) noexcept {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

bool is_valid_civil(int y, int m, int d) noexcept {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int dim = (m == 2 && leap) ? 29 : kDays[m - 1];
  return d <= dim;
}

namespace {
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) noexcept {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}
}  // namespace

std::optional<Date> parse_iso_date(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return std::nullopt;
  if (!is_valid_civil(y, m, d)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::string format_date(Date d) {
  const Civil c = civil_from_days(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

int weekday(Date d) noexcept {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  const int w = (d + 3) % 7;
  return w < 0 ? w + 7 : w;
}

int weekdays_after(Date from, Date to) noexcept {
  if (to <= from) return 0;
  const int days = to - from;
  int n = days / 7 * 5;  // every whole week holds five weekdays
  for (Date d = from + days / 7 * 7 + 1; d <= to; ++d) n += weekday(d) < 5 ? 1 : 0;
  return n;
}

}  // namespace kiss
