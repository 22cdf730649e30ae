// YouTube Data API v3 comments.insert requests and answers.
#include <gtest/gtest.h>

#include "workers/responder/egress/egress_test_util.h"

namespace aspirasi::egress {
namespace {

using namespace testing;

constexpr char kChannel[] = "UCn7Hb3qRkT0sZp2LmXa9vEw";

// As the ingest plug-in makes them: thread_id the video, parent_id a reply's top-level comment,
// conversation_key "youtube:<channel>:<thread id>".
v1::OutboundReply Youtube(const std::string& source_id, const std::string& parent_id) {
  v1::OutboundReply r = MakeReply("youtube", kChannel, true);
  v1::Ticket& t = *r.mutable_ticket();
  t.set_source_id(source_id);
  t.set_parent_id(parent_id);
  t.set_thread_id("dQw4w9WgXcQ");
  t.set_conversation_key("youtube:UCn7Hb3qRkT0sZp2LmXa9vEw:" + (parent_id.empty() ? source_id : parent_id));
  t.mutable_author()->set_platform_id("UCcitizen0000000000000000");
  AddMessage(r, v1::INBOUND, source_id);
  return r;
}

TEST(YoutubeRequest, ReplyToATopLevelComment) {
  HttpRequest req = MustBuild(Youtube("UgzTopLevel123AaBbCc", ""), {"https://www.googleapis.com", kToken});
  EXPECT_EQ(req.url, "https://www.googleapis.com/youtube/v3/comments?part=snippet");
  EXPECT_EQ(HeaderOf(req, "Authorization"), "Bearer tok-SECRET-123");
  EXPECT_EQ(BodyOf(req), Json::parse(R"({"snippet":{"parentId":"UgzTopLevel123AaBbCc","textOriginal":")" +
                                     std::string(kText) + R"("}})"));
}

TEST(YoutubeRequest, RepliesGoUnderTheTopLevelComment) {
  v1::OutboundReply r = Youtube("UgzTop.9xReply1", "UgzTop");
  EXPECT_EQ(BodyOf(MustBuild(r))["snippet"]["parentId"], "UgzTop");
  AddMessage(r, v1::INBOUND, "UgzTop.9xReply2");  // a later reply in the thread
  EXPECT_EQ(BodyOf(MustBuild(r))["snippet"]["parentId"], "UgzTop");
  r.mutable_ticket()->set_parent_id("");
  r.set_in_reply_to_seq(1);
  EXPECT_EQ(BodyOf(MustBuild(r))["snippet"]["parentId"], "UgzTop");
}

TEST(YoutubeRequest, RefusedWithoutAComment) {
  EXPECT_EQ(MustRefuse(Youtube("", "")).reason, "youtube: the ticket has no comment id to reply to");
}

TEST(YoutubeClassify, Answers) {
  Result ok =
      Classify("youtube", false, 200, R"({"kind":"youtube#comment","id":"UgzTop.9xOurs","snippet":{}})");
  EXPECT_EQ(ok.outcome, v1::EGRESS_SENT);
  EXPECT_EQ(ok.platform_message_id, "UgzTop.9xOurs");

  Result disabled = Classify("youtube", false, 403, R"({"error":{"code":403,
      "message":"The video identified by the <code><a href=\"/youtube/v3/docs/commentThreads/insert#videoId\">videoId</a></code> parameter has disabled comments.",
      "errors":[{"message":"disabled","domain":"youtube.commentThread","reason":"commentsDisabled"}]}})");
  EXPECT_EQ(disabled.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(disabled.platform_code, "commentsDisabled");
  EXPECT_NE(disabled.reason.find("has disabled comments"), std::string::npos);

  Result quota = Classify(
      "youtube", false, 403,
      R"({"error":{"code":403,"message":"The request cannot be completed because you have exceeded your quota.",
      "errors":[{"message":"quota","domain":"youtube.quota","reason":"quotaExceeded"}]}})");
  EXPECT_EQ(quota.outcome, v1::EGRESS_TRANSIENT);
  EXPECT_EQ(quota.platform_code, "quotaExceeded");

  Result gone = Classify(
      "youtube", false, 404,
      R"({"error":{"code":404,"message":"The comment identified by the parentId parameter could not be found.",
      "errors":[{"domain":"youtube.comment","reason":"parentCommentNotFound"}]}})");
  EXPECT_EQ(gone.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(gone.platform_code, "parentCommentNotFound");

  Result forbidden = Classify("youtube", false, 403, R"({"error":{"code":403,"message":"Forbidden",
      "errors":[{"domain":"global","reason":"forbidden"}]}})");
  EXPECT_EQ(forbidden.outcome, v1::EGRESS_PERMANENT);
  EXPECT_EQ(Classify("youtube", false, 500, R"({"error":{"code":500,"message":"Backend Error",
      "errors":[{"reason":"backendError"}]}})")
                .outcome,
            v1::EGRESS_TRANSIENT);
}

}  // namespace
}  // namespace aspirasi::egress
