// The poller against a fake YouTube Data API (cpp-httplib on 127.0.0.1) serving testdata/.
#include "workers/ingest/channels/youtube/poller.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <set>
#include <thread>

#include "workers/ingest/channels/youtube/youtube_test_util.h"

namespace aspirasi::ingest {
namespace {

using youtube_test::FakeYoutubeApi;
using youtube_test::RecordingSubmitter;
using youtube_test::TempDir;
using youtube_test::Testdata;

constexpr char kUs[] = "UCn7Hb3qRkT0sZp2LmXa9vEw";
constexpr char kPage2Token[] = "Q0FFU0FnZ0lrUG9vbC1wYWdlLTI";
constexpr char kT1[] = "UgxT1aaaaaaaaaaaaaaaaAaABAg";
constexpr char kT2[] = "UgxT2bbbbbbbbbbbbbbbbAaABAg";
constexpr char kT5[] = "UgxT5eeeeeeeeeeeeeeeeAaABAg";

std::string Key(const std::string& id) { return std::string("youtube:") + kUs + ":comment:" + id; }

std::vector<std::string> Keys(const std::vector<v1::Submit>& submits) {
  std::vector<std::string> keys;
  for (const auto& s : submits) keys.push_back(s.idempotency_key());
  return keys;
}

class PollerTest : public ::testing::Test {
 protected:
  PollerTest() : dir_("poller") {
    account_.channel = "youtube";
    account_.id = kUs;
    account_.secret = "test-api-key";
    options_.api_base_url = api_.BaseUrl();
    options_.api_key = account_.secret;
    options_.channel_id = kUs;
    options_.state_path = dir_.File("youtube.db");
    options_.backoff_initial_ms = 1000;
    options_.backoff_max_ms = 5000;
    options_.http_timeout_s = 5;
  }

  std::unique_ptr<YoutubePoller> Open() {
    auto p = YoutubePoller::Open(account_, options_, submitter_, metrics_);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? std::move(*p) : nullptr;
  }
  YoutubePoller::Report MustPoll(YoutubePoller& p) {
    auto r = p.PollOnce();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : YoutubePoller::Report{};
  }
  // Page 1 (with T5's further replies) and page 2 of testdata: a complete first poll.
  void EnqueueFirstPoll() {
    api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
    api_.EnqueueFile("comments", Testdata("03-comments-replies-T5.json"));
    api_.EnqueueFile("commentThreads", Testdata("02-threads-page2-last.json"));
  }

  TempDir dir_;
  FakeYoutubeApi api_;
  RecordingSubmitter submitter_;
  Metrics metrics_;
  AccountContext account_;
  youtube::PollerOptions options_;
};

TEST_F(PollerTest, FirstPollFollowsPagesAndFetchesMissingReplies) {
  auto poller = Open();
  EnqueueFirstPoll();
  YoutubePoller::Report r = MustPoll(*poller);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.requests, 3);
  ASSERT_EQ(r.pages.size(), 2u);
  // Page 1: T1, T2, T2's citizen reply, the citizen reply under our T3, T4, T5, T5's first reply, and
  // from comments.list T5's second and fourth replies; ignored: our reply on T2, our T3, our reply on
  // T5; unchanged: T5's first reply again in comments.list.
  EXPECT_EQ(r.pages[0].created, 9);
  EXPECT_EQ(r.pages[0].ignored, 3);
  EXPECT_EQ(r.pages[0].unchanged, 1);
  EXPECT_EQ(r.pages[0].updated, 0);
  // Page 2: T1 again (unchanged), T6 and T7 new.
  EXPECT_EQ(r.pages[1].created, 2);
  EXPECT_EQ(r.pages[1].unchanged, 1);

  auto requests = api_.Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].resource, "commentThreads");
  EXPECT_EQ(requests[0].Param("part"), "snippet,replies");
  EXPECT_EQ(requests[0].Param("allThreadsRelatedToChannelId"), kUs);
  EXPECT_EQ(requests[0].Param("maxResults"), "100");
  EXPECT_EQ(requests[0].Param("order"), "time");
  EXPECT_EQ(requests[0].Param("textFormat"), "plainText");
  EXPECT_EQ(requests[0].Param("key"), "test-api-key");
  EXPECT_FALSE(requests[0].Has("pageToken"));
  EXPECT_EQ(requests[1].resource, "comments");
  EXPECT_EQ(requests[1].Param("parentId"), kT5);
  EXPECT_EQ(requests[2].resource, "commentThreads");
  EXPECT_EQ(requests[2].Param("pageToken"), kPage2Token);

  ASSERT_EQ(submitter_.Batches(), 2u);  // one SubmitAll per page, before its commit
  std::vector<std::string> page1 = Keys(submitter_.batches[0]);
  EXPECT_EQ(page1.front(), Key(kT1));
  EXPECT_EQ(page1.back(), Key(std::string(kT5) + ".7vWxReplyFourth4"));
  for (const auto& s : submitter_.All()) EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(submitter_.batches[1][0].draft().text(), Testdata("12-long-text-T6.txt"));
  std::set<std::string> unique(page1.begin(), page1.end());
  EXPECT_EQ(unique.size(), page1.size());
}

