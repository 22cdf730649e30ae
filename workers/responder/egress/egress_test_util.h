// Test helpers: replies on tickets shaped the way the ingest plug-ins shape them.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "workers/responder/egress/egress.h"

namespace aspirasi::egress::testing {

using Json = nlohmann::json;

inline constexpr char kText[] = "Terima kasih, laporan Anda kami teruskan ke Dinas PUPR. 🙏";
inline constexpr char kBase[] = "http://127.0.0.1:9/api";
inline constexpr char kToken[] = "tok-SECRET-123";

inline v1::OutboundReply MakeReply(const std::string& channel, const std::string& account, bool public_item) {
  v1::OutboundReply r;
  r.set_reply_id(77);
  r.set_kind(v1::REPLY_ANSWER);
  r.set_text(kText);
  r.set_admin("admin.pupr");
  v1::Ticket& t = *r.mutable_ticket();
  t.set_number("NH-2026-000042");
  t.set_channel(channel);
  t.set_account(account);
  t.set_public_item(public_item);
  return r;
}

// Appends a message with the next seq and points in_reply_to_seq at it when it is INBOUND.
inline v1::Message& AddMessage(v1::OutboundReply& r, v1::MessageDirection direction,
                               const std::string& source_id, int64_t at_ms = 0) {
  v1::Ticket& t = *r.mutable_ticket();
  v1::Message& m = *t.add_messages();
  m.set_seq(static_cast<uint32_t>(t.messages_size()));
  m.set_direction(direction);
  m.set_source_id(source_id);
  m.set_at_ms(at_ms);
  if (direction == v1::INBOUND) r.set_in_reply_to_seq(m.seq());
  return m;
}

inline Endpoint TestEndpoint() { return {kBase, kToken}; }

inline HttpRequest MustBuild(const v1::OutboundReply& reply, const Endpoint& endpoint = TestEndpoint(),
                             const BuildOptions& options = {}) {
  auto built = BuildRequest(reply, endpoint, options);
  if (auto* refused = std::get_if<Result>(&built)) {
    ADD_FAILURE() << "refused: " << refused->reason;
    return {};
  }
  return std::get<HttpRequest>(built);
}

inline Result MustRefuse(const v1::OutboundReply& reply, const Endpoint& endpoint = TestEndpoint(),
                         const BuildOptions& options = {}) {
  auto built = BuildRequest(reply, endpoint, options);
  if (std::holds_alternative<HttpRequest>(built)) {
    ADD_FAILURE() << "built a request for " << std::get<HttpRequest>(built).url;
    return {};
  }
  return std::get<Result>(built);
}

inline std::string HeaderOf(const HttpRequest& req, const std::string& name) {
  for (const auto& [key, value] : req.headers) {
    if (key == name) return value;
  }
  return {};
}

inline Json BodyOf(const HttpRequest& req) { return Json::parse(req.body); }

}  // namespace aspirasi::egress::testing
