#include "workers/ingest/channels/youtube/poller_metrics.h"

namespace aspirasi::ingest::youtube {

std::unique_ptr<PollerMetrics> PollerMetrics::Register(Metrics& m, const std::string& account) {
  std::string a = "account=\"" + account + "\"";
  const std::string req = "aspirasi_youtube_requests_total", req_help = "YouTube Data API calls by result";
  const std::string com = "aspirasi_youtube_comments_total",
                    com_help = "Fetched YouTube comments by what was done";
  const std::string fail = "aspirasi_youtube_poll_failures_total",
                    fail_help = "Failed YouTube polls by reason";
  return std::unique_ptr<PollerMetrics>(new PollerMetrics{
      m.GetCounter(req, req_help, a + ",result=\"ok\""),
      m.GetCounter(req, req_help, a + ",result=\"quota\""),
      m.GetCounter(req, req_help, a + ",result=\"error\""),
      m.GetCounter(com, com_help, a + ",outcome=\"created\""),
      m.GetCounter(com, com_help, a + ",outcome=\"updated\""),
      m.GetCounter(com, com_help, a + ",outcome=\"unchanged\""),
      m.GetCounter(com, com_help, a + ",outcome=\"ignored\""),
      m.GetCounter(fail, fail_help, a + ",reason=\"quota\""),
      m.GetCounter(fail, fail_help, a + ",reason=\"error\""),
      m.GetGauge("aspirasi_youtube_backoff_seconds", "Current back-off of the YouTube poller (0 = none)", a),
      m.GetGauge("aspirasi_youtube_last_success_seconds", "Unix time of the last successful YouTube poll", a),
  });
}

}  // namespace aspirasi::ingest::youtube
