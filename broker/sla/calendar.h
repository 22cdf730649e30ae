// Calendar: when an OPD works, and business-time arithmetic on instants.
//
// Instants are milliseconds since the Unix epoch (UTC), as everywhere in Aspirasi. A calendar is
//  - a fixed UTC offset. Indonesia has had no daylight saving time since 1964 and its three zones
//    are fixed: WIB (Asia/Jakarta, Asia/Pontianak) UTC+7, WITA (Asia/Makassar) UTC+8, WIT
//    (Asia/Jayapura) UTC+9. A fixed offset from the zone name is therefore exact for every instant
//    Aspirasi handles, and no tz database is needed;
//  - working intervals per weekday, in local minutes of the day, several a day (Monday to Thursday
//    07:30-12:00 and 12:30-16:00, Friday 07:30-11:30 and 13:00-16:30);
//  - local dates that are not worked (national holidays, cuti bersama; see holidays.h).
// Or it is "around the clock" (24x7): every instant is working time, time zones do not matter.
//
// Time model. Working time is the union of half-open intervals [begin, end) of local time. The
// working time between a and b is the measure of that union inside [a, b). AddWorking(t, d) is the
// EARLIEST instant x >= t with WorkingBetween(t, x) == d. So a deadline that falls exactly on the
// end of an interval stays there: 1 working day (8 h) from Monday 07:30 is Monday 16:00, not
// Tuesday 07:30. A start outside working time counts from the next interval. Consequences, which
// the property tests check:
//   WorkingBetween(a, AddWorking(a, d)) == d
//   AddWorking(AddWorking(a, x), y) == AddWorking(a, x + y)
//   NextWorkingStart(AddWorking(a, WorkingBetween(a, b))) == NextWorkingStart(b)    (a <= b)
// Cost: WorkingBetween is O(log H) (H = number of days off) from prefix sums over weeks and days
// off; AddWorking is O(log(span) * log H) by searching those prefix sums; no loop over minutes or
// days. A day off removes that local date's intervals; an overnight interval is stored as two (the
// evening of one weekday, the early morning of the next), so a day off cuts at local midnight.
//
// Thread safety: immutable after Create; share freely between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace aspirasi::sla {

inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 60 * kMinuteMs;
inline constexpr int64_t kDayMs = 24 * kHourMs;

// [begin_min, end_min) minutes after local midnight; 0 <= begin_min < end_min <= 1440.
struct WorkInterval {
  int begin_min = 0;
  int end_min = 0;
};

// Index 0 = Monday ... 6 = Sunday (ISO 8601).
using WeekHours = std::array<std::vector<WorkInterval>, 7>;

// Adds "HH:MM-HH:MM" to `weekday` of `week`. "24:00" is the end of the day. An end before the start
// ("22:00-06:00") runs overnight: it adds 22:00-24:00 to `weekday` and 00:00-06:00 to the next one.
// Errors: INVALID_ARGUMENT naming the spec.
Status AddHours(WeekHours* week, int weekday, std::string_view spec);

// Monday to Thursday 07:30-12:00 and 12:30-16:00, Friday 07:30-11:30 and 13:00-16:30: the usual
// office hours of a Pemda (the Friday break is for Friday prayers). Regions differ; configure them.
WeekHours StandardPemdaHours();

// UTC offset of an Indonesian zone, in minutes: Asia/Jakarta and Asia/Pontianak 420 (WIB),
// Asia/Makassar 480 (WITA), Asia/Jayapura 540 (WIT). Other names: INVALID_ARGUMENT.
Result<int> UtcOffsetMinutes(std::string_view zone);

class Calendar {
 public:
  // Every instant is working time.
  static Calendar AroundTheClock();

  // `days_off` are local dates as day numbers (civil_day.h); order and repeats do not matter.
  // Errors (INVALID_ARGUMENT): an offset outside +-14 h, an interval outside 00:00-24:00 or
  // empty, overlapping intervals of one weekday, or no working time in the week at all.
  static Result<Calendar> Create(int utc_offset_minutes, const WeekHours& week,
                                 std::vector<int64_t> days_off);

  bool around_the_clock() const { return around_the_clock_; }
  int utc_offset_minutes() const { return static_cast<int>(offset_ms_ / kMinuteMs); }
  // Working milliseconds of a week without days off.
  int64_t week_ms() const { return week_ms_; }

  // The earliest instant x >= start_ms with WorkingBetween(start_ms, x) == duration_ms.
  // A duration <= 0 returns start_ms.
  int64_t AddWorking(int64_t start_ms, int64_t duration_ms) const;

  // Working milliseconds in [a_ms, b_ms); 0 when b_ms <= a_ms.
  int64_t WorkingBetween(int64_t a_ms, int64_t b_ms) const;

  // Whether t_ms lies inside a working interval (an interval's end is not inside it).
  bool IsWorking(int64_t t_ms) const;

  // t_ms when IsWorking(t_ms), else the start of the next working interval.
  int64_t NextWorkingStart(int64_t t_ms) const;

  // Whether a local date (day number) is a day off.
  bool IsDayOff(int64_t day) const;

  // The local date (day number) of an instant.
  int64_t LocalDay(int64_t t_ms) const;

 private:
  Calendar() = default;

  // Working ms from the origin (a Monday) up to local midnight starting `day`.
  int64_t DaysBefore(int64_t day) const;
  // Working ms from the origin up to the instant.
  int64_t Cumulative(int64_t t_ms) const;

  bool around_the_clock_ = true;
  int64_t offset_ms_ = 0;
  std::array<std::vector<std::pair<int64_t, int64_t>>, 7> hours_;  // [begin, end) ms after midnight
  std::array<int64_t, 7> day_ms_{};                                // working ms per weekday
  std::array<int64_t, 8> week_prefix_{};                           // sum of day_ms_[0..k)
  int64_t week_ms_ = 0;
  std::vector<int64_t> days_off_;    // sorted, unique
  std::vector<int64_t> off_prefix_;  // off_prefix_[i]: working ms removed by days_off_[0..i)
};

}  // namespace aspirasi::sla
