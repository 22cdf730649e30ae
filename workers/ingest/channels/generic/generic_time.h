// Times in generic JSON payloads -> milliseconds since the Unix epoch (UTC).
//
// Accepted: an integer or a numeric string of seconds (below 10^11) or milliseconds (from 10^11,
// i.e. any date after 1973 in ms); a number with a fraction (seconds); an RFC 3339 string
// "2026-01-05T08:30:00Z", "2026-01-05 08:30:00.250+07:00" (offset required: a time without a
// zone is ambiguous across WIB/WITA/WIT). Errors: INVALID_ARGUMENT with what was expected.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"

namespace aspirasi::ingest::generic {

Result<int64_t> EpochNumberToMs(double value);
Result<int64_t> EpochIntegerToMs(int64_t value);
Result<int64_t> TimeStringToMs(std::string_view text);

}  // namespace aspirasi::ingest::generic
