#include <string>

#include "workers/ingest/channels/x/x_events.h"
#include "workers/ingest/channels/x/x_media.h"
#include "workers/ingest/channels/x/x_time.h"
#include "workers/ingest/keys.h"

namespace aspirasi::ingest::x {
namespace {

constexpr std::string_view kChannel = "x";

Status Expected(const std::string& path, std::string_view what) {
  return Status::Malformed("x: " + path + ": expected " + std::string(what));
}

v1::Author AuthorOf(const std::string& id, const Json* users) {
  v1::Author author;
  author.set_platform_id(id);
  const Json* user = users != nullptr ? Member(*users, id) : nullptr;
  if (user != nullptr) {
    author.set_display_name(StringMember(*user, "name"));
    std::string screen_name = StringMember(*user, "screen_name");
    if (!screen_name.empty()) author.set_handle("@" + screen_name);
  }
  return author;
}

}  // namespace

Status MapDirectMessage(const Json& event, const std::string& path, const EventContext& ctx,
                        ParseResult& out) {
  if (!event.is_object()) return Expected(path, "a direct message event object");
  if (StringMember(event, "type") != "message_create") {
    ++out.ignored;
    return Status::Ok();
  }
  std::string id = StringMember(event, "id");
  if (id.empty()) return Expected(path + ".id", "a string event id");
  const Json* create = Member(event, "message_create");
  if (create == nullptr || !create->is_object()) return Expected(path + ".message_create", "an object");
  std::string sender = StringMember(*create, "sender_id");
  if (sender.empty()) return Expected(path + ".message_create.sender_id", "a string user id");
  if (ctx.IsUs(sender)) {
    ++out.ignored;  // a DM we sent: our echo
    return Status::Ok();
  }

  v1::Submit submit;
  v1::TicketDraft& d = *submit.mutable_draft();
  if (const Json* data = Member(*create, "message_data")) {
    d.set_text(StringMember(*data, "text"));
    AddDirectMessageAttachment(*data, d);
  }
  if (d.text().empty() && d.attachments_size() == 0) {
    ++out.ignored;
    return Status::Ok();
  }
  submit.set_action(v1::CREATE);
  submit.set_idempotency_key(ItemKey(kChannel, ctx.account.id, "dm", id));
  d.set_channel(std::string(kChannel));
  d.set_account(ctx.account.id);
  d.set_source_id(id);
  // Received DMs only (ours are ignored above), so the other party is the sender.
  d.set_conversation_key(ConversationKey(kChannel, ctx.account.id, sender));
  d.set_public_item(false);
  *d.mutable_author() = AuthorOf(sender, ctx.users);
  d.set_written_at_ms(MillisMember(event, "created_timestamp"));
  out.submits.push_back(std::move(submit));
  return Status::Ok();
}

}  // namespace aspirasi::ingest::x
