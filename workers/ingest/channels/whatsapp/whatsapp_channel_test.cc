// The WhatsApp channel as the ingest server sees it: handshake, signature, malformed bodies, the
// testdata replayed in order through a model of the broker, and the shared fixtures.
#include "workers/ingest/channels/whatsapp/whatsapp_channel.h"

#include <gtest/gtest.h>

#include "workers/ingest/channels/meta/testing/broker_model.h"
#include "workers/ingest/channels/meta/testing/fixtures.h"
#include "workers/ingest/signature.h"

namespace aspirasi::ingest {
namespace {

using meta::testing::FakeRequest;

AccountContext Account() {
  AccountContext a;
  a.channel = "whatsapp";
  a.id = "415550001112223";
  a.secret = "nh-wa-test-secret";
  a.verify_token = "nh-wa-verify";
  return a;
}

TEST(WhatsappChannel, Info) {
  EXPECT_EQ(WhatsappChannelInfo().name, "whatsapp");
  EXPECT_NE(MakeWhatsappChannel(), nullptr);
}

TEST(WhatsappChannel, VerifiesTheRawBody) {
  auto channel = MakeWhatsappChannel();
  FakeRequest req;
  req.body = meta::testing::ReadTestdata("whatsapp", "long_emoji_wire.json");
  req.Header("X-Hub-Signature-256", "sha256=" + HmacSha256Hex("nh-wa-test-secret", req.body));
  EXPECT_TRUE(channel->Verify(req.View(), Account()).ok());

  FakeRequest missing = req;
  missing.headers.clear();
  Status s = channel->Verify(missing.View(), Account());
  EXPECT_EQ(s.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(s.field(), "X-Hub-Signature-256");

  FakeRequest wrong = req;
  wrong.Header("X-Hub-Signature-256", "sha256=" + HmacSha256Hex("nh-wa-test-secreT", req.body));
  EXPECT_EQ(channel->Verify(wrong.View(), Account()).code(), v1::PERMISSION_DENIED);

  // Re-encoding an escape changes the bytes (not the meaning): the signature no longer holds.
  FakeRequest changed = req;
  std::size_t at = changed.body.find("\\ud83d");
  ASSERT_NE(at, std::string::npos);
  changed.body.replace(at, 6, "\\uD83D");
  EXPECT_EQ(channel->Verify(changed.View(), Account()).code(), v1::PERMISSION_DENIED);
}

TEST(WhatsappChannel, Handshake) {
  FakeRequest get;
  get.method = "GET";
  get.query = {
      {"hub.mode", "subscribe"}, {"hub.verify_token", "nh-wa-verify"}, {"hub.challenge", "1158201444"}};
  auto channel = MakeWhatsappChannel();
  auto reply = channel->Handshake(get.View(), Account());
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "1158201444");
  get.query["hub.mode"] = "unsubscribe";
  EXPECT_EQ(channel->Handshake(get.View(), Account())->status, 403);
}

TEST(WhatsappChannel, MalformedBodiesNameTheField) {
  auto channel = MakeWhatsappChannel();
  struct Case {
    const char* body;
    const char* message;
  };
  for (
      const Case& c : {
          Case{R"({"object":"page","entry":[]})", "object: expected \"whatsapp_business_account\""},
          Case{
              R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":
                {"metadata":{"phone_number_id":"2"},"messages":[{"from":"62","id":"w","type":"text",
                "timestamp":"kemarin","text":{"body":"x"}}]}}]}]})",
              "entry[0].changes[0].value.messages[0].timestamp: expected an integer"},
          Case{
              R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":
                {"messages":[{"from":"62","type":"text","timestamp":"1","text":{"body":"x"}}]}}]}]})",
              "entry[0].changes[0].value.messages[0].id: is required"},
          Case{
              R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":
                {"messages":[{"id":"w","type":"text","timestamp":"1","text":{"body":"x"}}]}}]}]})",
              "entry[0].changes[0].value.messages[0].from: is required"},
          Case{
              R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":
                {"messages":[{"from":"62","id":"w","type":"location","timestamp":"1","location":{"latitude":1}}]}}]}]})",
              "entry[0].changes[0].value.messages[0].location.longitude: is required"},
          Case{
              R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":
                {"messages":[{"from":"62","id":"w","timestamp":"1","text":{"body":"x"}}]}}]}]})",
              "entry[0].changes[0].value.messages[0].type: is required"},
          Case{
              R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":
                {"contacts":{"wa_id":"62"}}}]}]})",
              "entry[0].changes[0].value.contacts: expected an array"},
      }) {
    SCOPED_TRACE(c.body);
    auto r = channel->Parse(c.body, Account());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), v1::MALFORMED);
    EXPECT_EQ(r.status().message(), c.message);
  }
}

TEST(WhatsappChannel, TestdataReplayedInOrderLinesUpWithTheBroker) {
  auto channel = MakeWhatsappChannel();
  meta::testing::BrokerModel broker;
  std::vector<v1::SubmitOutcome> outcomes;
  for (const char* file :
       {"text_with_bsuid.json", "image_caption.json", "location.json", "statuses_only.json",
        "reply_with_context.json", "batch_two_contacts_duplicate.json", "not_tickets.json"}) {
    for (const auto& s : meta::testing::ParseTestdata(*channel, "whatsapp", file, Account()).submits) {
      outcomes.push_back(broker.Apply(s));
    }
  }
  EXPECT_EQ(outcomes, (std::vector<v1::SubmitOutcome>{
                          v1::OUTCOME_CREATED, v1::OUTCOME_CREATED, v1::OUTCOME_CREATED,  // three people
                          v1::OUTCOME_APPENDED,  // the location sender answers
                          v1::OUTCOME_CREATED, v1::OUTCOME_DUPLICATE, v1::OUTCOME_CREATED}));
}

TEST(WhatsappChannel, SharedFixturesAgreeWithExpected) {
  if (!meta::testing::SharedFixturesDir())
    GTEST_SKIP() << "no ../shared/fixtures/channels beside the repository";
  AccountContext a = Account();
  a.id = "412093385561207";
  a.own_ids = {"301948572210663", "6280000010000"};
  meta::testing::ExpectSharedFixturesAgree(*MakeWhatsappChannel(), "whatsapp", a);
}

}  // namespace
}  // namespace aspirasi::ingest
