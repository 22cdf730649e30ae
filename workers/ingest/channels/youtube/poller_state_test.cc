#include "workers/ingest/channels/youtube/poller_state.h"

#include <gtest/gtest.h>

#include "workers/ingest/channels/youtube/youtube_test_util.h"

namespace aspirasi::ingest::youtube {
namespace {

using youtube_test::TempDir;

TEST(PollerState, CursorAndSeenCommentsSurviveAReopen) {
  TempDir dir("state");
  {
    auto state = PollerState::Open(dir.File("youtube.db"));
    ASSERT_TRUE(state.ok()) << state.status().ToString();
    EXPECT_EQ(*(*state)->Cursor("acct/channel:UC1"), "");
    EXPECT_FALSE((*state)->Seen("acct", "c1")->has_value());
    ASSERT_TRUE((*state)
                    ->CommitPage("acct", {{"c1", {"2026-11-20T01:00:00Z", "h1", 2}}, {"c2", {"t2", "h2", 0}}},
                                 "acct/channel:UC1", "PAGE2", 1000)
                    .ok());
  }
  auto state = PollerState::Open(dir.File("youtube.db"));
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*(*state)->Cursor("acct/channel:UC1"), "PAGE2");
  EXPECT_EQ(*(*state)->Cursor("acct/video:v1"), "");  // another scope
  auto c1 = (*state)->Seen("acct", "c1");
  ASSERT_TRUE(c1.ok() && c1->has_value());
  EXPECT_EQ((*c1)->updated_at, "2026-11-20T01:00:00Z");
  EXPECT_EQ((*c1)->text_hash, "h1");
  EXPECT_EQ((*c1)->reply_count, 2);
  EXPECT_FALSE((*state)->Seen("other-account", "c1")->has_value());

  // The last page of a poll clears the cursor; an upsert replaces what was recorded.
  ASSERT_TRUE((*state)->CommitPage("acct", {{"c1", {"t9", "h9", 5}}}, "acct/channel:UC1", "", 2000).ok());
  EXPECT_EQ(*(*state)->Cursor("acct/channel:UC1"), "");
  EXPECT_EQ((*(*state)->Seen("acct", "c1"))->text_hash, "h9");
}

TEST(PollerState, PruneForgetsCommentsNotSeenSince) {
  TempDir dir("prune");
  auto state = PollerState::Open(dir.File("youtube.db"));
  ASSERT_TRUE(state.ok());
  ASSERT_TRUE((*state)->CommitPage("acct", {{"old", {"t", "h", 0}}}, "s", "", 1000).ok());
  ASSERT_TRUE((*state)->CommitPage("acct", {{"new", {"t", "h", 0}}}, "s", "", 5000).ok());
  auto pruned = (*state)->Prune("acct", 3000);
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, 1);
  EXPECT_FALSE((*state)->Seen("acct", "old")->has_value());
  EXPECT_TRUE((*state)->Seen("acct", "new")->has_value());
}

TEST(PollerState, OpenFailsWithIoErrorForAnUnwritablePath) {
  auto state = PollerState::Open("/nonexistent-dir-for-aspirasi-test/youtube.db");
  EXPECT_EQ(state.status().code(), v1::IO_ERROR);
}

}  // namespace
}  // namespace aspirasi::ingest::youtube
