// Replays the plug-in's own fixtures (testdata/) through Verify and Parse and checks the exact submits.
#include "workers/ingest/channels/telegram/telegram_channel.h"

#include <gtest/gtest.h>

#include "workers/ingest/testing/channel_testing.h"

namespace aspirasi::ingest {
namespace {

using channel_testing::FakeRequest;
using channel_testing::ReadFileBytes;

constexpr char kSecret[] = "sukamaju_tg-Test-Secret-41x";
constexpr char kBot[] = "7712340098";
constexpr char kRinaChat[] = "5100200301";
constexpr char kGroup[] = "-1001987654321098";

std::string Testdata(const std::string& name) {
  return ReadFileBytes(std::string(TELEGRAM_TESTDATA) + "/" + name);
}

AccountContext Account() {
  AccountContext a;
  a.channel = "telegram";
  a.id = kBot;
  a.own_ids = {"@LaporNusaHarapanBot"};
  a.secret = kSecret;
  return a;
}

class TelegramTest : public ::testing::Test {
 protected:
  ParseResult MustParse(const std::string& file, const AccountContext& account = Account()) {
    std::string body = Testdata(file);
    EXPECT_FALSE(body.empty()) << file;
    auto r = channel_->Parse(body, account);
    EXPECT_TRUE(r.ok()) << file << ": " << r.status().ToString();
    return r.ok() ? *r : ParseResult{};
  }
  v1::Submit Only(const ParseResult& r) {
    EXPECT_EQ(r.submits.size(), 1u);
    EXPECT_EQ(r.ignored, 0);
    return r.submits.at(0);
  }
  void ExpectIgnored(const std::string& file) {
    ParseResult r = MustParse(file);
    EXPECT_TRUE(r.submits.empty()) << file;
    EXPECT_EQ(r.ignored, 1) << file;
  }
  Status ParseError(std::string_view body) {
    auto r = channel_->Parse(body, Account());
    return r.status();
  }

