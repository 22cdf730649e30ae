// Helpers shared by the SLA tests: local wall-clock instants and the shipped holiday calendars.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "broker/sla/calendar.h"
#include "broker/sla/civil_day.h"
#include "broker/sla/holidays.h"

namespace aspirasi::sla::testing {

inline constexpr int kWib = 7 * 60, kWita = 8 * 60, kWit = 9 * 60;

// The instant of a local wall-clock time at a UTC offset (minutes).
inline int64_t At(int offset_min, int y, unsigned mo, unsigned d, int hh, int mm) {
  return DayNumber(y, mo, d) * kDayMs + (hh * 60 + mm) * kMinuteMs - offset_min * kMinuteMs;
}
inline int64_t Wib(int y, unsigned mo, unsigned d, int hh, int mm) { return At(kWib, y, mo, d, hh, mm); }

// "2026-02-18 15:20" in local time at the offset, for readable failures.
inline std::string Local(int64_t t_ms, int offset_min = kWib) {
  int64_t local = t_ms + offset_min * kMinuteMs;
  int64_t day = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
  int64_t ms = local - day * kDayMs;
  char buf[32];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d.%03d", static_cast<int>(ms / kHourMs),
                static_cast<int>(ms % kHourMs / kMinuteMs), static_cast<int>(ms % kMinuteMs / 1000),
                static_cast<int>(ms % 1000));
  return FormatDay(day) + buf;
}

// deploy/calendars: the national holidays and cuti bersama of 2025 and 2026.
inline const std::vector<Holiday>& ShippedHolidays() {
  static const std::vector<Holiday> days = [] {
    auto r = LoadHolidayDir(std::string(ASPIRASI_SOURCE_DIR) + "/deploy/calendars");
    if (!r.ok()) {
      ADD_FAILURE() << r.status().ToString();
      return std::vector<Holiday>{};
    }
    return r->days;
  }();
  return days;
}

// The standard Pemda hours with the shipped holidays, at an offset.
inline Calendar PemdaCalendar(int offset_min = kWib) {
  return std::move(Calendar::Create(offset_min, StandardPemdaHours(), DayNumbers(ShippedHolidays()))).value();
}

}  // namespace aspirasi::sla::testing
