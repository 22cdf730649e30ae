// Instagram comments through the Instagram channel, replaying testdata/comment_*.json.
#include <gtest/gtest.h>

#include "workers/ingest/channels/instagram/instagram_channel.h"
#include "workers/ingest/channels/meta/testing/fixtures.h"

namespace aspirasi::ingest {
namespace {

constexpr char kAccount[] = "17841499900011223";

AccountContext Account() {
  AccountContext a;
  a.channel = "instagram";
  a.id = kAccount;
  return a;
}

ParseResult Parse(std::string_view file) {
  return meta::testing::ParseTestdata(*MakeInstagramChannel(), "instagram", file, Account());
}

TEST(InstagramComments, CommentIsATicketOnItsMedia) {
  ParseResult r = Parse("comment_on_reel.json");
  EXPECT_EQ(r.ignored, 0);
  ASSERT_EQ(r.submits.size(), 1u);
  const v1::Submit& s = r.submits[0];
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(s.idempotency_key(), "instagram:17841499900011223:comment:18130000000000001");
  const v1::TicketDraft& d = s.draft();
  EXPECT_EQ(d.channel(), "instagram");
  EXPECT_EQ(d.account(), kAccount);
  EXPECT_EQ(d.source_id(), "18130000000000001");
  EXPECT_EQ(d.thread_id(), "18070000000000001");
  EXPECT_EQ(d.parent_id(), "");
  EXPECT_EQ(d.conversation_key(), "");
  EXPECT_EQ(d.author().platform_id(), "2233445566001");
  EXPECT_EQ(d.author().handle(), "rina.kusuma_");
  EXPECT_EQ(d.text(),
            "Min, lampu lalu lintas di perempatan Pasar Kembang mati sejak kemarin \xF0\x9F\x9A\xA6 rawan "
            "tabrakan!");
  EXPECT_EQ(d.written_at_ms(), 1795200000000);  // entry.time, seconds on changes deliveries
  EXPECT_TRUE(d.public_item());
}

TEST(InstagramComments, ReplyKeepsItsParent) {
  ParseResult r = Parse("comment_reply.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].draft().parent_id(), "18130000000000099");
  EXPECT_EQ(r.submits[0].draft().thread_id(), "18070000000000002");
}

TEST(InstagramComments, OwnCommentsAndOtherFieldsAreIgnored) {
  ParseResult r = Parse("comment_own_echo_and_other_fields.json");
  EXPECT_TRUE(r.submits.empty());
  EXPECT_EQ(r.ignored, 2);  // our reply, a mentions change
}

TEST(InstagramComments, AnotherAccountsEntryKeepsThatAccount) {
  ParseResult r = Parse("other_account.json");
  ASSERT_EQ(r.submits.size(), 1u);
  EXPECT_EQ(r.submits[0].draft().account(), "17841400000000777");
  EXPECT_EQ(r.submits[0].idempotency_key(), "instagram:17841400000000777:comment:18130000000000010");
}

}  // namespace
}  // namespace aspirasi::ingest
