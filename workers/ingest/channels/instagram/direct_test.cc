// Instagram Direct through the Instagram channel, replaying testdata/dm_*.json and the wire batch.
#include <gtest/gtest.h>

#include "workers/ingest/channels/instagram/instagram_channel.h"
#include "workers/ingest/channels/meta/testing/fixtures.h"

namespace aspirasi::ingest {
namespace {

constexpr char kAccount[] = "17841499900011223";
const std::string kTextKey =
    "instagram:17841499900011223:message:"
    "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDk5OTAwMDExMjIzOjEyMzQ1Njc4OTA";
const std::string kImageKey =
    "instagram:17841499900011223:message:"
    "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDk5OTAwMDExMjIzOjk4NzY1NDMyMTA";

AccountContext Account() {
  AccountContext a;
  a.channel = "instagram";
  a.id = kAccount;
  return a;
}

ParseResult Parse(std::string_view file) {
  return meta::testing::ParseTestdata(*MakeInstagramChannel(), "instagram", file, Account());
}

TEST(InstagramDirect, TextOpensTheSendersConversation) {
  ParseResult r = Parse("dm_text.json");
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::Submit& s = r.submits[0];
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(s.idempotency_key(), kTextKey);
  EXPECT_EQ(s.draft().conversation_key(), "instagram:17841499900011223:2233445566003");
  EXPECT_EQ(s.draft().thread_id(), "2233445566003");
  EXPECT_EQ(s.draft().author().platform_id(), "2233445566003");
  EXPECT_EQ(s.draft().text(),
            "Halo admin, kartu KIS saya belum aktif padahal sudah daftar 2 bulan lalu. Harus ke mana ya?");
  EXPECT_EQ(s.draft().written_at_ms(), 1795201000123);
  EXPECT_FALSE(s.draft().public_item());
}

TEST(InstagramDirect, ImageOnlyMessageCarriesTheAttachment) {
  ParseResult r = Parse("dm_image.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].idempotency_key(), kImageKey);
  EXPECT_EQ(r.submits[0].draft().text(), "");
  ASSERT_EQ(r.submits[0].draft().attachments_size(), 1);
  EXPECT_EQ(r.submits[0].draft().attachments(0).type(), v1::IMAGE);
  EXPECT_EQ(r.submits[0].draft().attachments(0).url(),
            "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17900000000000001&signature=AbCdEf");
}

TEST(InstagramDirect, EchoIsIgnored) {
  ParseResult r = Parse("dm_echo.json");
  EXPECT_TRUE(r.submits.empty());
  EXPECT_EQ(r.ignored, 1);
}

TEST(InstagramDirect, UnsendWithdrawsTheMessage) {
  ParseResult r = Parse("dm_unsend.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].action(), v1::WITHDRAW);
  EXPECT_EQ(r.submits[0].idempotency_key(), kImageKey + ":remove");
  EXPECT_EQ(r.submits[0].target_key(), kImageKey);
  EXPECT_EQ(r.submits[0].draft().conversation_key(), "instagram:17841499900011223:2233445566004");
}

TEST(InstagramDirect, EditUpdatesTheMessage) {
  ParseResult r = Parse("dm_edit.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].action(), v1::UPDATE);
  EXPECT_EQ(r.submits[0].idempotency_key(), kTextKey + ":edit:1");
  EXPECT_EQ(r.submits[0].target_key(), kTextKey);
  EXPECT_EQ(r.submits[0].draft().text(),
            "Halo admin, kartu KIS saya belum aktif padahal sudah daftar 2 bulan lalu (Oktober). Harus ke "
            "mana ya?");
}

TEST(InstagramDirect, WireBatchRepeatsTheDuplicateAndReadsEveryEntry) {
  ParseResult r = Parse("batch_dm_duplicate_comment_wire.json");
  EXPECT_EQ(r.ignored, 1);  // the read receipt
  ASSERT_EQ(r.submits.size(), 4u);
  EXPECT_EQ(r.submits[0].idempotency_key(),
            "instagram:17841499900011223:message:"
            "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDk5OTAwMDExMjIzOnByYWlzZQ");
  EXPECT_EQ(r.submits[1].idempotency_key(), r.submits[0].idempotency_key());
  EXPECT_EQ(r.submits[0].draft().text(),
            "Mantap \xF0\x9F\x91\x8F\xF0\x9F\x8F\xBD jalan kampung kami sudah dicor, terima kasih Pemkab! "
            "\xE2\x9D\xA4\xEF\xB8\x8F");
  EXPECT_EQ(r.submits[2].idempotency_key(), "instagram:17841499900011223:comment:18130000000000004");
  EXPECT_EQ(r.submits[2].draft().text(),
            "Kapan pendaftaran PPDB SMP negeri dibuka? #TanyaPemkab \xF0\x9F\x8E\x93");
  EXPECT_EQ(r.submits[2].draft().written_at_ms(), 1795201501000);
  EXPECT_TRUE(r.submits[2].draft().public_item());
  EXPECT_EQ(r.submits[3].idempotency_key(), "instagram:17841499900011223:comment:18130000000000005");  // live
  EXPECT_EQ(r.submits[3].draft().author().handle(), "andi.live");
}

TEST(InstagramDirect, StoryReplyKeepsTheStoryAsContext) {
  ParseResult r = Parse("dm_story_reply.json");
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::TicketDraft& d = r.submits[0].draft();
  EXPECT_EQ(d.text(), "Ini di simpang Tugu ya? Tiap sore macet karena parkir liar.");
  EXPECT_EQ(d.parent_id(), "3480000000000000001");
  ASSERT_EQ(d.attachments_size(), 1);
  EXPECT_EQ(d.attachments(0).type(), v1::LINK);
  EXPECT_EQ(d.attachments(0).media_id(), "3480000000000000001");
  EXPECT_EQ(d.attachments(0).url(),
            "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17920000000000001&signature=Zz9");
}

TEST(InstagramDirect, SharesReelsMentionsAndUnsupported) {
  ParseResult r = Parse("dm_shares_and_unsupported.json");
  EXPECT_EQ(r.ignored, 1);  // is_unsupported: nothing to show
  ASSERT_EQ(r.submits.size(), 1u);
  const auto& as = r.submits[0].draft().attachments();
  ASSERT_EQ(as.size(), 4);
  EXPECT_EQ(as[0].type(), v1::LINK);
  EXPECT_EQ(as[0].url(), "https://www.instagram.com/p/Cx0000000001/");
  EXPECT_EQ(as[1].type(), v1::VIDEO);
  EXPECT_EQ(as[1].media_id(), "17990000000000001");
  EXPECT_EQ(as[1].caption(), "Jalan rusak parah");
  EXPECT_EQ(as[2].type(), v1::LINK);
  EXPECT_EQ(as[3].type(), v1::AUDIO);
}

TEST(InstagramDirect, DashboardSampleShapeIsAMessageToo) {
  ParseResult r = Parse("dm_dashboard_sample_shape.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].idempotency_key(), "instagram:17841499900011223:message:mid_sample_1");
  EXPECT_EQ(r.submits[0].draft().written_at_ms(), 1795201900123);
}

}  // namespace
}  // namespace aspirasi::ingest
