// Media and places of tweets and DMs as ticket attachments.
//   photo -> IMAGE (media_url_https); video / animated_gif -> VIDEO (the highest-bitrate mp4 variant,
//   else media_url_https); media_id = the media's id_str. DM media URLs (ton.twitter.com) need OAuth
//   to fetch. A tweet's exact `coordinates` (GeoJSON [longitude, latitude]) -> LOCATION, named
//   after `place.full_name`.
#pragma once

#include "aspirasi/v1/ticket.pb.h"
#include "workers/ingest/channels/x/x_json.h"

namespace aspirasi::ingest::x {

// One media object of extended_entities.media[] or a DM's attachment.media.
void AddMedia(const Json& media, v1::TicketDraft& draft);

// A tweet's media (extended_tweet.extended_entities, else extended_entities) and coordinates.
void AddTweetAttachments(const Json& tweet, v1::TicketDraft& draft);

// A DM's message_data.attachment: media, or a shared location.
void AddDirectMessageAttachment(const Json& message_data, v1::TicketDraft& draft);

}  // namespace aspirasi::ingest::x
