// message.attachments[] of Messenger and Instagram Direct -> draft attachments (metadata only; the
// CDN URLs are short-lived and fetched later by whoever needs the bytes).
//
//   image, animated_image -> IMAGE (a legacy sticker, image with payload.sticker_id -> STICKER)
//   video, reel, ig_reel  -> VIDEO        audio -> AUDIO        file -> DOCUMENT
//   sticker               -> STICKER (media_id = payload.sticker_id)
//   location (legacy)     -> LOCATION (payload.coordinates.lat/long, title as the name)
//   anything else (share, story_mention, post, ig_post, fallback, template, ...) -> LINK
// url = payload.url (else the attachment's url), caption = payload.title (else title). An
// attachment with neither URL, media id nor coordinates carries nothing and is skipped.
#pragma once

#include "aspirasi/v1/ticket.pb.h"
#include "workers/ingest/channels/meta/json_node.h"

namespace aspirasi::ingest::meta {

void ReadMessagingAttachments(const JsonNode& attachments, v1::TicketDraft& draft);

}  // namespace aspirasi::ingest::meta
