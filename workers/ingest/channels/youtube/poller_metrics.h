// The YouTube poller's Prometheus metrics, labelled with the account:
//   aspirasi_youtube_requests_total{result="ok|quota|error"}           API calls (each costs quota)
//   aspirasi_youtube_comments_total{outcome="created|updated|unchanged|ignored"}
//   aspirasi_youtube_poll_failures_total{reason="quota|error"}
//   aspirasi_youtube_backoff_seconds                                     current back-off, 0 = none
//   aspirasi_youtube_last_success_seconds                                Unix time of the last good poll
#pragma once

#include <memory>
#include <string>

#include "common/metrics.h"

namespace aspirasi::ingest::youtube {

struct PollerMetrics {
  Counter& requests_ok;
  Counter& requests_quota;
  Counter& requests_failed;
  Counter& created;
  Counter& updated;
  Counter& unchanged;
  Counter& ignored;
  Counter& polls_failed_quota;
  Counter& polls_failed_other;
  Gauge& backoff_seconds;
  Gauge& last_success;

  static std::unique_ptr<PollerMetrics> Register(Metrics& metrics, const std::string& account);
};

}  // namespace aspirasi::ingest::youtube
