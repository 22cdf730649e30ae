// Replays the plug-in's own fixtures (testdata/) through Handshake, Verify and Parse and checks the
// exact submits. testdata/signatures.json holds each file's header, computed with openssl.
#include "workers/ingest/channels/x/x_channel.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "workers/ingest/testing/channel_testing.h"

namespace aspirasi::ingest {
namespace {

using channel_testing::FakeRequest;
using channel_testing::ReadFileBytes;
using Json = nlohmann::json;

constexpr char kUs[] = "1587203349912207361";
constexpr char kDewi[] = "1455667788990011223";
constexpr char kAgus[] = "987654321098765432";

std::string Testdata(const std::string& name) { return ReadFileBytes(std::string(X_TESTDATA) + "/" + name); }
const Json& Signatures() {
  static const Json s = Json::parse(Testdata("signatures.json"));
  return s;
}

AccountContext Account() {
  AccountContext a;
  a.channel = "x";
  a.id = kUs;
  a.own_ids = {"@PemkabNusaHarapan"};
  a.secret = Signatures()["consumer_secret"].get<std::string>();
  return a;
}

std::string TweetKey(const std::string& id) { return std::string("x:") + kUs + ":tweet:" + id; }
std::string DmKey(const std::string& id) { return std::string("x:") + kUs + ":dm:" + id; }

class XTest : public ::testing::Test {
 protected:
  ParseResult MustParse(const std::string& file) {
    std::string body = Testdata(file);
    EXPECT_FALSE(body.empty()) << file;
    auto r = channel_->Parse(body, Account());
    EXPECT_TRUE(r.ok()) << file << ": " << r.status().ToString();
    return r.ok() ? *r : ParseResult{};
  }
  v1::Submit Only(const std::string& file) {
    ParseResult r = MustParse(file);
    EXPECT_EQ(r.submits.size(), 1u) << file;
    EXPECT_EQ(r.ignored, 0) << file;
    return r.submits.empty() ? v1::Submit() : r.submits[0];
  }
  Status ParseError(std::string_view body) { return channel_->Parse(body, Account()).status(); }

