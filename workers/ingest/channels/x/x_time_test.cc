#include "workers/ingest/channels/x/x_time.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest::x {
namespace {

TEST(ParseCreatedAt, ReadsTheV11Format) {
  EXPECT_EQ(ParseCreatedAt("Thu Jan 01 00:00:00 +0000 1970"), 0);
  EXPECT_EQ(ParseCreatedAt("Wed Nov 11 04:20:19 +0000 2026"), 1794370819000);
  EXPECT_EQ(ParseCreatedAt("Wed Nov 11 11:20:19 +0700 2026"), 1794370819000);
  EXPECT_EQ(ParseCreatedAt("Tue Feb 29 12:00:00 +0000 2028"), 1835438400000);
}

TEST(ParseCreatedAt, RejectsOtherShapes) {
  for (const char* s : {"", "2026-11-11T04:20:19Z", "Wed Foo 11 04:20:19 +0000 2026",
                        "Wed Nov 11 04:20:19 0000 2026", "Wed Nov 11 24:20:19 +0000 2026",
                        "Wed Nov 1x 04:20:19 +0000 2026", "Wed Nov 11 04:20:19 +0000 20266"}) {
    EXPECT_EQ(ParseCreatedAt(s), std::nullopt) << s;
  }
}

TEST(MillisMember, StringsOfDigitsOrIntegers) {
  Json j = Json::parse(
      R"({"a":"1794190462124","b":1794190462124,"c":"17x","d":-5,"e":1.5,"f":"99999999999999999999"})");
  EXPECT_EQ(MillisMember(j, "a"), 1794190462124);
  EXPECT_EQ(MillisMember(j, "b"), 1794190462124);
  EXPECT_EQ(MillisMember(j, "c"), 0);
  EXPECT_EQ(MillisMember(j, "d"), 0);
  EXPECT_EQ(MillisMember(j, "e"), 0);
  EXPECT_EQ(MillisMember(j, "f"), 0);
  EXPECT_EQ(MillisMember(j, "missing"), 0);
}

}  // namespace
}  // namespace aspirasi::ingest::x
