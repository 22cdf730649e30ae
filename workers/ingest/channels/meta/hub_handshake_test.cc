#include "workers/ingest/channels/meta/hub_handshake.h"

#include <gtest/gtest.h>

#include "workers/ingest/channels/meta/testing/fixtures.h"

namespace aspirasi::ingest::meta {
namespace {

using testing::FakeRequest;

AccountContext Account() {
  AccountContext a;
  a.id = "104582736190254";
  a.verify_token = "nh-verify-token";
  return a;
}

FakeRequest Get(std::string mode, std::string token, std::string challenge) {
  FakeRequest r;
  r.method = "GET";
  if (!mode.empty()) r.query["hub.mode"] = std::move(mode);
  if (!token.empty()) r.query["hub.verify_token"] = std::move(token);
  if (!challenge.empty()) r.query["hub.challenge"] = std::move(challenge);
  return r;
}

TEST(HubHandshake, EchoesTheChallengeForTheRightToken) {
  FakeRequest r = Get("subscribe", "nh-verify-token", "1158201444");
  auto reply = HubHandshake(r.View(), Account());
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "1158201444");
  EXPECT_EQ(reply->content_type.rfind("text/plain", 0), 0u);
}

TEST(HubHandshake, RefusesAWrongTokenOrMode) {
  for (const FakeRequest& r :
       {Get("subscribe", "nh-verify-tokeN", "1"), Get("unsubscribe", "nh-verify-token", "1"),
        Get("", "nh-verify-token", "1"), Get("subscribe", "", "1")}) {
    auto reply = HubHandshake(r.View(), Account());
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->status, 403);
    EXPECT_NE(reply->body, "1");
  }
}

TEST(HubHandshake, AnAccountWithoutATokenNeverPasses) {
  AccountContext a = Account();
  a.verify_token.clear();
  FakeRequest r = Get("subscribe", "", "1");
  EXPECT_EQ(HubHandshake(r.View(), a)->status, 403);
}

TEST(HubHandshake, OtherRequestsAreNotHandshakes) {
  FakeRequest post = Get("subscribe", "nh-verify-token", "1");
  post.method = "POST";
  EXPECT_FALSE(HubHandshake(post.View(), Account()).has_value());
  FakeRequest plain_get;
  plain_get.method = "GET";
  EXPECT_FALSE(HubHandshake(plain_get.View(), Account()).has_value());
}

}  // namespace
}  // namespace aspirasi::ingest::meta
