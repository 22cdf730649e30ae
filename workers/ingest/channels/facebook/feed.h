// A Page `feed` change value -> submits. Ticket material is a citizen's `comment` and a visitor
// post (`status` / `post`):
//   verb add            CREATE   "facebook:<page>:comment:<comment_id>" (post: "...:post:<post_id>")
//   verb edited / edit  UPDATE   "...:edit:<created_time>" (the edit's time; else a hash of the text)
//   verb remove         WITHDRAW "...:remove"
// thread_id = post_id; parent_id = the parent comment for a reply (empty for a top-level comment,
// whose parent_id is the post itself); author = from {id, name}; text = message;
// written_at_ms = created_time (seconds) * 1000; attachments: photo / photos[] (IMAGE),
// video (VIDEO), link (LINK).
// Ignored (counted): the Page's own items (from.id is us), reactions / likes / shares / page photos,
// hide / unhide / block / mute / update verbs, and an add or edit with neither text nor media.
#pragma once

#include "workers/ingest/channels/meta/envelope.h"
#include "workers/ingest/channels/meta/json_node.h"

namespace aspirasi::ingest::facebook {

void ParseFeedChange(const meta::JsonNode& value, meta::EntryContext& ctx);

}  // namespace aspirasi::ingest::facebook
