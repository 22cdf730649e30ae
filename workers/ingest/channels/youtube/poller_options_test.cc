#include "workers/ingest/channels/youtube/poller_options.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest::youtube {
namespace {

AccountContext Account() {
  AccountContext a;
  a.channel = "youtube";
  a.id = "UCn7Hb3qRkT0sZp2LmXa9vEw";
  a.secret = "api-key";
  a.options["state_path"] = "/var/lib/aspirasi/youtube.db";
  return a;
}

TEST(PollerOptions, Defaults) {
  auto o = PollerOptionsFrom(Account());
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->api_base_url, "https://www.googleapis.com/youtube/v3");
  EXPECT_EQ(o->api_key, "api-key");
  EXPECT_EQ(o->channel_id, "UCn7Hb3qRkT0sZp2LmXa9vEw");
  EXPECT_EQ(o->video_id, "");
  EXPECT_EQ(o->poll_interval_ms, 60'000);
  EXPECT_EQ(o->page_size, 100);
  EXPECT_EQ(o->max_pages, 20);
  EXPECT_TRUE(o->stop_at_known_page);
  EXPECT_EQ(o->max_reply_pages, 5);
  EXPECT_EQ(o->backoff_initial_ms, 60'000);
  EXPECT_EQ(o->backoff_max_ms, 3'600'000);
  EXPECT_EQ(o->http_timeout_s, 10);
  EXPECT_EQ(o->seen_retention_ms, 90LL * 86'400'000);
}

TEST(PollerOptions, AllSet) {
  AccountContext a = Account();
  a.options = {{"state_path", "s.db"},
               {"api_base_url", "http://127.0.0.1:8080/youtube/v3/"},
               {"video_id", "vNh7kQ2xR4s"},
               {"poll_interval_s", "300"},
               {"page_size", "50"},
               {"max_pages", "3"},
               {"stop_at_known_page", "false"},
               {"max_reply_pages", "0"},
               {"backoff_initial_s", "30"},
               {"backoff_max_s", "7200"},
               {"http_timeout_s", "5"},
               {"seen_retention_days", "7"},
               {"channel_id", "UCother"}};
  auto o = PollerOptionsFrom(a);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->api_base_url, "http://127.0.0.1:8080/youtube/v3");
  EXPECT_EQ(o->video_id, "vNh7kQ2xR4s");
  EXPECT_EQ(o->channel_id, "UCother");
  EXPECT_EQ(o->poll_interval_ms, 300'000);
  EXPECT_EQ(o->page_size, 50);
  EXPECT_EQ(o->max_pages, 3);
  EXPECT_FALSE(o->stop_at_known_page);
  EXPECT_EQ(o->max_reply_pages, 0);
  EXPECT_EQ(o->backoff_initial_ms, 30'000);
  EXPECT_EQ(o->backoff_max_ms, 7'200'000);
  EXPECT_EQ(o->http_timeout_s, 5);
  EXPECT_EQ(o->seen_retention_ms, 7LL * 86'400'000);
}

TEST(PollerOptions, BadValuesNameTheOption) {
  struct Case {
    const char* option;
    const char* value;
  } cases[] = {{"state_path", ""},       {"poll_interval_s", "5"},    {"poll_interval_s", "60s"},
               {"page_size", "101"},     {"max_pages", "0"},          {"stop_at_known_page", "yes"},
               {"backoff_max_s", "10"},  {"api_base_url", "ftp://x"}, {"api_base_url", "https://"},
               {"http_timeout_s", "-1"}, {"seen_retention_days", ""}, {"pool_interval_s", "60"}};
  for (const auto& c : cases) {
    AccountContext a = Account();
    a.options[c.option] = c.value;
    auto o = PollerOptionsFrom(a);
    EXPECT_EQ(o.status().code(), v1::INVALID_ARGUMENT) << c.option << "=" << c.value;
    EXPECT_EQ(o.status().field(), c.option) << o.status().ToString();
  }
  AccountContext no_key = Account();
  no_key.secret.clear();
  EXPECT_EQ(PollerOptionsFrom(no_key).status().field(), "secret");
}

}  // namespace
}  // namespace aspirasi::ingest::youtube
