#include "broker/sla/duration.h"

#include "broker/sla/calendar.h"

namespace aspirasi::sla {

Result<int64_t> ParseDuration(std::string_view text, int64_t day_ms) {
  auto bad = [&] {
    return Status::InvalidArgument(
        "duration", "duration \"" + std::string(text) + "\" must look like 90m, 4h, 1d or 1d4h30m");
  };
  if (text == "0") return int64_t{0};
  if (text.empty()) return bad();
  int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    int64_t n = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      n = n * 10 + (text[i] - '0');
      if (n > 10'000'000) return bad();
      ++i;
      ++digits;
    }
    if (digits == 0 || i == text.size()) return bad();
    char unit = text[i++];
    if (unit == 'd') {
      total += n * day_ms;
    } else if (unit == 'h') {
      total += n * kHourMs;
    } else if (unit == 'm') {
      total += n * kMinuteMs;
    } else {
      return bad();
    }
    if (total > 3660 * kDayMs) return bad();
  }
  return total;
}

std::string FormatDuration(int64_t ms) {
  if (ms <= 0) return "0m";
  std::string out;
  int64_t d = ms / kDayMs, h = ms % kDayMs / kHourMs, m = ms % kHourMs / kMinuteMs;
  if (d) out += std::to_string(d) + "d";
  if (h) out += std::to_string(h) + "h";
  if (m || out.empty()) out += std::to_string(m) + "m";
  return out;
}

}  // namespace aspirasi::sla
