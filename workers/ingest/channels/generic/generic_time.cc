#include "workers/ingest/channels/generic/generic_time.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <string>

namespace aspirasi::ingest::generic {
namespace {

constexpr int64_t kMsThreshold = 100000000000LL;  // 10^11: as seconds, year 5138; as ms, 1973
constexpr int64_t kMaxMs = 253402300799999LL;     // 9999-12-31T23:59:59.999Z

Status Bad(std::string_view text, const std::string& why) {
  return Status::InvalidArgument("time", "time '" + std::string(text.substr(0, 64)) + "' " + why);
}

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Days from 1970-01-01 to y-m-d (proleptic Gregorian), Howard Hinnant's algorithm.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

Result<int64_t> EpochIntegerToMs(int64_t value) {
  if (value < 0) return Status::InvalidArgument("time", "time must not be negative");
  int64_t ms = value < kMsThreshold ? value * 1000 : value;
  if (ms > kMaxMs) return Status::InvalidArgument("time", "time is after the year 9999");
  return ms;
}

Result<int64_t> EpochNumberToMs(double value) {
  if (!std::isfinite(value) || value < 0)
    return Status::InvalidArgument("time", "time must be a non-negative number");
  if (value >= static_cast<double>(kMsThreshold)) {
    if (value > static_cast<double>(kMaxMs))
      return Status::InvalidArgument("time", "time is after the year 9999");
    return static_cast<int64_t>(value);
  }
  return static_cast<int64_t>(std::llround(value * 1000.0));
}

Result<int64_t> TimeStringToMs(std::string_view s) {
  if (s.empty()) return Bad(s, "is empty");
  bool numeric = s.size() <= 18;
  for (char c : s) numeric = numeric && c >= '0' && c <= '9';
  if (numeric) return EpochIntegerToMs(std::stoll(std::string(s)));

  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, &y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &h) ||
      s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' || !Digits(s, 17, 2, &sec)) {
    return Bad(s, "is neither epoch seconds/milliseconds nor RFC 3339 (2026-01-05T08:30:00+07:00)");
  }
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60) {
    return Bad(s, "is not a valid date and time");
  }
  std::size_t pos = 19;
  int64_t frac_ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) frac_ms = frac_ms * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return Bad(s, "has an empty fraction of a second");
    for (int i = digits; i < 3; ++i) frac_ms *= 10;
  }
  int64_t offset_min = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return Bad(s, "has a bad zone offset (expected +HH:MM)");
    }
    offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return Bad(s, "has no time zone (add Z or an offset such as +07:00)");
  }
  if (pos != s.size()) return Bad(s, "has trailing characters");
  int64_t secs = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + std::min(sec, 59) - offset_min * 60;
  if (secs < 0) return Bad(s, "is before 1970");
  return secs * 1000 + frac_ms;
}

}  // namespace aspirasi::ingest::generic
