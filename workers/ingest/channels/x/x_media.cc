#include "workers/ingest/channels/x/x_media.h"

#include <string>

namespace aspirasi::ingest::x {
namespace {

// The mp4 variant with the highest bitrate of a video's video_info, or nullptr.
const Json* BestMp4(const Json& media) {
  const Json* info = Member(media, "video_info");
  const Json* variants = info != nullptr ? Member(*info, "variants") : nullptr;
  if (variants == nullptr || !variants->is_array()) return nullptr;
  const Json* best = nullptr;
  int64_t best_rate = -1;
  for (const auto& v : *variants) {
    if (StringMember(v, "content_type") != "video/mp4" || StringMember(v, "url").empty()) continue;
    const Json* rate = Member(v, "bitrate");
    int64_t r = rate != nullptr && rate->is_number_integer() ? rate->get<int64_t>() : 0;
    if (r > best_rate) {
      best = &v;
      best_rate = r;
    }
  }
  return best;
}

// GeoJSON Point {"type":"Point","coordinates":[longitude, latitude]} as a LOCATION.
void AddPoint(const Json* point, const std::string& name, v1::TicketDraft& draft) {
  const Json* c = point != nullptr ? Member(*point, "coordinates") : nullptr;
  if (c == nullptr || !c->is_array() || c->size() != 2 || !(*c)[0].is_number() || !(*c)[1].is_number())
    return;
  v1::Attachment* a = draft.add_attachments();
  a->set_type(v1::LOCATION);
  a->mutable_location()->set_longitude((*c)[0].get<double>());
  a->mutable_location()->set_latitude((*c)[1].get<double>());
  a->mutable_location()->set_name(name);
}

}  // namespace

void AddMedia(const Json& media, v1::TicketDraft& draft) {
  std::string type = StringMember(media, "type");
  std::string url = StringMember(media, "media_url_https");
  v1::Attachment a;
  if (type == "photo") {
    a.set_type(v1::IMAGE);
  } else if (type == "video" || type == "animated_gif") {
    a.set_type(v1::VIDEO);
    if (const Json* mp4 = BestMp4(media)) {
      url = StringMember(*mp4, "url");
      a.set_mime_type("video/mp4");
    }
  } else {
    return;
  }
  a.set_url(url);
  a.set_media_id(StringMember(media, "id_str"));
  if (a.url().empty() && a.media_id().empty()) return;
  *draft.add_attachments() = std::move(a);
}

void AddTweetAttachments(const Json& tweet, v1::TicketDraft& draft) {
  const Json* extended = Member(tweet, "extended_tweet");
  const Json* entities = extended != nullptr ? Member(*extended, "extended_entities") : nullptr;
  if (entities == nullptr) entities = Member(tweet, "extended_entities");
  const Json* media = entities != nullptr ? Member(*entities, "media") : nullptr;
  if (media != nullptr && media->is_array()) {
    for (const auto& m : *media) AddMedia(m, draft);
  }
  const Json* place = Member(tweet, "place");
  AddPoint(Member(tweet, "coordinates"), place != nullptr ? StringMember(*place, "full_name") : std::string(),
           draft);
}

void AddDirectMessageAttachment(const Json& message_data, v1::TicketDraft& draft) {
  const Json* attachment = Member(message_data, "attachment");
  if (attachment == nullptr) return;
  std::string type = StringMember(*attachment, "type");
  if (type == "media") {
    if (const Json* media = Member(*attachment, "media")) AddMedia(*media, draft);
  } else if (type == "location") {
    const Json* location = Member(*attachment, "location");
    const Json* shared = location != nullptr ? Member(*location, "shared_coordinate") : nullptr;
    if (shared != nullptr) AddPoint(Member(*shared, "coordinates"), {}, draft);
  }
}

}  // namespace aspirasi::ingest::x
