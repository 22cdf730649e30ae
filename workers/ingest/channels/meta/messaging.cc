#include "workers/ingest/channels/meta/messaging.h"

#include <string>
#include <utility>

#include "workers/ingest/channels/meta/edit_version.h"
#include "workers/ingest/channels/meta/messaging_attachments.h"
#include "workers/ingest/channels/meta/submits.h"
#include "workers/ingest/channels/meta/time_fields.h"
#include "workers/ingest/keys.h"

namespace aspirasi::ingest::meta {
namespace {

// The fields every private-message submit shares.
v1::TicketDraft PrivateDraft(const EntryContext& ctx, const std::string& sender, const std::string& mid,
                             int64_t at_ms) {
  v1::TicketDraft d = NewDraft(ctx, /*public_item=*/false);
  d.set_source_id(mid);
  d.set_conversation_key(ConversationKey(ctx.channel, ctx.account, sender));
  d.set_thread_id(sender);
  d.mutable_author()->set_platform_id(sender);
  d.set_written_at_ms(at_ms);
  return d;
}

void ReadReplyTo(const JsonNode& reply_to, v1::TicketDraft& d) {
  d.set_parent_id(reply_to["mid"].Id());
  JsonNode story = reply_to["story"];
  if (!story.present()) return;
  std::string id = story["id"].Id();
  std::string url = story["url"].String();
  if (d.parent_id().empty()) d.set_parent_id(id);
  if (id.empty() && url.empty()) return;
  v1::Attachment a;
  a.set_type(v1::LINK);
  a.set_url(std::move(url));
  a.set_media_id(std::move(id));
  AddAttachment(d, std::move(a));
}

void ParseMessage(const JsonNode& item, const JsonNode& message, EntryContext& ctx) {
  if (!message.RequireObject()) return;
  JsonNode sender_id = item["sender"]["id"];
  std::string sender = sender_id.Id();
  if (message["is_echo"].Bool() || ctx.IsOwn(sender)) return Ignore(ctx);
  std::string mid = message["mid"].RequiredId();
  if (sender.empty()) sender_id.Fail("is required");
  int64_t at_ms = Millis(item["timestamp"]);
  if (!item.errors().ok()) return;

  std::string key = ItemKey(ctx.channel, ctx.account, "message", mid);
  v1::TicketDraft d = PrivateDraft(ctx, sender, mid, at_ms);
  if (message["is_deleted"].Bool()) return EmitWithdraw(ctx, RemoveKey(key), key, std::move(d));
  d.set_text(message["text"].String());
  ReadMessagingAttachments(message["attachments"], d);
  ReadReplyTo(message["reply_to"], d);
  if (!item.errors().ok()) return;
  if (!HasContent(d)) return Ignore(ctx);  // e.g. is_unsupported: nothing we can show
  EmitCreate(ctx, std::move(key), std::move(d));
}

void ParseEdit(const JsonNode& item, const JsonNode& edit, EntryContext& ctx) {
  if (!edit.RequireObject()) return;
  JsonNode sender_id = item["sender"]["id"];
  std::string sender = sender_id.Id();
  if (ctx.IsOwn(sender)) return Ignore(ctx);  // an edit of our own reply
  std::string mid = edit["mid"].RequiredId();
  if (sender.empty()) sender_id.Fail("is required");
  int64_t at_ms = Millis(item["timestamp"]);
  std::string text = edit["text"].String();
  JsonNode num_edit = edit["num_edit"];
  std::string version = num_edit.present() ? std::to_string(num_edit.Int())
                        : at_ms > 0        ? std::to_string(at_ms)
                                           : TextVersion(text);
  if (!item.errors().ok()) return;
  if (text.empty()) return Ignore(ctx);  // an UPDATE needs the new text

  std::string key = ItemKey(ctx.channel, ctx.account, "message", mid);
  v1::TicketDraft d = PrivateDraft(ctx, sender, mid, at_ms);
  d.set_text(std::move(text));
  EmitUpdate(ctx, EditKey(key, version), key, std::move(d));
}

}  // namespace

void ParseMessagingItem(const JsonNode& item, EntryContext& ctx) {
  if (!item.RequireObject()) return;
  if (JsonNode message = item["message"]; message.present()) return ParseMessage(item, message, ctx);
  if (JsonNode edit = item["message_edit"]; edit.present()) return ParseEdit(item, edit, ctx);
  Ignore(ctx);  // delivery, read, messaging_seen, reaction, postback, referral, optin, ...
}

void ParseMessagingLists(const JsonNode& entry, EntryContext& ctx) {
  for (const char* list : {"messaging", "standby"}) {
    JsonNode items = entry[list];
    for (std::size_t i = 0; i < items.size() && entry.errors().ok(); ++i) ParseMessagingItem(items[i], ctx);
  }
}

}  // namespace aspirasi::ingest::meta
