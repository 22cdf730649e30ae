// The Page feed through the Facebook channel, replaying testdata/feed_*.json.
#include <gtest/gtest.h>

#include "workers/ingest/channels/facebook/facebook_channel.h"
#include "workers/ingest/channels/meta/testing/fixtures.h"

namespace aspirasi::ingest {
namespace {

constexpr char kPage[] = "109284756301122";
constexpr char kPost[] = "109284756301122_131000222333444";
const std::string kComment1 = "facebook:109284756301122:comment:131000222333444_900001";
const std::string kComment2 = "facebook:109284756301122:comment:131000222333444_900002";
const std::string kVisitorPost = "facebook:109284756301122:post:109284756301122_131000999888777";

AccountContext Account() {
  AccountContext a;
  a.channel = "facebook";
  a.id = kPage;
  a.secret = "nh-fb-test-secret";
  return a;
}

ParseResult Parse(std::string_view file) {
  return meta::testing::ParseTestdata(*MakeFacebookChannel(), "facebook", file, Account());
}

TEST(FacebookFeed, TopLevelCommentIsATicket) {
  ParseResult r = Parse("feed_comment_add.json");
  EXPECT_EQ(r.ignored, 0);
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::Submit& s = r.submits[0];
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(s.idempotency_key(), kComment1);
  EXPECT_EQ(s.target_key(), "");
  const v1::TicketDraft& d = s.draft();
  EXPECT_EQ(d.channel(), "facebook");
  EXPECT_EQ(d.account(), kPage);
  EXPECT_EQ(d.source_id(), "131000222333444_900001");
  EXPECT_EQ(d.thread_id(), kPost);
  EXPECT_EQ(d.parent_id(), "");  // top level: its parent is the post, already the thread
  EXPECT_EQ(d.conversation_key(), "");
  EXPECT_EQ(d.author().platform_id(), "5510001");
  EXPECT_EQ(d.author().display_name(), "Siti Rahmawati");
  EXPECT_EQ(d.text(),
            "Lapor: jembatan gantung di Dusun Kalirejo talinya sudah aus, anak-anak tetap lewat tiap pagi. "
            "Mohon dicek Dinas PUPR.");
  EXPECT_EQ(d.written_at_ms(), 1795000100000);  // created_time is in seconds
  EXPECT_TRUE(d.public_item());
  EXPECT_EQ(d.attachments_size(), 0);
}

TEST(FacebookFeed, ReplyKeepsItsParentComment) {
  ParseResult r = Parse("feed_comment_reply.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].action(), v1::CREATE);
  EXPECT_EQ(r.submits[0].idempotency_key(), kComment2);
  EXPECT_EQ(r.submits[0].draft().parent_id(), "131000222333444_900001");
  EXPECT_EQ(r.submits[0].draft().thread_id(), kPost);
}

TEST(FacebookFeed, EachEditIsItsOwnUpdateOfTheComment) {
  ParseResult r = Parse("feed_comment_edited_twice.json");
  ASSERT_EQ(r.submits.size(), 2u);
  for (const auto& s : r.submits) {
    EXPECT_EQ(s.action(), v1::UPDATE);
    EXPECT_EQ(s.target_key(), kComment1);
    EXPECT_EQ(s.draft().source_id(), "131000222333444_900001");
    EXPECT_TRUE(s.draft().public_item());
  }
  EXPECT_EQ(r.submits[0].idempotency_key(), kComment1 + ":edit:1795003600");
  EXPECT_EQ(r.submits[1].idempotency_key(), kComment1 + ":edit:1795007200");
  EXPECT_EQ(r.submits[0].draft().written_at_ms(), 1795003600000);
  EXPECT_EQ(r.submits[1].draft().text(),
            "Lapor: jembatan gantung di Dusun Kalirejo talinya sudah aus, anak-anak tetap lewat tiap pagi. "
            "Mohon dicek Dinas PUPR. (sudah 3 bulan begini, ada foto di kolom balasan)");
}

TEST(FacebookFeed, RemoveWithdrawsTheComment) {
  ParseResult r = Parse("feed_comment_remove.json");
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::Submit& s = r.submits[0];
  EXPECT_EQ(s.action(), v1::WITHDRAW);
  EXPECT_EQ(s.idempotency_key(), kComment2 + ":remove");
  EXPECT_EQ(s.target_key(), kComment2);
  EXPECT_EQ(s.draft().text(), "");
  EXPECT_EQ(s.draft().parent_id(), "131000222333444_900001");
  EXPECT_EQ(s.draft().written_at_ms(), 1795010000000);
}

TEST(FacebookFeed, VisitorPostIsATicketWithEditsAndRemoval) {
  ParseResult r = Parse("feed_visitor_post_lifecycle.json");
  ASSERT_EQ(r.submits.size(), 3u);
  const v1::Submit& add = r.submits[0];
  EXPECT_EQ(add.action(), v1::CREATE);
  EXPECT_EQ(add.idempotency_key(), kVisitorPost);
  EXPECT_EQ(add.draft().source_id(), "109284756301122_131000999888777");
  EXPECT_EQ(add.draft().thread_id(), "109284756301122_131000999888777");
  EXPECT_EQ(add.draft().parent_id(), "");
  EXPECT_EQ(add.draft().author().display_name(), "Wayan Sudarma");
  ASSERT_EQ(add.draft().attachments_size(), 2);
  EXPECT_EQ(add.draft().attachments(0).type(), v1::IMAGE);
  EXPECT_EQ(add.draft().attachments(0).url(), "https://scontent.xx.fbcdn.net/v/t39/pohon1.jpg?oh=1");
  EXPECT_EQ(add.draft().attachments(1).url(), "https://scontent.xx.fbcdn.net/v/t39/pohon2.jpg?oh=2");

  const v1::Submit& edit = r.submits[1];  // posts say "edit", comments "edited"
  EXPECT_EQ(edit.action(), v1::UPDATE);
  EXPECT_EQ(edit.idempotency_key(), kVisitorPost + ":edit:1795023600");
  EXPECT_EQ(edit.target_key(), kVisitorPost);
  EXPECT_EQ(edit.draft().text(),
            "Pohon tumbang menutup jalan desa Sukamaju sejak semalam, mobil tidak bisa lewat. "
            "Sudah ada warga yang gotong royong.");

  const v1::Submit& remove = r.submits[2];  // item "post" is the same kind of item as "status"
  EXPECT_EQ(remove.action(), v1::WITHDRAW);
  EXPECT_EQ(remove.idempotency_key(), kVisitorPost + ":remove");
  EXPECT_EQ(remove.target_key(), kVisitorPost);
}

TEST(FacebookFeed, OwnItemsAndModerationAreIgnored) {
  ParseResult r = Parse("feed_own_items_and_moderation.json");
  EXPECT_TRUE(r.submits.empty());
  EXPECT_EQ(r.ignored, 3);  // the Page's reply, the Page's own post, a hide
}

TEST(FacebookFeed, WireBatchDecodesEscapesAndSkipsReactions) {
  ParseResult r = Parse("feed_batch_mixed_wire.json");
  EXPECT_EQ(r.ignored, 4);  // reaction, like, a comment with no text or media, a mention field
  ASSERT_EQ(r.submits.size(), 3u);
  EXPECT_EQ(r.submits[0].idempotency_key(), "facebook:109284756301122:comment:131000222333444_900005");
  EXPECT_EQ(r.submits[0].draft().text(),
            "Terima kasih Pemkab \xF0\x9F\x99\x8F\xF0\x9F\x91\x8D jalan ke sekolah sudah diaspal! Semoga "
            "\xE2\x80\x9CPasar Minggu\xE2\x80\x9D menyusul \xF0\x9F\x98\x8A\nSalam dari Desa Tirta "
            "\xC3\xA9\xC3\xA8 "
            "\xF0\x9F\x87\xAE\xF0\x9F\x87\xA9");
  EXPECT_EQ(r.submits[1].draft().text(), "Saluran di Jl. Melati mampet, ini fotonya.");
  ASSERT_EQ(r.submits[1].draft().attachments_size(), 1);
  EXPECT_EQ(r.submits[1].draft().attachments(0).type(), v1::IMAGE);
  EXPECT_EQ(r.submits[1].draft().attachments(0).url(),
            "https://scontent.xx.fbcdn.net/v/t39.30808-6/saluran_melati.jpg?_nc_cat=1&oh=00_AA&oe=69");
  EXPECT_EQ(r.submits[2].draft().text(), "");
  ASSERT_EQ(r.submits[2].draft().attachments_size(), 1);
  EXPECT_EQ(r.submits[2].draft().attachments(0).type(), v1::VIDEO);
  EXPECT_EQ(r.submits[2].draft().attachments(0).url(), "https://video.xx.fbcdn.net/v/banjir.mp4?oh=3");
}

TEST(FacebookFeed, LongTextSurvivesByteForByte) {
  ParseResult r = Parse("feed_comment_long.json");
  ASSERT_EQ(r.submits.size(), 1u);
  std::string expected = meta::testing::ReadTestdata("facebook", "feed_comment_long.expected.txt");
  EXPECT_GT(expected.size(), 3000u);
  EXPECT_EQ(r.submits[0].draft().text(), expected);
}

}  // namespace
}  // namespace aspirasi::ingest
