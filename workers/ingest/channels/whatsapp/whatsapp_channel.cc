#include "workers/ingest/channels/whatsapp/whatsapp_channel.h"

#include "workers/ingest/channels/meta/envelope.h"
#include "workers/ingest/channels/meta/meta_channel.h"
#include "workers/ingest/channels/meta/submits.h"
#include "workers/ingest/channels/whatsapp/messages.h"

namespace aspirasi::ingest {
namespace {

using meta::EntryContext;
using meta::JsonNode;

void ParseEntry(const JsonNode& entry, EntryContext& ctx) {
  JsonNode changes = entry["changes"];
  for (std::size_t i = 0; i < changes.size() && entry.errors().ok(); ++i) {
    JsonNode change = changes[i];
    if (!change.RequireObject()) return;
    if (change["field"].String() == "messages") {
      whatsapp::ParseMessagesValue(change["value"], ctx);
    } else {
      // smb_message_echoes (our own sends from the Business app), templates, account updates, ...
      meta::Ignore(ctx);
    }
  }
}

}  // namespace

ChannelInfo WhatsappChannelInfo() {
  ChannelInfo info;
  info.name = "whatsapp";
  info.status = "alpha";
  info.transport = "webhook";
  info.signature = "X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, body)";
  info.handshake = "GET hub.challenge with hub.verify_token";
  info.supports = {"private messages",        "replies",
                   "attachments (media ids)", "locations",
                   "interactive replies",     "business-scoped user ids"};
  return info;
}

std::unique_ptr<Channel> MakeWhatsappChannel() {
  return meta::MakeMetaChannel("whatsapp_business_account", "whatsapp", ParseEntry);
}

}  // namespace aspirasi::ingest
