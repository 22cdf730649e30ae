// MakeHttpSender and Post against the fake platform (tools/fake_platform) over real HTTP.
#include <gtest/gtest.h>

#include <chrono>

#include "tools/fake_platform/fake_platform.h"
#include "workers/responder/egress/egress_test_util.h"

namespace aspirasi::egress {
namespace {

using namespace testing;
using fake_platform::FakePlatform;

class HttpSenderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(fake_.Start().ok()); }

  Result PostTo(const v1::OutboundReply& reply, const std::string& prefix, int read_timeout_ms = 5000) {
    auto sender = MakeHttpSender(2000, read_timeout_ms);
    return Post(reply, {fake_.BaseUrl(prefix), kToken}, *sender);
  }

  FakePlatform fake_;
};

v1::OutboundReply Comment() {
  v1::OutboundReply r = MakeReply("facebook", "104582736190254", true);
  r.mutable_ticket()->set_source_id("1029384756_5566778899");
  AddMessage(r, v1::INBOUND, "1029384756_5566778899");
  return r;
}

v1::OutboundReply Whatsapp() {
  v1::OutboundReply r = MakeReply("whatsapp", "412093385561207", false);
  r.mutable_ticket()->set_source_id("wamid.A1");
  r.mutable_ticket()->mutable_author()->set_platform_id("6281234567890");
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  r.mutable_ticket()->set_last_inbound_at_ms(now - 60'000);
  AddMessage(r, v1::INBOUND, "wamid.A1", now - 60'000);
  return r;
}

TEST_F(HttpSenderTest, EveryPlatformIsSentAndRecorded) {
  Result fb = PostTo(Comment(), "/graph");
  EXPECT_EQ(fb.outcome, v1::EGRESS_SENT) << fb.reason;
  EXPECT_EQ(fb.http_status, 200);
  EXPECT_FALSE(fb.platform_message_id.empty());

  Result wa = PostTo(Whatsapp(), "/graph");
  EXPECT_EQ(wa.outcome, v1::EGRESS_SENT) << wa.reason;
  EXPECT_EQ(wa.platform_message_id.rfind("wamid.", 0), 0u);

  v1::OutboundReply tg = MakeReply("telegram", "7712340098", false);
  tg.mutable_ticket()->set_source_id("555000111:42");
  tg.mutable_ticket()->set_thread_id("555000111");
  AddMessage(tg, v1::INBOUND, "555000111:42");
  Result tgr = PostTo(tg, "/telegram");
  EXPECT_EQ(tgr.outcome, v1::EGRESS_SENT) << tgr.reason;

  v1::OutboundReply dm = MakeReply("x", "1587203349912207361", false);
  dm.mutable_ticket()->mutable_author()->set_platform_id("2244994945");
  Result xr = PostTo(dm, "/x");
  EXPECT_EQ(xr.outcome, v1::EGRESS_SENT) << xr.reason;
  EXPECT_EQ(xr.http_status, 201);

  v1::OutboundReply yt = MakeReply("youtube", "UCn7Hb3qRkT0sZp2LmXa9vEw", true);
  yt.mutable_ticket()->set_source_id("UgzTop");
  Result ytr = PostTo(yt, "/youtube");
  EXPECT_EQ(ytr.outcome, v1::EGRESS_SENT) << ytr.reason;
  EXPECT_EQ(ytr.platform_message_id.rfind("UgzTop.", 0), 0u);

  v1::OutboundReply form = MakeReply("form", "lapor-bupati", false);
  Result formr = PostTo(form, "/generic/form");
  EXPECT_EQ(formr.outcome, v1::EGRESS_SENT) << formr.reason;

  auto all = fake_.Requests();
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0].method, "POST");
  EXPECT_EQ(all[0].path, "/graph/1029384756_5566778899/comments");
  EXPECT_EQ(all[0].Header("authorization"), "Bearer tok-SECRET-123");
  EXPECT_EQ(all[0].Header("Content-Type"), "application/json");
  EXPECT_EQ(Json::parse(all[0].body), Json({{"message", kText}}));
  EXPECT_EQ(all[2].path, "/telegram/bottok-SECRET-123/sendMessage");
  EXPECT_EQ(all[4].path, "/youtube/youtube/v3/comments");
  EXPECT_EQ(all[4].query, "part=snippet");
  EXPECT_EQ(all[5].path, "/generic/form/replies");
}

TEST_F(HttpSenderTest, PlatformErrorsAreClassified) {
  fake_.FailNext("/messages", 400,
                 R"({"error":{"message":"(#131047) Re-engagement message","type":"OAuthException",
      "code":131047,"fbtrace_id":"F"}})");
  Result r = PostTo(Whatsapp(), "/graph");
  EXPECT_EQ(r.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(r.platform_code, "131047");
  EXPECT_EQ(r.reason, "(#131047) Re-engagement message");

  fake_.FailNext("/comments", 503, "<html>unavailable</html>", 2);
  EXPECT_EQ(PostTo(Comment(), "/graph").outcome, v1::EGRESS_TRANSIENT);
  EXPECT_EQ(PostTo(Comment(), "/graph").outcome, v1::EGRESS_TRANSIENT);
  EXPECT_EQ(PostTo(Comment(), "/graph").outcome, v1::EGRESS_SENT);
}

TEST_F(HttpSenderTest, ReadTimeoutAfterTheRequestWentOutIsUnknown) {
  fake_.Hold("/comments", 3000, 1);
  auto start = std::chrono::steady_clock::now();
  Result r = PostTo(Comment(), "/graph", /*read_timeout_ms=*/300);
  EXPECT_EQ(r.outcome, v1::EGRESS_UNKNOWN) << r.reason;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2500));
  EXPECT_EQ(fake_.Requests("/comments").size(), 1u);  // it did arrive
}

TEST_F(HttpSenderTest, RefusedConnectionIsTransient) {
  int port = fake_.port();
  fake_.Stop();
  auto sender = MakeHttpSender(1000, 1000);
  Result r = Post(Comment(), {"http://127.0.0.1:" + std::to_string(port) + "/graph", kToken}, *sender);
  EXPECT_EQ(r.outcome, v1::EGRESS_TRANSIENT);
  EXPECT_EQ(r.reason.rfind("not sent: ", 0), 0u) << r.reason;

  HttpRequest ftp;
  ftp.url = "ftp://example.org/x";
  HttpResponse bad_url = sender->Send(ftp);
  EXPECT_EQ(bad_url.transport, Transport::kNotSent);
}

}  // namespace
}  // namespace aspirasi::egress
