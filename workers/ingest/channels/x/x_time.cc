#include "workers/ingest/channels/x/x_time.h"

#include <array>
#include <charconv>
#include <string>

namespace aspirasi::ingest::x {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int> Digits(std::string_view s) {
  int v = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.front() == '-' || s.front() == '+')
    return std::nullopt;
  return v;
}

}  // namespace

std::optional<int64_t> ParseCreatedAt(std::string_view s) {
  // "Wed Nov 11 04:20:19 +0000 2026": fixed columns.
  if (s.size() != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[13] != ':' || s[16] != ':' ||
      s[19] != ' ' || s[25] != ' ') {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  unsigned month = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (s.substr(4, 3) == kMonths[i]) month = i + 1;
  }
  auto day = Digits(s.substr(8, 2));
  auto hour = Digits(s.substr(11, 2));
  auto minute = Digits(s.substr(14, 2));
  auto second = Digits(s.substr(17, 2));
  auto offset = Digits(s.substr(21, 4));
  auto year = Digits(s.substr(26, 4));
  char sign = s[20];
  if (month == 0 || !day || !hour || !minute || !second || !offset || !year || (sign != '+' && sign != '-') ||
      *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60 || *offset % 100 > 59) {
    return std::nullopt;
  }
  int64_t offset_s = (*offset / 100 * 3600 + *offset % 100 * 60) * (sign == '-' ? -1 : 1);
  int64_t seconds = DaysFromCivil(*year, month, static_cast<unsigned>(*day)) * 86400 + *hour * 3600 +
                    *minute * 60 + *second - offset_s;
  return seconds * 1000;
}

int64_t MillisMember(const Json& obj, std::string_view name) {
  const Json* v = Member(obj, name);
  if (v == nullptr) return 0;
  if (v->is_string()) return MillisFromString(v->get<std::string>()).value_or(0);
  if (v->is_number_unsigned() && v->get<uint64_t>() < (uint64_t{1} << 62))
    return static_cast<int64_t>(v->get<uint64_t>());
  return 0;
}

}  // namespace aspirasi::ingest::x
