#include "workers/ingest/channels/telegram/telegram_attachments.h"

namespace aspirasi::ingest::telegram {
namespace {

// A file object (Video, Voice, Document, ...) as an attachment; false when it has no file_id.
bool AddFile(const Json* file, v1::AttachmentType type, v1::TicketDraft& draft) {
  if (file == nullptr || !file->is_object()) return false;
  std::string file_id = StringMember(*file, "file_id");
  if (file_id.empty()) return false;
  v1::Attachment* a = draft.add_attachments();
  a->set_type(type);
  a->set_media_id(file_id);
  a->set_mime_type(StringMember(*file, "mime_type"));
  if (auto size = IntegerMember(*file, "file_size"); size && *size > 0)
    a->set_size_bytes(static_cast<uint64_t>(*size));
  return true;
}

bool AddLocation(const Json* location, const std::string& name, const std::string& address,
                 v1::TicketDraft& draft) {
  if (location == nullptr) return false;
  const Json* lat = Member(*location, "latitude");
  const Json* lon = Member(*location, "longitude");
  if (lat == nullptr || lon == nullptr || !lat->is_number() || !lon->is_number()) return false;
  v1::Attachment* a = draft.add_attachments();
  a->set_type(v1::LOCATION);
  v1::Location* l = a->mutable_location();
  l->set_latitude(lat->get<double>());
  l->set_longitude(lon->get<double>());
  l->set_name(name);
  l->set_address(address);
  return true;
}

}  // namespace

void AddAttachments(const Json& message, v1::TicketDraft& draft) {
  if (const Json* photo = Member(message, "photo");
      photo != nullptr && photo->is_array() && !photo->empty()) {
    AddFile(&photo->back(), v1::IMAGE, draft);
  }
  // An animation also fills `document` (for old clients): take it once, as a video.
  bool animation = AddFile(Member(message, "animation"), v1::VIDEO, draft);
  AddFile(Member(message, "video"), v1::VIDEO, draft);
  AddFile(Member(message, "video_note"), v1::VIDEO, draft);
  AddFile(Member(message, "voice"), v1::AUDIO, draft);
  AddFile(Member(message, "audio"), v1::AUDIO, draft);
  if (!animation) AddFile(Member(message, "document"), v1::DOCUMENT, draft);
  AddFile(Member(message, "sticker"), v1::STICKER, draft);
  // A venue also fills `location`: take the venue, which has the name and address.
  const Json* venue = Member(message, "venue");
  bool placed = venue != nullptr && AddLocation(Member(*venue, "location"), StringMember(*venue, "title"),
                                                StringMember(*venue, "address"), draft);
  if (!placed) AddLocation(Member(message, "location"), {}, {}, draft);
}

}  // namespace aspirasi::ingest::telegram