  std::unique_ptr<Channel> channel_ = MakeTelegramChannel();
};

std::string ItemKey(const std::string& chat, const std::string& message) {
  return std::string("telegram:") + kBot + ":message:" + chat + ":" + message;
}

TEST_F(TelegramTest, PrivateTextOpensAConversation) {
  const v1::Submit s = Only(MustParse("01-private-text-first.json"));
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(s.idempotency_key(), ItemKey(kRinaChat, "41"));
  EXPECT_EQ(s.target_key(), "");
  const auto& d = s.draft();
  EXPECT_EQ(d.channel(), "telegram");
  EXPECT_EQ(d.account(), kBot);
  EXPECT_EQ(d.source_id(), "5100200301:41");
  EXPECT_EQ(d.thread_id(), kRinaChat);
  EXPECT_EQ(d.parent_id(), "");
  EXPECT_EQ(d.conversation_key(), "telegram:7712340098:5100200301");
  EXPECT_FALSE(d.public_item());
  EXPECT_EQ(d.text(),
            "Selamat siang, Admin.\nLampu penerangan jalan di Jl. Melati RT 03/RW 02 Desa Sukamaju mati "
            "sejak Senin. "
            "Malam hari gelap sekali dan rawan.");
  EXPECT_EQ(d.author().platform_id(), kRinaChat);
  EXPECT_EQ(d.author().display_name(), "Rina Wulandari");
  EXPECT_EQ(d.author().handle(), "@rina_wlnd");
  EXPECT_EQ(d.written_at_ms(), 1795000000000);  // `date` is seconds
  EXPECT_EQ(d.attachments_size(), 0);
  EXPECT_EQ(d.opd(), "");  // routing is the broker's
}

TEST_F(TelegramTest, LaterPrivateMessagesShareTheConversationKey) {
  const v1::Submit first = Only(MustParse("01-private-text-first.json"));
  for (const char* file : {"02-private-text-followup.json", "03-private-photo-caption.json",
                           "04-private-location.json", "06-reply-to-bot.json"}) {
    ParseResult r = MustParse(file);
    ASSERT_EQ(r.submits.size(), 1u) << file;
    EXPECT_EQ(r.submits[0].action(), v1::CREATE) << file;
    EXPECT_EQ(r.submits[0].draft().conversation_key(), first.draft().conversation_key()) << file;
    EXPECT_NE(r.submits[0].idempotency_key(), first.idempotency_key()) << file;
  }
  EXPECT_EQ(Only(MustParse("02-private-text-followup.json")).idempotency_key(), ItemKey(kRinaChat, "42"));
}

TEST_F(TelegramTest, PhotoUsesTheLargestSizeAndTheCaption) {
  const v1::TicketDraft d = Only(MustParse("03-private-photo-caption.json")).draft();
  EXPECT_EQ(d.text(), "Ini fotonya, kabelnya juga menjuntai ke bawah.");
  ASSERT_EQ(d.attachments_size(), 1);
  EXPECT_EQ(d.attachments(0).type(), v1::IMAGE);
  EXPECT_EQ(d.attachments(0).media_id(), "AgACAgUAAxkBAAIB-large-fixture-0003");
  EXPECT_EQ(d.attachments(0).size_bytes(), 161233u);
  EXPECT_EQ(d.written_at_ms(), 1795000120000);
}

TEST_F(TelegramTest, LocationBecomesALocationAttachment) {
  const v1::TicketDraft d = Only(MustParse("04-private-location.json")).draft();
  EXPECT_EQ(d.text(), "");
  ASSERT_EQ(d.attachments_size(), 1);
  EXPECT_EQ(d.attachments(0).type(), v1::LOCATION);
  EXPECT_DOUBLE_EQ(d.attachments(0).location().latitude(), -7.412345);
  EXPECT_DOUBLE_EQ(d.attachments(0).location().longitude(), 110.298765);
}

TEST_F(TelegramTest, VenueIsOneLocationWithNameAndAddress) {
  const v1::TicketDraft d = Only(MustParse("17-venue.json")).draft();
  ASSERT_EQ(d.attachments_size(), 1);
  EXPECT_EQ(d.attachments(0).type(), v1::LOCATION);
  EXPECT_EQ(d.attachments(0).location().name(), "Pasar Desa Sukamaju");
  EXPECT_EQ(d.attachments(0).location().address(), "Jl. Raya Sukamaju No. 5");
  EXPECT_DOUBLE_EQ(d.attachments(0).location().latitude(), -7.40111);
}

TEST_F(TelegramTest, VoiceAndDocumentKeepFileIdAndMimeType) {
  const v1::TicketDraft voice = Only(MustParse("15-voice.json")).draft();
  ASSERT_EQ(voice.attachments_size(), 1);
  EXPECT_EQ(voice.attachments(0).type(), v1::AUDIO);
  EXPECT_EQ(voice.attachments(0).media_id(), "AwACAgUAAxkBAAIC-voice-fixture-0004");
  EXPECT_EQ(voice.attachments(0).mime_type(), "audio/ogg");
  const v1::TicketDraft doc = Only(MustParse("16-document-caption.json")).draft();
  EXPECT_EQ(doc.text(), "Surat permohonan informasi publik terlampir.");
  ASSERT_EQ(doc.attachments_size(), 1);
  EXPECT_EQ(doc.attachments(0).type(), v1::DOCUMENT);
  EXPECT_EQ(doc.attachments(0).mime_type(), "application/pdf");
  EXPECT_EQ(doc.attachments(0).size_bytes(), 230114u);
}

TEST_F(TelegramTest, EditedMessageIsAnUpdateOfTheItem) {
  const v1::Submit s = Only(MustParse("05-edited-message.json"));
  EXPECT_EQ(s.action(), v1::UPDATE);
  EXPECT_EQ(s.target_key(), ItemKey(kRinaChat, "41"));
  EXPECT_EQ(s.idempotency_key(), ItemKey(kRinaChat, "41") + ":edit:1795000300");
  EXPECT_EQ(s.draft().conversation_key(), "telegram:7712340098:5100200301");
  EXPECT_NE(s.draft().text().find("sejak Senin malam"), std::string::npos);
  EXPECT_EQ(s.draft().written_at_ms(), 1795000000000);  // first sent; edit_date is the version
}

TEST_F(TelegramTest, ReplyKeepsTheParentLink) {
  const v1::TicketDraft d = Only(MustParse("06-reply-to-bot.json")).draft();
  EXPECT_EQ(d.parent_id(), "5100200301:46");
  EXPECT_EQ(d.text(), "Dusun Krajan, Kak.");
}

TEST_F(TelegramTest, NonTicketUpdatesAreIgnored) {
  for (const char* file :
       {"07-my-chat-member-ignore.json", "08-bot-own-message-ignore.json",
        "10-group-chatter-ignore-wire.json", "19-channel-post-ignore.json", "20-callback-query-ignore.json",
        "21-live-location-edit-ignore.json", "22-contact-only-ignore.json"}) {
    SCOPED_TRACE(file);
    ExpectIgnored(file);
  }
}

TEST_F(TelegramTest, GroupMentionAfterEmojiIsAPublicTicket) {
  const v1::Submit s = Only(MustParse("09-group-mention-after-emoji-wire.json"));
  EXPECT_EQ(s.idempotency_key(), ItemKey(kGroup, "5602"));
  const auto& d = s.draft();
  EXPECT_EQ(d.thread_id(), kGroup);  // negative and wider than 32 bits, kept as text
  EXPECT_EQ(d.conversation_key(), "");
  EXPECT_TRUE(d.public_item());
  EXPECT_EQ(d.text(),
            "\xF0\x9F\x9A\xA8\xF0\x9F\x9A\xA8 @LaporNusaHarapanBot jembatan gantung Dusun Kulon putus, anak "
            "sekolah "
            "tidak bisa lewat \xF0\x9F\x98\xA2");
  EXPECT_EQ(d.author().display_name(), "Joko");
  EXPECT_EQ(d.author().handle(), "");
}

TEST_F(TelegramTest, GroupReplyToTheBotAndCommandsAreAddressed) {
  const v1::TicketDraft reply = Only(MustParse("11-group-reply-to-bot.json")).draft();
  EXPECT_EQ(reply.parent_id(), std::string(kGroup) + ":5604");
  EXPECT_EQ(Only(MustParse("12-group-command.json")).draft().text(),
            "/lapor@LaporNusaHarapanBot sampah menumpuk di pasar desa");
}

TEST_F(TelegramTest, GroupMessagesAllOptionTakesUnaddressedMessages) {
  AccountContext a = Account();
  a.options["group_messages"] = "all";
  ParseResult r = MustParse("10-group-chatter-ignore-wire.json", a);
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].idempotency_key(), ItemKey(kGroup, "5603"));
}

