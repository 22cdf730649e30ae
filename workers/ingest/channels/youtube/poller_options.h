// Settings of the YouTube poller, read from the account's [[account]] options (string values).
// Every field's default is below; YoutubePollerOptionsFrom() validates them at start.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "workers/ingest/channel.h"

namespace aspirasi::ingest::youtube {

struct PollerOptions {
  std::string api_base_url = "https://www.googleapis.com/youtube/v3";  // option api_base_url (http or https)
  std::string api_key;     // AccountContext::secret (an API key with the YouTube Data API enabled)
  std::string channel_id;  // option channel_id; default the account id: allThreadsRelatedToChannelId=
  std::string video_id;    // option video_id; when set, only this video is polled (videoId=)
  std::string state_path;  // option state_path, REQUIRED: SQLite file with the cursor and seen comments
  int64_t poll_interval_ms = 60'000;    // option poll_interval_s, 10..86400 (default 60)
  int page_size = 100;                  // option page_size, 1..100 (maxResults)
  int max_pages = 20;                   // option max_pages, 1..1000 pages per poll
  bool stop_at_known_page = true;       // option stop_at_known_page, "true"/"false": stop following
                                        // nextPageToken after a page with nothing new or edited
  int max_reply_pages = 5;              // option max_reply_pages, 0..100: comments.list pages per thread
                                        // whose replies the thread resource does not all carry
  int64_t backoff_initial_ms = 60'000;  // option backoff_initial_s, 1..86400 (default 60)
  int64_t backoff_max_ms = 3'600'000;   // option backoff_max_s, backoff_initial_s..86400 (default 3600)
  int http_timeout_s = 10;              // option http_timeout_s, 1..120 (connect and read)
  int64_t seen_retention_ms = 90LL * 86'400'000;  // option seen_retention_days, 1..3650 (default 90)
};

// The options of `account` (channel "youtube"). INVALID_ARGUMENT with field = the option's name for
// a missing state_path or api key ("secret"), an unknown option, or a value out of range.
Result<PollerOptions> PollerOptionsFrom(const AccountContext& account);

}  // namespace aspirasi::ingest::youtube
