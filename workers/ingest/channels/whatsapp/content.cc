#include "workers/ingest/channels/whatsapp/content.h"

#include <string>
#include <string_view>
#include <utility>

#include "workers/ingest/channels/meta/submits.h"

namespace aspirasi::ingest::whatsapp {
namespace {

using meta::JsonNode;

constexpr std::pair<std::string_view, v1::AttachmentType> kMediaTypes[] = {{"image", v1::IMAGE},
                                                                           {"video", v1::VIDEO},
                                                                           {"audio", v1::AUDIO},
                                                                           {"document", v1::DOCUMENT},
                                                                           {"sticker", v1::STICKER}};

bool MediaType(const std::string& type, v1::AttachmentType* out) {
  for (const auto& [name, t] : kMediaTypes) {
    if (type == name) {
      *out = t;
      return true;
    }
  }
  return false;
}

void ReadMedia(const JsonNode& media, v1::AttachmentType type, v1::TicketDraft& d) {
  if (!media.RequireObject()) return;
  v1::Attachment a;
  a.set_type(type);
  a.set_media_id(media["id"].Id());
  a.set_url(media["url"].String());
  a.set_mime_type(media["mime_type"].String());
  a.set_caption(media["caption"].String());
  d.set_text(a.caption());
  meta::AddAttachment(d, std::move(a));
}

void ReadLocation(const JsonNode& location, v1::TicketDraft& d) {
  if (!location.RequireObject()) return;
  JsonNode latitude = location["latitude"];
  JsonNode longitude = location["longitude"];
  if (!latitude.present()) latitude.Fail("is required");
  if (!longitude.present()) longitude.Fail("is required");
  v1::Attachment a;
  a.set_type(v1::LOCATION);
  a.set_url(location["url"].String());
  v1::Location* loc = a.mutable_location();
  loc->set_latitude(latitude.Number());
  loc->set_longitude(longitude.Number());
  loc->set_name(location["name"].String());
  loc->set_address(location["address"].String());
  meta::AddAttachment(d, std::move(a));
}

std::string InteractiveText(const JsonNode& interactive) {
  if (JsonNode button = interactive["button_reply"]; button.present()) return button["title"].String();
  if (JsonNode list = interactive["list_reply"]; list.present()) {
    std::string text = list["title"].String();
    std::string description = list["description"].String();
    if (!description.empty()) text.append("\n").append(description);
    return text;
  }
  return interactive["nfm_reply"]["body"].String();
}

}  // namespace

bool ReadContent(const JsonNode& msg, v1::TicketDraft& d) {
  std::string type = msg["type"].RequiredString();
  v1::AttachmentType media_type = v1::ATTACHMENT_UNSPECIFIED;
  if (type == "text") {
    d.set_text(msg["text"]["body"].String());
  } else if (MediaType(type, &media_type)) {
    ReadMedia(msg[type], media_type, d);
  } else if (type == "location") {
    ReadLocation(msg["location"], d);
  } else if (type == "interactive") {
    d.set_text(InteractiveText(msg["interactive"]));
  } else if (type == "button") {
    d.set_text(msg["button"]["text"].String());
  } else {
    return false;
  }
  return true;
}

}  // namespace aspirasi::ingest::whatsapp
