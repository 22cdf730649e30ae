#include "workers/ingest/channels/meta/hub_handshake.h"

#include <string>

#include "workers/ingest/signature.h"

namespace aspirasi::ingest::meta {

std::optional<HttpReply> HubHandshake(const HttpRequestView& req, const AccountContext& account) {
  if (req.method != "GET" || !req.query) return std::nullopt;
  std::string mode = req.query("hub.mode");
  std::string token = req.query("hub.verify_token");
  std::string challenge = req.query("hub.challenge");
  if (mode.empty() && token.empty() && challenge.empty()) return std::nullopt;

  HttpReply reply;
  if (mode == "subscribe" && !account.verify_token.empty() &&
      ConstantTimeEquals(token, account.verify_token)) {
    reply.status = 200;
    reply.body = challenge;
  } else {
    reply.status = 403;
    reply.body = "verification failed";
  }
  return reply;
}

}  // namespace aspirasi::ingest::meta
