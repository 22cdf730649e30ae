// An Instagram `comments` (or `live_comments`) change value -> a CREATE
// "instagram:<account>:comment:<id>". Instagram sends no edit or removal events for comments.
// thread_id = media.id; parent_id = parent_id (replies only); author = from {id (IGSID), username as
// the handle}; text = text; written_at_ms = entry.time (the value has no time of its own).
// Ignored (counted): our own account's comments (from.id is us) and comments without text.
#pragma once

#include <cstdint>

#include "workers/ingest/channels/meta/envelope.h"
#include "workers/ingest/channels/meta/json_node.h"

namespace aspirasi::ingest::instagram {

void ParseCommentChange(const meta::JsonNode& value, int64_t entry_time_ms, meta::EntryContext& ctx);

}  // namespace aspirasi::ingest::instagram
