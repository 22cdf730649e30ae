// Meta's subscription check (GET), the same for Facebook, Instagram and WhatsApp:
//   GET <callback>?hub.mode=subscribe&hub.challenge=<n>&hub.verify_token=<token>
// answered 200 with the challenge verbatim as a plain-text body when the mode is "subscribe" and
// the token equals AccountContext.verify_token (compared in constant time); 403 otherwise.
#pragma once

#include <optional>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest::meta {

// nullopt when `req` is not a GET carrying any hub.* parameter (then it is not a handshake).
// An account without a verify token never passes.
std::optional<HttpReply> HubHandshake(const HttpRequestView& req, const AccountContext& account);

}  // namespace aspirasi::ingest::meta
