// The Meta webhook envelope shared by Facebook, Instagram and WhatsApp:
//   {"object": "page" | "instagram" | "whatsapp_business_account", "entry": [ {id, time?, ...}, ... ]}
// ParseEnvelope parses the body (never throws), checks `object`, and hands every entry to the
// channel's entry parser with an EntryContext; the first read error makes the whole body MALFORMED.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "workers/ingest/channel.h"
#include "workers/ingest/channels/meta/json_node.h"

namespace aspirasi::ingest::meta {

// What the items of one entry are parsed against, and where their submits go.
struct EntryContext {
  std::string_view channel;   // "facebook", "instagram", "whatsapp"
  std::string account;        // the payload's receiving account (entry.id; else the configured id)
  const AccountContext* own;  // the configured account: its ids all mean "us"
  ParseResult* out;

  // True when `platform_id` is us: the entry's account or any configured own id.
  bool IsOwn(std::string_view platform_id) const {
    return !platform_id.empty() && (platform_id == account || own->IsOwn(platform_id));
  }
};

using EntryParser = std::function<void(const JsonNode& entry, EntryContext& ctx)>;

// Parses `body` as a Meta envelope whose `object` must equal `object`, and calls `parse_entry`
// for entry[0], entry[1], ... in order. ctx.account is entry.id when present, else account.id.
// Errors: MALFORMED (not JSON, another object, or the first read error of any entry).
Result<ParseResult> ParseEnvelope(std::string_view body, std::string_view object, std::string_view channel,
                                  const AccountContext& account, const EntryParser& parse_entry);

}  // namespace aspirasi::ingest::meta
