// Times in X payloads: `timestamp_ms` / `created_timestamp` are decimal strings of Unix
// milliseconds; `created_at` is "Wed Nov 11 04:20:19 +0000 2026" (v1.1 tweets), used only when a
// tweet has no timestamp_ms.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "workers/ingest/channels/x/x_json.h"

namespace aspirasi::ingest::x {

// Unix ms of a v1.1 `created_at`; nullopt when it does not have that exact shape.
std::optional<int64_t> ParseCreatedAt(std::string_view created_at);

// Unix ms from member `name` of `obj`: a string of digits or a non-negative integer; 0 when neither.
int64_t MillisMember(const Json& obj, std::string_view name);

}  // namespace aspirasi::ingest::x