  std::unique_ptr<Channel> channel_ = MakeXChannel();
};

TEST_F(XTest, MentionIsAPublicTicketKeyedByIdStr) {
  v1::Submit s = Only("01-tweet-mention-wire.json");
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(s.idempotency_key(), TweetKey("2122000111222333441"));
  const auto& d = s.draft();
  EXPECT_EQ(d.channel(), "x");
  EXPECT_EQ(d.account(), kUs);
  EXPECT_EQ(d.source_id(), "2122000111222333441");
  EXPECT_EQ(d.parent_id(), "");
  EXPECT_EQ(d.conversation_key(), "");
  EXPECT_TRUE(d.public_item());
  // '/' arrives escaped as "\/"; the emoji as raw UTF-8.
  EXPECT_EQ(d.text(),
            "@PemkabNusaHarapan Saluran irigasi di Desa Sukamaju jebol \xF0\x9F\x8C\x8A, sawah 5 ha "
            "terendam. Foto: "
            "https://t.co/AbC123xyZ #Irigasi");
  EXPECT_EQ(d.author().platform_id(), kDewi);
  EXPECT_EQ(d.author().display_name(), "Dewi Lestari");
  EXPECT_EQ(d.author().handle(), "@dewilestari_nh");
  EXPECT_EQ(d.written_at_ms(), 1795100000123);  // timestamp_ms, a string of milliseconds
}

TEST_F(XTest, ReplyKeepsTheThreadLink) {
  const auto d = Only("02-tweet-reply-thread.json").draft();
  EXPECT_EQ(d.parent_id(), "2121999000111222333");
  EXPECT_EQ(d.thread_id(), "2121999000111222333");
  EXPECT_EQ(d.author().platform_id(), kAgus);
  EXPECT_EQ(d.written_at_ms(), 1795100600456);
}

TEST_F(XTest, ExtendedTweetUsesTheFullTextAndItsMedia) {
  const auto d = Only("05-tweet-extended-photo.json").draft();
  EXPECT_EQ(d.text(),
            "@PemkabNusaHarapan Lapor: lampu lalu lintas di simpang empat Pasar Sukamaju mati total sejak "
            "kemarin sore. "
            "Kendaraan saling serobot, tadi pagi hampir terjadi tabrakan dengan anak sekolah. Mohon Dishub "
            "segera turun. "
            "Foto terlampir. #LaluLintas #NusaHarapan https://t.co/LmP0987");
  ASSERT_EQ(d.attachments_size(), 1);
  EXPECT_EQ(d.attachments(0).type(), v1::IMAGE);
  EXPECT_EQ(d.attachments(0).url(), "https://pbs.twimg.com/media/FxNusaLampu01.jpg");
  EXPECT_EQ(d.attachments(0).media_id(), "2122000111222333001");
}

TEST_F(XTest, IdsComeFromIdStrNeverFromTheNumericId) {
  // The numeric id in this file is 2122000111222334000 (rounded, as a JavaScript proxy would leave it).
  v1::Submit s = Only("06-tweet-numeric-id-rounded-no-timestamp.json");
  EXPECT_EQ(s.idempotency_key(), TweetKey("2122000111222333997"));
  EXPECT_EQ(s.draft().source_id(), "2122000111222333997");
  // No timestamp_ms: created_at "Tue Nov 17 06:40:00 +0000 2026".
  EXPECT_EQ(s.draft().written_at_ms(), 1794897600000);
}

TEST_F(XTest, GeoTweetWithVideoTakesTheBestMp4AndTheCoordinates) {
  const auto d = Only("16-tweet-geo-video.json").draft();
  ASSERT_EQ(d.attachments_size(), 2);
  EXPECT_EQ(d.attachments(0).type(), v1::VIDEO);
  EXPECT_EQ(d.attachments(0).url(),
            "https://video.twimg.com/ext_tw_video/2122000111222335301/pu/vid/1280x720/high.mp4");
  EXPECT_EQ(d.attachments(0).mime_type(), "video/mp4");
  EXPECT_EQ(d.attachments(0).media_id(), "2122000111222335301");
  EXPECT_EQ(d.attachments(1).type(), v1::LOCATION);
  EXPECT_DOUBLE_EQ(d.attachments(1).location().latitude(), -7.40444);
  EXPECT_DOUBLE_EQ(d.attachments(1).location().longitude(), 110.30555);
  EXPECT_EQ(d.attachments(1).location().name(), "Sukamaju, Nusa Harapan");
}

TEST_F(XTest, LongTweetWithEmojiIsKeptByteForByte) {
  std::string expected = Testdata("18-tweet-long-emoji.txt");
  ASSERT_GT(expected.size(), 1500u);
  EXPECT_EQ(Only("18-tweet-long-emoji.json").draft().text(), expected);
}

TEST_F(XTest, BatchOfTweetsKeepsPayloadOrder) {
  ParseResult r = MustParse("15-tweet-batch-two-wire.json");
  ASSERT_EQ(r.submits.size(), 2u);
  EXPECT_EQ(r.submits[0].idempotency_key(), TweetKey("2122000111222335101"));
  EXPECT_EQ(r.submits[1].idempotency_key(), TweetKey("2122000111222335212"));
  EXPECT_EQ(r.submits[1].draft().text(),
            "@PemkabNusaHarapan Air PDAM di Perum Griya Indah keruh 3 hari \xF0\x9F\x98\xB7");
}

TEST_F(XTest, ReceivedDmOpensAConversationWithTheSender) {
  v1::Submit s = Only("07-dm-received-photo.json");
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(s.idempotency_key(), DmKey("2122000111222334201"));
  const auto& d = s.draft();
  EXPECT_EQ(d.conversation_key(), std::string("x:") + kUs + ":" + kDewi);
  EXPECT_FALSE(d.public_item());
  EXPECT_EQ(d.text(),
            "Selamat malam min \xF0\x9F\x99\x8F ada pungli di loket samsat keliling Sukamaju, diminta "
            "Rp50.000/orang. "
            "Bukti foto ada di sini: https://t.co/DmFoto1");
  EXPECT_EQ(d.author().platform_id(), kDewi);
  EXPECT_EQ(d.author().display_name(), "Dewi Lestari");  // from the payload's users map
  EXPECT_EQ(d.author().handle(), "@dewilestari_nh");
  EXPECT_EQ(d.written_at_ms(), 1795110000555);  // created_timestamp, ms
  ASSERT_EQ(d.attachments_size(), 1);
  EXPECT_EQ(d.attachments(0).type(), v1::IMAGE);
  EXPECT_EQ(d.attachments(0).url(),
            "https://ton.twitter.com/1.1/ton/data/dm/2122000111222334102/2122000111222334101/AbCdEf.jpg");
  EXPECT_EQ(d.attachments(0).media_id(), "2122000111222334101");
}

TEST_F(XTest, LaterDmOfTheSameSenderAppendsToTheConversation) {
  v1::Submit first = Only("07-dm-received-photo.json");
  v1::Submit later = Only("08-dm-followup-same-sender.json");
  EXPECT_EQ(later.draft().conversation_key(), first.draft().conversation_key());
  EXPECT_EQ(later.idempotency_key(), DmKey("2122000111222334312"));
}

TEST_F(XTest, DmBatchRepeatsTheKeyOfTheDuplicate) {
  ParseResult r = MustParse("10-dm-batch-duplicate-wire.json");
  ASSERT_EQ(r.submits.size(), 3u);
  EXPECT_EQ(r.submits[0].idempotency_key(), DmKey("2122000111222334534"));
  EXPECT_EQ(r.submits[1].idempotency_key(), DmKey("2122000111222334645"));
  EXPECT_EQ(r.submits[2].SerializeAsString(), r.submits[0].SerializeAsString());  // the broker dedups it
  EXPECT_EQ(r.submits[0].draft().conversation_key(), std::string("x:") + kUs + ":" + kAgus);
  EXPECT_EQ(r.submits[1].draft().conversation_key(), std::string("x:") + kUs + ":" + kDewi);
}

TEST_F(XTest, TweetDeleteWithdrawsTheTweet) {
  v1::Submit s = Only("11-tweet-delete.json");
  EXPECT_EQ(s.action(), v1::WITHDRAW);
  EXPECT_EQ(s.target_key(), TweetKey("2122000111222333441"));
  EXPECT_EQ(s.idempotency_key(), TweetKey("2122000111222333441") + ":remove");
  EXPECT_EQ(s.draft().channel(), "x");
  EXPECT_EQ(s.draft().source_id(), "2122000111222333441");
  EXPECT_EQ(s.draft().author().platform_id(), kDewi);
}

TEST_F(XTest, EchoesRetweetsAndOtherEventsAreIgnored) {
  struct Case {
    const char* file;
    int ignored;
  } cases[] = {{"03-tweet-own-echo.json", 1},      {"04-retweet-ignore.json", 1},
               {"09-dm-echo-ignore.json", 1},      {"12-tweet-delete-own-ignore.json", 1},
               {"13-favorite-ignore.json", 1},     {"14-typing-ignore.json", 2},
               {"17-other-account-ignore.json", 1}};
  for (const auto& c : cases) {
    ParseResult r = MustParse(c.file);
    EXPECT_TRUE(r.submits.empty()) << c.file;
    EXPECT_EQ(r.ignored, c.ignored) << c.file;
  }
}

TEST_F(XTest, MalformedBodiesNameWhatWasExpectedWhere) {
  struct Case {
    const char* body;
    const char* message_part;
  } cases[] = {
      {"", "not JSON"},
      {"[]", "expected an Account Activity object"},
      {R"({"tweet_create_events":[]})", "for_user_id"},
      {R"({"for_user_id":1587203349912207361,"tweet_create_events":[]})", "for_user_id"},
      {R"({"for_user_id":"1587203349912207361","tweet_create_events":{}})",
       "tweet_create_events: expected an array"},
      {R"({"for_user_id":"1587203349912207361","tweet_create_events":[{"id":2122000111222333441,"user":{"id_str":"5"}}]})",
       "tweet_create_events[0].id_str: expected a string id"},
      {R"({"for_user_id":"1587203349912207361","tweet_create_events":[{"id_str":"1","user":{"id":5}}]})",
       "tweet_create_events[0].user.id_str"},
      {R"({"for_user_id":"1587203349912207361","tweet_delete_events":[{"status":{"id":2122000111222333441}}]})",
       "tweet_delete_events[0].status.id"},
      {R"({"for_user_id":"1587203349912207361","direct_message_events":[{"type":"message_create"}]})",
       "direct_message_events[0].id"},
      {R"({"for_user_id":"1587203349912207361","direct_message_events":[{"type":"message_create","id":"9",)"
       R"("message_create":{"sender_id":42}}]})",
       "direct_message_events[0].message_create.sender_id"},
  };
  for (const auto& c : cases) {
    Status s = ParseError(c.body);
    EXPECT_EQ(s.code(), v1::MALFORMED) << c.body;
    EXPECT_NE(s.message().find(c.message_part), std::string::npos) << c.body << " -> " << s.message();
  }
}

TEST_F(XTest, VerifyChecksTheBase64HmacOfTheRawBody) {
  for (const auto& [file, header] : Signatures()["files"].items()) {
    FakeRequest req;
    req.body = Testdata(file);
    req.Header("X-Twitter-Webhooks-Signature", header.get<std::string>());
    EXPECT_TRUE(channel_->Verify(req.View(), Account()).ok()) << file;
  }
  FakeRequest req;
  req.body = Testdata("01-tweet-mention-wire.json");
  std::string good = Signatures()["files"]["01-tweet-mention-wire.json"].get<std::string>();
  req.Header("x-twitter-webhooks-signature", good);
  ASSERT_TRUE(channel_->Verify(req.View(), Account()).ok());

  FakeRequest changed = req;
  changed.body[changed.body.size() / 2] ^= 0x01;  // one byte of the body changed
  EXPECT_EQ(channel_->Verify(changed.View(), Account()).code(), v1::PERMISSION_DENIED);

  FakeRequest no_prefix = req;
  no_prefix.Header("x-twitter-webhooks-signature", good.substr(7));  // without "sha256="
  EXPECT_EQ(channel_->Verify(no_prefix.View(), Account()).code(), v1::PERMISSION_DENIED);

  FakeRequest other_body = req;
  other_body.body = Testdata("02-tweet-reply-thread.json");  // a valid signature of another body
  EXPECT_EQ(channel_->Verify(other_body.View(), Account()).code(), v1::PERMISSION_DENIED);

  AccountContext wrong_secret = Account();
  wrong_secret.secret.back() ^= 0x01;
  EXPECT_EQ(channel_->Verify(req.View(), wrong_secret).code(), v1::PERMISSION_DENIED);
  AccountContext no_secret = Account();
  no_secret.secret.clear();
  EXPECT_EQ(channel_->Verify(req.View(), no_secret).code(), v1::PERMISSION_DENIED);

  FakeRequest missing;
  missing.body = req.body;
  Status s = channel_->Verify(missing.View(), Account());
  EXPECT_EQ(s.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(s.field(), "x-twitter-webhooks-signature");
}

TEST_F(XTest, CrcHandshakeAnswersTheResponseToken) {
  FakeRequest get;
  get.method = "GET";
  get.query["crc_token"] = Signatures()["crc_example"]["crc_token"].get<std::string>();
  auto reply = channel_->Handshake(get.View(), Account());
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->content_type, "application/json; charset=utf-8");
  EXPECT_EQ(reply->body, Signatures()["crc_example"]["response_body"].get<std::string>());

  FakeRequest no_token;
  no_token.method = "GET";
  ASSERT_TRUE(channel_->Handshake(no_token.View(), Account()).has_value());
  EXPECT_EQ(channel_->Handshake(no_token.View(), Account())->status, 400);

  FakeRequest post;
  post.query["crc_token"] = "x";
  EXPECT_FALSE(channel_->Handshake(post.View(), Account()).has_value());  // deliveries are POSTs
}

TEST(XInfo, DescribesTheChannel) {
  ChannelInfo info = XChannelInfo();
  EXPECT_EQ(info.name, "x");
  EXPECT_EQ(info.transport, "webhook");
  EXPECT_NE(info.handshake, "none");
}

}  // namespace
}  // namespace aspirasi::ingest
