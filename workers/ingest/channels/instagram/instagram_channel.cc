#include "workers/ingest/channels/instagram/instagram_channel.h"

#include "workers/ingest/channels/instagram/comments.h"
#include "workers/ingest/channels/meta/envelope.h"
#include "workers/ingest/channels/meta/messaging.h"
#include "workers/ingest/channels/meta/meta_channel.h"
#include "workers/ingest/channels/meta/submits.h"
#include "workers/ingest/channels/meta/time_fields.h"

namespace aspirasi::ingest {
namespace {

using meta::EntryContext;
using meta::JsonNode;

void ParseEntry(const JsonNode& entry, EntryContext& ctx) {
  JsonNode changes = entry["changes"];
  if (changes.size() > 0) {
    // Comments carry no time of their own: entry.time (seconds on `changes` deliveries).
    int64_t entry_time_ms = meta::SecondsOrMillisAsMs(entry["time"]);
    for (std::size_t i = 0; i < changes.size() && entry.errors().ok(); ++i) {
      JsonNode change = changes[i];
      if (!change.RequireObject()) return;
      std::string field = change["field"].String();
      if (field == "comments" || field == "live_comments") {
        instagram::ParseCommentChange(change["value"], entry_time_ms, ctx);
      } else if (field == "messages") {
        meta::ParseMessagingItem(change["value"], ctx);  // the dashboard's sample shape of a DM
      } else {
        meta::Ignore(ctx);  // mentions, story_insights, ...: not ticket material
      }
    }
  }
  meta::ParseMessagingLists(entry, ctx);
}

}  // namespace

ChannelInfo InstagramChannelInfo() {
  ChannelInfo info;
  info.name = "instagram";
  info.status = "alpha";
  info.transport = "webhook";
  info.signature = "X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, body)";
  info.handshake = "GET hub.challenge with hub.verify_token";
  info.supports = {"public comments", "private messages (Instagram Direct)",
                   "replies",         "story replies",
                   "edits (Direct)",  "unsend (Direct)",
                   "attachments",     "echo filtering"};
  return info;
}

std::unique_ptr<Channel> MakeInstagramChannel() {
  return meta::MakeMetaChannel("instagram", "instagram", ParseEntry);
}

}  // namespace aspirasi::ingest
