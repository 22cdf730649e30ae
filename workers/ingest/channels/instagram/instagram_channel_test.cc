// The Instagram channel as the ingest server sees it: handshake, signature, malformed bodies, the
// testdata replayed in order through a model of the broker, and the shared fixtures.
#include "workers/ingest/channels/instagram/instagram_channel.h"

#include <gtest/gtest.h>

#include "workers/ingest/channels/meta/testing/broker_model.h"
#include "workers/ingest/channels/meta/testing/fixtures.h"
#include "workers/ingest/signature.h"

namespace aspirasi::ingest {
namespace {

using meta::testing::FakeRequest;

AccountContext Account() {
  AccountContext a;
  a.channel = "instagram";
  a.id = "17841499900011223";
  a.secret = "nh-ig-test-secret";
  a.verify_token = "nh-ig-verify";
  return a;
}

TEST(InstagramChannel, Info) {
  EXPECT_EQ(InstagramChannelInfo().name, "instagram");
  EXPECT_NE(MakeInstagramChannel(), nullptr);
}

TEST(InstagramChannel, VerifiesTheRawBody) {
  auto channel = MakeInstagramChannel();
  FakeRequest req;
  req.body = meta::testing::ReadTestdata("instagram", "batch_dm_duplicate_comment_wire.json");
  req.Header("X-Hub-Signature-256", "sha256=" + HmacSha256Hex("nh-ig-test-secret", req.body));
  EXPECT_TRUE(channel->Verify(req.View(), Account()).ok());

  FakeRequest missing = req;
  missing.headers.clear();
  EXPECT_EQ(channel->Verify(missing.View(), Account()).code(), v1::INVALID_ARGUMENT);

  FakeRequest wrong = req;
  wrong.Header("X-Hub-Signature-256", "sha256=" + HmacSha256Hex("nh-fb-test-secret", req.body));
  EXPECT_EQ(channel->Verify(wrong.View(), Account()).code(), v1::PERMISSION_DENIED);

  FakeRequest changed = req;
  changed.body.back() = ' ';
  EXPECT_EQ(channel->Verify(changed.View(), Account()).code(), v1::PERMISSION_DENIED);
}

TEST(InstagramChannel, Handshake) {
  FakeRequest get;
  get.method = "GET";
  get.query = {{"hub.mode", "subscribe"}, {"hub.verify_token", "nh-ig-verify"}, {"hub.challenge", "77"}};
  auto reply = MakeInstagramChannel()->Handshake(get.View(), Account());
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "77");
}

TEST(InstagramChannel, MalformedBodiesNameTheField) {
  auto channel = MakeInstagramChannel();
  struct Case {
    const char* body;
    const char* message;
  };
  for (const Case& c : {
           Case{R"({"object":"page","entry":[]})", "object: expected \"instagram\""},
           Case{R"({"object":"instagram","entry":[{"id":"1","time":1,"changes":[{"field":"comments",
                "value":{"from":{"id":"2"},"text":"x"}}]}]})",
                "entry[0].changes[0].value.id: is required"},
           Case{R"({"object":"instagram","entry":[{"id":"1","time":1,"changes":[{"field":"comments",
                "value":{"id":"3","from":{"id":"2"},"text":["x"]}}]}]})",
                "entry[0].changes[0].value.text: expected a string"},
           Case{R"({"object":"instagram","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"timestamp":1,
                "message":{"mid":"m","is_deleted":"yes"}}]}]})",
                "entry[0].messaging[0].message.is_deleted: expected true or false"},
       }) {
    SCOPED_TRACE(c.body);
    auto r = channel->Parse(c.body, Account());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), v1::MALFORMED);
    EXPECT_EQ(r.status().message(), c.message);
  }
}

TEST(InstagramChannel, TestdataReplayedInOrderLinesUpWithTheBroker) {
  auto channel = MakeInstagramChannel();
  meta::testing::BrokerModel broker;
  std::vector<v1::SubmitOutcome> outcomes;
  for (const char* file : {"comment_on_reel.json", "comment_reply.json", "dm_text.json", "dm_image.json",
                           "dm_unsend.json", "dm_edit.json", "batch_dm_duplicate_comment_wire.json"}) {
    for (const auto& s : meta::testing::ParseTestdata(*channel, "instagram", file, Account()).submits) {
      outcomes.push_back(broker.Apply(s));
    }
  }
  EXPECT_EQ(outcomes, (std::vector<v1::SubmitOutcome>{
                          v1::OUTCOME_CREATED, v1::OUTCOME_CREATED,     // two comments
                          v1::OUTCOME_CREATED, v1::OUTCOME_CREATED,     // two people's DMs
                          v1::OUTCOME_WITHDRAWN, v1::OUTCOME_UPDATED,   // the image unsent, the text edited
                          v1::OUTCOME_CREATED, v1::OUTCOME_DUPLICATE,   // a DM and its repeat
                          v1::OUTCOME_CREATED, v1::OUTCOME_CREATED}));  // a comment, a live comment
}

TEST(InstagramChannel, SharedFixturesAgreeWithExpected) {
  if (!meta::testing::SharedFixturesDir())
    GTEST_SKIP() << "no ../shared/fixtures/channels beside the repository";
  AccountContext a = Account();
  a.id = "17841458230017425";
  meta::testing::ExpectSharedFixturesAgree(*MakeInstagramChannel(), "instagram", a);
}

}  // namespace
}  // namespace aspirasi::ingest
