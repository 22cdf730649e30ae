// The Channel of a Meta platform (Facebook, Instagram, WhatsApp): the hub.challenge handshake,
// X-Hub-Signature-256 over the body, and the {object, entry[]} envelope whose entries the
// platform's own parser reads. A platform adds only its entry parser and its ChannelInfo.
#pragma once

#include <memory>
#include <string>

#include "workers/ingest/channel.h"
#include "workers/ingest/channels/meta/envelope.h"

namespace aspirasi::ingest::meta {

// `object`: the envelope's required "object" ("page", "instagram", "whatsapp_business_account");
// `channel`: the submits' channel name ("facebook", ...).
std::unique_ptr<Channel> MakeMetaChannel(std::string object, std::string channel, EntryParser parse_entry);

}  // namespace aspirasi::ingest::meta
