#include "broker/store/ticket_number.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace aspirasi::store {

std::string TicketNumber(const std::string& prefix, uint64_t id, int64_t at_ms, int utc_offset_hours) {
  using namespace std::chrono;
  auto local = sys_days(floor<days>(sys_time<milliseconds>(milliseconds(at_ms) + hours(utc_offset_hours))));
  int year = static_cast<int>(year_month_day(local).year());
  char buf[64];
  std::snprintf(buf, sizeof(buf), "-%04d-%06llu", year, static_cast<unsigned long long>(id));
  return prefix + buf;
}

uint64_t TicketIdOfNumber(std::string_view number) {
  std::size_t dash = number.rfind('-');
  std::string_view digits = number.substr(dash == std::string_view::npos ? 0 : dash + 1);
  if (digits.empty() || digits.size() > 18) return 0;
  uint64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  return ec == std::errc() && end == digits.data() + digits.size() ? id : 0;
}

}  // namespace aspirasi::store
