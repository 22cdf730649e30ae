#include "workers/ingest/channels/whatsapp/messages.h"

#include <string>
#include <utility>
#include <vector>

#include "workers/ingest/channels/meta/submits.h"
#include "workers/ingest/channels/meta/time_fields.h"
#include "workers/ingest/channels/whatsapp/contacts.h"
#include "workers/ingest/channels/whatsapp/content.h"
#include "workers/ingest/keys.h"

namespace aspirasi::ingest::whatsapp {
namespace {

using meta::JsonNode;

void ParseMessage(const JsonNode& msg, const std::vector<Contact>& contacts,
                  const std::string& display_number, meta::EntryContext& ctx) {
  if (!msg.RequireObject()) return;
  v1::TicketDraft d = meta::NewDraft(ctx, /*public_item=*/false);
  bool ticket_material = ReadContent(msg, d);
  std::string from = msg["from"].Id();
  std::string from_user = msg["from_user_id"].Id();
  if (!msg.errors().ok()) return;
  // The messages field never echoes our API sends; a message from our own number would be one.
  bool ours = ctx.IsOwn(from) || ctx.IsOwn(from_user) || (!from.empty() && from == display_number);
  if (!ticket_material || ours) return meta::Ignore(ctx);

  std::string id = msg["id"].RequiredId();
  const Contact* contact = FindContact(contacts, from, from_user);
  std::string person = PersonId(contact, from, from_user);
  if (person.empty()) msg["from"].Fail("is required");
  d.set_source_id(id);
  d.set_conversation_key(ConversationKey(ctx.channel, ctx.account, person));
  d.set_thread_id(person);
  d.set_parent_id(msg["context"]["id"].Id());
  d.mutable_author()->set_platform_id(person);
  if (contact != nullptr) d.mutable_author()->set_display_name(contact->name);
  d.set_written_at_ms(meta::SecondsAsMs(msg["timestamp"]));
  if (!msg.errors().ok()) return;
  if (!meta::HasContent(d)) return meta::Ignore(ctx);
  meta::EmitCreate(ctx, ItemKey(ctx.channel, ctx.account, "message", id), std::move(d));
}

}  // namespace

void ParseMessagesValue(const JsonNode& value, const meta::EntryContext& entry_ctx) {
  if (!value.RequireObject()) return;
  meta::EntryContext ctx = entry_ctx;
  JsonNode metadata = value["metadata"];
  ctx.account = metadata["phone_number_id"].Id();
  if (ctx.account.empty()) ctx.account = ctx.own->id;  // entry.id is the WABA, not the number
  std::string display_number = metadata["display_phone_number"].Id();
  std::vector<Contact> contacts = ReadContacts(value["contacts"]);

  JsonNode messages = value["messages"];
  for (std::size_t i = 0; i < messages.size() && value.errors().ok(); ++i) {
    ParseMessage(messages[i], contacts, display_number, ctx);
  }
  JsonNode statuses = value["statuses"];
  for (std::size_t i = 0; i < statuses.size(); ++i) meta::Ignore(ctx);  // outbound delivery state
}

}  // namespace aspirasi::ingest::whatsapp