TEST_F(PollerTest, RepollSubmitsEditsAndNewRepliesOnly) {
  auto poller = Open();
  EnqueueFirstPoll();
  MustPoll(*poller);
  std::size_t before = submitter_.All().size();

  api_.EnqueueFile("commentThreads", Testdata("04-threads-repoll-edits.json"));
  YoutubePoller::Report r = MustPoll(*poller);
  ASSERT_EQ(r.pages.size(), 1u);
  EXPECT_EQ(r.pages[0].updated, 1);    // T2's text changed
  EXPECT_EQ(r.pages[0].created, 1);    // a new citizen reply on T2
  EXPECT_EQ(r.pages[0].unchanged, 2);  // T2's first reply; T1 (updatedAt moved, same text)
  EXPECT_EQ(r.pages[0].ignored, 1);    // our reply on T2
  std::vector<v1::Submit> all = submitter_.All();
  ASSERT_EQ(all.size(), before + 2);
  const v1::Submit& edit = all[before];
  EXPECT_EQ(edit.action(), v1::UPDATE);
  EXPECT_EQ(edit.target_key(), Key(kT2));
  EXPECT_EQ(edit.idempotency_key(), Key(kT2) + ":edit:2026-11-21T08:00:00Z");
  EXPECT_EQ(edit.draft().text(),
            "Kapan pendaftaran beasiswa Nusa Harapan Cerdas dibuka? Apakah mahasiswa swasta juga bisa?");
  const v1::Submit& reply = all[before + 1];
  EXPECT_EQ(reply.action(), v1::CREATE);
  EXPECT_EQ(reply.idempotency_key(), Key(std::string(kT2) + ".9xYzReplyNew0003"));
  EXPECT_EQ(reply.draft().conversation_key(), std::string("youtube:") + kUs + ":" + kT2);
  EXPECT_EQ(reply.draft().parent_id(), kT2);

  // The same page once more: nothing to submit.
  api_.EnqueueFile("commentThreads", Testdata("04-threads-repoll-edits.json"));
  r = MustPoll(*poller);
  EXPECT_EQ(r.Total().created + r.Total().updated, 0);
  EXPECT_EQ(submitter_.All().size(), before + 2);
}

TEST_F(PollerTest, QuotaErrorsBackOffExponentiallyAndKeepTheCursor) {
  options_.max_reply_pages = 0;
  auto poller = Open();
  api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
  api_.EnqueueFile("commentThreads", Testdata("05-error-quota.json"), 403);
  auto r = poller->PollOnce();
  EXPECT_EQ(r.status().code(), v1::UNAVAILABLE);
  EXPECT_NE(r.status().message().find("quotaExceeded"), std::string::npos);
  EXPECT_EQ(poller->backoff_ms(), 1000);
  ASSERT_EQ(submitter_.Batches(), 1u);  // page 1 was accepted before the error

  api_.EnqueueFile("commentThreads", Testdata("06-error-rate-limit.json"), 403);
  EXPECT_EQ(poller->PollOnce().status().code(), v1::UNAVAILABLE);
  EXPECT_EQ(poller->backoff_ms(), 2000);
  api_.EnqueueFile("commentThreads", Testdata("05-error-quota.json"), 403);
  poller->PollOnce();
  EXPECT_EQ(poller->backoff_ms(), 4000);
  api_.EnqueueFile("commentThreads", Testdata("05-error-quota.json"), 403);
  poller->PollOnce();
  EXPECT_EQ(poller->backoff_ms(), 5000);  // capped

  api_.EnqueueFile("commentThreads", Testdata("02-threads-page2-last.json"));
  YoutubePoller::Report ok = MustPoll(*poller);
  EXPECT_EQ(poller->backoff_ms(), 0);
  auto requests = api_.Requests();
  for (std::size_t i = 1; i < requests.size(); ++i) {
    EXPECT_EQ(requests[i].Param("pageToken"), kPage2Token)
        << "request " << i;  // every retry resumes at page 2
  }
  ASSERT_EQ(ok.pages.size(), 1u);
  EXPECT_EQ(ok.pages[0].created, 2);
  EXPECT_EQ(submitter_.Batches(), 2u);  // page 1 was not submitted again

  std::string m = metrics_.Render();
  EXPECT_NE(
      m.find(std::string("aspirasi_youtube_requests_total{account=\"") + kUs + "\",result=\"quota\"} 4"),
      std::string::npos)
      << m;
  EXPECT_NE(
      m.find(std::string("aspirasi_youtube_poll_failures_total{account=\"") + kUs + "\",reason=\"quota\"} 4"),
      std::string::npos)
      << m;
}

