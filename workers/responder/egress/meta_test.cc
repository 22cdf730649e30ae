// Graph API requests: Facebook comments and Messenger, Instagram replies and Direct, WhatsApp.
#include <gtest/gtest.h>

#include "workers/responder/egress/egress_test_util.h"

namespace aspirasi::egress {
namespace {

using namespace testing;

constexpr char kPage[] = "104582736190254";
constexpr char kIgAccount[] = "17841458230017425";
constexpr char kPhoneNumberId[] = "412093385561207";
constexpr int64_t kHour = 3'600'000;

v1::OutboundReply FacebookComment() {
  v1::OutboundReply r = MakeReply("facebook", kPage, true);
  v1::Ticket& t = *r.mutable_ticket();
  t.set_source_id("1029384756_5566778899");
  t.set_thread_id("104582736190254_1029384756");
  t.mutable_author()->set_platform_id("6001122334455");
  AddMessage(r, v1::INBOUND, "1029384756_5566778899");
  return r;
}

v1::OutboundReply Whatsapp(int64_t last_inbound_at_ms) {
  v1::OutboundReply r = MakeReply("whatsapp", kPhoneNumberId, false);
  v1::Ticket& t = *r.mutable_ticket();
  t.set_source_id("wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjA=");
  t.set_thread_id("6281234567890");
  t.set_conversation_key("whatsapp:412093385561207:6281234567890");
  t.mutable_author()->set_platform_id("6281234567890");
  t.set_last_inbound_at_ms(last_inbound_at_ms);
  AddMessage(r, v1::INBOUND, t.source_id(), last_inbound_at_ms);
  return r;
}

BuildOptions At(int64_t now_ms) {
  BuildOptions o;
  o.now_ms = [now_ms] { return now_ms; };
  return o;
}

TEST(FacebookRequest, PublicCommentRepliesUnderTheComment) {
  HttpRequest req = MustBuild(FacebookComment());
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, "http://127.0.0.1:9/api/1029384756_5566778899/comments");
  EXPECT_EQ(req.content_type, "application/json");
  EXPECT_EQ(HeaderOf(req, "Authorization"), "Bearer tok-SECRET-123");
  EXPECT_EQ(req.body, Json({{"message", kText}}).dump());
}

TEST(FacebookRequest, AnswersTheMessageNamedByInReplyToSeq) {
  v1::OutboundReply r = FacebookComment();
  AddMessage(r, v1::OUTBOUND, "");
  AddMessage(r, v1::INBOUND, "1029384756_7777777777");  // the citizen's follow-up comment
  EXPECT_EQ(MustBuild(r).url, "http://127.0.0.1:9/api/1029384756_7777777777/comments");
  r.set_in_reply_to_seq(2);  // a message without a source id: the ticket's own item
  EXPECT_EQ(MustBuild(r).url, "http://127.0.0.1:9/api/1029384756_5566778899/comments");
  r.set_in_reply_to_seq(99);  // not in the ticket
  EXPECT_EQ(MustBuild(r).url, "http://127.0.0.1:9/api/1029384756_5566778899/comments");
}

TEST(FacebookRequest, VisitorPostGetsATopLevelComment) {
  v1::OutboundReply r = MakeReply("facebook", kPage, true);
  r.mutable_ticket()->set_source_id("104582736190254_1029384756");
  EXPECT_EQ(MustBuild(r, {"https://graph.facebook.com/v21.0/", kToken}).url,
            "https://graph.facebook.com/v21.0/104582736190254_1029384756/comments");
}

TEST(FacebookRequest, MessengerSendApi) {
  v1::OutboundReply r = MakeReply("facebook", kPage, false);
  v1::Ticket& t = *r.mutable_ticket();
  t.set_source_id("m_AbCdEf");
  t.set_thread_id("7011223344556677");
  t.mutable_author()->set_platform_id("7011223344556677");
  AddMessage(r, v1::INBOUND, "m_AbCdEf");
  HttpRequest req = MustBuild(r);
  EXPECT_EQ(req.url, "http://127.0.0.1:9/api/104582736190254/messages");
  EXPECT_EQ(HeaderOf(req, "Authorization"), "Bearer tok-SECRET-123");
  EXPECT_EQ(BodyOf(req), Json::parse(R"({"recipient":{"id":"7011223344556677"},"messaging_type":"RESPONSE",
                                         "message":{"text":")" +
                                     std::string(kText) + R"("}})"));
}

TEST(InstagramRequest, CommentReplyAndDirect) {
  v1::OutboundReply comment = MakeReply("instagram", kIgAccount, true);
  comment.mutable_ticket()->set_source_id("17858893269123456");
  comment.mutable_ticket()->set_thread_id("17895695668004550");
  HttpRequest req = MustBuild(comment);
  EXPECT_EQ(req.url, "http://127.0.0.1:9/api/17858893269123456/replies");
  EXPECT_EQ(BodyOf(req), Json({{"message", kText}}));

  v1::OutboundReply direct = MakeReply("instagram", kIgAccount, false);
  direct.mutable_ticket()->set_source_id("aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx");
  direct.mutable_ticket()->set_thread_id("1234567890123456");
  direct.mutable_ticket()->mutable_author()->set_platform_id("1234567890123456");
  req = MustBuild(direct);
  EXPECT_EQ(req.url, "http://127.0.0.1:9/api/17841458230017425/messages");
  EXPECT_EQ(BodyOf(req), Json::parse(R"({"recipient":{"id":"1234567890123456"},"message":{"text":")" +
                                     std::string(kText) + R"("}})"));
}

