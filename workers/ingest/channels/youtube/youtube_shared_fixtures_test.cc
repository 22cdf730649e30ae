// Replays the shared, recorded-style fixtures (../shared/fixtures/channels/youtube beside the
// repository) when they exist: each page through Parse(), and 01..05 in order through the poller
// against the fake API, with a small model of the broker's CREATE/UPDATE semantics deciding new vs
// appended vs duplicate; the counts must be expected.json's. Skipped cleanly without the fixtures.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "workers/ingest/channels/youtube/poller.h"
#include "workers/ingest/channels/youtube/youtube_channel.h"
#include "workers/ingest/channels/youtube/youtube_test_util.h"

namespace aspirasi::ingest {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using youtube_test::FakeYoutubeApi;
using youtube_test::ReadFile;
using youtube_test::RecordingSubmitter;
using youtube_test::TempDir;

const fs::path kShared = fs::path(ASPIRASI_SOURCE_DIR) / ".." / "shared" / "fixtures" / "channels";

// The broker's rules for what a submit does to an empty store (see the broker's store): a repeated
// key is a duplicate; a CREATE whose conversation has an open ticket is appended; an UPDATE updates.
class BrokerModel {
 public:
  std::map<std::string, int> Apply(const std::vector<v1::Submit>& submits) {
    std::map<std::string, int> counts;
    for (const auto& s : submits) {
      if (!keys_.insert(s.idempotency_key()).second) {
        ++counts["duplicates"];
      } else if (s.action() == v1::UPDATE) {
        ++counts["updated"];
      } else if (s.action() == v1::WITHDRAW) {
        ++counts["withdrawn"];
      } else if (!s.draft().conversation_key().empty() && open_.count(s.draft().conversation_key())) {
        ++counts["appended"];
      } else {
        ++counts["new"];
        if (!s.draft().conversation_key().empty()) open_.insert(s.draft().conversation_key());
      }
    }
    return counts;
  }

 private:
  std::set<std::string> keys_, open_;
};

class YoutubeSharedFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kShared / "youtube")) GTEST_SKIP() << "no shared fixtures at " << kShared;
    expected_ = Json::parse(ReadFile((kShared / "expected.json").string()));
    account_.channel = "youtube";
    account_.id = "UCn7Hb3qRkT0sZp2LmXa9vEw";
    account_.secret = "fixture-api-key";
  }
  std::string File(const std::string& name) { return ReadFile((kShared / "youtube" / name).string()); }
  std::map<std::string, int> Expected(const std::string& name) {
    return expected_.at("youtube/" + name).at("counts").get<std::map<std::string, int>>();
  }

  Json expected_;
  AccountContext account_;
};

TEST_F(YoutubeSharedFixtures, EveryPageParsesAndVerifyNeedsNoSignature) {
  auto channel = MakeYoutubeChannel();
  HttpRequestView req;
  req.header = [](std::string_view) { return std::string(); };
  req.query = [](std::string_view) { return std::string(); };
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kShared / "youtube")) {
    std::string name = entry.path().filename().string();
    SCOPED_TRACE(name);
    req.body = File(name);
    EXPECT_TRUE(channel->Verify(req, account_).ok());
    auto r = channel->Parse(File(name), account_);
    if (name == "04-error-quota-exceeded.json") {
      EXPECT_EQ(r.status().code(), v1::MALFORMED);  // an error body is not a page (the poller reads it)
    } else {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      for (const auto& s : r->submits) EXPECT_EQ(s.action(), v1::CREATE);  // edits need the poller's history
    }
    ++files;
  }
  EXPECT_EQ(files, 5);
  auto page1 = channel->Parse(File("01-commentThreads-page1.json"), account_);
  ASSERT_TRUE(page1.ok());
  EXPECT_EQ(page1->submits.size(), 4u);
  EXPECT_EQ(page1->ignored, 2);
  // The edited comment keeps its text byte for byte, newline included.
  EXPECT_EQ(
      page1->submits[2].draft().text(),
      "Banjir di Perumahan Griya Asri Blok C & D belum surut dari pagi.\nAnak-anak tidak bisa sekolah. Mohon "
      "pompa air dikirim.");
  EXPECT_EQ(page1->submits[1].draft().written_at_ms(), 1794148833000);  // 2026-11-08T14:40:33Z
}

