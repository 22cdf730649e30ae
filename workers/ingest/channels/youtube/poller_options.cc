#include "workers/ingest/channels/youtube/poller_options.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace aspirasi::ingest::youtube {
namespace {

Status Invalid(const std::string& option, const std::string& why) {
  return Status::InvalidArgument(option, "youtube option " + option + ": " + why);
}

// options[name] as an integer in [lo, hi], or `fallback` when absent.
Result<int64_t> IntOption(const AccountContext& a, const std::string& name, int64_t fallback, int64_t lo,
                          int64_t hi) {
  auto it = a.options.find(name);
  if (it == a.options.end()) return fallback;
  const std::string& s = it->second;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    return Invalid(name, "'" + s + "' is not an integer");
  if (v < lo || v > hi) {
    return Invalid(name, std::to_string(v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return v;
}

bool ValidBaseUrl(const std::string& url) {
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return false;
  }
  return !rest.empty() && rest.front() != '/' && rest.find_first_of(" ?#") == std::string::npos;
}

}  // namespace

Result<PollerOptions> PollerOptionsFrom(const AccountContext& a) {
  static const std::set<std::string> kKnown = {
      "api_base_url",  "channel_id",     "video_id",           "state_path",      "poll_interval_s",
      "page_size",     "max_pages",      "stop_at_known_page", "max_reply_pages", "backoff_initial_s",
      "backoff_max_s", "http_timeout_s", "seen_retention_days"};
  for (const auto& [name, value] : a.options) {
    if (!kKnown.count(name)) return Invalid(name, "unknown option");
  }
  PollerOptions o;
  auto get = [&](const char* name) {
    auto it = a.options.find(name);
    return it == a.options.end() ? std::string() : it->second;
  };
  if (std::string url = get("api_base_url"); !url.empty()) o.api_base_url = url;
  while (!o.api_base_url.empty() && o.api_base_url.back() == '/') o.api_base_url.pop_back();
  if (!ValidBaseUrl(o.api_base_url)) return Invalid("api_base_url", "expected http(s)://host[:port][/path]");
  o.api_key = a.secret;
  if (o.api_key.empty())
    return Status::InvalidArgument("secret", "youtube: the account needs an API key as its secret");
  o.channel_id = get("channel_id").empty() ? a.id : get("channel_id");
  o.video_id = get("video_id");
  if (o.channel_id.empty() && o.video_id.empty())
    return Invalid("channel_id", "no channel id (and no video_id)");
  o.state_path = get("state_path");
  if (o.state_path.empty()) return Invalid("state_path", "required: the poller's SQLite state file");

  auto interval = IntOption(a, "poll_interval_s", 60, 10, 86400);
  auto page_size = IntOption(a, "page_size", 100, 1, 100);
  auto max_pages = IntOption(a, "max_pages", 20, 1, 1000);
  auto reply_pages = IntOption(a, "max_reply_pages", 5, 0, 100);
  auto initial = IntOption(a, "backoff_initial_s", 60, 1, 86400);
  auto timeout = IntOption(a, "http_timeout_s", 10, 1, 120);
  auto retention = IntOption(a, "seen_retention_days", 90, 1, 3650);
  for (const auto* r : {&interval, &page_size, &max_pages, &reply_pages, &initial, &timeout, &retention}) {
    if (!r->ok()) return r->status();
  }
  auto max = IntOption(a, "backoff_max_s", std::max<int64_t>(3600, *initial), *initial, 86400);
  if (!max.ok()) return max.status();
  std::string known = get("stop_at_known_page");
  if (!known.empty() && known != "true" && known != "false")
    return Invalid("stop_at_known_page", "expected true or false");

  o.poll_interval_ms = *interval * 1000;
  o.page_size = static_cast<int>(*page_size);
  o.max_pages = static_cast<int>(*max_pages);
  o.stop_at_known_page = known != "false";
  o.max_reply_pages = static_cast<int>(*reply_pages);
  o.backoff_initial_ms = *initial * 1000;
  o.backoff_max_ms = *max * 1000;
  o.http_timeout_s = static_cast<int>(*timeout);
  o.seen_retention_ms = *retention * 86'400'000;
  return o;
}

}  // namespace aspirasi::ingest::youtube
