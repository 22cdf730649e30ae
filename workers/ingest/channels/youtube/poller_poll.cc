// YoutubePoller::PollOnce: pages, decisions, submits, commits.
#include <set>

#include "workers/ingest/channels/youtube/api_client.h"
#include "workers/ingest/channels/youtube/comment_decider.h"
#include "workers/ingest/channels/youtube/poller.h"
#include "workers/ingest/channels/youtube/poller_metrics.h"
#include "workers/ingest/channels/youtube/poller_state.h"
#include "workers/ingest/channels/youtube/youtube_comments.h"

namespace aspirasi::ingest {

using youtube::Comment;
using youtube::Decision;

Result<YoutubePoller::Report> YoutubePoller::PollOnce(std::stop_token stop) {
  quota_failure_ = false;
  Report report;
  auto fail = [&](const Status& s) -> Result<Report> {
    RecordFailure(s);
    return s;
  };
  auto cursor = state_->Cursor(scope_);
  if (!cursor.ok()) return fail(cursor.status());
  std::string token = *cursor;
  bool restarted = false;
  while (!stop.stop_requested()) {
    std::vector<std::pair<std::string, std::string>> params = {
        {"part", "snippet,replies"},
        {"maxResults", std::to_string(options_.page_size)},
        {"order", "time"},
        {"textFormat", "plainText"}};
    if (options_.video_id.empty()) {
      params.emplace_back("allThreadsRelatedToChannelId", options_.channel_id);
    } else {
      params.emplace_back("videoId", options_.video_id);
    }
    if (!token.empty()) params.emplace_back("pageToken", token);
    auto body = Fetch("commentThreads", std::move(params), report);
    if (!body.ok() && body.status().code() == v1::NOT_FOUND) {  // comments disabled: nothing to poll
      Status s = state_->SetCursor(scope_, "");
      if (!s.ok()) return fail(s);
      report.complete = true;
      break;
    }
    if (!body.ok() && body.status().code() == v1::INVALID_ARGUMENT && !token.empty() && !restarted) {
      // The stored page token expired: start again from the newest page (seen comments stay known).
      Status s = state_->SetCursor(scope_, "");
      if (!s.ok()) return fail(s);
      token.clear();
      restarted = true;
      continue;
    }
    if (!body.ok()) return fail(body.status());

    std::string next;
    std::vector<youtube::SeenRecord> records;
    auto stats = ProcessPage(*body, next, records, report);
    if (!stats.ok()) return fail(stats.status());
    report.pages.push_back(*stats);
    bool nothing_new = stats->created == 0 && stats->updated == 0;
    bool last = next.empty() || static_cast<int>(report.pages.size()) >= options_.max_pages ||
                (options_.stop_at_known_page && nothing_new);
    // The page's submits were accepted: record its comments and move the cursor, atomically.
    Status s = state_->CommitPage(account_.id, records, scope_, last ? "" : next, clock_.NowMs());
    if (!s.ok()) return fail(s);
    if (last) {
      report.complete = true;
      break;
    }
    token = next;
  }
  if (report.complete) {
    auto pruned = state_->Prune(account_.id, clock_.NowMs() - options_.seen_retention_ms);
    if (!pruned.ok()) return fail(pruned.status());
  }
  backoff_.Reset();
  counters_->backoff_seconds.Set(0);
  counters_->last_success.Set(static_cast<double>(clock_.NowMs()) / 1000.0);
  return report;
}

// Decides every comment of one commentThreads page (and the extra replies of its threads) and
// submits the page's CREATEs and UPDATEs in order; `records` is what to commit once that succeeded.
Result<YoutubePoller::PageStats> YoutubePoller::ProcessPage(const std::string& body,
                                                            std::string& next_page_token,
                                                            std::vector<youtube::SeenRecord>& records,
                                                            Report& report) {
  auto page = youtube::ParseThreadPage(body, account_);
  if (!page.ok()) return page.status();
  next_page_token = page->next_page_token;
  PageStats stats;
  std::vector<v1::Submit> submits;
  std::set<std::string> done;  // a comment twice on one page counts once
  auto consider = [&](const Comment& c, std::optional<int64_t> reply_count) -> Status {
    if (!done.insert(c.id).second) {
      ++stats.unchanged;
      return Status::Ok();
    }
    auto seen = state_->Seen(account_.id, c.id);
    if (!seen.ok()) return seen.status();
    youtube::Decided d = youtube::Decide(c, *seen);
    if (reply_count) d.record.reply_count = *reply_count;
    switch (d.decision) {
      case Decision::kCreate:
        submits.push_back(youtube::CreateSubmit(c, account_));
        ++stats.created;
        break;
      case Decision::kUpdate:
        submits.push_back(youtube::UpdateSubmit(c, account_, d.version));
        ++stats.updated;
        break;
      case Decision::kUnchanged:
        ++stats.unchanged;
        break;
      case Decision::kIgnored:
        ++stats.ignored;
        break;
    }
    records.push_back({c.id, std::move(d.record)});
    return Status::Ok();
  };
  for (const auto& thread : page->threads) {
    auto before = state_->Seen(account_.id, thread.top.id);
    if (!before.ok()) return before.status();
    int64_t known_replies = *before ? (*before)->reply_count : -1;
    Status s = consider(thread.top, thread.total_reply_count);
    for (std::size_t i = 0; s.ok() && i < thread.replies.size(); ++i)
      s = consider(thread.replies[i], std::nullopt);
    // The thread resource carries only some replies: fetch the rest when their number changed.
    if (s.ok() && options_.max_reply_pages > 0 &&
        thread.total_reply_count > static_cast<int64_t>(thread.replies.size()) &&
        thread.total_reply_count != known_replies) {
      s = FetchReplies(
          thread.top.id, [&](const Comment& c) { return consider(c, std::nullopt); }, report);
    }
    if (!s.ok()) return s;
  }
  if (!submits.empty()) {
    Status s = submitter_.SubmitAll(submits);
    if (!s.ok()) return s;
  }
  counters_->created.Inc(static_cast<uint64_t>(stats.created));
  counters_->updated.Inc(static_cast<uint64_t>(stats.updated));
  counters_->unchanged.Inc(static_cast<uint64_t>(stats.unchanged));
  counters_->ignored.Inc(static_cast<uint64_t>(stats.ignored));
  return stats;
}

Status YoutubePoller::FetchReplies(const std::string& thread_id,
                                   const std::function<Status(const Comment&)>& consider, Report& report) {
  std::string token;
  for (int pages = 0; pages < options_.max_reply_pages; ++pages) {
    std::vector<std::pair<std::string, std::string>> params = {
        {"part", "snippet"}, {"parentId", thread_id}, {"maxResults", "100"}, {"textFormat", "plainText"}};
    if (!token.empty()) params.emplace_back("pageToken", token);
    auto body = Fetch("comments", std::move(params), report);
    if (!body.ok()) return body.status();
    auto page = youtube::ParseCommentPage(*body, thread_id, account_);
    if (!page.ok()) return page.status();
    for (const auto& c : page->comments) {
      Status s = consider(c);
      if (!s.ok()) return s;
    }
    if (page->next_page_token.empty()) break;
    token = page->next_page_token;
  }
  return Status::Ok();
}

}  // namespace aspirasi::ingest
