#include "workers/ingest/channels/youtube/api_error.h"

#include "workers/ingest/channels/youtube/youtube_json.h"

namespace aspirasi::ingest::youtube {
namespace {

std::string FirstReason(std::string_view body) {
  Json root = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  const Json* error = Member(root, "error");
  const Json* errors = error != nullptr ? Member(*error, "errors") : nullptr;
  if (errors == nullptr || !errors->is_array() || errors->empty()) return {};
  return StringMember((*errors)[0], "reason");
}

}  // namespace

ApiError ClassifyApiError(int http_status, std::string_view body) {
  ApiError e;
  e.http_status = http_status;
  e.reason = FirstReason(body);
  const std::string& r = e.reason;
  if (http_status == 429 || r == "quotaExceeded" || r == "rateLimitExceeded" ||
      r == "userRateLimitExceeded" || r == "dailyLimitExceeded") {
    e.kind = ErrorClass::kQuota;
  } else if (r == "commentsDisabled") {
    e.kind = ErrorClass::kCommentsDisabled;
  } else if (r == "invalidPageToken") {
    e.kind = ErrorClass::kBadPageToken;
  } else if (http_status >= 500 || http_status == 408) {
    e.kind = ErrorClass::kTransient;
  } else {
    e.kind = ErrorClass::kPermanent;
  }
  return e;
}

}  // namespace aspirasi::ingest::youtube
