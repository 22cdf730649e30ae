#include "workers/ingest/channels/youtube/api_error.h"

#include <gtest/gtest.h>

#include "workers/ingest/channels/youtube/youtube_test_util.h"

namespace aspirasi::ingest::youtube {
namespace {

using youtube_test::Testdata;

TEST(ClassifyApiError, FromTheRecordedErrorBodies) {
  struct Case {
    const char* file;
    int status;
    const char* reason;
    ErrorClass kind;
  } cases[] = {
      {"05-error-quota.json", 403, "quotaExceeded", ErrorClass::kQuota},
      {"06-error-rate-limit.json", 403, "rateLimitExceeded", ErrorClass::kQuota},
      {"07-error-comments-disabled.json", 403, "commentsDisabled", ErrorClass::kCommentsDisabled},
      {"08-error-invalid-page-token.json", 400, "invalidPageToken", ErrorClass::kBadPageToken},
      {"09-error-backend.json", 503, "backendError", ErrorClass::kTransient},
      {"10-error-key-invalid.json", 400, "keyInvalid", ErrorClass::kPermanent},
  };
  for (const auto& c : cases) {
    ApiError e = ClassifyApiError(c.status, Testdata(c.file));
    EXPECT_EQ(e.http_status, c.status) << c.file;
    EXPECT_EQ(e.reason, c.reason) << c.file;
    EXPECT_EQ(e.kind, c.kind) << c.file;
  }
}

TEST(ClassifyApiError, BodiesThatAreNotApiErrors) {
  EXPECT_EQ(ClassifyApiError(429, "").kind, ErrorClass::kQuota);
  EXPECT_EQ(ClassifyApiError(502, "<html>Bad Gateway</html>").kind, ErrorClass::kTransient);
  EXPECT_EQ(ClassifyApiError(404, "{\"error\":7}").kind, ErrorClass::kPermanent);
  EXPECT_EQ(ClassifyApiError(403, "{\"error\":{\"errors\":[{}]}}").reason, "");
  EXPECT_EQ(ClassifyApiError(403, std::string("\xff\xfe", 2)).kind, ErrorClass::kPermanent);
}

}  // namespace
}  // namespace aspirasi::ingest::youtube
