#include "workers/ingest/channels/meta/messaging.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest::meta {
namespace {

constexpr char kPage[] = "104582736190254";

Result<ParseResult> Parse(const std::string& items) {
  AccountContext account;
  account.id = kPage;
  std::string body =
      R"({"object":"page","entry":[{"id":"104582736190254","time":1794291610087,"messaging":)" + items +
      "}]}";
  return ParseEnvelope(body, "page", "facebook", account, [](const JsonNode& entry, EntryContext& ctx) {
    JsonNode messaging = entry["messaging"];
    for (std::size_t i = 0; i < messaging.size(); ++i) ParseMessagingItem(messaging[i], ctx);
  });
}

TEST(Messaging, MessageOpensOrAppendsToTheSendersConversation) {
  auto r = Parse(R"([{"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"timestamp":1794291609412,
    "message":{"mid":"m_1","text":"Halo","reply_to":{"mid":"m_0"}}}])");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->submits.size(), 1u);
  const v1::Submit& s = r->submits[0];
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(s.idempotency_key(), "facebook:104582736190254:message:m_1");
  EXPECT_EQ(s.target_key(), "");
  EXPECT_EQ(s.draft().channel(), "facebook");
  EXPECT_EQ(s.draft().account(), kPage);
  EXPECT_EQ(s.draft().conversation_key(), "facebook:104582736190254:7001");
  EXPECT_EQ(s.draft().thread_id(), "7001");
  EXPECT_EQ(s.draft().parent_id(), "m_0");
  EXPECT_EQ(s.draft().source_id(), "m_1");
  EXPECT_EQ(s.draft().author().platform_id(), "7001");
  EXPECT_EQ(s.draft().text(), "Halo");
  EXPECT_EQ(s.draft().written_at_ms(), 1794291609412);
  EXPECT_FALSE(s.draft().public_item());
}