TEST_F(PollerTest, ARestartResumesFromTheDurableCursorWithoutResubmitting) {
  options_.max_reply_pages = 0;
  {
    auto first = Open();
    api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
    api_.EnqueueFile("commentThreads", Testdata("05-error-quota.json"), 403);
    EXPECT_FALSE(first->PollOnce().ok());
  }  // the process ends here
  std::vector<std::string> page1 = Keys(submitter_.All());

  auto second = Open();
  api_.EnqueueFile("commentThreads", Testdata("02-threads-page2-last.json"));
  YoutubePoller::Report r = MustPoll(*second);
  EXPECT_EQ(api_.Requests().back().Param("pageToken"), kPage2Token);
  ASSERT_EQ(r.pages.size(), 1u);
  EXPECT_EQ(r.pages[0].unchanged, 1);  // T1, recorded by the first process
  std::vector<std::string> all = Keys(submitter_.All());
  std::set<std::string> unique(all.begin(), all.end());
  EXPECT_EQ(unique.size(), all.size());  // nothing submitted twice
  EXPECT_EQ(all.size(), page1.size() + 2);
}

TEST_F(PollerTest, ARejectedSubmitLeavesThePageForTheNextPoll) {
  options_.max_reply_pages = 0;
  auto poller = Open();
  submitter_.fail_next = 1;  // the broker is unreachable and nothing could be spooled
  api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
  auto r = poller->PollOnce();
  EXPECT_EQ(r.status().code(), v1::UNAVAILABLE);
  EXPECT_EQ(submitter_.Batches(), 0u);
  EXPECT_GT(poller->backoff_ms(), 0);

  api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
  api_.EnqueueFile("commentThreads", Testdata("02-threads-page2-last.json"));
  YoutubePoller::Report again = MustPoll(*poller);
  EXPECT_FALSE(api_.Requests()[1].Has("pageToken"));  // page 1 again, from the top
  ASSERT_EQ(again.pages.size(), 2u);
  EXPECT_EQ(again.pages[0].created, 7);  // everything of page 1 is still new
  EXPECT_EQ(again.pages[0].ignored, 2);
}

TEST_F(PollerTest, CommentsDisabledOnAVideoIsNotAnError) {
  options_.video_id = "Sk7mJ2pQx9a";
  auto poller = Open();
  api_.EnqueueFile("commentThreads", Testdata("07-error-comments-disabled.json"), 403);
  YoutubePoller::Report r = MustPoll(*poller);
  EXPECT_TRUE(r.complete);
  EXPECT_TRUE(r.pages.empty());
  EXPECT_EQ(api_.Requests()[0].Param("videoId"), "Sk7mJ2pQx9a");
  EXPECT_FALSE(api_.Requests()[0].Has("allThreadsRelatedToChannelId"));
  EXPECT_EQ(poller->backoff_ms(), 0);
}

TEST_F(PollerTest, AnExpiredPageTokenRestartsFromTheNewestPage) {
  options_.max_reply_pages = 0;
  auto poller = Open();
  api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
  api_.EnqueueFile("commentThreads", Testdata("09-error-backend.json"), 503);
  EXPECT_EQ(poller->PollOnce().status().code(), v1::UNAVAILABLE);

  api_.EnqueueFile("commentThreads", Testdata("08-error-invalid-page-token.json"), 400);
  api_.EnqueueFile("commentThreads", Testdata("11-threads-empty.json"));
  YoutubePoller::Report r = MustPoll(*poller);
  auto requests = api_.Requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[2].Param("pageToken"), kPage2Token);
  EXPECT_FALSE(requests[3].Has("pageToken"));
  EXPECT_TRUE(r.complete);
}

