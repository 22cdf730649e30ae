// Civil days: a local calendar date as a count of days since 1970-01-01 (negative before it).
//
// The SLA calendars work on local dates (a holiday is a date in the tenant's time zone), so dates
// are plain day numbers and weekdays follow from them. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace aspirasi::sla {

// Days since 1970-01-01 of a proleptic Gregorian date. REQUIRES: IsValidDate(y, m, d).
inline int64_t DayNumber(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}

inline bool IsValidDate(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return year_month_day{year{y}, month{m}, day{d}}.ok();
}

// 0 = Monday ... 6 = Sunday (ISO 8601). 1970-01-01 was a Thursday.
inline int Weekday(int64_t day) {
  int64_t r = (day + 3) % 7;
  return static_cast<int>(r < 0 ? r + 7 : r);
}

// "2026-03-20".
inline std::string FormatDay(int64_t day_number) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{days{day_number}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// Strict "YYYY-MM-DD"; nullopt for anything else, including dates that do not exist.
inline std::optional<int64_t> ParseDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const int start[3] = {0, 5, 8}, len[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (int i = 0; i < len[f]; ++i) {
      char c = s[static_cast<std::size_t>(start[f] + i)];
      if (c < '0' || c > '9') return std::nullopt;
      v[f] = v[f] * 10 + (c - '0');
    }
  }
  if (!IsValidDate(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]))) return std::nullopt;
  return DayNumber(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
}

}  // namespace aspirasi::sla
