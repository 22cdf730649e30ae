// Messenger (entry.messaging[]) through the Facebook channel, replaying testdata/messenger_*.json.
#include <gtest/gtest.h>

#include "workers/ingest/channels/facebook/facebook_channel.h"
#include "workers/ingest/channels/meta/testing/fixtures.h"

namespace aspirasi::ingest {
namespace {

constexpr char kPage[] = "109284756301122";
const std::string kConversationA = "facebook:109284756301122:6201000000000001";

AccountContext Account() {
  AccountContext a;
  a.channel = "facebook";
  a.id = kPage;
  return a;
}

ParseResult Parse(std::string_view file) {
  return meta::testing::ParseTestdata(*MakeFacebookChannel(), "facebook", file, Account());
}

TEST(FacebookMessenger, TextOpensTheSendersConversation) {
  ParseResult r = Parse("messenger_text.json");
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::Submit& s = r.submits[0];
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(s.idempotency_key(), "facebook:109284756301122:message:m_AbC-1_text");
  const v1::TicketDraft& d = s.draft();
  EXPECT_EQ(d.conversation_key(), kConversationA);
  EXPECT_EQ(d.thread_id(), "6201000000000001");
  EXPECT_EQ(d.source_id(), "m_AbC-1_text");
  EXPECT_EQ(d.author().platform_id(), "6201000000000001");
  EXPECT_EQ(d.text(), "Selamat sore, saya mau melaporkan pungutan liar di loket pembuatan akta kelahiran.");
  EXPECT_EQ(d.written_at_ms(), 1795100000123);  // Messenger timestamps are already ms
  EXPECT_FALSE(d.public_item());
  EXPECT_EQ(d.account(), kPage);
}

TEST(FacebookMessenger, ImageThenTextShareOneConversation) {
  ParseResult r = Parse("messenger_image_then_text.json");
  ASSERT_EQ(r.submits.size(), 2u);
  const std::string conversation = "facebook:109284756301122:6201000000000002";
  EXPECT_EQ(r.submits[0].idempotency_key(), "facebook:109284756301122:message:m_img_1");
  EXPECT_EQ(r.submits[0].draft().conversation_key(), conversation);
  EXPECT_EQ(r.submits[0].draft().text(), "");
  ASSERT_EQ(r.submits[0].draft().attachments_size(), 1);
  EXPECT_EQ(r.submits[0].draft().attachments(0).type(), v1::IMAGE);
  EXPECT_EQ(r.submits[0].draft().attachments(0).url(),
            "https://scontent.xx.fbcdn.net/v/t1.15752-9/tps_sampah.jpg?_nc_cat=105&oh=03_Q7&oe=6941");
  EXPECT_EQ(r.submits[1].action(), v1::CREATE);
  EXPECT_EQ(r.submits[1].idempotency_key(), "facebook:109284756301122:message:m_txt_2");
  EXPECT_EQ(r.submits[1].draft().conversation_key(), conversation);
  EXPECT_EQ(r.submits[1].draft().text(), "Ini TPS liar di belakang Puskesmas Sukamaju.");
}

TEST(FacebookMessenger, EchoIsIgnored) {
  ParseResult r = Parse("messenger_echo.json");
  EXPECT_TRUE(r.submits.empty());
  EXPECT_EQ(r.ignored, 1);
}

TEST(FacebookMessenger, DuplicateInABatchRepeatsItsKeyAndReceiptsAreIgnored) {
  ParseResult r = Parse("messenger_batch_duplicate_receipts.json");
  ASSERT_EQ(r.submits.size(), 2u);
  EXPECT_EQ(r.submits[0].idempotency_key(), "facebook:109284756301122:message:m_dup_1");
  EXPECT_EQ(r.submits[1].idempotency_key(), r.submits[0].idempotency_key());
  EXPECT_EQ(r.submits[0].draft().text(), "Kapan pencairan BLT Dana Desa tahap 3?");
  EXPECT_EQ(r.ignored, 3);  // delivery, read, reaction
}

TEST(FacebookMessenger, MessageEditUpdatesTheMessage) {
  ParseResult r = Parse("messenger_edit.json");
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::Submit& s = r.submits[0];
  EXPECT_EQ(s.action(), v1::UPDATE);
  EXPECT_EQ(s.idempotency_key(), "facebook:109284756301122:message:m_AbC-1_text:edit:1");
  EXPECT_EQ(s.target_key(), "facebook:109284756301122:message:m_AbC-1_text");
  EXPECT_EQ(s.draft().conversation_key(), kConversationA);
  EXPECT_EQ(s.draft().text(),
            "Selamat sore, saya mau melaporkan pungutan liar Rp50.000 di loket pembuatan akta kelahiran.");
  EXPECT_EQ(s.draft().written_at_ms(), 1795100400111);
}

TEST(FacebookMessenger, ReplyStickerAndLocation) {
  ParseResult r = Parse("messenger_reply_sticker_location.json");
  ASSERT_EQ(r.submits.size(), 3u);
  EXPECT_EQ(r.submits[0].draft().parent_id(), "m_echo_1");
  EXPECT_EQ(r.submits[0].draft().text(), "Lokasinya di sini \xF0\x9F\x91\x87");

  const v1::TicketDraft& loc = r.submits[1].draft();
  EXPECT_EQ(loc.text(), "");
  ASSERT_EQ(loc.attachments_size(), 1);
  EXPECT_EQ(loc.attachments(0).type(), v1::LOCATION);
  EXPECT_DOUBLE_EQ(loc.attachments(0).location().latitude(), -7.5012);
  EXPECT_DOUBLE_EQ(loc.attachments(0).location().longitude(), 110.4401);
  EXPECT_EQ(loc.attachments(0).location().name(), "Kantor Desa Sukamaju");

  const v1::TicketDraft& sticker = r.submits[2].draft();
  ASSERT_EQ(sticker.attachments_size(), 1);
  EXPECT_EQ(sticker.attachments(0).type(), v1::STICKER);
  EXPECT_EQ(sticker.attachments(0).media_id(), "369239263222822");
  EXPECT_EQ(sticker.attachments(0).url(), "https://scontent.xx.fbcdn.net/v/t39.1997-6/sticker.png");
  for (const auto& s : r.submits) EXPECT_EQ(s.draft().conversation_key(), kConversationA);
}

TEST(FacebookMessenger, AnotherPagesEntryKeepsThatPagesId) {
  ParseResult r = Parse("messenger_other_page.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].draft().account(), "109999000111222");
  EXPECT_EQ(r.submits[0].idempotency_key(), "facebook:109999000111222:message:m_other_1");
  EXPECT_EQ(r.submits[0].draft().conversation_key(), "facebook:109999000111222:6201000000000001");
}

}  // namespace
}  // namespace aspirasi::ingest
