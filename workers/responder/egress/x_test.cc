// X API v2 requests (reply posts, DMs) and answers.
#include <gtest/gtest.h>

#include "workers/responder/egress/egress_test_util.h"

namespace aspirasi::egress {
namespace {

using namespace testing;

constexpr char kUs[] = "1587203349912207361";

TEST(XRequest, PublicReplyToTheTweet) {
  v1::OutboundReply r = MakeReply("x", kUs, true);
  r.mutable_ticket()->set_source_id("1790000000000000123");
  r.mutable_ticket()->set_parent_id("1790000000000000001");
  r.mutable_ticket()->mutable_author()->set_platform_id("44196397");
  AddMessage(r, v1::INBOUND, "1790000000000000123");
  HttpRequest req = MustBuild(r, {"https://api.x.com", kToken});
  EXPECT_EQ(req.url, "https://api.x.com/2/tweets");
  EXPECT_EQ(HeaderOf(req, "Authorization"), "Bearer tok-SECRET-123");
  EXPECT_EQ(BodyOf(req), Json::parse(R"({"text":")" + std::string(kText) +
                                     R"(","reply":{"in_reply_to_tweet_id":"1790000000000000123"}})"));
}

TEST(XRequest, DirectMessageToTheSender) {
  v1::OutboundReply r = MakeReply("x", kUs, false);
  r.mutable_ticket()->set_source_id("1790000000000000999");
  r.mutable_ticket()->set_conversation_key("x:1587203349912207361:2244994945");
  r.mutable_ticket()->mutable_author()->set_platform_id("2244994945");
  AddMessage(r, v1::INBOUND, "1790000000000000999");
  HttpRequest req = MustBuild(r);
  EXPECT_EQ(req.url, "http://127.0.0.1:9/api/2/dm_conversations/with/2244994945/messages");
  EXPECT_EQ(BodyOf(req), Json({{"text", kText}}));

  r.mutable_ticket()->mutable_author()->set_platform_id("");  // from the conversation key
  EXPECT_EQ(MustBuild(r).url, "http://127.0.0.1:9/api/2/dm_conversations/with/2244994945/messages");
  r.mutable_ticket()->set_conversation_key("");
  EXPECT_EQ(MustRefuse(r).outcome, v1::EGRESS_PERMANENT);
}

TEST(XClassify, Answers) {
  Result post = Classify("x", false, 201, R"({"data":{"id":"1790000000000000555","text":"ok",
                                               "edit_history_tweet_ids":["1790000000000000555"]}})");
  EXPECT_EQ(post.outcome, v1::EGRESS_SENT);
  EXPECT_EQ(post.platform_message_id, "1790000000000000555");
  Result dm = Classify("x", true, 201,
                       R"({"data":{"dm_conversation_id":"1-2","dm_event_id":"1580000000000000001"}})");
  EXPECT_EQ(dm.platform_message_id, "1580000000000000001");

  Result duplicate =
      Classify("x", false, 403, R"({"detail":"You are not allowed to create a Tweet with duplicate content.",
      "type":"about:blank","title":"Forbidden","status":403})");
  EXPECT_EQ(duplicate.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(duplicate.platform_code, "Forbidden");
  EXPECT_EQ(duplicate.reason, "You are not allowed to create a Tweet with duplicate content.");
  EXPECT_EQ(duplicate.http_status, 403);

  Result limited = Classify("x", false, 429, R"({"title":"Too Many Requests","detail":"Too Many Requests",
      "type":"about:blank","status":429})");
  EXPECT_EQ(limited.outcome, v1::EGRESS_TRANSIENT);

  Result legacy = Classify("x", true, 403,
                           R"({"errors":[{"message":"You cannot send messages to this user.","code":349}]})");
  EXPECT_EQ(legacy.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(legacy.platform_code, "349");
  EXPECT_EQ(legacy.reason, "You cannot send messages to this user.");

  Result problem = Classify("x", false, 400, R"({"errors":[{"parameters":{},"message":"x"}],
      "title":"Invalid Request","detail":"One or more parameters to your request was invalid.",
      "type":"https://api.twitter.com/2/problems/invalid-request"})");
  EXPECT_EQ(problem.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(problem.platform_code, "https://api.twitter.com/2/problems/invalid-request");
  EXPECT_EQ(problem.reason, "x");

  Result unauthorized =
      Classify("x", false, 401, R"({"title":"Unauthorized","type":"about:blank","status":401,
      "detail":"Unauthorized"})");
  EXPECT_EQ(unauthorized.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(Classify("x", false, 503, "").outcome, v1::EGRESS_TRANSIENT);
}

}  // namespace
}  // namespace aspirasi::egress
