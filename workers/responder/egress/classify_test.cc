// Graph API answers, answers that are not the platform's JSON, transport failures, and Post.
#include <gtest/gtest.h>

#include "workers/responder/egress/egress_test_util.h"

namespace aspirasi::egress {
namespace {

using namespace testing;

constexpr char k131047[] = R"({"error":{"message":"(#131047) Re-engagement message","type":"OAuthException",
    "code":131047,"error_data":{"messaging_product":"whatsapp","details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},
    "fbtrace_id":"AbCdEfGh"}})";
constexpr char kDeleted[] =
    R"({"error":{"message":"Unsupported post request. Object with ID '1029384756_5566778899' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
    "type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"A1b2C3"}})";

std::string GraphError(int code, const std::string& extra = {}) {
  return R"({"error":{"message":"(#)" + std::to_string(code) +
         R"( something","type":"OAuthException","code":)" + std::to_string(code) + extra +
         R"(,"fbtrace_id":"X"}})";
}

TEST(GraphClassify, SuccessBodies) {
  Result comment = Classify("facebook", false, 200, R"({"id":"1029384756_900000000000001"})");
  EXPECT_EQ(comment.outcome, v1::EGRESS_SENT);
  EXPECT_EQ(comment.platform_message_id, "1029384756_900000000000001");
  Result messenger =
      Classify("facebook", true, 200, R"({"recipient_id":"7011223344556677","message_id":"m_Xy"})");
  EXPECT_EQ(messenger.platform_message_id, "m_Xy");
  Result wa = Classify("whatsapp", true, 200, R"({"messaging_product":"whatsapp",
      "contacts":[{"input":"6281234567890","wa_id":"6281234567890"}],"messages":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI"}]})");
  EXPECT_EQ(wa.platform_message_id, "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI");
  Result garbage_ok = Classify("instagram", false, 200, "not json");
  EXPECT_EQ(garbage_ok.outcome, v1::EGRESS_SENT);  // the platform took it; we just cannot name it
  EXPECT_EQ(garbage_ok.platform_message_id, "");
}

TEST(GraphClassify, WhatsappReEngagementIsPermanent) {
  Result r = Classify("whatsapp", true, 400, k131047);
  EXPECT_EQ(r.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(r.platform_code, "131047");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.reason.rfind("(#131047) Re-engagement message: Message failed to send", 0), 0u) << r.reason;
}

TEST(GraphClassify, DeletedObjectIsPermanent) {
  Result r = Classify("facebook", false, 400, kDeleted);
  EXPECT_EQ(r.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(r.platform_code, "100");
  EXPECT_NE(r.reason.find("does not exist"), std::string::npos);
  EXPECT_NE(r.reason.find("(subcode 33)"), std::string::npos);
}

TEST(GraphClassify, CodesDecideOverStatus) {
  for (int code : {1, 2, 4, 17, 32, 613, 80001, 130429, 131048}) {
    EXPECT_EQ(Classify("facebook", false, 400, GraphError(code)).outcome, v1::EGRESS_TRANSIENT) << code;
  }
  for (int code : {10, 200, 230, 100, 190, 131026, 131047, 131051}) {
    EXPECT_EQ(Classify("instagram", true, 500, GraphError(code)).outcome, v1::EGRESS_PERMANENT) << code;
  }
  // Unknown codes: the platform's is_transient, else the status.
  EXPECT_EQ(Classify("facebook", false, 400, GraphError(9999, R"(,"is_transient":true)")).outcome,
            v1::EGRESS_TRANSIENT);
  EXPECT_EQ(Classify("facebook", false, 400, GraphError(9999)).outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(Classify("facebook", false, 503, GraphError(9999)).outcome, v1::EGRESS_TRANSIENT);
}

TEST(Classify, BodiesThatAreNotThePlatformsJson) {
  for (const char* channel : {"facebook", "whatsapp", "telegram", "x", "youtube", "form"}) {
    Result html = Classify(channel, false, 500, "<html><body>Internal Server Error</body></html>");
    EXPECT_EQ(html.outcome, v1::EGRESS_TRANSIENT) << channel;
    EXPECT_EQ(html.reason, "HTTP 500 Internal Server Error") << channel;
    EXPECT_EQ(html.http_status, 500);
    Result empty = Classify(channel, false, 400, "");
    EXPECT_EQ(empty.outcome, v1::EGRESS_PERMANENT) << channel;
    EXPECT_EQ(empty.reason, "HTTP 400 Bad Request") << channel;
    EXPECT_EQ(Classify(channel, false, 429, "[1,2]").outcome, v1::EGRESS_TRANSIENT) << channel;
    EXPECT_EQ(Classify(channel, false, 302, "").outcome, v1::EGRESS_PERMANENT) << channel;
    EXPECT_EQ(Classify(channel, false, 200, "\xff\xfe{").outcome, v1::EGRESS_SENT) << channel;
  }
}

TEST(Classify, Transport) {
  Result refused = ClassifyTransport({Transport::kNotSent, 0, "", "Connection"});
  EXPECT_EQ(refused.outcome, v1::EGRESS_TRANSIENT);
  EXPECT_EQ(refused.reason, "not sent: Connection");
  Result lost = ClassifyTransport({Transport::kNoAnswer, 0, "", "Read"});
  EXPECT_EQ(lost.outcome, v1::EGRESS_UNKNOWN);
  EXPECT_EQ(lost.http_status, 0);
}

class ScriptedSender final : public Sender {
 public:
  explicit ScriptedSender(HttpResponse answer) : answer_(std::move(answer)) {}
  HttpResponse Send(const HttpRequest& request) override {
    sent.push_back(request);
    return answer_;
  }
  std::vector<HttpRequest> sent;

 private:
  HttpResponse answer_;
};

v1::OutboundReply WhatsappReply(int64_t last_inbound_at_ms) {
  v1::OutboundReply r = MakeReply("whatsapp", "412093385561207", false);
  r.mutable_ticket()->set_source_id("wamid.A");
  r.mutable_ticket()->mutable_author()->set_platform_id("6281234567890");
  r.mutable_ticket()->set_last_inbound_at_ms(last_inbound_at_ms);
  AddMessage(r, v1::INBOUND, "wamid.A", last_inbound_at_ms);
  return r;
}

TEST(Post, BuildsSendsAndClassifies) {
  ScriptedSender sender({Transport::kAnswered, 400, k131047, ""});
  BuildOptions now;
  now.now_ms = [] { return int64_t{1'790'000'000'000}; };
  Result r = Post(WhatsappReply(1'790'000'000'000 - 1000), TestEndpoint(), sender, now);
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(sender.sent[0].url, "http://127.0.0.1:9/api/412093385561207/messages");
  EXPECT_EQ(r.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(r.platform_code, "131047");

  v1::ReplyResult wire = r.ToProto(77);
  EXPECT_EQ(wire.reply_id(), 77u);
  EXPECT_EQ(wire.outcome(), v1::EGRESS_PERMANENT);
  EXPECT_EQ(wire.platform_code(), "131047");
  EXPECT_EQ(wire.http_status(), 400);
}

TEST(Post, ClosedWindowIsNeverSent) {
  ScriptedSender sender({Transport::kAnswered, 200, "{}", ""});
  Result r = Post(WhatsappReply(1'000), TestEndpoint(), sender);  // system clock: decades later
  EXPECT_TRUE(sender.sent.empty());
  EXPECT_EQ(r.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(r.platform_code, "131047");
}

TEST(Post, TransportFailureAndNoTokenInReasons) {
  v1::OutboundReply tg = MakeReply("telegram", "7712340098", false);
  tg.mutable_ticket()->set_source_id("555:1");
  tg.mutable_ticket()->set_thread_id("555");
  for (Transport t : {Transport::kNotSent, Transport::kNoAnswer}) {
    ScriptedSender sender({t, 0, "", "Read"});
    Result r = Post(tg, TestEndpoint(), sender);
    EXPECT_EQ(r.outcome, t == Transport::kNotSent ? v1::EGRESS_TRANSIENT : v1::EGRESS_UNKNOWN);
    EXPECT_EQ(r.reason.find(kToken), std::string::npos);
  }
}

}  // namespace
}  // namespace aspirasi::egress
