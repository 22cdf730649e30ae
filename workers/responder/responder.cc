#include "workers/responder/responder.h"

#include <algorithm>
#include <deque>
#include <memory>

#include "common/log.h"
#include "workers/responder/post_pool.h"

namespace aspirasi::responder {
namespace {
constexpr int kReportEveryMs = 5;  // how soon a finished post is reported
}  // namespace

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

// Reports what the platform said about each finished post.
void ReportPosted(WorkerSession& session, PostPool& pool, ResponderMetrics* metrics) {
  for (PostPool::Posted& p : pool.Take()) {
    if (metrics != nullptr) metrics->Reply(p.result.outcome());
    if (Status st = session.AckReply(p.deliver, p.result); !st.ok()) {
      // The session reports it after the next welcome; it is never posted twice.
      ModuleLogger("responder")
          ->warn("reply {}: result not reported yet ({}); reporting it once the broker is back",
                 p.deliver.reply().reply_id(), st.message());
    }
  }
}

// Asks the broker's go-ahead, then hands the reply to the pool (or answers it at once without one).
void StartReply(WorkerSession& session, PostPool* pool, const v1::Deliver& deliver, int begin_ms) {
  const uint64_t id = deliver.reply().reply_id();
  auto begin = session.BeginReply(deliver, begin_ms);
  if (!begin.ok()) {
    ModuleLogger("responder")->warn("reply {}: not posted: {}", id, begin.status().message());
    return;
  }
  if (!*begin) return;
  if (pool != nullptr) {
    pool->Submit(deliver);  // CanStart said a thread is free: posted at once
    return;
  }
  v1::ReplyResult result;
  result.set_reply_id(id);
  result.set_outcome(v1::EGRESS_PERMANENT);
  result.set_reason("this responder runs without platform egress");
  (void)session.AckReply(deliver, result);
}

}  // namespace

Status RunResponder(WorkerSession& session, Responder& responder, const std::atomic<bool>& stop,
                    const RunOptions& options, ReplyPoster* poster) {
  std::unique_ptr<PostPool> pool;
  if (poster != nullptr) {
    pool = std::make_unique<PostPool>(static_cast<std::size_t>(std::max(options.posters, 1)),
                                      [poster](const v1::OutboundReply& r) { return poster->Post(r); });
  }
  // Reply deliveries waiting for a free poster, or for an earlier reply of their ticket, in the
  // order they came. Their go-ahead is asked only when they can be posted at once.
  std::deque<v1::Deliver> waiting;
  auto start_waiting = [&] {
    for (auto it = waiting.begin(); it != waiting.end();) {
      if (!pool->CanStart(it->reply().ticket().id())) {
        ++it;
        continue;
      }
      StartReply(session, pool.get(), *it, options.begin_reply_ms);
      it = waiting.erase(it);
    }
  };
  // While posts are in the air or waiting, the loop wakes often to report and start them; the
  // session keeps its heartbeats going in between.
  auto busy = [&] { return pool && (pool->in_flight() > 0 || !waiting.empty()); };
  uint64_t processed = 0;
  Status result;
  while (!stop && (options.exit_after == 0 || processed < options.exit_after)) {
    if (pool) {
      ReportPosted(session, *pool, options.metrics);
      start_waiting();
    }
    auto next = session.Poll(busy() ? std::min(options.poll_ms, kReportEveryMs) : options.poll_ms);
    if (options.metrics != nullptr) {
      options.metrics->Connected(next.ok() && session.registered());
      if (pool) options.metrics->PostsInFlight(pool->in_flight());
    }
    if (!next.ok()) {
      result = next.status();
      if (options.metrics != nullptr) options.metrics->Failed(result.message());
      break;
    }
    if (!next->has_value()) continue;
    const v1::Deliver& deliver = **next;
    if (deliver.has_reply()) {
      if (pool) {
        waiting.push_back(deliver);
        start_waiting();
      } else {
        StartReply(session, nullptr, deliver, options.begin_reply_ms);
      }
      ++processed;
      continue;
    }
    const ResponderStats before = responder.stats();
    HandleResult r = responder.Process(deliver);
    if (options.metrics != nullptr) {
      const ResponderStats& after = responder.stats();
      options.metrics->Ticket(after.duplicates > before.duplicates ? "duplicate"
                              : after.withdrawn > before.withdrawn ? "withdrawn"
                              : after.failed > before.failed       ? "failed"
                                                                   : "handled");
    }
    if (Status st = session.Ack(deliver, r.outcome, r.error); !st.ok()) {
      // The connection is gone; the broker owns the lease again and will redeliver.
      ModuleLogger("responder")->warn("ticket id={}: ack not sent: {}", deliver.ticket().id(), st.message());
    }
    ++processed;
  }
  // Posts in the air finish (each within the egress timeout) and are reported before the bye, so
  // the broker learns what the platform said. After --exit-after the replies still waiting are
  // posted too; after a stop signal they are left to the bye, which gives them back to the broker
  // without counting an attempt, like every delivery that arrives meanwhile.
  if (stop) waiting.clear();
  while (result.ok() && busy()) {
    ReportPosted(session, *pool, options.metrics);
    start_waiting();
    if (!busy()) break;
    if (auto next = session.Poll(kReportEveryMs); !next.ok()) break;
  }
  (void)session.Bye();
  return result;
}

}  // namespace aspirasi::responder