TEST(Messaging, EchoesReceiptsReactionsAndEmptyMessagesAreIgnored) {
  auto r = Parse(R"([
    {"sender":{"id":"104582736190254"},"recipient":{"id":"7001"},"timestamp":1,"message":{"mid":"m_e","is_echo":true,"text":"x"}},
    {"sender":{"id":"104582736190254"},"recipient":{"id":"7001"},"timestamp":1,"message":{"mid":"m_f","text":"no echo flag"}},
    {"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"delivery":{"mids":["m_e"],"watermark":1}},
    {"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"timestamp":1,"read":{"watermark":1}},
    {"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"timestamp":1,"reaction":{"mid":"m_e","action":"react","emoji":"x"}},
    {"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"timestamp":1,"postback":{"title":"Mulai","payload":"START"}},
    {"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"timestamp":1,"message":{"mid":"m_u","is_unsupported":true}}])");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->submits.empty());
  EXPECT_EQ(r->ignored, 7);
}

TEST(Messaging, DeletedIsAWithdrawOfTheMessage) {
  auto r = Parse(R"([{"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"timestamp":1794298195230,
    "message":{"mid":"m_1","is_deleted":true}}])");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->submits.size(), 1u);
  EXPECT_EQ(r->submits[0].action(), v1::WITHDRAW);
  EXPECT_EQ(r->submits[0].idempotency_key(), "facebook:104582736190254:message:m_1:remove");
  EXPECT_EQ(r->submits[0].target_key(), "facebook:104582736190254:message:m_1");
  EXPECT_EQ(r->submits[0].draft().conversation_key(), "facebook:104582736190254:7001");
}

TEST(Messaging, EditVersionIsTheEditCounterElseTheTimestamp) {
  auto r = Parse(R"([
    {"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"timestamp":1794291880055,"message_edit":{"mid":"m_1","text":"v2","num_edit":1}},
    {"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"timestamp":1794291990000,"message_edit":{"mid":"m_1","text":"v3"}},
    {"sender":{"id":"104582736190254"},"recipient":{"id":"7001"},"timestamp":1,"message_edit":{"mid":"m_p","text":"ours"}}])");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->submits.size(), 2u);
  EXPECT_EQ(r->ignored, 1);
  EXPECT_EQ(r->submits[0].action(), v1::UPDATE);
  EXPECT_EQ(r->submits[0].idempotency_key(), "facebook:104582736190254:message:m_1:edit:1");
  EXPECT_EQ(r->submits[0].target_key(), "facebook:104582736190254:message:m_1");
  EXPECT_EQ(r->submits[0].draft().text(), "v2");
  EXPECT_EQ(r->submits[0].draft().written_at_ms(), 1794291880055);
  EXPECT_EQ(r->submits[1].idempotency_key(), "facebook:104582736190254:message:m_1:edit:1794291990000");
}

TEST(Messaging, AttachmentsKeepTheirMetadata) {
  auto r = Parse(R"([{"sender":{"id":"7001"},"recipient":{"id":"104582736190254"},"timestamp":1,
    "message":{"mid":"m_a","attachments":[
      {"type":"image","payload":{"url":"https://cdn.example/a.jpg"}},
      {"type":"image","payload":{"url":"https://cdn.example/s.png","sticker_id":369239263222822}},
      {"type":"video","payload":{"url":"https://cdn.example/v.mp4"}},
      {"type":"audio","payload":{"url":"https://cdn.example/a.mp4"}},
      {"type":"file","payload":{"url":"https://cdn.example/f.pdf"}},
      {"type":"ig_reel","payload":{"url":"https://cdn.example/r","title":"Reel","reel_video_id":"901"}},
      {"type":"location","payload":{"coordinates":{"lat":-7.41,"long":110.23}},"title":"Pasar"},
      {"type":"fallback","url":"https://example.org/x","title":"Berita","payload":null},
      {"type":"template","payload":{"template_type":"generic"}}]}}])");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->submits.size(), 1u);
  const auto& as = r->submits[0].draft().attachments();
  ASSERT_EQ(as.size(), 8);  // the template carries nothing and is skipped
  EXPECT_EQ(as[0].type(), v1::IMAGE);
  EXPECT_EQ(as[0].url(), "https://cdn.example/a.jpg");
  EXPECT_EQ(as[1].type(), v1::STICKER);
  EXPECT_EQ(as[1].media_id(), "369239263222822");
  EXPECT_EQ(as[2].type(), v1::VIDEO);
  EXPECT_EQ(as[3].type(), v1::AUDIO);
  EXPECT_EQ(as[4].type(), v1::DOCUMENT);
  EXPECT_EQ(as[5].type(), v1::VIDEO);
  EXPECT_EQ(as[5].media_id(), "901");
  EXPECT_EQ(as[5].caption(), "Reel");
  EXPECT_EQ(as[6].type(), v1::LOCATION);
  EXPECT_DOUBLE_EQ(as[6].location().latitude(), -7.41);
  EXPECT_DOUBLE_EQ(as[6].location().longitude(), 110.23);
  EXPECT_EQ(as[6].location().name(), "Pasar");
  EXPECT_EQ(as[7].type(), v1::LINK);
  EXPECT_EQ(as[7].url(), "https://example.org/x");
  EXPECT_EQ(as[7].caption(), "Berita");
}

TEST(Messaging, MalformedItemsNameTheField) {
  struct Case {
    const char* items;
    const char* message;
  };
  for (const Case& c : {
           Case{R"([{"sender":{"id":"7001"},"timestamp":1,"message":{"text":"x"}}])",
                "entry[0].messaging[0].message.mid: is required"},
           Case{R"([{"sender":{"id":"7001"},"timestamp":1,"message":{"mid":"m","text":5}}])",
                "entry[0].messaging[0].message.text: expected a string"},
           Case{R"([{"timestamp":1,"message":{"mid":"m","text":"x"}}])",
                "entry[0].messaging[0].sender.id: is required"},
           Case{R"([{"sender":{"id":"7001"},"timestamp":"kemarin","message":{"mid":"m","text":"x"}}])",
                "entry[0].messaging[0].timestamp: expected an integer"},
           Case{R"([{"sender":{"id":"7001"},"timestamp":1,"message":{"mid":"m","attachments":[3]}}])",
                "entry[0].messaging[0].message.attachments[0]: expected an object"},
           Case{R"([{"sender":{"id":"7001"},"timestamp":1,"message":"hi"}])",
                "entry[0].messaging[0].message: expected an object"},
           Case{R"({"sender":{}})", "entry[0].messaging: expected an array"},
       }) {
    SCOPED_TRACE(c.items);
    auto r = Parse(c.items);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), v1::MALFORMED);
    EXPECT_EQ(r.status().message(), c.message);
  }
}

}  // namespace
}  // namespace aspirasi::ingest::meta