TEST_F(TelegramTest, WithoutOurHandleAMentionIsNotRecognised) {
  AccountContext a = Account();
  a.own_ids.clear();
  ParseResult r = MustParse("09-group-mention-after-emoji-wire.json", a);
  EXPECT_TRUE(r.submits.empty());
  EXPECT_EQ(r.ignored, 1);
}

TEST_F(TelegramTest, LongTextWithEmojiIsKeptByteForByte) {
  std::string expected = Testdata("13-long-text-emoji.txt");
  ASSERT_GT(expected.size(), 3800u);
  const v1::TicketDraft d = Only(MustParse("13-long-text-emoji.json")).draft();
  EXPECT_EQ(d.text(), expected);
}

TEST_F(TelegramTest, EscapedUnicodeDecodesToTheSameBytes) {
  const v1::TicketDraft d = Only(MustParse("14-escaped-unicode-wire.json")).draft();
  EXPECT_EQ(d.text(), "\xF0\x9F\x8C\xB3 pohon tumbang, @LaporNusaHarapanBot tolong \xF0\x9F\x99\x8F");
}

TEST_F(TelegramTest, ARedeliveryMapsToTheSameSubmit) {
  EXPECT_EQ(Testdata("18-duplicate-of-01.json"), Testdata("01-private-text-first.json"));
  EXPECT_EQ(Only(MustParse("18-duplicate-of-01.json")).SerializeAsString(),
            Only(MustParse("01-private-text-first.json")).SerializeAsString());
}

