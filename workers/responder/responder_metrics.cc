#include "workers/responder/responder_metrics.h"

#include <utility>

namespace aspirasi::responder {

ResponderMetrics::ResponderMetrics(Metrics& metrics, std::string endpoint)
    : metrics_(metrics), endpoint_(std::move(endpoint)) {
  connected_ = &metrics_.GetGauge("aspirasi_responder_connected",
                                  "1 while the responder is registered with the broker, else 0");
  in_flight_ =
      &metrics_.GetGauge("aspirasi_responder_posts_in_flight", "Replies being posted on their platforms now");
  reconnects_ = &metrics_.GetCounter("aspirasi_responder_disconnects_total",
                                     "Times the responder lost its registration with the broker");
  // Every series exists from the start (a rate over a series that appears later misses its first step).
  for (const char* o : {"handled", "failed", "duplicate", "withdrawn"}) TicketCounter(o);
  for (const char* o : {"sent", "transient", "permanent", "unknown", "other"}) ReplyCounter(o);
}

Counter& ResponderMetrics::TicketCounter(const char* outcome) {
  return metrics_.GetCounter("aspirasi_responder_tickets_total",
                             "Tickets acknowledged to the broker, by what became of them",
                             std::string("outcome=\"") + outcome + "\"");
}

Counter& ResponderMetrics::ReplyCounter(const char* outcome) {
  return metrics_.GetCounter("aspirasi_responder_replies_total", "Replies posted, by what the platform said",
                             std::string("outcome=\"") + outcome + "\"");
}

void ResponderMetrics::Connected(bool registered) {
  const bool was = registered_.exchange(registered);
  if (was && !registered) reconnects_->Inc();
  connected_->Set(registered ? 1 : 0);
}

void ResponderMetrics::Failed(const std::string& reason) {
  if (failed_) return;
  failure_ = reason;
  failed_ = true;
  Connected(false);
}

void ResponderMetrics::Ticket(const char* outcome) { TicketCounter(outcome).Inc(); }

void ResponderMetrics::Reply(v1::EgressOutcome outcome) {
  const char* name = "other";
  switch (outcome) {
    case v1::EGRESS_SENT:
      name = "sent";
      break;
    case v1::EGRESS_TRANSIENT:
      name = "transient";
      break;
    case v1::EGRESS_PERMANENT:
      name = "permanent";
      break;
    case v1::EGRESS_UNKNOWN:
      name = "unknown";
      break;
    default:
      break;
  }
  ReplyCounter(name).Inc();
}

std::string ResponderMetrics::Health() const {
  if (failed_) return "the broker refused this responder: " + failure_;
  if (!registered_) return "not registered with the broker at " + endpoint_;
  return "";
}

}  // namespace aspirasi::responder
