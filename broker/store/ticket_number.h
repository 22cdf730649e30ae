// Human ticket numbers: "<PREFIX>-<YYYY>-<id, at least 6 digits>", e.g. "NH-2026-000042".
// The year is the tenant's local year at acceptance.
#pragma once

#include <cstdint>
#include <string>

namespace aspirasi::store {

std::string TicketNumber(const std::string& prefix, uint64_t id, int64_t at_ms, int utc_offset_hours);

}  // namespace aspirasi::store
