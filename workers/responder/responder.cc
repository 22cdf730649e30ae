#include "workers/responder/responder.h"

#include "common/log.h"

namespace aspirasi::responder {

void Responder::Remember(uint64_t ticket_id) {
  if (remember_ == 0 || !seen_.insert(ticket_id).second) return;
  order_.push_back(ticket_id);
  if (order_.size() > remember_) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
}

HandleResult Responder::Process(const v1::Deliver& deliver) {
  const v1::Ticket& t = deliver.ticket();
  if (seen_.count(t.id()) > 0) {
    ++stats_.duplicates;
    ModuleLogger("responder")
        ->info("ticket id={} number={} attempt={} was handled before; acknowledging again", t.id(),
               t.number(), deliver.attempt());
    return HandleResult::Done();
  }
  if (t.status() == v1::WITHDRAWN) {
    ++stats_.withdrawn;
    ModuleLogger("responder")
        ->info("ticket id={} number={} was withdrawn by the citizen; nothing to post", t.id(), t.number());
    Remember(t.id());
    return HandleResult::Done();
  }
  HandleResult r = handler_.Handle(deliver);
  if (r.outcome == v1::FAILED) {
    ++stats_.failed;
  } else {
    ++stats_.handled;
    Remember(t.id());
  }
  return r;
}

namespace {

void PostReply(WorkerSession& session, ReplyPoster* poster, const v1::Deliver& deliver, int begin_ms) {
  auto log = ModuleLogger("responder");
  const uint64_t id = deliver.reply().reply_id();
  auto begin = session.BeginReply(deliver, begin_ms);
  if (!begin.ok()) {
    log->warn("reply {}: not posted: {}", id, begin.status().message());
    return;
  }
  if (!*begin) return;
  v1::ReplyResult result;
  if (poster != nullptr) {
    result = poster->Post(deliver.reply());
  } else {
    result.set_reply_id(id);
    result.set_outcome(v1::EGRESS_PERMANENT);
    result.set_reason("this responder runs without platform egress");
  }
  if (Status st = session.AckReply(deliver, result); !st.ok()) {
    // The session reports it after the next welcome; it is never posted twice.
    log->warn("reply {}: result not reported yet ({}); reporting it once the broker is back", id,
              st.message());
  }
}

}  // namespace

Status RunResponder(WorkerSession& session, Responder& responder, const std::atomic<bool>& stop,
                    const RunOptions& options, ReplyPoster* poster) {
  uint64_t processed = 0;
  Status result;
  while (!stop && (options.exit_after == 0 || processed < options.exit_after)) {
    auto next = session.Poll(options.poll_ms);
    if (!next.ok()) {
      result = next.status();
      break;
    }
    if (!next->has_value()) continue;
    const v1::Deliver& deliver = **next;
    if (deliver.has_reply()) {
      PostReply(session, poster, deliver, options.begin_reply_ms);
      ++processed;
      continue;
    }
    HandleResult r = responder.Process(deliver);
    if (Status st = session.Ack(deliver, r.outcome, r.error); !st.ok()) {
      // The connection is gone; the broker owns the lease again and will redeliver.
      ModuleLogger("responder")->warn("ticket id={}: ack not sent: {}", deliver.ticket().id(), st.message());
    }
    ++processed;
  }
  (void)session.Bye();
  return result;
}

}  // namespace aspirasi::responder
