#include "workers/ingest/channels/youtube/poller.h"

#include <condition_variable>
#include <exception>
#include <mutex>

#include "common/log.h"
#include "workers/ingest/channels/youtube/api_client.h"
#include "workers/ingest/channels/youtube/api_error.h"
#include "workers/ingest/channels/youtube/poller_metrics.h"
#include "workers/ingest/channels/youtube/poller_state.h"

namespace aspirasi::ingest {

namespace {

// The account, with the polled channel id among the ids that mean "us" (our comments are echoes).
AccountContext WithChannelAsOwn(AccountContext account, const std::string& channel_id) {
  if (!channel_id.empty() && !account.IsOwn(channel_id)) account.own_ids.push_back(channel_id);
  return account;
}

// Sleeps `ms`, waking early when `stop` is requested.
void SleepFor(int64_t ms, const std::stop_token& stop) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  cv.wait_for(lock, stop, std::chrono::milliseconds(ms), [] { return false; });
}

}  // namespace

YoutubePoller::PageStats YoutubePoller::Report::Total() const {
  PageStats t;
  for (const auto& p : pages) {
    t.created += p.created;
    t.updated += p.updated;
    t.unchanged += p.unchanged;
    t.ignored += p.ignored;
  }
  return t;
}

Result<std::unique_ptr<Poller>> MakeYoutubePoller(const PollerContext& context) {
  auto options = youtube::PollerOptionsFrom(context.account);
  if (!options.ok()) return options.status();
  auto poller = YoutubePoller::Open(context.account, std::move(*options), context.submitter, context.metrics);
  if (!poller.ok()) return poller.status();
  return std::unique_ptr<Poller>(std::move(*poller));
}

YoutubePoller::YoutubePoller(const AccountContext& account, youtube::PollerOptions options,
                             Submitter& submitter, const Clock& clock,
                             std::unique_ptr<youtube::ApiClient> api,
                             std::unique_ptr<youtube::PollerState> state,
                             std::unique_ptr<youtube::PollerMetrics> counters)
    : account_(WithChannelAsOwn(account, options.channel_id)),
      options_(std::move(options)),
      submitter_(submitter),
      clock_(clock),
      api_(std::move(api)),
      state_(std::move(state)),
      counters_(std::move(counters)),
      scope_(account_.id + "/" +
             (options_.video_id.empty() ? "channel:" + options_.channel_id : "video:" + options_.video_id)),
      backoff_(options_.backoff_initial_ms, options_.backoff_max_ms) {}

YoutubePoller::~YoutubePoller() = default;

Result<std::unique_ptr<YoutubePoller>> YoutubePoller::Open(const AccountContext& account,
                                                           youtube::PollerOptions options,
                                                           Submitter& submitter, Metrics& metrics,
                                                           const Clock& clock) {
  auto api = youtube::ApiClient::Create(options.api_base_url, options.api_key, options.http_timeout_s);
  if (!api.ok()) return api.status();
  auto state = youtube::PollerState::Open(options.state_path);
  if (!state.ok()) return state.status();
  auto counters = youtube::PollerMetrics::Register(metrics, account.id);
  return std::unique_ptr<YoutubePoller>(new YoutubePoller(account, std::move(options), submitter, clock,
                                                          std::move(*api), std::move(*state),
                                                          std::move(counters)));
}

void YoutubePoller::Run(std::stop_token stop) {
  auto log = ModuleLogger("ingest.youtube");
  std::stop_callback cancel(stop, [this] { api_->Cancel(); });
  log->info("youtube: polling account {} every {} s", account_.id, options_.poll_interval_ms / 1000);
  while (!stop.stop_requested()) {
    Result<Report> r = Status::Internal("youtube: poll did not run");
    try {
      r = PollOnce(stop);
    } catch (const std::exception& e) {
      r = Status::Internal(std::string("youtube: unexpected exception: ") + e.what());
    }
    int64_t wait_ms = options_.poll_interval_ms;
    if (r.ok()) {
      PageStats t = r->Total();
      log->log(t.created + t.updated > 0 ? spdlog::level::info : spdlog::level::debug,
               "youtube: account {} polled {} pages ({} requests): {} created, {} updated, {} unchanged, {} "
               "ignored",
               account_.id, r->pages.size(), r->requests, t.created, t.updated, t.unchanged, t.ignored);
    } else if (!stop.stop_requested()) {
      wait_ms = backoff_ms();
      // Status messages may quote API bodies: the code and the back-off at warn, the rest at debug.
      log->warn("youtube: account {} poll failed ({}{}); next attempt in {} s", account_.id,
                r.status().CodeName(), quota_failure_ ? ", quota" : "", wait_ms / 1000);
      log->debug("youtube: account {}: {}", account_.id, r.status().ToString());
    }
    SleepFor(wait_ms, stop);
  }
  log->info("youtube: account {} poller stopped", account_.id);
}

void YoutubePoller::RecordFailure(const Status& status) {
  (void)status;
  backoff_.Next();
  (quota_failure_ ? counters_->polls_failed_quota : counters_->polls_failed_other).Inc();
  counters_->backoff_seconds.Set(static_cast<double>(backoff_.current_ms()) / 1000.0);
}

Result<std::string> YoutubePoller::Fetch(const std::string& resource,
                                         std::vector<std::pair<std::string, std::string>> params,
                                         Report& report) {
  ++report.requests;
  auto response = api_->Get(resource, params);
  if (!response.ok()) {
    counters_->requests_failed.Inc();
    return response.status();
  }
  if (response->status == 200) {
    counters_->requests_ok.Inc();
    return std::move(response->body);
  }
  youtube::ApiError e = youtube::ClassifyApiError(response->status, response->body);
  std::string what = "youtube: " + resource + " answered HTTP " + std::to_string(e.http_status) +
                     (e.reason.empty() ? std::string() : " (" + e.reason + ")");
  switch (e.kind) {
    case youtube::ErrorClass::kQuota:
      counters_->requests_quota.Inc();
      quota_failure_ = true;
      return Status::Unavailable(what + ": quota exhausted, backing off");
    case youtube::ErrorClass::kCommentsDisabled:
      counters_->requests_failed.Inc();
      return Status::NotFound(what);
    case youtube::ErrorClass::kBadPageToken:
      counters_->requests_failed.Inc();
      return Status::InvalidArgument("pageToken", what);
    case youtube::ErrorClass::kTransient:
      counters_->requests_failed.Inc();
      return Status::Unavailable(what);
    case youtube::ErrorClass::kPermanent:
      break;
  }
  counters_->requests_failed.Inc();
  return Status::Error(v1::PERMISSION_DENIED, what);
}

}  // namespace aspirasi::ingest
