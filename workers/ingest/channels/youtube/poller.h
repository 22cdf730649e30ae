// The YouTube poller: polls commentThreads.list for our channel (or one video), follows
// nextPageToken, decides per comment (comment_decider.h) and submits CREATE / UPDATE through the
// Submitter; quota and server errors are backed off exponentially. Durable state (cursor and seen
// comments) lives in a SQLite file (poller_state.h) and advances only after SubmitAll returned OK.
// Settings and their defaults: poller_options.h; operations: README.md.
//
// Use (aspirasi-ingest): register MakeYoutubePoller as the "youtube" PollerFactory; it is started
// with Run(stop_token) on its own thread (std::jthread) and returns promptly once stop is requested
// (sleeps wake up, an HTTP call in flight is cancelled).
//
// Thread safety: Run() or PollOnce() from one thread at a time; the stop token from any thread.
#pragma once

#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/metrics.h"
#include "common/status.h"
#include "workers/ingest/channel.h"
#include "workers/ingest/channels/youtube/backoff.h"
#include "workers/ingest/channels/youtube/poller_options.h"
#include "workers/ingest/poller.h"
#include "workers/ingest/submitter.h"

namespace aspirasi::ingest {

namespace youtube {
class ApiClient;
class PollerState;
struct Comment;
struct SeenRecord;
struct PollerMetrics;
}  // namespace youtube

// The factory aspirasi-ingest registers for channel "youtube" (RegisterBuiltinPollers): options
// from context.account (INVALID_ARGUMENT naming the option when bad), state file opened (IO_ERROR).
Result<std::unique_ptr<Poller>> MakeYoutubePoller(const PollerContext& context);

class YoutubePoller final : public Poller {
 public:
  // What one commentThreads page brought.
  struct PageStats {
    int created = 0;    // CREATE submitted (new comments and replies)
    int updated = 0;    // UPDATE submitted (edited comments)
    int unchanged = 0;  // seen before with the same text: nothing submitted
    int ignored = 0;    // ours, or without text
  };
  struct Report {
    std::vector<PageStats> pages;  // one per accepted commentThreads page, in order
    int requests = 0;              // API calls made (each costs quota)
    bool complete = false;         // ended normally: last page, a page with nothing new, or max_pages
    PageStats Total() const;
  };

  static Result<std::unique_ptr<YoutubePoller>> Open(const AccountContext& account,
                                                     youtube::PollerOptions options, Submitter& submitter,
                                                     Metrics& metrics, const Clock& clock = RealClock());
  ~YoutubePoller() override;

  // Polls every poll_interval until `stop`; after a failed poll waits the back-off instead.
  void Run(std::stop_token stop) override;

  // One poll: from the stored cursor (a poll interrupted by an error or a stop) or the newest page,
  // through the pages, each submitted and then committed. Errors: UNAVAILABLE (quota, 5xx, no
  // response, the Submitter's errors), PERMISSION_DENIED (other API errors), MALFORMED (a body of the
  // wrong shape), IO_ERROR (state file); the cursor then stays where the last accepted page left it.
  Result<Report> PollOnce(std::stop_token stop = {});

  // The wait Run() applies after the last poll: 0 after a success, else the current back-off.
  int64_t backoff_ms() const { return backoff_.current_ms(); }

 private:
  YoutubePoller(const AccountContext& account, youtube::PollerOptions options, Submitter& submitter,
                const Clock& clock, std::unique_ptr<youtube::ApiClient> api,
                std::unique_ptr<youtube::PollerState> state,
                std::unique_ptr<youtube::PollerMetrics> counters);

  Result<std::string> Fetch(const std::string& resource,
                            std::vector<std::pair<std::string, std::string>> params, Report& report);
  Result<PageStats> ProcessPage(const std::string& body, std::string& next_page_token,
                                std::vector<youtube::SeenRecord>& records, Report& report);
  Status FetchReplies(const std::string& thread_id,
                      const std::function<Status(const youtube::Comment&)>& consider, Report& report);
  void RecordFailure(const Status& status);

  AccountContext account_;
  youtube::PollerOptions options_;
  Submitter& submitter_;
  const Clock& clock_;
  std::unique_ptr<youtube::ApiClient> api_;
  std::unique_ptr<youtube::PollerState> state_;
  std::unique_ptr<youtube::PollerMetrics> counters_;
  std::string scope_;  // "<account>/channel:<id>" or "<account>/video:<id>": whose cursor
  youtube::Backoff backoff_;
  bool quota_failure_ = false;  // the last failure was a quota error
};

}  // namespace aspirasi::ingest
