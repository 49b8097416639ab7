// Calendar dates as days since 1970-01-01 (proleptic Gregorian), the one date type of the core.
// Formatting and parsing happen only at the edges (import, store, report, cli).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiss {

using Date = std::int32_t;  // days since 1970-01-01; invariant: a valid civil date

struct Civil {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

// Howard Hinnant's days_from_civil / civil_from_days: exact for every Gregorian date.
Date days_from_civil(int year, int month, int day) noexcept;
Civil civil_from_days(Date d) noexcept;

bool is_valid_civil(int year, int month, int day) noexcept;

// "YYYY-MM-DD" exactly (10 characters). Returns nullopt on any deviation or invalid date.
std::optional<Date> parse_iso_date(std::string_view s) noexcept;

// "YYYY-MM-DD".
std::string format_date(Date d);

// 0 = Monday .. 6 = Sunday.
int weekday(Date d) noexcept;

// The weekdays (Monday to Friday) after `from` up to and including `to`; 0 when `to` <= `from`.
// The trading days between two dates on a calendar without holidays (docs/data.md, stale data).
int weekdays_after(Date from, Date to) noexcept;

}  // namespace kiss
