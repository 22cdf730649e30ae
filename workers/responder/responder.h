// Responder: the session-independent part of a response worker. For each delivery it decides
// what to do and what to acknowledge:
//  * a ticket this process already handled (a redelivery: expired lease, lost ack, broker
//    restart) is acknowledged DONE again without calling the handler, so the citizen never
//    gets a second automatic reply (PROTOCOL.md 4.2.5: ticket.id is the dedup key);
//  * a WITHDRAWN ticket is acknowledged DONE without calling the handler;
//  * anything else goes to the DeliveryHandler, whose result becomes the ack.
// It remembers the last `remember` handled ticket ids (oldest forgotten first).
//
// RunResponder drives a WorkerSession with it until stopped.
// Thread safety: none; one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <unordered_set>

#include "clients/lib/worker_session.h"
#include "common/status.h"
#include "workers/responder/delivery_handler.h"
#include "workers/responder/reply_poster.h"
#include "workers/responder/responder_metrics.h"

namespace aspirasi::responder {

struct ResponderStats {
  uint64_t handled = 0;     // passed to the handler and DONE
  uint64_t failed = 0;      // passed to the handler and FAILED
  uint64_t duplicates = 0;  // redeliveries of tickets already handled
  uint64_t withdrawn = 0;   // withdrawn tickets acknowledged without handling
};

class Responder {
 public:
  explicit Responder(DeliveryHandler& handler, std::size_t remember = 100000)
      : handler_(handler), remember_(remember) {}

  // What to acknowledge for this delivery (calls the handler when needed).
  HandleResult Process(const v1::Deliver& deliver);

  const ResponderStats& stats() const { return stats_; }

 private:
  void Remember(uint64_t ticket_id);

  DeliveryHandler& handler_;
  std::size_t remember_;
  std::unordered_set<uint64_t> seen_;
  std::deque<uint64_t> order_;
  ResponderStats stats_;
};

struct RunOptions {
  int poll_ms = 200;                    // how often `stop` is checked
  uint64_t exit_after = 0;              // stop after this many deliveries (0 = never); for tests and demos
  int begin_reply_ms = 10000;           // how long to wait for the broker's go-ahead before posting a reply
  int posters = 4;                      // replies posted side by side (threads waiting on platforms)
  ResponderMetrics* metrics = nullptr;  // counted there when given (--http-listen)
};

// Polls the session, processes each delivery and acknowledges it (which frees its place in the window), until
// `stop` is set or exit_after deliveries were processed; then says bye. Returns OK, or the session's final
// error (e.g. the broker refused the hello). A reply delivery is posted at most once: BeginReply first (the
// broker records that it is being posted), then `poster` posts it on one of `posters` threads (a PostPool,
// so that a slow platform holds up neither heartbeats nor tickets), then AckReply reports the platform's
// answer. One ticket's replies are posted one after the other, in delivery order. Posts in the air are
// finished and reported before the bye. Without a poster replies are answered PERMANENT ("no egress").
Status RunResponder(WorkerSession& session, Responder& responder, const std::atomic<bool>& stop,
                    const RunOptions& options = {}, ReplyPoster* poster = nullptr);

}  // namespace aspirasi::responder
