// The stateless channel: Parse() of our own commentThreads pages (testdata/), Verify, Info.
#include "workers/ingest/channels/youtube/youtube_channel.h"

#include <gtest/gtest.h>

#include "workers/ingest/channels/youtube/youtube_comments.h"
#include "workers/ingest/channels/youtube/youtube_test_util.h"

namespace aspirasi::ingest {
namespace {

using youtube_test::Testdata;

constexpr char kUs[] = "UCn7Hb3qRkT0sZp2LmXa9vEw";
constexpr char kT1[] = "UgxT1aaaaaaaaaaaaaaaaAaABAg";
constexpr char kT2[] = "UgxT2bbbbbbbbbbbbbbbbAaABAg";
constexpr char kT3[] = "UgxT3ccccccccccccccccAaABAg";

AccountContext Account() {
  AccountContext a;
  a.channel = "youtube";
  a.id = kUs;
  a.secret = "fixture-api-key";
  return a;
}

std::string Key(const std::string& id) { return std::string("youtube:") + kUs + ":comment:" + id; }
std::string Conversation(const std::string& thread) { return std::string("youtube:") + kUs + ":" + thread; }

class YoutubeChannelTest : public ::testing::Test {
 protected:
  ParseResult MustParse(const std::string& file) {
    auto r = channel_->Parse(Testdata(file), Account());
    EXPECT_TRUE(r.ok()) << file << ": " << r.status().ToString();
    return r.ok() ? *r : ParseResult{};
  }
  std::unique_ptr<Channel> channel_ = MakeYoutubeChannel();
};

TEST_F(YoutubeChannelTest, PageMapsCitizenCommentsAndRepliesInOrder) {
  ParseResult r = MustParse("01-threads-page1.json");
  std::vector<std::string> keys;
  for (const auto& s : r.submits) {
    EXPECT_EQ(s.action(), v1::CREATE);
    keys.push_back(s.idempotency_key());
  }
  EXPECT_EQ(keys,
            (std::vector<std::string>{Key(kT1), Key(kT2), Key(std::string(kT2) + ".9xYzReplyBudi01"),
                                      Key(std::string(kT3) + ".8wXyReplySiti001"),
                                      Key("UgxT4ddddddddddddddddAaABAg"), Key("UgxT5eeeeeeeeeeeeeeeeAaABAg"),
                                      Key("UgxT5eeeeeeeeeeeeeeeeAaABAg.7vWxReplyFirst01")}));
  EXPECT_EQ(r.ignored, 2);  // our reply on T2 and our top-level comment T3
}

TEST_F(YoutubeChannelTest, TopLevelCommentFields) {
  const v1::Submit s = MustParse("01-threads-page1.json").submits.at(0);
  const auto& d = s.draft();
  EXPECT_EQ(d.channel(), "youtube");
  EXPECT_EQ(d.account(), kUs);
  EXPECT_EQ(d.source_id(), kT1);
  EXPECT_EQ(d.thread_id(), "Sk7mJ2pQx9a");  // the video
  EXPECT_EQ(d.parent_id(), "");
  EXPECT_EQ(d.conversation_key(), Conversation(kT1));
  EXPECT_TRUE(d.public_item());
  // textOriginal, raw UTF-8 and a newline (textDisplay has <br>).
  EXPECT_EQ(d.text(),
            "Jalan poros Desa Sukamaju rusak berat \xF0\x9F\x98\xA1\nTolong diperbaiki sebelum musim hujan "
            "\xF0\x9F\x99\x8F");
  EXPECT_EQ(d.author().platform_id(), "UCsitiAminahFixture0001a");
  EXPECT_EQ(d.author().display_name(), "@siti.aminah");
  EXPECT_EQ(d.author().handle(), "@siti.aminah");
  EXPECT_EQ(d.written_at_ms(), 1795136400000);  // publishedAt 2026-11-20T01:00:00Z
}

TEST_F(YoutubeChannelTest, RepliesLinkToTheirParentAndShareTheThreadConversation) {
  ParseResult r = MustParse("01-threads-page1.json");
  const auto& reply = r.submits.at(2).draft();
  EXPECT_EQ(reply.parent_id(), kT2);
  EXPECT_EQ(reply.conversation_key(), Conversation(kT2));
  EXPECT_EQ(reply.conversation_key(), r.submits.at(1).draft().conversation_key());
  // A citizen reply under our own top-level comment still belongs to that thread.
  const auto& under_ours = r.submits.at(3).draft();
  EXPECT_EQ(under_ours.parent_id(), kT3);
  EXPECT_EQ(under_ours.conversation_key(), Conversation(kT3));
  EXPECT_EQ(under_ours.written_at_ms(), 1795131000250);  // 2026-11-19T23:30:00.250Z
}

TEST_F(YoutubeChannelTest, LongTextAndTextDisplayFallback) {
  ParseResult r = MustParse("02-threads-page2-last.json");
  ASSERT_EQ(r.submits.size(), 3u);
  std::string expected = Testdata("12-long-text-T6.txt");
  ASSERT_GT(expected.size(), 2800u);
  EXPECT_EQ(r.submits[1].draft().text(), expected);
  // No textOriginal (not the viewer's comment): textDisplay as sent.
  EXPECT_EQ(r.submits[2].draft().text(), "Terima kasih &amp; sukses untuk acara Musrenbang!");
}

TEST_F(YoutubeChannelTest, EmptyPageAndErrorBodies) {
  ParseResult empty = MustParse("11-threads-empty.json");
  EXPECT_TRUE(empty.submits.empty());
  EXPECT_EQ(empty.ignored, 0);
  auto quota = channel_->Parse(Testdata("05-error-quota.json"), Account());
  EXPECT_EQ(quota.status().code(), v1::MALFORMED);
  EXPECT_NE(quota.status().message().find("quotaExceeded"), std::string::npos);
}

TEST_F(YoutubeChannelTest, MalformedBodiesNameWhatWasExpectedWhere) {
  struct Case {
    const char* body;
    const char* message_part;
  } cases[] = {
      {"", "not JSON"},
      {"[]", "expected a list response object"},
      {R"({"kind":"youtube#commentThreadListResponse"})", "items: expected an array"},
      {R"({"items":[{"snippet":{}}]})", "items[0].id"},
      {R"({"items":[{"id":"t","snippet":{}}]})", "items[0].snippet.topLevelComment"},
      {R"({"items":[{"id":"t","snippet":{"topLevelComment":{"id":"t"}}}]})",
       "items[0].snippet.topLevelComment.snippet"},
      {R"({"items":[{"id":"t","snippet":{"topLevelComment":{"id":"t","snippet":{}}},"replies":{"comments":{}}}]})",
       "items[0].replies.comments"},
      {R"({"items":[{"id":"t","snippet":{"topLevelComment":{"id":"t","snippet":{}}},"replies":{"comments":[{"id":7}]}}]})",
       "items[0].replies.comments[0].id"},
  };
  for (const auto& c : cases) {
    auto r = channel_->Parse(c.body, Account());
    EXPECT_EQ(r.status().code(), v1::MALFORMED) << c.body;
    EXPECT_NE(r.status().message().find(c.message_part), std::string::npos)
        << c.body << " -> " << r.status().message();
  }
}

TEST_F(YoutubeChannelTest, CommentsWithoutTextAreIgnored) {
  auto r = channel_->Parse(
      R"({"items":[{"id":"t","snippet":{"topLevelComment":{"id":"t","snippet":{"textOriginal":""}}}}]})",
      Account());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->submits.empty());
  EXPECT_EQ(r->ignored, 1);
}

TEST_F(YoutubeChannelTest, VerifyAcceptsAnything) {
  HttpRequestView req;
  req.header = [](std::string_view) { return std::string(); };
  req.query = [](std::string_view) { return std::string(); };
  EXPECT_TRUE(channel_->Verify(req, Account()).ok());
  EXPECT_FALSE(channel_->Handshake(req, Account()).has_value());
}

TEST(YoutubeSubmits, UpdateTargetsTheCommentAndVersionsTheEdit) {
  youtube::Comment c;
  c.id = "UgxEdited";
  c.thread_id = "UgxEdited";
  c.video_id = "vid";
  c.text = "baru";
  c.published_at = "2026-11-20T01:00:00Z";
  c.updated_at = "2026-11-21T01:00:00Z";
  v1::Submit s = youtube::UpdateSubmit(c, Account(), c.updated_at);
  EXPECT_EQ(s.action(), v1::UPDATE);
  EXPECT_EQ(s.target_key(), Key("UgxEdited"));
  EXPECT_EQ(s.idempotency_key(), Key("UgxEdited") + ":edit:2026-11-21T01:00:00Z");
  EXPECT_EQ(s.draft().text(), "baru");
  EXPECT_EQ(s.draft().written_at_ms(), 1795136400000);  // first published
}

TEST(YoutubeInfo, DescribesThePollingChannel) {
  ChannelInfo info = YoutubeChannelInfo();
  EXPECT_EQ(info.name, "youtube");
  EXPECT_EQ(info.transport, "polling");
}

}  // namespace
}  // namespace aspirasi::ingest
