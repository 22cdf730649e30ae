// Fuzz support for the Meta channels' fuzz targets (header-only; no gtest): feeds arbitrary bytes to
// Parse, Verify and Handshake and aborts when a result breaks the channel contract.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest::meta::testing {

inline void Require(bool ok) {
  if (!ok) std::abort();
}

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Parse must return MALFORMED or submits that follow channel.h: keys "<channel>:<account>:...",
// an edit or removal key extending its target_key, content on every CREATE and UPDATE.
inline void CheckParse(const Channel& channel, std::string_view name, std::string_view body,
                       const AccountContext& account) {
  Result<ParseResult> r = channel.Parse(body, account);
  if (!r.ok()) {
    Require(r.status().code() == v1::MALFORMED && !r.status().message().empty());
    return;
  }
  Require(r->ignored >= 0);
  for (const v1::Submit& s : r->submits) {
    const v1::TicketDraft& d = s.draft();
    Require(d.channel() == name && !d.account().empty());
    Require(StartsWith(s.idempotency_key(), std::string(name) + ":" + d.account() + ":"));
    if (!d.conversation_key().empty()) Require(StartsWith(d.conversation_key(), std::string(name) + ":"));
    switch (s.action()) {
      case v1::CREATE:
        Require(s.target_key().empty() && (!d.text().empty() || d.attachments_size() > 0));
        break;
      case v1::UPDATE:
        Require(StartsWith(s.idempotency_key(), s.target_key() + ":edit:"));
        Require(!d.text().empty() || d.attachments_size() > 0);
        break;
      case v1::WITHDRAW:
        Require(s.idempotency_key() == s.target_key() + ":remove");
        break;
      default:
        Require(false);
    }
    std::string wire;
    Require(s.SerializeToString(&wire));
  }
}

// Verify and Handshake on a request whose body and header/query values come from the input.
inline void CheckRequest(const Channel& channel, std::string_view data, const AccountContext& account) {
  std::string value(data.substr(0, 80));
  HttpRequestView req;
  req.method = data.size() % 2 ? "GET" : "POST";
  req.path = "/webhooks";
  req.header = [&](std::string_view) { return value; };
  req.query = [&](std::string_view) { return value; };
  req.body = data;
  Status s = channel.Verify(req, account);
  Require(s.ok() || s.code() == v1::INVALID_ARGUMENT || s.code() == v1::PERMISSION_DENIED);
  auto reply = channel.Handshake(req, account);
  if (reply) Require(reply->status == 200 || reply->status == 403);
}

}  // namespace aspirasi::ingest::meta::testing
