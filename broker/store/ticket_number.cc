#include "broker/store/ticket_number.h"

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

}  // namespace aspirasi::store
