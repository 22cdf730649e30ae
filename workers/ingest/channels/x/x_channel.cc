#include "workers/ingest/channels/x/x_channel.h"

#include <string>

#include "common/log.h"
#include "workers/ingest/channels/x/x_events.h"
#include "workers/ingest/signature.h"

namespace aspirasi::ingest {
namespace {

using x::Json;
using x::Member;

class XChannel final : public Channel {
 public:
  // CRC: GET ?crc_token=T -> 200 {"response_token":"sha256=<base64 HMAC-SHA256(consumer secret, T)>"}.
  std::optional<HttpReply> Handshake(const HttpRequestView& req,
                                     const AccountContext& account) const override {
    if (req.method != "GET") return std::nullopt;
    std::string token = req.query("crc_token");
    if (token.empty()) return HttpReply{400, "text/plain; charset=utf-8", "missing crc_token\n"};
    if (account.secret.empty())
      return HttpReply{500, "text/plain; charset=utf-8", "no consumer secret configured\n"};
    return HttpReply{200, "application/json; charset=utf-8",
                     R"({"response_token":"sha256=)" + HmacSha256Base64(account.secret, token) + R"("})"};
  }

  Status Verify(const HttpRequestView& req, const AccountContext& account) const override {
    std::string got = req.header(kXSignatureHeader);
    if (got.empty()) {
      return Status::InvalidArgument(kXSignatureHeader, "the x-twitter-webhooks-signature header is missing");
    }
    std::string want = "sha256=" + HmacSha256Base64(account.secret, req.body);
    if (account.secret.empty() || !ConstantTimeEquals(got, want)) {
      return Status::Error(v1::PERMISSION_DENIED,
                           "the x-twitter-webhooks-signature header does not match the body");
    }
    return Status::Ok();
  }

  Result<ParseResult> Parse(std::string_view body, const AccountContext& account) const override {
    try {
      Json root;
      try {
        root = Json::parse(body);
      } catch (const Json::parse_error& e) {
        return Status::Malformed(std::string("x: the body is not JSON: ") + e.what());
      }
      return ParseEnvelope(root, account);
    } catch (const Json::exception& e) {
      return Status::Malformed(std::string("x: unexpected Account Activity shape: ") + e.what());
    }
  }

 private:
  using Mapper = Status (*)(const Json&, const std::string&, const x::EventContext&, ParseResult&);

  // {"for_user_id": "...", "<type>_events": [...], "users": {...}, ...}: one event type per payload.
  static Result<ParseResult> ParseEnvelope(const Json& root, const AccountContext& account) {
    if (!root.is_object())
      return Status::Malformed("x: expected an Account Activity object at the top level");
    x::EventContext ctx{account, x::StringMember(root, "for_user_id"), Member(root, "users")};
    if (ctx.for_user_id.empty()) {
      return Status::Malformed("x: for_user_id: expected a string (Account Activity API envelope)");
    }
    ParseResult out;
    bool ours = account.IsOwn(ctx.for_user_id);
    if (!ours) {
      // One webhook serving several subscriptions: these events belong to another account.
      ModuleLogger("ingest.x")
          ->warn("x: account {} received events for_user_id {}; ignored (give each subscription its own URL)",
                 account.id, ctx.for_user_id);
    }
    static constexpr std::pair<const char*, Mapper> kMappers[] = {
        {"tweet_create_events", &x::MapTweetCreate},
        {"tweet_delete_events", &x::MapTweetDelete},
        {"direct_message_events", &x::MapDirectMessage},
    };
    for (const auto& [field, map] : kMappers) {
      const Json* events = Member(root, field);
      if (events == nullptr) continue;
      if (!events->is_array()) return Status::Malformed(std::string("x: ") + field + ": expected an array");
      for (std::size_t i = 0; i < events->size(); ++i) {
        if (!ours) {
          ++out.ignored;
          continue;
        }
        Status s = map((*events)[i], std::string(field) + "[" + std::to_string(i) + "]", ctx, out);
        if (!s.ok()) return s;
      }
    }
    // favorite, follow, block, mute, typing and read events; user_event (revocations): no tickets.
    for (const auto& [key, value] : root.items()) {
      bool mapped =
          key == "tweet_create_events" || key == "tweet_delete_events" || key == "direct_message_events";
      bool events = key.size() > 7 && key.compare(key.size() - 7, 7, "_events") == 0;
      if (!mapped && events && value.is_array()) out.ignored += static_cast<int>(value.size());
      if (key == "user_event") ++out.ignored;
    }
    return out;
  }
};

}  // namespace

ChannelInfo XChannelInfo() {
  return ChannelInfo{
      "x",
      "alpha",
      "webhook",
      "x-twitter-webhooks-signature: sha256=base64(HMAC-SHA256(consumer secret, body))",
      "GET crc_token -> {\"response_token\":\"sha256=base64(HMAC-SHA256(consumer secret, token))\"}",
      {"mentions and replies (tweet_create_events)", "direct messages (conversations)",
       "tweet deletions (withdraw)", "photos and videos", "exact tweet coordinates"}};
}

std::unique_ptr<Channel> MakeXChannel() { return std::make_unique<XChannel>(); }

}  // namespace aspirasi::ingest
