// The X (Twitter) Account Activity API channel: CRC handshake, signed webhook deliveries of
// tweet_create_events, tweet_delete_events and direct_message_events.
// What it maps, its keys and what it ignores: README.md beside this file.
#pragma once

#include <memory>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest {

// Header carrying "sha256=" + base64 HMAC-SHA256(consumer secret, raw body).
inline constexpr char kXSignatureHeader[] = "x-twitter-webhooks-signature";

ChannelInfo XChannelInfo();
std::unique_ptr<Channel> MakeXChannel();

}  // namespace aspirasi::ingest