TEST_F(YoutubeSharedFixtures, PollerReplayingTheFilesInOrderProducesTheExpectedCounts) {
  TempDir dir("shared");
  FakeYoutubeApi api;
  RecordingSubmitter submitter;
  Metrics metrics;
  youtube::PollerOptions options;
  options.api_base_url = api.BaseUrl();
  options.api_key = account_.secret;
  options.channel_id = account_.id;
  options.state_path = dir.File("youtube.db");
  options.backoff_initial_ms = 1000;
  auto poller = YoutubePoller::Open(account_, options, submitter, metrics);
  ASSERT_TRUE(poller.ok()) << poller.status().ToString();
  BrokerModel broker;

  // What one page did, in expected.json's terms.
  auto counts = [&](const YoutubePoller::PageStats& page, const std::vector<v1::Submit>& submits) {
    std::map<std::string, int> c = broker.Apply(submits);
    c["duplicates"] += page.unchanged;
    c["ignored"] += page.ignored;
    std::erase_if(c, [](const auto& kv) { return kv.second == 0; });
    return c;
  };

  // Poll 1: page 1, then its nextPageToken to page 2 (the last).
  api.EnqueueFile("commentThreads", File("01-commentThreads-page1.json"));
  api.EnqueueFile("commentThreads", File("02-commentThreads-page2-last.json"));
  auto poll1 = (*poller)->PollOnce();
  ASSERT_TRUE(poll1.ok()) << poll1.status().ToString();
  ASSERT_EQ(poll1->pages.size(), 2u);
  ASSERT_EQ(submitter.batches.size(), 2u);
  EXPECT_EQ(api.Requests()[1].Param("pageToken"),
            "QURTSl9pMXZ0N3h4UmZfZ3Z1V0pLbENnX3NPd1dTc3pYbW5qM0Y5YjBGRW5fNEhBR2dJ");
  EXPECT_EQ(counts(poll1->pages[0], submitter.batches[0]), Expected("01-commentThreads-page1.json"));
  EXPECT_EQ(counts(poll1->pages[1], submitter.batches[1]), Expected("02-commentThreads-page2-last.json"));

  // Poll 2: the later poll with an edit and a new reply.
  api.EnqueueFile("commentThreads", File("03-commentThreads-repoll-edited-and-new-reply.json"));
  auto poll2 = (*poller)->PollOnce();
  ASSERT_TRUE(poll2.ok()) << poll2.status().ToString();
  ASSERT_EQ(poll2->pages.size(), 1u);
  ASSERT_EQ(submitter.batches.size(), 3u);
  EXPECT_EQ(counts(poll2->pages[0], submitter.batches[2]),
            Expected("03-commentThreads-repoll-edited-and-new-reply.json"));
  ASSERT_EQ(submitter.batches[2].size(), 2u);
  // Page order: thread A's new citizen reply (appended to A's ticket), then B's edit.
  EXPECT_EQ(submitter.batches[2][0].draft().conversation_key(),
            "youtube:UCn7Hb3qRkT0sZp2LmXa9vEw:Ugwzl_DyOAALm5e0TZDiP4AaABAg");
  EXPECT_EQ(submitter.batches[2][1].action(), v1::UPDATE);
  EXPECT_EQ(
      submitter.batches[2][1].idempotency_key(),
      "youtube:UCn7Hb3qRkT0sZp2LmXa9vEw:comment:Ugy88fOp92exFZ83_6FIz4AaABAg:edit:2026-11-10T00:45:20Z");
  EXPECT_EQ(submitter.batches[2][1].target_key(),
            "youtube:UCn7Hb3qRkT0sZp2LmXa9vEw:comment:Ugy88fOp92exFZ83_6FIz4AaABAg");

  // Poll 3: quota exceeded: nothing submitted, backing off.
  api.EnqueueFile("commentThreads", File("04-error-quota-exceeded.json"), 403);
  auto poll3 = (*poller)->PollOnce();
  EXPECT_EQ(poll3.status().code(), v1::UNAVAILABLE);
  EXPECT_GT((*poller)->backoff_ms(), 0);
  EXPECT_EQ(submitter.batches.size(), 3u);
  EXPECT_TRUE(Expected("04-error-quota-exceeded.json").empty());

  // Poll 4: an empty page: a no-op, and the back-off is over.
  api.EnqueueFile("commentThreads", File("05-commentThreads-empty.json"));
  auto poll4 = (*poller)->PollOnce();
  ASSERT_TRUE(poll4.ok()) << poll4.status().ToString();
  ASSERT_EQ(poll4->pages.size(), 1u);
  EXPECT_EQ(counts(poll4->pages[0], {}), Expected("05-commentThreads-empty.json"));
  EXPECT_EQ(submitter.batches.size(), 3u);
  EXPECT_EQ((*poller)->backoff_ms(), 0);
}

}  // namespace
}  // namespace aspirasi::ingest
