// Poller: a channel that fetches instead of receiving webhooks (YouTube commentThreads.list).
// aspirasi-ingest starts one poller per [[account]] of a polling channel, on its own thread,
// and stops it on shutdown.
//
// Contract:
//   - Run() polls until `stop` is requested, then returns promptly (within about a second: wait
//     with stop-aware sleeps, give HTTP calls a timeout). It never throws.
//   - Items go to the broker through `submitter.SubmitAll()`; a poller advances its cursor (page
//     token, newest updatedAt) only after SubmitAll returned OK, so nothing is lost across a
//     crash or a broker outage, and re-fetched items are harmless (idempotency keys, channel.h).
//   - Platform errors (quota, 5xx) are backed off and logged without citizen data; they never
//     end Run().
//   - A factory validates the account (its options, its secret) and returns INVALID_ARGUMENT
//     (field = the option) for a bad configuration, which stops aspirasi-ingest at start.
//
// Registration: channels/builtin.cc calls RegisterBuiltinPollers, which registers each polling
// channel's factory under the channel's name (the same name as its Channel and ChannelInfo with
// transport "polling").
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>

#include "common/metrics.h"
#include "common/status.h"
#include "workers/ingest/channel.h"
#include "workers/ingest/submitter.h"

namespace aspirasi::ingest {

class Poller {
 public:
  virtual ~Poller() = default;
  virtual void Run(std::stop_token stop) = 0;
};

// Everything a poller gets. All references outlive the poller.
struct PollerContext {
  const AccountContext& account;  // options hold channel settings ([[account]] options = {...})
  Submitter& submitter;
  Metrics& metrics;
};

using PollerFactory = std::function<Result<std::unique_ptr<Poller>>(const PollerContext& context)>;

// Poller factories by channel name. Registering a name twice is an error.
class PollerRegistry {
 public:
  Status Register(std::string channel, PollerFactory factory);
  const PollerFactory* Find(std::string_view channel) const;

 private:
  std::map<std::string, PollerFactory, std::less<>> factories_;
};

// Registers every built-in polling channel's factory (channels/builtin.cc).
Status RegisterBuiltinPollers(PollerRegistry& registry);

}  // namespace aspirasi::ingest
