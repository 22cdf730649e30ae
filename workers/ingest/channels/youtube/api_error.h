// YouTube Data API error responses: {"error": {"code", "message", "errors": [{"domain", "reason"}]}}
// and what the poller does about each.
#pragma once

#include <string>
#include <string_view>

namespace aspirasi::ingest::youtube {

enum class ErrorClass {
  kQuota,  // 403 quotaExceeded / rateLimitExceeded / userRateLimitExceeded / dailyLimitExceeded, 429:
           // back off exponentially, keep the cursor
  kCommentsDisabled,  // 403 commentsDisabled: nothing to poll on this video; not an error
  kBadPageToken,      // 400 invalidPageToken: drop the cursor, start again from the newest page
  kTransient,         // 5xx, 408: back off, keep the cursor
  kPermanent,         // other 4xx (keyInvalid, forbidden, channelNotFound, ...): configuration; back off, log
};

struct ApiError {
  int http_status = 0;
  std::string reason;  // errors[0].reason, or "" when the body has none
  ErrorClass kind = ErrorClass::kPermanent;
};

// Classifies a non-200 response from its status and (possibly non-JSON) body. Never throws.
ApiError ClassifyApiError(int http_status, std::string_view body);

}  // namespace aspirasi::ingest::youtube
