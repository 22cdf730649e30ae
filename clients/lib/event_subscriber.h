// EventSubscriber: every stored event after a given seq, exactly once, in order, without gaps.
//
// The broker's events endpoint (PUB) announces only its newest seq (common/head_notice.h); the
// events are read from the api endpoint with read_events, which the broker scopes to what this
// client's key (and actor) may see, and to `opds`. A lost notice is repaired by the next one (the
// broker sends one per heartbeat) or, when none comes for idle_check_ms, by a read anyway
// (PROTOCOL 7; EventSequencer does the bookkeeping).
//
// Thread safety: none. Use it from one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "aspirasi/v1/event.pb.h"
#include "clients/lib/api_client.h"
#include "clients/lib/client_keys.h"
#include "clients/lib/event_sequencer.h"
#include "common/status.h"

namespace aspirasi {

namespace client_internal {
class WireSocket;
}

struct EventSubscriberOptions {
  int api_timeout_ms = 5000;   // per read_events request
  uint32_t read_limit = 1000;  // events per read_events request
  int idle_check_ms = 2000;    // with no head notice for this long, read anyway (lost notices)
  std::string actor = {};      // Envelope.actor of the catch-up reads (the broker scopes them by it)
  ClientKeys keys = {};        // CURVE, for a broker with keys (docs/SECURITY.md)
};

class EventSubscriber {
 public:
  // `opds` empty = all OPDs. `ctx` may be shared (it must outlive the subscriber).
  EventSubscriber(std::string api_endpoint, std::string events_endpoint, std::vector<std::string> opds,
                  EventSubscriberOptions options = {}, zmq::context_t* ctx = nullptr);
  ~EventSubscriber();
  EventSubscriber(const EventSubscriber&) = delete;
  EventSubscriber& operator=(const EventSubscriber&) = delete;

  // Subscribes, then yields events with seq > after_seq. Calling Start again restarts.
  Status Start(uint64_t after_seq);

  // The next event, waiting up to timeout_ms; nullopt when none came in time. Errors are from
  // the catch-up reads (e.g. TIMEOUT when the api endpoint does not answer); the subscriber
  // stays usable and retries on the next call.
  // REQUIRES: Start() returned OK.
  Result<std::optional<v1::Event>> Next(int timeout_ms);

  // Every event with seq <= covered() has been returned or filtered out.
  uint64_t covered() const;

 private:
  Status CatchUp();
  void DrainLive();
  void WarnIfStoreBehind(uint64_t last_seq);

  std::string events_endpoint_;
  std::vector<std::string> opds_;
  EventSubscriberOptions options_;
  std::unique_ptr<zmq::context_t> own_ctx_;
  zmq::context_t* ctx_;
  ApiClient api_;
  std::unique_ptr<client_internal::WireSocket> sub_;
  std::unique_ptr<EventSequencer> sequencer_;
  int64_t last_activity_us_ = 0;
  bool warned_store_behind_ = false;
  bool warned_bad_notice_ = false;
};

}  // namespace aspirasi