TEST_F(TelegramTest, MalformedBodiesNameWhatWasExpectedWhere) {
  struct Case {
    const char* body;
    const char* message_part;
  } cases[] = {
      {"", "not JSON"},
      {"{\"update_id\":1,", "not JSON"},
      {"[1,2]", "expected an Update object"},
      {"{\"message\":{}}", "update_id"},
      {"{\"update_id\":1,\"message\":[]}", "message: expected a Message object"},
      {"{\"update_id\":1,\"message\":{\"message_id\":\"7\",\"chat\":{\"id\":1}}}", "message.message_id"},
      {"{\"update_id\":1,\"message\":{\"message_id\":7}}", "message.chat.id"},
      {"{\"update_id\":1,\"message\":{\"message_id\":7,\"chat\":{\"id\":1.5}}}", "message.chat.id"},
      {"{\"update_id\":1,\"edited_message\":{\"message_id\":7,\"chat\":{\"id\":1}}}",
       "edited_message.edit_date"},
  };
  for (const auto& c : cases) {
    Status s = ParseError(c.body);
    EXPECT_EQ(s.code(), v1::MALFORMED) << c.body;
    EXPECT_NE(s.message().find(c.message_part), std::string::npos) << c.body << " -> " << s.message();
  }
}

TEST_F(TelegramTest, OddButValidShapesDoNotFail) {
  // Wrong types in optional fields are ignored rather than fatal.
  auto r = channel_->Parse(
      R"({"update_id":1,"message":{"message_id":7,"chat":{"id":9,"type":"private"},"from":{"id":9,"first_name":5},)"
      R"("date":"x","text":12,"caption":"ok","photo":[],"location":{"latitude":"a"},"entities":"no"}})",
      Account());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->submits.size(), 1u);
  EXPECT_EQ(r->submits[0].draft().text(), "ok");
  EXPECT_EQ(r->submits[0].draft().written_at_ms(), 0);
  EXPECT_EQ(r->submits[0].draft().attachments_size(), 0);
}

TEST_F(TelegramTest, VerifyAcceptsOnlyTheConfiguredSecretToken) {
  FakeRequest req;
  req.body = Testdata("01-private-text-first.json");
  req.Header("X-Telegram-Bot-Api-Secret-Token", kSecret);
  EXPECT_TRUE(channel_->Verify(req.View(), Account()).ok());
  req.Header("x-telegram-bot-api-secret-token", kSecret);  // header names are case-insensitive
  EXPECT_TRUE(channel_->Verify(req.View(), Account()).ok());

  std::string changed = kSecret;
  changed.back() = 'y';  // one byte changed
  req.Header("X-Telegram-Bot-Api-Secret-Token", changed);
  EXPECT_EQ(channel_->Verify(req.View(), Account()).code(), v1::PERMISSION_DENIED);
  req.Header("X-Telegram-Bot-Api-Secret-Token", std::string(kSecret).substr(0, 10));  // a prefix
  EXPECT_EQ(channel_->Verify(req.View(), Account()).code(), v1::PERMISSION_DENIED);
  req.Header("X-Telegram-Bot-Api-Secret-Token", "wrong");
  EXPECT_EQ(channel_->Verify(req.View(), Account()).code(), v1::PERMISSION_DENIED);

  AccountContext unconfigured = Account();
  unconfigured.secret.clear();
  req.Header("X-Telegram-Bot-Api-Secret-Token", "anything");
  EXPECT_EQ(channel_->Verify(req.View(), unconfigured).code(), v1::PERMISSION_DENIED);

  FakeRequest missing;
  missing.body = req.body;
  Status s = channel_->Verify(missing.View(), Account());
  EXPECT_EQ(s.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(s.field(), "X-Telegram-Bot-Api-Secret-Token");
}

TEST_F(TelegramTest, HasNoHandshake) {
  FakeRequest get;
  get.method = "GET";
  EXPECT_FALSE(channel_->Handshake(get.View(), Account()).has_value());
}

TEST(TelegramInfo, DescribesTheChannel) {
  ChannelInfo info = TelegramChannelInfo();
  EXPECT_EQ(info.name, "telegram");
  EXPECT_EQ(info.transport, "webhook");
  EXPECT_FALSE(info.supports.empty());
}

}  // namespace
}  // namespace aspirasi::ingest
