#include "workers/ingest/channels/meta/time_fields.h"

#include <gtest/gtest.h>

#include "workers/ingest/channels/meta/edit_version.h"

namespace aspirasi::ingest::meta {
namespace {

TEST(TimeFields, ConvertsEachUnit) {
  Json doc = Json::parse(R"({"s":1794184935,"wa":"1794226364","ms":1794291609412,"entry_s":1794179560,
    "entry_ms":1794274283311,"neg":-1,"huge":9223372036854775807})");
  ReadErrors errors;
  JsonNode root(doc, errors);
  EXPECT_EQ(SecondsAsMs(root["s"]), 1794184935000);
  EXPECT_EQ(SecondsAsMs(root["wa"]), 1794226364000);
  EXPECT_EQ(Millis(root["ms"]), 1794291609412);
  EXPECT_EQ(SecondsOrMillisAsMs(root["entry_s"]), 1794179560000);
  EXPECT_EQ(SecondsOrMillisAsMs(root["entry_ms"]), 1794274283311);
  EXPECT_EQ(SecondsAsMs(root["absent"]), 0);
  EXPECT_TRUE(errors.ok());
  EXPECT_EQ(SecondsAsMs(root["huge"]), 0);  // would overflow as ms
  EXPECT_EQ(errors.ToStatus().message(), "huge: expected a Unix time in seconds");
  ReadErrors more;
  EXPECT_EQ(Millis(JsonNode(doc, more)["neg"]), 0);
  EXPECT_FALSE(more.ok());
}

TEST(EditVersion, StableAndDistinct) {
  EXPECT_EQ(TextVersion("a"), TextVersion("a"));
  EXPECT_NE(TextVersion("a"), TextVersion("b"));
  EXPECT_EQ(TextVersion("").size(), 17u);
  EXPECT_EQ(TextVersion(""), "tcbf29ce484222325");
}

}  // namespace
}  // namespace aspirasi::ingest::meta
