// ResponderMetrics: what a responder exposes on /metrics and /healthz (with `--http-listen`), so that
// an operator sees a desk's responder down, disconnected from the broker, or failing to post.
//
// Thread safety: the loop updates it (atomics); the HTTP thread renders and calls Health().
#pragma once

#include <atomic>
#include <string>

#include "aspirasi/v1/wire.pb.h"
#include "common/metrics.h"

namespace aspirasi::responder {

class ResponderMetrics {
 public:
  // `endpoint`: the broker's worker endpoint, for the health message.
  ResponderMetrics(Metrics& metrics, std::string endpoint);

  // The session's state after each poll.
  void Connected(bool registered);
  // The session failed for good (the broker refused the hello): unhealthy with this reason.
  void Failed(const std::string& reason);
  // A ticket acknowledged: "handled", "failed", "duplicate" or "withdrawn".
  void Ticket(const char* outcome);
  // A reply's result as reported to the broker.
  void Reply(v1::EgressOutcome outcome);
  void PostsInFlight(std::size_t n) { in_flight_->Set(static_cast<double>(n)); }

  // "" while registered with the broker; else why not.
  std::string Health() const;

 private:
  Counter& TicketCounter(const char* outcome);
  Counter& ReplyCounter(const char* outcome);

  Metrics& metrics_;
  std::string endpoint_;
  Gauge* connected_;
  Gauge* in_flight_;
  Counter* reconnects_;
  std::atomic<bool> registered_{false};
  std::atomic<bool> failed_{false};
  std::string failure_;  // written once before failed_ is set
};

}  // namespace aspirasi::responder
