// The Facebook channel as the ingest server sees it: handshake, signature, malformed bodies, and
// the project's testdata replayed in order through a model of the broker.
#include "workers/ingest/channels/facebook/facebook_channel.h"

#include <gtest/gtest.h>

#include "workers/ingest/channels/meta/testing/broker_model.h"
#include "workers/ingest/channels/meta/testing/fixtures.h"
#include "workers/ingest/signature.h"

namespace aspirasi::ingest {
namespace {

using meta::testing::FakeRequest;

AccountContext Account() {
  AccountContext a;
  a.channel = "facebook";
  a.id = "109284756301122";
  a.secret = "nh-fb-test-secret";
  a.verify_token = "nh-fb-verify";
  return a;
}

FakeRequest SignedTestdata(std::string_view file) {
  FakeRequest r;
  r.body = meta::testing::ReadTestdata("facebook", file);
  r.Header("X-Hub-Signature-256", "sha256=" + HmacSha256Hex("nh-fb-test-secret", r.body));
  return r;
}

TEST(FacebookChannel, Info) {
  ChannelInfo info = FacebookChannelInfo();
  EXPECT_EQ(info.name, "facebook");
  EXPECT_EQ(info.transport, "webhook");
  EXPECT_FALSE(info.supports.empty());
  EXPECT_NE(MakeFacebookChannel(), nullptr);
}

TEST(FacebookChannel, VerifiesTheRawBody) {
  auto channel = MakeFacebookChannel();
  FakeRequest ok = SignedTestdata("feed_batch_mixed_wire.json");
  EXPECT_TRUE(channel->Verify(ok.View(), Account()).ok());

  FakeRequest missing = ok;
  missing.headers.clear();
  Status s = channel->Verify(missing.View(), Account());
  EXPECT_EQ(s.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(s.field(), "X-Hub-Signature-256");

  FakeRequest wrong = ok;
  wrong.Header("X-Hub-Signature-256", "sha256=" + HmacSha256Hex("other-secret", ok.body));
  EXPECT_EQ(channel->Verify(wrong.View(), Account()).code(), v1::PERMISSION_DENIED);

  // One byte changed after signing: here the escaped '/' of a URL, which decodes the same.
  FakeRequest changed = ok;
  std::size_t at = changed.body.find("\\/");
  ASSERT_NE(at, std::string::npos);
  changed.body.erase(at, 1);
  EXPECT_EQ(channel->Verify(changed.View(), Account()).code(), v1::PERMISSION_DENIED);
}

TEST(FacebookChannel, Handshake) {
  auto channel = MakeFacebookChannel();
  FakeRequest get;
  get.method = "GET";
  get.query = {{"hub.mode", "subscribe"}, {"hub.verify_token", "nh-fb-verify"}, {"hub.challenge", "424242"}};
  auto reply = channel->Handshake(get.View(), Account());
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "424242");
  get.query["hub.verify_token"] = "wrong";
  EXPECT_EQ(channel->Handshake(get.View(), Account())->status, 403);
  FakeRequest post = SignedTestdata("messenger_text.json");
  EXPECT_FALSE(channel->Handshake(post.View(), Account()).has_value());
}

TEST(FacebookChannel, MalformedBodiesNameTheField) {
  auto channel = MakeFacebookChannel();
  struct Case {
    const char* body;
    const char* message;
  };
  for (const Case& c : {
           Case{"not json", "body is not valid JSON (error at byte 2)"},
           Case{R"({"object":"instagram","entry":[]})", "object: expected \"page\""},
           Case{R"({"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment",
                "verb":"add","comment_id":{"id":"1"},"post_id":"1_2"}}]}]})",
                "entry[0].changes[0].value.comment_id: expected a string"},
           Case{R"({"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment",
                "verb":"add","post_id":"1_2","message":"x"}}]}]})",
                "entry[0].changes[0].value.comment_id: is required"},
           Case{R"({"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment",
                "verb":"add","comment_id":"2_3","created_time":"yesterday"}}]}]})",
                "entry[0].changes[0].value.created_time: expected an integer"},
           Case{
               R"({"object":"page","entry":[{"id":"1"},{"id":"1","changes":[{"field":"feed","value":[]}]}]})",
               "entry[1].changes[0].value: expected an object"},
       }) {
    SCOPED_TRACE(c.body);
    auto r = channel->Parse(c.body, Account());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), v1::MALFORMED);
    EXPECT_EQ(r.status().message(), c.message);
  }
}

TEST(FacebookChannel, TestdataReplayedInOrderLinesUpWithTheBroker) {
  auto channel = MakeFacebookChannel();
  meta::testing::BrokerModel broker;
  std::vector<v1::SubmitOutcome> outcomes;
  for (const char* file :
       {"feed_comment_add.json", "feed_comment_reply.json", "feed_comment_edited_twice.json",
        "feed_comment_remove.json", "messenger_text.json", "messenger_edit.json",
        "messenger_reply_sticker_location.json", "messenger_image_then_text.json",
        "messenger_batch_duplicate_receipts.json", "feed_visitor_post_lifecycle.json"}) {
    for (const auto& s : meta::testing::ParseTestdata(*channel, "facebook", file, Account()).submits) {
      outcomes.push_back(broker.Apply(s));
    }
  }
  using O = v1::SubmitOutcome;
  EXPECT_EQ(outcomes,
            (std::vector<O>{v1::OUTCOME_CREATED, v1::OUTCOME_CREATED,    // comment, reply
                            v1::OUTCOME_UPDATED, v1::OUTCOME_UPDATED,    // two edits of the comment
                            v1::OUTCOME_WITHDRAWN,                       // the reply removed
                            v1::OUTCOME_CREATED, v1::OUTCOME_UPDATED,    // a message and its edit
                            v1::OUTCOME_APPENDED, v1::OUTCOME_APPENDED,  // same person: reply, location,
                            v1::OUTCOME_APPENDED,                        // sticker
                            v1::OUTCOME_CREATED, v1::OUTCOME_APPENDED,   // image, then text
                            v1::OUTCOME_CREATED, v1::OUTCOME_DUPLICATE,  // a message and its repeat
                            v1::OUTCOME_CREATED, v1::OUTCOME_UPDATED,    // visitor post, its edit,
                            v1::OUTCOME_WITHDRAWN}));                    // its removal
}

TEST(FacebookChannel, SharedFixturesAgreeWithExpected) {
  if (!meta::testing::SharedFixturesDir())
    GTEST_SKIP() << "no ../shared/fixtures/channels beside the repository";
  AccountContext a = Account();
  a.id = "104582736190254";
  meta::testing::ExpectSharedFixturesAgree(*MakeFacebookChannel(), "facebook", a);
}

}  // namespace
}  // namespace aspirasi::ingest
