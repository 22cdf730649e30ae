// Human ticket numbers: "<PREFIX>-<YYYY>-<id, at least 6 digits>", e.g. "NH-2026-000042".
// The year is the tenant's local year at acceptance.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace aspirasi::store {

std::string TicketNumber(const std::string& prefix, uint64_t id, int64_t at_ms, int utc_offset_hours);

// The id in a ticket number: the digits after its last '-' ("NH-2026-000042" -> 42). 0 when that
// part is empty, holds anything but digits, or has more than 18 of them. The caller still compares
// the stored ticket's number with the whole of `number`.
uint64_t TicketIdOfNumber(std::string_view number);

}  // namespace aspirasi::store
