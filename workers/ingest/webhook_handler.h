// WebhookHandler: what aspirasi-ingest does with one request to /webhooks/<channel>/<account>,
// independent of the HTTP library (the server adapts cpp-httplib to it; tests call it directly).
//
// In order, stopping at the first failure (each failure: a JSON body {"error": "..."}, the
// counter aspirasi_ingest_rejected_total{channel,reason} and a rate-limited warning without
// citizen data; nothing is submitted):
//   404 unknown_account   no [[account]] with this channel and id
//   413 too_large         body over the endpoint's body_limit_bytes
//   GET                   Channel::Handshake (Meta hub.challenge, X CRC); 400 not_handshake if none
//   405 method            anything but GET and POST
//   401 missing_signature Channel::Verify: INVALID_ARGUMENT (header missing)
//   403 bad_signature     Channel::Verify: any other error
//   400 malformed         Channel::Parse failed: its precise message
//   503 unavailable       neither the broker nor the spool took the submits (platform retries)
//   200                   {"new":..,"updated":..,"appended":..,"withdrawn":..,"duplicates":..,
//                          "ignored":..,"spooled":..,"rejected":..} (outcome_counts.h); also for
//                          duplicates and payloads that make no ticket.
//
// Thread safety: Handle() from any number of threads.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "common/metrics.h"
#include "workers/ingest/channel.h"
#include "workers/ingest/endpoints.h"
#include "workers/ingest/outcome_counts.h"
#include "workers/ingest/warn_limiter.h"

namespace aspirasi::ingest {

class WebhookHandler {
 public:
  // Hands a request's submits to the broker or the spool (DurableSubmitter::Submit).
  using SubmitFn = std::function<Result<OutcomeCounts>(const std::vector<v1::Submit>&)>;

  WebhookHandler(const Endpoints& endpoints, SubmitFn submit, Metrics& metrics);

  HttpReply Handle(std::string_view channel, std::string_view account, const HttpRequestView& request);

  // Counts and logs (naming the channel and the account of the path) a 413 that the HTTP server
  // produced before the handler saw the body.
  HttpReply TooLarge(std::string_view channel, std::string_view account, int64_t limit);

 private:
  HttpReply Reject(std::string_view channel, std::string_view account, int status, const char* reason,
                   const std::string& message);
  void CountOutcomes(std::string_view channel, const OutcomeCounts& counts);

  const Endpoints& endpoints_;
  SubmitFn submit_;
  Metrics& metrics_;
  WarnLimiter warn_;
};

// {"error":"<message>"} with the message JSON-escaped.
std::string ErrorJson(const std::string& message);

}  // namespace aspirasi::ingest
