// Durations of SLA targets and escalation delays, written as in the configuration: "90m", "4h",
// "1d", "1d4h30m". A day is `day_ms`: 24 h around the clock, one working day (8 working hours by
// default, [sla] working_day) in working time. "0" or "0m" is zero. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aspirasi::sla {

// INVALID_ARGUMENT for anything but a sequence of <digits><d|h|m> (or "0"), or over 10 years.
Result<int64_t> ParseDuration(std::string_view text, int64_t day_ms);

// "1d4h30m" with 24 h days; "0m" for zero. For messages and logs.
std::string FormatDuration(int64_t ms);

}  // namespace aspirasi::sla
