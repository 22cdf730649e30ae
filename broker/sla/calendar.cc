#include "broker/sla/calendar.h"

#include <algorithm>
#include <string>

#include "broker/sla/civil_day.h"
#include "common/time_zone.h"

namespace aspirasi::sla {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// "HH:MM" with 00:00..24:00; -1 when malformed.
int ParseClockTime(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (std::size_t i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

}  // namespace

Status AddHours(WeekHours* week, int weekday, std::string_view spec) {
  std::size_t dash = spec.find('-');
  int begin = dash == std::string_view::npos ? -1 : ParseClockTime(spec.substr(0, dash));
  int end = dash == std::string_view::npos ? -1 : ParseClockTime(spec.substr(dash + 1));
  if (begin < 0 || end < 0 || begin == end || begin == 1440) {
    return Status::InvalidArgument("hours",
                                   "working hours \"" + std::string(spec) +
                                       "\" must look like 07:30-16:00 (24-hour clock, 24:00 ends the day)");
  }
  auto& today = (*week)[static_cast<std::size_t>(weekday)];
  if (begin < end) {
    today.push_back({begin, end});
  } else {  // overnight
    today.push_back({begin, 1440});
    if (end > 0) (*week)[static_cast<std::size_t>((weekday + 1) % 7)].push_back({0, end});
  }
  return Status::Ok();
}

WeekHours StandardPemdaHours() {
  WeekHours w;
  for (int d = 0; d < 4; ++d)
    w[static_cast<std::size_t>(d)] = {{7 * 60 + 30, 12 * 60}, {12 * 60 + 30, 16 * 60}};
  w[4] = {{7 * 60 + 30, 11 * 60 + 30}, {13 * 60, 16 * 60 + 30}};
  return w;
}

Result<int> UtcOffsetMinutes(std::string_view zone) {
  if (const IndonesianZone* z = FindIndonesianZone(zone)) return z->offset_minutes;
  return Status::InvalidArgument("timezone",
                                 "time zone \"" + std::string(zone) + "\" must be " + IndonesianZoneNames());
}

Calendar Calendar::AroundTheClock() { return Calendar(); }

Result<Calendar> Calendar::Create(int utc_offset_minutes, const WeekHours& week,
                                  std::vector<int64_t> days_off) {
  if (utc_offset_minutes < -14 * 60 || utc_offset_minutes > 14 * 60) {
    return Status::InvalidArgument("timezone", "UTC offset must be within -14:00..+14:00");
  }
  Calendar c;
  c.around_the_clock_ = false;
  c.offset_ms_ = utc_offset_minutes * kMinuteMs;
  static const char* const kDays[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
  for (std::size_t d = 0; d < 7; ++d) {
    std::vector<WorkInterval> iv = week[d];
    std::sort(iv.begin(), iv.end(),
              [](const WorkInterval& a, const WorkInterval& b) { return a.begin_min < b.begin_min; });
    for (std::size_t i = 0; i < iv.size(); ++i) {
      if (iv[i].begin_min < 0 || iv[i].end_min > 1440 || iv[i].begin_min >= iv[i].end_min) {
        return Status::InvalidArgument(
            "hours",
            std::string(kDays[d]) + ": a working interval must lie within 00:00-24:00 and not be empty");
      }
      if (i > 0 && iv[i].begin_min < iv[i - 1].end_min) {
        return Status::InvalidArgument("hours", std::string(kDays[d]) + ": working intervals overlap");
      }
      auto& hours = c.hours_[d];
      if (!hours.empty() && hours.back().second == iv[i].begin_min * kMinuteMs) {
        hours.back().second = iv[i].end_min * kMinuteMs;  // adjacent: merge
      } else {
        hours.emplace_back(iv[i].begin_min * kMinuteMs, iv[i].end_min * kMinuteMs);
      }
      c.day_ms_[d] += (iv[i].end_min - iv[i].begin_min) * kMinuteMs;
    }
    c.week_prefix_[d + 1] = c.week_prefix_[d] + c.day_ms_[d];
  }
  c.week_ms_ = c.week_prefix_[7];
  if (c.week_ms_ == 0) return Status::InvalidArgument("hours", "the week has no working time");
  std::sort(days_off.begin(), days_off.end());
  days_off.erase(std::unique(days_off.begin(), days_off.end()), days_off.end());
  c.days_off_ = std::move(days_off);
  c.off_prefix_.resize(c.days_off_.size() + 1, 0);
  for (std::size_t i = 0; i < c.days_off_.size(); ++i) {
    c.off_prefix_[i + 1] = c.off_prefix_[i] + c.day_ms_[static_cast<std::size_t>(Weekday(c.days_off_[i]))];
  }
  return c;
}

bool Calendar::IsDayOff(int64_t day) const {
  return std::binary_search(days_off_.begin(), days_off_.end(), day);
}

int64_t Calendar::LocalDay(int64_t t_ms) const { return FloorDiv(t_ms + offset_ms_, kDayMs); }

int64_t Calendar::DaysBefore(int64_t day) const {
  // Weeks counted from Monday 1969-12-29 (day -3).
  int64_t weeks = FloorDiv(day + 3, 7);
  int64_t wd = day + 3 - weeks * 7;
  auto off = std::lower_bound(days_off_.begin(), days_off_.end(), day) - days_off_.begin();
  return weeks * week_ms_ + week_prefix_[static_cast<std::size_t>(wd)] -
         off_prefix_[static_cast<std::size_t>(off)];
}

int64_t Calendar::Cumulative(int64_t t_ms) const {
  int64_t local = t_ms + offset_ms_;
  int64_t day = FloorDiv(local, kDayMs);
  int64_t pos = local - day * kDayMs;
  int64_t total = DaysBefore(day);
  if (IsDayOff(day)) return total;
  for (const auto& [b, e] : hours_[static_cast<std::size_t>(Weekday(day))]) {
    if (pos <= b) break;
    total += std::min(pos, e) - b;
  }
  return total;
}

int64_t Calendar::WorkingBetween(int64_t a_ms, int64_t b_ms) const {
  if (b_ms <= a_ms) return 0;
  if (around_the_clock_) return b_ms - a_ms;
  return Cumulative(b_ms) - Cumulative(a_ms);
}

int64_t Calendar::AddWorking(int64_t start_ms, int64_t duration_ms) const {
  if (duration_ms <= 0) return start_ms;
  if (around_the_clock_) return start_ms + duration_ms;
  const int64_t target = Cumulative(start_ms) + duration_ms;
  // The target lies in the first day D with DaysBefore(D + 1) >= target. Days before the start's
  // day are excluded (DaysBefore(day) <= Cumulative(start) < target); gallop, then bisect.
  int64_t lo = LocalDay(start_ms);
  int64_t span = 7 * (duration_ms / week_ms_ + 1);
  int64_t hi = lo + span;
  while (DaysBefore(hi + 1) < target) {
    lo = hi + 1;
    span *= 2;
    hi = lo + span;
  }
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (DaysBefore(mid + 1) >= target) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  int64_t rest = target - DaysBefore(lo);  // in (0, working ms of day lo]
  for (const auto& [b, e] : hours_[static_cast<std::size_t>(Weekday(lo))]) {
    if (rest <= e - b) return lo * kDayMs + b + rest - offset_ms_;
    rest -= e - b;
  }
  return lo * kDayMs + kDayMs - offset_ms_;  // unreachable: the day holds the target
}

bool Calendar::IsWorking(int64_t t_ms) const {
  if (around_the_clock_) return true;
  int64_t local = t_ms + offset_ms_;
  int64_t day = FloorDiv(local, kDayMs);
  int64_t pos = local - day * kDayMs;
  if (IsDayOff(day)) return false;
  for (const auto& [b, e] : hours_[static_cast<std::size_t>(Weekday(day))]) {
    if (pos >= b && pos < e) return true;
  }
  return false;
}

int64_t Calendar::NextWorkingStart(int64_t t_ms) const {
  if (IsWorking(t_ms)) return t_ms;
  // The earliest instant after which 1 ms of work is done is the next start plus 1 ms.
  return AddWorking(t_ms, 1) - 1;
}

}  // namespace aspirasi::sla
