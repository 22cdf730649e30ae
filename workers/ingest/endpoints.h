// Endpoints: the webhook endpoints of aspirasi-ingest, one per [[account]]:
// /webhooks/<channel>/<account id>. Built once at start from the configuration and the channel
// registry; read-only afterwards (safe from any thread).
//
// An account's channel is a registered channel (facebook, ..., generic), or the name of a
// [[channel]] table, whose type names the registered implementation and whose keys become the
// account's options (lists newline-separated, booleans "true"/"false"). Secrets are read here
// (secrets.h). Start-up fails (CONFIG_INVALID naming the key) when:
//   - the channel is neither registered nor a [[channel]] (except the platforms of
//     kPlatformChannels whose plug-in is not in this build: listed in disabled(), answered 404);
//   - a [[channel]] is named like a registered channel, or its type is not registered;
//   - a webhook account has no secret (generic channels without signature_header excepted).
// Account options named "*_path" are files: a relative one is made relative to the configuration
// file's folder, like every other path of the configuration.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "workers/ingest/channel.h"
#include "workers/ingest/secrets.h"

namespace aspirasi::ingest {

// Platforms that have (or will have) a plug-in; an account of one that this build lacks is
// disabled with a warning instead of stopping the start.
inline constexpr std::string_view kPlatformChannels[] = {"facebook", "instagram", "whatsapp",
                                                         "telegram", "x",         "youtube"};

struct Endpoint {
  const Channel* channel = nullptr;  // the implementation (owned by the registry)
  ChannelInfo info;                  // of the implementation
  AccountContext account;            // channel = the configured name (e.g. "form")
  int64_t body_limit_bytes = 0;
  std::string config_key;  // "account[3]", for messages
};

class Endpoints {
 public:
  static Result<Endpoints> Build(const Config& config, const ChannelRegistry& registry, const EnvLookup& env);

  const Endpoint* Find(std::string_view channel, std::string_view account) const;
  const std::vector<Endpoint>& all() const { return endpoints_; }
  // "telegram/7712340098" of accounts whose platform plug-in is not in this build.
  const std::vector<std::string>& disabled() const { return disabled_; }
  // The largest body limit of any endpoint (the HTTP server's own cap).
  int64_t max_body_limit() const { return max_body_limit_; }

 private:
  std::vector<Endpoint> endpoints_;
  std::vector<std::string> disabled_;
  int64_t max_body_limit_ = 0;
};

// The options a [[channel]] table gives its accounts.
std::map<std::string, std::string> ChannelOptions(const ChannelConfig& channel);

}  // namespace aspirasi::ingest