TEST(WhatsappRequest, CloudApiTextWithContext) {
  int64_t now = 1'790'000'000'000;
  HttpRequest req = MustBuild(Whatsapp(now - kHour), TestEndpoint(), At(now));
  EXPECT_EQ(req.url, "http://127.0.0.1:9/api/412093385561207/messages");
  EXPECT_EQ(HeaderOf(req, "Authorization"), "Bearer tok-SECRET-123");
  EXPECT_EQ(BodyOf(req), Json::parse(R"({"messaging_product":"whatsapp","recipient_type":"individual",
      "to":"6281234567890","type":"text","text":{"body":")" +
                                     std::string(kText) + R"("},
      "context":{"message_id":"wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjA="}})"));
}

TEST(WhatsappRequest, BusinessScopedUserIdGoesInRecipient) {
  int64_t now = 1'790'000'000'000;
  v1::OutboundReply r = Whatsapp(now);
  r.mutable_ticket()->mutable_author()->set_platform_id("ID.1234567890123456789");
  Json body = BodyOf(MustBuild(r, TestEndpoint(), At(now)));
  EXPECT_EQ(body["recipient"], "ID.1234567890123456789");
  EXPECT_FALSE(body.contains("to"));
}

TEST(WhatsappRequest, TwentyFourHourWindowEdge) {
  int64_t last = 1'790'000'000'000;
  int64_t day = 24 * kHour;
  EXPECT_FALSE(MustBuild(Whatsapp(last), TestEndpoint(), At(last + day - 1000)).url.empty());  // 23:59:59
  EXPECT_FALSE(MustBuild(Whatsapp(last), TestEndpoint(), At(last + day)).url.empty());         // 24:00:00
  Result refused = MustRefuse(Whatsapp(last), TestEndpoint(), At(last + day + 1000));          // 24:00:01
  EXPECT_EQ(refused.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(refused.platform_code, "131047");
  EXPECT_NE(refused.reason.find("24-hour"), std::string::npos) << refused.reason;
  EXPECT_NE(refused.reason.find("24 h 0 min"), std::string::npos) << refused.reason;
  EXPECT_EQ(refused.http_status, 0);
}

// Outside the window the reply's approved template goes instead, with its body parameters; inside
// it the free text does, although the template rides along.
TEST(WhatsappRequest, OutsideTheWindowTheTemplateIsPosted) {
  int64_t last = 1'790'000'000'000;
  v1::OutboundReply r = Whatsapp(last);
  auto* tmpl = r.mutable_template_();
  tmpl->set_name("tanggapan_laporan");
  tmpl->set_language("id");
  tmpl->add_parameters("NH-2026-000042");
  tmpl->add_parameters("Perbaikan dijadwalkan minggu depan.");
  HttpRequest inside = MustBuild(r, TestEndpoint(), At(last + kHour));
  EXPECT_EQ(BodyOf(inside)["type"], "text");
  EXPECT_EQ(inside.template_name, "");
  HttpRequest outside = MustBuild(r, TestEndpoint(), At(last + 30 * kHour));
  EXPECT_EQ(outside.url, "http://127.0.0.1:9/api/412093385561207/messages");
  EXPECT_EQ(outside.template_name, "tanggapan_laporan");
  EXPECT_EQ(BodyOf(outside), Json::parse(R"({"messaging_product":"whatsapp","recipient_type":"individual",
      "to":"6281234567890","type":"template","template":{"name":"tanggapan_laporan","language":{"code":"id"},
      "components":[{"type":"body","parameters":[{"type":"text","text":"NH-2026-000042"},
                                                 {"type":"text","text":"Perbaikan dijadwalkan minggu depan."}]}]}})"));
  // A template without parameters has no components.
  tmpl->clear_parameters();
  EXPECT_FALSE(
      BodyOf(MustBuild(r, TestEndpoint(), At(last + 30 * kHour)))["template"].contains("components"));
}

TEST(WhatsappRequest, WindowLengthAndFallbackToNewestInboundMessage) {
  int64_t last = 1'790'000'000'000;
  v1::OutboundReply r = Whatsapp(0);  // last_inbound_at_ms unknown
  r.mutable_ticket()->mutable_messages(0)->set_at_ms(last - 5 * kHour);
  AddMessage(r, v1::INBOUND, "wamid.second", last);
  AddMessage(r, v1::OUTBOUND, "", last + 10 * kHour);  // our own messages do not open the window
  BuildOptions o = At(last + 2 * kHour);
  EXPECT_FALSE(MustBuild(r, TestEndpoint(), o).url.empty());
  o.whatsapp_window_ms = kHour;
  EXPECT_EQ(MustRefuse(r, TestEndpoint(), o).platform_code, "131047");
}

TEST(GraphRequest, RefusedWithoutIdsOrEndpoint) {
  v1::OutboundReply r = MakeReply("facebook", kPage, true);
  EXPECT_EQ(MustRefuse(r).outcome, v1::EGRESS_PERMANENT);  // no comment id
  r = MakeReply("instagram", kIgAccount, false);
  EXPECT_NE(MustRefuse(r).reason.find("recipient"), std::string::npos);
  r = FacebookComment();
  Result none = MustRefuse(r, Endpoint{});
  EXPECT_EQ(none.reason, "no egress configured for channel facebook");
  r.set_text("");
  EXPECT_EQ(MustRefuse(r).reason, "the reply text is empty");
}

TEST(GraphRequest, IdsArePercentEncodedAndInvalidUtf8IsReplaced) {
  v1::OutboundReply r = FacebookComment();
  r.mutable_ticket()->mutable_messages(0)->set_source_id("12/../me?x=1");
  r.set_text("ok \xff");
  HttpRequest req = MustBuild(r);
  EXPECT_EQ(req.url, "http://127.0.0.1:9/api/12%2F..%2Fme%3Fx%3D1/comments");
  EXPECT_EQ(BodyOf(req)["message"], "ok \xEF\xBF\xBD");
}

}  // namespace
}  // namespace aspirasi::egress
