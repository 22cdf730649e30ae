// Telegram Bot API sendMessage requests and answers.
#include <gtest/gtest.h>

#include "workers/responder/egress/egress_test_util.h"

namespace aspirasi::egress {
namespace {

using namespace testing;

constexpr char kBot[] = "7712340098";

// As the ingest plug-in makes them: source_id "<chat_id>:<message_id>", thread_id the chat id.
v1::OutboundReply Telegram(const std::string& chat, const std::string& message_id, bool group = false) {
  v1::OutboundReply r = MakeReply("telegram", kBot, group);
  v1::Ticket& t = *r.mutable_ticket();
  t.set_source_id(chat + ":" + message_id);
  t.set_thread_id(chat);
  if (!group) t.set_conversation_key("telegram:7712340098:" + chat);
  t.mutable_author()->set_platform_id("555000111");
  AddMessage(r, v1::INBOUND, t.source_id());
  return r;
}

TEST(TelegramRequest, SendMessageReplyingToTheCitizensMessage) {
  HttpRequest req = MustBuild(Telegram("555000111", "42"), {"https://api.telegram.org", "123456:ABC-DEF"});
  EXPECT_EQ(req.url, "https://api.telegram.org/bot123456:ABC-DEF/sendMessage");
  EXPECT_EQ(req.content_type, "application/json");
  EXPECT_TRUE(req.headers.empty());  // the token is in the path, as Telegram does
  EXPECT_EQ(BodyOf(req), Json::parse(R"({"chat_id":555000111,"text":")" + std::string(kText) +
                                     R"(","reply_parameters":{"message_id":42}})"));
}

TEST(TelegramRequest, SupergroupChatAndLaterMessage) {
  v1::OutboundReply r = Telegram("-1001234567890", "7", /*group=*/true);
  AddMessage(r, v1::INBOUND, "-1001234567890:19");
  Json body = BodyOf(MustBuild(r));
  EXPECT_EQ(body["chat_id"], -1001234567890LL);
  EXPECT_EQ(body["reply_parameters"]["message_id"], 19);
}

TEST(TelegramRequest, NoReplyParametersWithoutAMessageId) {
  v1::OutboundReply r = Telegram("555000111", "42");
  r.mutable_ticket()->set_source_id("");
  r.mutable_ticket()->mutable_messages(0)->set_source_id("");
  Json body = BodyOf(MustBuild(r));
  EXPECT_EQ(body["chat_id"], 555000111);
  EXPECT_FALSE(body.contains("reply_parameters"));
}

TEST(TelegramRequest, RefusedWithoutChatOrToken) {
  v1::OutboundReply r = Telegram("555000111", "42");
  r.mutable_ticket()->set_thread_id("");
  EXPECT_EQ(MustBuild(r).url, "http://127.0.0.1:9/api/bottok-SECRET-123/sendMessage");  // chat from source_id
  r.mutable_ticket()->set_source_id("");
  r.mutable_ticket()->mutable_messages(0)->set_source_id("");
  EXPECT_EQ(MustRefuse(r).reason, "telegram: the ticket names no chat id");
  Result no_token = MustRefuse(Telegram("1", "2"), {kBase, ""});
  EXPECT_EQ(no_token.outcome, v1::EGRESS_PERMANENT);
}

TEST(TelegramClassify, Answers) {
  Result ok =
      Classify("telegram", true, 200, R"({"ok":true,"result":{"message_id":4242,"date":1790000000}})");
  EXPECT_EQ(ok.outcome, v1::EGRESS_SENT);
  EXPECT_EQ(ok.platform_message_id, "4242");
  EXPECT_EQ(ok.http_status, 200);

  Result gone = Classify(
      "telegram", true, 400,
      R"({"ok":false,"error_code":400,"description":"Bad Request: message to be replied not found"})");
  EXPECT_EQ(gone.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(gone.platform_code, "400");
  EXPECT_EQ(gone.reason, "Bad Request: message to be replied not found");

  Result blocked =
      Classify("telegram", true, 403,
               R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})");
  EXPECT_EQ(blocked.outcome, v1::EGRESS_PERMANENT);

  Result slow = Classify("telegram", true, 429,
                         R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7",
                             "parameters":{"retry_after":7}})");
  EXPECT_EQ(slow.outcome, v1::EGRESS_TRANSIENT);
  EXPECT_EQ(slow.platform_code, "429");
  EXPECT_EQ(slow.retry_after_ms, 7000);

  EXPECT_EQ(Classify("telegram", true, 502, "<html>Bad Gateway</html>").outcome, v1::EGRESS_TRANSIENT);
  EXPECT_EQ(Classify("telegram", true, 200, R"({"ok":false,"error_code":400,"description":"x"})").outcome,
            v1::EGRESS_PERMANENT);
}

}  // namespace
}  // namespace aspirasi::egress