TEST_F(PollerTest, ConfigurationAndTransportErrorsAreErrorsNotCrashes) {
  auto poller = Open();
  api_.EnqueueFile("commentThreads", Testdata("10-error-key-invalid.json"), 400);
  EXPECT_EQ(poller->PollOnce().status().code(), v1::PERMISSION_DENIED);
  api_.Enqueue("commentThreads", {200, "this is not JSON"});
  EXPECT_EQ(poller->PollOnce().status().code(), v1::MALFORMED);
  api_.Enqueue("commentThreads", {200, R"({"items":[{"id":"x"}]})"});
  EXPECT_EQ(poller->PollOnce().status().code(), v1::MALFORMED);
  EXPECT_EQ(poller->backoff_ms(), 4000);
  EXPECT_EQ(submitter_.Batches(), 0u);

  // Nothing listens on the fake's port once it is gone: no response at all.
  std::string dead_url;
  {
    FakeYoutubeApi gone;
    dead_url = gone.BaseUrl();
  }
  options_.api_base_url = dead_url;
  options_.state_path = dir_.File("other.db");
  auto unreachable = Open();
  EXPECT_EQ(unreachable->PollOnce().status().code(), v1::UNAVAILABLE);
}

TEST_F(PollerTest, StopsFollowingPagesAfterAPageWithNothingNew) {
  options_.max_reply_pages = 0;
  auto poller = Open();
  api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
  api_.EnqueueFile("commentThreads", Testdata("02-threads-page2-last.json"));
  MustPoll(*poller);
  api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));  // all known, has a nextPageToken
  YoutubePoller::Report r = MustPoll(*poller);
  EXPECT_EQ(r.requests, 1);
  EXPECT_TRUE(r.complete);

  options_.stop_at_known_page = false;
  options_.state_path = dir_.File("youtube.db");
  poller = Open();
  api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
  api_.EnqueueFile("commentThreads", Testdata("02-threads-page2-last.json"));
  r = MustPoll(*poller);
  EXPECT_EQ(r.requests, 2);
}

TEST_F(PollerTest, MaxPagesEndsThePoll) {
  options_.max_reply_pages = 0;
  options_.max_pages = 1;
  auto poller = Open();
  api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
  YoutubePoller::Report r = MustPoll(*poller);
  EXPECT_EQ(r.requests, 1);
  EXPECT_TRUE(r.complete);
  api_.EnqueueFile("commentThreads", Testdata("11-threads-empty.json"));
  MustPoll(*poller);
  EXPECT_FALSE(api_.Requests().back().Has("pageToken"));  // the next poll starts from the newest page
}

TEST_F(PollerTest, RunPollsUntilStoppedAndReturnsPromptly) {
  options_.poll_interval_ms = 3'600'000;  // Run must wake from this sleep when stopped
  auto poller = Open();
  EnqueueFirstPoll();
  std::jthread runner([&](std::stop_token stop) { poller->Run(stop); });
  // Wait for the behaviour (the first poll's pages submitted), not for a time.
  for (int i = 0; i < 2000 && submitter_.Batches() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(submitter_.Batches(), 2u);
  runner.request_stop();
  runner.join();
  EXPECT_EQ(api_.Pending(), 0u);
}

TEST_F(PollerTest, ThePolledChannelIsOursEvenWhenTheAccountIdIsALabel) {
  account_.id = "pemkab-youtube";  // channel_id names the channel
  options_.max_reply_pages = 0;
  options_.max_pages = 1;
  auto poller = Open();
  api_.EnqueueFile("commentThreads", Testdata("02-threads-page2-last.json"));
  api_.EnqueueFile("commentThreads", Testdata("01-threads-page1.json"));
  MustPoll(*poller);
  YoutubePoller::Report r = MustPoll(*poller);
  ASSERT_EQ(r.pages.size(), 1u);
  EXPECT_EQ(r.pages[0].ignored, 2);  // our reply on T2 and our T3
  EXPECT_EQ(submitter_.All().back().idempotency_key(),
            "youtube:pemkab-youtube:comment:UgxT5eeeeeeeeeeeeeeeeAaABAg.7vWxReplyFirst01");
}

TEST(YoutubePollerFactory, ValidatesTheAccountOptions) {
  RecordingSubmitter submitter;
  Metrics metrics;
  AccountContext account;
  account.channel = "youtube";
  account.id = kUs;
  account.secret = "key";
  PollerContext ctx{account, submitter, metrics};
  auto missing = MakeYoutubePoller(ctx);
  EXPECT_EQ(missing.status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(missing.status().field(), "state_path");

  TempDir dir("factory");
  account.options["state_path"] = dir.File("y.db");
  account.options["api_base_url"] = "http://127.0.0.1:9/youtube/v3";
  auto ok = MakeYoutubePoller(ctx);
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

}  // namespace
}  // namespace aspirasi::ingest
