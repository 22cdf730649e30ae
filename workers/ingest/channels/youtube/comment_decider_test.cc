#include "workers/ingest/channels/youtube/comment_decider.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest::youtube {
namespace {

Comment Make(std::string text, std::string updated_at, bool own = false) {
  Comment c;
  c.id = "c1";
  c.text = std::move(text);
  c.published_at = "2026-11-20T01:00:00Z";
  c.updated_at = std::move(updated_at);
  c.own = own;
  return c;
}

TEST(Decide, NewCommentsAreCreatedEvenWhenAlreadyEdited) {
  Decided d = Decide(Make("teks", "2026-11-21T00:00:00Z"), std::nullopt);
  EXPECT_EQ(d.decision, Decision::kCreate);
  EXPECT_EQ(d.record.updated_at, "2026-11-21T00:00:00Z");
  EXPECT_EQ(d.record.text_hash, TextHash("teks"));
}

TEST(Decide, ChangedTextIsAnUpdateVersionedByUpdatedAt) {
  SeenComment seen{"2026-11-20T01:00:00Z", TextHash("lama"), 3};
  Decided d = Decide(Make("baru", "2026-11-21T00:00:00Z"), seen);
  EXPECT_EQ(d.decision, Decision::kUpdate);
  EXPECT_EQ(d.version, "2026-11-21T00:00:00Z");
  EXPECT_EQ(d.record.reply_count, 3);  // kept
}

TEST(Decide, ChangedTextWithTheSameUpdatedAtStillGetsADistinctVersion) {
  SeenComment seen{"2026-11-20T01:00:00Z", TextHash("lama"), 0};
  Decided d = Decide(Make("baru", "2026-11-20T01:00:00Z"), seen);
  EXPECT_EQ(d.decision, Decision::kUpdate);
  EXPECT_EQ(d.version, "2026-11-20T01:00:00Z~" + TextHash("baru"));
}

TEST(Decide, SameTextIsUnchangedEvenWhenUpdatedAtMoved) {
  SeenComment seen{"2026-11-20T01:00:00Z", TextHash("sama"), 0};
  EXPECT_EQ(Decide(Make("sama", "2026-11-20T01:00:00Z"), seen).decision, Decision::kUnchanged);
  Decided moved = Decide(Make("sama", "2026-11-22T00:00:00Z"), seen);
  EXPECT_EQ(moved.decision, Decision::kUnchanged);
  EXPECT_EQ(moved.record.updated_at, "2026-11-22T00:00:00Z");  // recorded
}

TEST(Decide, OursAndEmptyAreIgnored) {
  EXPECT_EQ(Decide(Make("balasan kami", "t", /*own=*/true), std::nullopt).decision, Decision::kIgnored);
  EXPECT_EQ(Decide(Make("", "t"), std::nullopt).decision, Decision::kIgnored);
}

TEST(TextHash, IsStableFnv1a64) {
  EXPECT_EQ(TextHash(""), "cbf29ce484222325");
  EXPECT_EQ(TextHash("a"), "af63dc4c8601ec8c");
  EXPECT_NE(TextHash("teks"), TextHash("teks "));
}

}  // namespace
}  // namespace aspirasi::ingest::youtube
