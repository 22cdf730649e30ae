#include "workers/ingest/channels/meta/time_fields.h"

namespace aspirasi::ingest::meta {
namespace {

// 1e11 s is the year 5138; 1e14 ms likewise. Anything beyond is not a platform time.
constexpr int64_t kMaxSeconds = 100'000'000'000;
constexpr int64_t kMaxMillis = kMaxSeconds * 1000;

}  // namespace

int64_t SecondsAsMs(const JsonNode& node) {
  int64_t s = node.Int();
  if (s < 0 || s >= kMaxSeconds) {
    node.Fail("expected a Unix time in seconds");
    return 0;
  }
  return s * 1000;
}

int64_t Millis(const JsonNode& node) {
  int64_t ms = node.Int();
  if (ms < 0 || ms >= kMaxMillis) {
    node.Fail("expected a Unix time in milliseconds");
    return 0;
  }
  return ms;
}

int64_t SecondsOrMillisAsMs(const JsonNode& node) {
  int64_t t = node.Int();
  if (t < 0 || t >= kMaxMillis) {
    node.Fail("expected a Unix time");
    return 0;
  }
  return t >= kMaxSeconds ? t : t * 1000;
}

}  // namespace aspirasi::ingest::meta
