#include "workers/ingest/channels/youtube/youtube_time.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest::youtube {
namespace {

TEST(ParseRfc3339Ms, ReadsYouTubeTimestamps) {
  EXPECT_EQ(ParseRfc3339Ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-08T15:03:12Z"), 1794150192000);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-08T15:03:12.5Z"), 1794150192500);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-08T15:03:12.123456Z"), 1794150192123);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-08T22:03:12+07:00"), 1794150192000);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-08T08:03:12-07:00"), 1794150192000);
  EXPECT_EQ(ParseRfc3339Ms("2028-02-29T00:00:00Z"), 1835395200000);
}

TEST(ParseRfc3339Ms, RejectsOtherShapes) {
  for (const char* s :
       {"", "2026-11-08", "2026-11-08T15:03:12", "2026-11-08 15:03:12Z", "2026-13-08T15:03:12Z",
        "2026-02-30T15:03:12Z", "2026-11-08T24:03:12Z", "2026-11-08T15:03:12.Z", "2026-11-08T15:03:12Zx",
        "2026-11-08T15:03:12+0700", "Mon Nov 09 02:14:22 +0000 2026"}) {
    EXPECT_EQ(ParseRfc3339Ms(s), std::nullopt) << s;
  }
}

}  // namespace
}  // namespace aspirasi::ingest::youtube
