// Platform times -> milliseconds, with the unit each field really has: Facebook feed created_time
// and WhatsApp timestamp are Unix seconds (WhatsApp's as a string), Messenger / Instagram Direct
// timestamp is milliseconds, entry.time is seconds on `changes` deliveries and ms on `messaging`.
// Absent yields 0 (unknown); a value outside the plausible range records an error.
#pragma once

#include <cstdint>

#include "workers/ingest/channels/meta/json_node.h"

namespace aspirasi::ingest::meta {

// Unix seconds (integer or decimal string) as ms.
int64_t SecondsAsMs(const JsonNode& node);
// Unix milliseconds (integer or decimal string).
int64_t Millis(const JsonNode& node);
// entry.time, whose unit depends on the delivery: values of 1e11 and more are taken as ms.
int64_t SecondsOrMillisAsMs(const JsonNode& node);

}  // namespace aspirasi::ingest::meta
