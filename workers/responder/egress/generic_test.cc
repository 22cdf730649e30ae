// Configured channels (form, sms, ...): POST {base}/replies.
#include <gtest/gtest.h>

#include "workers/responder/egress/egress_test_util.h"

namespace aspirasi::egress {
namespace {

using namespace testing;

v1::OutboundReply Form() {
  v1::OutboundReply r = MakeReply("form", "lapor-bupati", false);
  v1::Ticket& t = *r.mutable_ticket();
  t.set_source_id("F-2026-0001");
  t.set_conversation_key("form:lapor-bupati:warga-17");
  t.mutable_author()->set_platform_id("warga-17");
  AddMessage(r, v1::INBOUND, "F-2026-0001");
  return r;
}

TEST(GenericRequest, RepliesEndpoint) {
  HttpRequest req = MustBuild(Form(), {"http://127.0.0.1:9/generic/form/", kToken});
  EXPECT_EQ(req.url, "http://127.0.0.1:9/generic/form/replies");
  EXPECT_EQ(req.content_type, "application/json");
  EXPECT_EQ(HeaderOf(req, "Authorization"), "Bearer tok-SECRET-123");
  EXPECT_EQ(BodyOf(req), Json::parse(R"({"reply_id":77,"ticket_number":"NH-2026-000042","channel":"form",
      "account":"lapor-bupati","conversation_key":"form:lapor-bupati:warga-17","to":"warga-17",
      "in_reply_to":"F-2026-0001","text":")" +
                                     std::string(kText) + R"("})"));
}

TEST(GenericRequest, NoTokenNoAuthorizationAndNoEndpointRefused) {
  EXPECT_TRUE(MustBuild(Form(), {"http://127.0.0.1:9/generic/form", ""}).headers.empty());
  v1::OutboundReply sms = MakeReply("sms", "6280000010000", false);
  EXPECT_EQ(MustRefuse(sms, Endpoint{}).reason, "no egress configured for channel sms");
}

TEST(GenericClassify, Answers) {
  Result ok = Classify("form", false, 200, R"({"id":"abc-1"})");
  EXPECT_EQ(ok.outcome, v1::EGRESS_SENT);
  EXPECT_EQ(ok.platform_message_id, "abc-1");
  EXPECT_EQ(Classify("sms", false, 204, "").outcome, v1::EGRESS_SENT);
  Result bad = Classify("form", false, 422, R"({"error":"unknown recipient"})");
  EXPECT_EQ(bad.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(bad.reason, "unknown recipient");
  Result coded = Classify("form", false, 400, R"({"error":{"code":"E12","message":"too long"}})");
  EXPECT_EQ(coded.platform_code, "E12");
  EXPECT_EQ(coded.reason, "too long");
  EXPECT_EQ(Classify("form", false, 503, "down").outcome, v1::EGRESS_TRANSIENT);
}

}  // namespace
}  // namespace aspirasi::egress
