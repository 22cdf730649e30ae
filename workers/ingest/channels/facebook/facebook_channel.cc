#include "workers/ingest/channels/facebook/facebook_channel.h"

#include "workers/ingest/channels/facebook/feed.h"
#include "workers/ingest/channels/meta/envelope.h"
#include "workers/ingest/channels/meta/messaging.h"
#include "workers/ingest/channels/meta/meta_channel.h"
#include "workers/ingest/channels/meta/submits.h"

namespace aspirasi::ingest {
namespace {

using meta::EntryContext;
using meta::JsonNode;

void ParseEntry(const JsonNode& entry, EntryContext& ctx) {
  JsonNode changes = entry["changes"];
  for (std::size_t i = 0; i < changes.size() && entry.errors().ok(); ++i) {
    JsonNode change = changes[i];
    if (!change.RequireObject()) return;
    if (change["field"].String() == "feed") {
      facebook::ParseFeedChange(change["value"], ctx);
    } else {
      meta::Ignore(ctx);  // mention, ratings, ... : not ticket material
    }
  }
  meta::ParseMessagingLists(entry, ctx);
}

}  // namespace

ChannelInfo FacebookChannelInfo() {
  ChannelInfo info;
  info.name = "facebook";
  info.status = "alpha";
  info.transport = "webhook";
  info.signature = "X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, body)";
  info.handshake = "GET hub.challenge with hub.verify_token";
  info.supports = {"public comments", "visitor posts", "private messages (Messenger)",
                   "replies",         "edits",         "deletes",
                   "attachments",     "echo filtering"};
  return info;
}

std::unique_ptr<Channel> MakeFacebookChannel() {
  return meta::MakeMetaChannel("page", "facebook", ParseEntry);
}

}  // namespace aspirasi::ingest
