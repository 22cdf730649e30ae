// WhatsApp messages through the WhatsApp channel, replaying testdata/*.json.
#include <gtest/gtest.h>

#include "workers/ingest/channels/meta/testing/fixtures.h"
#include "workers/ingest/channels/whatsapp/whatsapp_channel.h"

namespace aspirasi::ingest {
namespace {

constexpr char kNumber[] = "415550001112223";

AccountContext Account() {
  AccountContext a;
  a.channel = "whatsapp";
  a.id = kNumber;
  a.own_ids = {"305550001112223"};  // the WABA
  return a;
}

ParseResult Parse(std::string_view file) {
  return meta::testing::ParseTestdata(*MakeWhatsappChannel(), "whatsapp", file, Account());
}

TEST(WhatsappMessages, TextIsKeyedByWamidAndTheBsuid) {
  ParseResult r = Parse("text_with_bsuid.json");
  EXPECT_EQ(r.ignored, 0);
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::Submit& s = r.submits[0];
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(
      s.idempotency_key(),
      "whatsapp:415550001112223:message:wamid.HBgNNjI4MDAwMDAzMDAwMRUCABIYFjNFQjBBMDAwMDAwMDAwMDAwMDAwMDEA");
  const v1::TicketDraft& d = s.draft();
  EXPECT_EQ(d.channel(), "whatsapp");
  EXPECT_EQ(d.account(), kNumber);  // the phone_number_id, not the WABA
  EXPECT_EQ(d.source_id(), "wamid.HBgNNjI4MDAwMDAzMDAwMRUCABIYFjNFQjBBMDAwMDAwMDAwMDAwMDAwMDEA");
  EXPECT_EQ(d.conversation_key(), "whatsapp:415550001112223:ID.5510000000000001");
  EXPECT_EQ(d.thread_id(), "ID.5510000000000001");
  EXPECT_EQ(d.parent_id(), "");
  EXPECT_EQ(d.author().platform_id(), "ID.5510000000000001");
  EXPECT_EQ(d.author().display_name(), "Sri Handayani");
  EXPECT_EQ(d.text(), "Assalamualaikum, saluran irigasi di Desa Mekarsari jebol, sawah warga kebanjiran.");
  EXPECT_EQ(d.written_at_ms(), 1795300000000);  // "timestamp" is a string of seconds
  EXPECT_FALSE(d.public_item());
}

TEST(WhatsappMessages, ImageCaptionIsTheText) {
  ParseResult r = Parse("image_caption.json");
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::TicketDraft& d = r.submits[0].draft();
  EXPECT_EQ(d.conversation_key(), "whatsapp:415550001112223:6280000030002");  // no BSUID: the wa_id
  EXPECT_EQ(d.text(), "Tumpukan sampah di bantaran Sungai Cikaret, sudah 2 minggu.");
  ASSERT_EQ(d.attachments_size(), 1);
  const v1::Attachment& a = d.attachments(0);
  EXPECT_EQ(a.type(), v1::IMAGE);
  EXPECT_EQ(a.media_id(), "1550000000000001");
  EXPECT_EQ(a.mime_type(), "image/jpeg");
  EXPECT_EQ(a.caption(), "Tumpukan sampah di bantaran Sungai Cikaret, sudah 2 minggu.");
  EXPECT_EQ(a.url(),
            "https://lookaside.fbsbx.com/whatsapp_business/attachments/"
            "?mid=1550000000000001&ext=1795386500&hash=ATx");
}

TEST(WhatsappMessages, LocationIsAGeoAttachment) {
  ParseResult r = Parse("location.json");
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::TicketDraft& d = r.submits[0].draft();
  EXPECT_EQ(d.text(), "");
  ASSERT_EQ(d.attachments_size(), 1);
  const v1::Attachment& a = d.attachments(0);
  EXPECT_EQ(a.type(), v1::LOCATION);
  EXPECT_EQ(a.url(), "https://maps.example/nh/jembatan");
  EXPECT_DOUBLE_EQ(a.location().latitude(), -7.398812);
  EXPECT_DOUBLE_EQ(a.location().longitude(), 110.251907);
  EXPECT_EQ(a.location().name(), "Jembatan Kali Progo lama");
  EXPECT_EQ(a.location().address(), "Jl. Raya Sukamaju - Tirtorejo, Kecamatan Sukamaju");
}

TEST(WhatsappMessages, ReplyKeepsTheContextAndTheConversation) {
  ParseResult r = Parse("reply_with_context.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].action(), v1::CREATE);
  EXPECT_EQ(r.submits[0].draft().parent_id(), "wamid.HBgNNjI4MDAwMDAzMDAwMxUCABEYEk9VUl9RVUVTVElPTl8wMDEA");
  EXPECT_EQ(r.submits[0].draft().conversation_key(), "whatsapp:415550001112223:6280000030003");
}

TEST(WhatsappMessages, StatusesAreNeverTickets) {
  ParseResult r = Parse("statuses_only.json");
  EXPECT_TRUE(r.submits.empty());
  EXPECT_EQ(r.ignored, 3);  // delivered, read, failed
}

TEST(WhatsappMessages, BatchRepeatsTheDuplicateAndKeysEachPerson) {
  ParseResult r = Parse("batch_two_contacts_duplicate.json");
  ASSERT_EQ(r.submits.size(), 3u);
  EXPECT_EQ(r.submits[0].idempotency_key(), r.submits[1].idempotency_key());
  EXPECT_EQ(r.submits[0].draft().conversation_key(), "whatsapp:415550001112223:6280000030004");
  EXPECT_EQ(r.submits[0].draft().author().display_name(), "Lina Marlina");
  EXPECT_EQ(r.submits[2].draft().conversation_key(), "whatsapp:415550001112223:6280000030005");
  EXPECT_EQ(r.submits[2].draft().author().display_name(), "Agus");
  EXPECT_EQ(r.submits[2].draft().written_at_ms(), 1795300815000);
}

TEST(WhatsappMessages, ReactionsUnsupportedAndSharedContactsAreIgnored) {
  ParseResult r = Parse("not_tickets.json");
  EXPECT_TRUE(r.submits.empty());
  EXPECT_EQ(r.ignored, 3);
}

TEST(WhatsappMessages, BusinessAppEchoesAreIgnored) {
  ParseResult r = Parse("smb_echoes_field.json");
  EXPECT_TRUE(r.submits.empty());
  EXPECT_EQ(r.ignored, 1);
}

TEST(WhatsappMessages, LongTextWithEmojiSurvivesByteForByte) {
  ParseResult r = Parse("long_emoji_wire.json");
  ASSERT_EQ(r.submits.size(), 1u);
  std::string expected = meta::testing::ReadTestdata("whatsapp", "long_emoji_wire.expected.txt");
  EXPECT_GT(expected.size(), 3500u);
  EXPECT_NE(expected.find("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9"), std::string::npos);  // ZWJ family
  EXPECT_EQ(r.submits[0].draft().text(), expected);
}

TEST(WhatsappMessages, MediaTypesKeepTheirMetadata) {
  ParseResult r = Parse("media_types.json");
  ASSERT_EQ(r.submits.size(), 4u);
  const v1::Attachment& doc = r.submits[0].draft().attachments(0);
  EXPECT_EQ(doc.type(), v1::DOCUMENT);
  EXPECT_EQ(doc.media_id(), "1550000000000010");
  EXPECT_EQ(doc.mime_type(), "application/pdf");
  EXPECT_EQ(r.submits[0].draft().text(), "Surat permohonan informasi publik");
  const v1::Attachment& audio = r.submits[1].draft().attachments(0);
  EXPECT_EQ(audio.type(), v1::AUDIO);
  EXPECT_EQ(audio.mime_type(), "audio/ogg; codecs=opus");
  EXPECT_EQ(r.submits[1].draft().text(), "");
  EXPECT_EQ(r.submits[2].draft().attachments(0).type(), v1::VIDEO);
  EXPECT_EQ(r.submits[2].draft().text(), "Banjir di underpass");
  EXPECT_EQ(r.submits[3].draft().attachments(0).type(), v1::STICKER);
  EXPECT_EQ(r.submits[3].draft().attachments(0).media_id(), "1550000000000013");
}

TEST(WhatsappMessages, InteractiveRepliesAreTheCitizensChoice) {
  ParseResult r = Parse("interactive_replies.json");
  ASSERT_EQ(r.submits.size(), 3u);
  EXPECT_EQ(r.submits[0].draft().text(), "Buat laporan");
  EXPECT_EQ(r.submits[0].draft().parent_id(), "wamid.MENU1");
  EXPECT_EQ(r.submits[1].draft().text(), "Jalan & jembatan\nJalan rusak, jembatan, PJU");
  EXPECT_EQ(r.submits[2].draft().text(), "Ya, sudah selesai");
}

TEST(WhatsappMessages, AUsernameUserWithoutAPhoneIsKeyedByBsuid) {
  ParseResult r = Parse("username_without_phone.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].draft().conversation_key(), "whatsapp:415550001112223:ID.5510000000000009");
  EXPECT_EQ(r.submits[0].draft().author().display_name(), "nusa.warga");
}

TEST(WhatsappMessages, AnotherNumbersPayloadKeepsThatNumber) {
  ParseResult r = Parse("other_number.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].draft().account(), "415550009998887");
  EXPECT_EQ(r.submits[0].idempotency_key(), "whatsapp:415550009998887:message:wamid.OTHER1");
}

TEST(WhatsappMessages, WithoutMetadataTheConfiguredNumberIsTheAccount) {
  auto r = MakeWhatsappChannel()->Parse(
      R"({"object":"whatsapp_business_account","entry":[{"id":"305550001112223","changes":[{"field":"messages",
      "value":{"messages":[{"from":"6280000030011","id":"wamid.X","timestamp":"1795301600","type":"text",
      "text":{"body":"Halo"}}]}}]}]})",
      Account());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->submits.size(), 1u);
  EXPECT_EQ(r->submits[0].draft().account(), kNumber);
  EXPECT_EQ(r->submits[0].draft().conversation_key(), "whatsapp:415550001112223:6280000030011");
}

}  // namespace
}  // namespace aspirasi::ingest
