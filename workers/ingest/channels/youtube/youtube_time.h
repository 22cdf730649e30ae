// YouTube's timestamps (publishedAt, updatedAt) are RFC 3339 / ISO-8601 strings:
// "2026-11-08T15:03:12Z", optionally with a fraction ("...12.345Z") or an offset ("...12+07:00").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace aspirasi::ingest::youtube {

// Unix milliseconds; nullopt when `s` is not such a timestamp.
std::optional<int64_t> ParseRfc3339Ms(std::string_view s);

}  // namespace aspirasi::ingest::youtube
