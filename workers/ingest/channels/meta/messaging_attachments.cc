#include "workers/ingest/channels/meta/messaging_attachments.h"

#include <string>
#include <utility>

#include "workers/ingest/channels/meta/submits.h"

namespace aspirasi::ingest::meta {
namespace {

v1::AttachmentType TypeOf(const std::string& type) {
  if (type == "image" || type == "animated_image") return v1::IMAGE;
  if (type == "video" || type == "reel" || type == "ig_reel") return v1::VIDEO;
  if (type == "audio") return v1::AUDIO;
  if (type == "file") return v1::DOCUMENT;
  if (type == "sticker") return v1::STICKER;
  if (type == "location") return v1::LOCATION;
  return v1::LINK;
}

}  // namespace

void ReadMessagingAttachments(const JsonNode& attachments, v1::TicketDraft& draft) {
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    JsonNode a = attachments[i];
    if (!a.RequireObject()) return;
    JsonNode payload = a["payload"];
    v1::Attachment out;
    out.set_type(TypeOf(a["type"].String()));
    out.set_url(payload["url"].String());
    if (out.url().empty()) out.set_url(a["url"].String());
    out.set_caption(payload["title"].String());
    if (out.caption().empty()) out.set_caption(a["title"].String());
    if (std::string sticker = payload["sticker_id"].Id(); !sticker.empty()) {
      out.set_type(v1::STICKER);
      out.set_media_id(std::move(sticker));
    } else {
      out.set_media_id(payload["reel_video_id"].Id());
    }
    bool located = false;
    if (out.type() == v1::LOCATION) {
      JsonNode coordinates = payload["coordinates"];
      if (coordinates.present()) {
        v1::Location* loc = out.mutable_location();
        loc->set_latitude(coordinates["lat"].Number());
        loc->set_longitude(coordinates["long"].Number());
        loc->set_name(out.caption());
        located = true;
      }
    }
    if (!a.errors().ok()) return;
    if (out.url().empty() && out.media_id().empty() && !located) continue;
    AddAttachment(draft, std::move(out));
  }
}

}  // namespace aspirasi::ingest::meta
