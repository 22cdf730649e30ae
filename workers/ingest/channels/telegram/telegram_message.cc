#include "workers/ingest/channels/telegram/telegram_message.h"

#include <string>

#include "workers/ingest/channels/telegram/telegram_addressing.h"
#include "workers/ingest/channels/telegram/telegram_attachments.h"
#include "workers/ingest/keys.h"

namespace aspirasi::ingest::telegram {
namespace {

constexpr std::string_view kChannel = "telegram";

Status Expected(std::string_view path, std::string_view field, std::string_view what) {
  return Status::Malformed("telegram: " + std::string(path) + "." + std::string(field) + ": expected " +
                           std::string(what));
}

v1::Author AuthorOf(const Json& from, const std::string& id) {
  v1::Author author;
  author.set_platform_id(id);
  std::string name = StringMember(from, "first_name");
  std::string last = StringMember(from, "last_name");
  if (!last.empty()) name += name.empty() ? last : " " + last;
  author.set_display_name(name);
  std::string username = StringMember(from, "username");
  if (!username.empty()) author.set_handle("@" + username);
  return author;
}

// Group messages are ticket material only when addressed to the bot, unless the account's
// option group_messages = "all".
bool WantGroupMessage(const Json& message, const AccountContext& account) {
  auto it = account.options.find("group_messages");
  if (it != account.options.end() && it->second == "all") return true;
  return AddressedToUs(message, account);
}

}  // namespace

Status MapMessage(const Json& message, std::string_view path, MessageEvent event,
                  const AccountContext& account, ParseResult& out) {
  if (!message.is_object())
    return Status::Malformed("telegram: " + std::string(path) + ": expected a Message object");
  auto message_id = IntegerText(Member(message, "message_id"));
  if (!message_id) return Expected(path, "message_id", "an integer");
  const Json* chat = Member(message, "chat");
  auto chat_id = chat != nullptr ? IntegerText(Member(*chat, "id")) : std::nullopt;
  if (!chat_id) return Expected(path, "chat.id", "an integer");
  std::optional<int64_t> edit_date;
  if (event == MessageEvent::kEdited && !(edit_date = IntegerMember(message, "edit_date"))) {
    return Expected(path, "edit_date", "an integer (Unix seconds)");
  }

  std::string chat_type = StringMember(*chat, "type");
  const Json* from = Member(message, "from");
  auto from_id = from != nullptr ? IntegerText(Member(*from, "id")) : std::nullopt;
  bool from_bot = from != nullptr && Member(*from, "is_bot") != nullptr && *Member(*from, "is_bot") == true;
  bool is_group = chat_type == "group" || chat_type == "supergroup";
  bool live_location_update = event == MessageEvent::kEdited && Member(message, "location") != nullptr &&
                              Member(*Member(message, "location"), "live_period") != nullptr;
  if (!from_id || from_bot || account.IsOwn(*from_id) || chat_type == "channel" || live_location_update ||
      (is_group && !WantGroupMessage(message, account))) {
    ++out.ignored;
    return Status::Ok();
  }

  v1::Submit submit;
  v1::TicketDraft& d = *submit.mutable_draft();
  std::string text = StringMember(message, "text");
  d.set_text(text.empty() ? StringMember(message, "caption") : text);
  AddAttachments(message, d);
  if (d.text().empty() && d.attachments_size() == 0) {
    ++out.ignored;
    return Status::Ok();
  }

  std::string source_id = *chat_id + ":" + *message_id;
  std::string item = ItemKey(kChannel, account.id, "message", source_id);
  if (event == MessageEvent::kEdited) {
    submit.set_action(v1::UPDATE);
    submit.set_idempotency_key(EditKey(item, std::to_string(*edit_date)));
    submit.set_target_key(item);
  } else {
    submit.set_action(v1::CREATE);
    submit.set_idempotency_key(item);
  }
  d.set_channel(std::string(kChannel));
  d.set_account(account.id);
  d.set_source_id(source_id);
  d.set_thread_id(*chat_id);
  if (const Json* reply = Member(message, "reply_to_message")) {
    if (auto parent = IntegerText(Member(*reply, "message_id"))) d.set_parent_id(*chat_id + ":" + *parent);
  }
  if (chat_type == "private") d.set_conversation_key(ConversationKey(kChannel, account.id, *chat_id));
  d.set_public_item(chat_type != "private");
  *d.mutable_author() = AuthorOf(*from, *from_id);
  // `date` is when the message was first sent (Unix seconds), also on edits.
  if (auto date = IntegerMember(message, "date"); date && *date > 0 && *date < INT64_MAX / 1000) {
    d.set_written_at_ms(*date * 1000);
  }
  out.submits.push_back(std::move(submit));
  return Status::Ok();
}

}  // namespace aspirasi::ingest::telegram
