#include "broker/dispatch/dispatcher.h"

#include <algorithm>

namespace aspirasi::dispatch {

Dispatcher::Dispatcher(Options options, const Clock& clock, WorkerTable& workers, BodyLoader loader)
    : options_(options), clock_(clock), loader_(std::move(loader)), workers_(workers) {
  // Lease ids differ across restarts, so an ack from before a restart never matches a new lease.
  next_lease_id_ = static_cast<uint64_t>(clock_.NowMs()) * 1000 + 1;
}

Dispatcher::Key Dispatcher::KeyOf(const QueuedTicket& t) {
  int rank = t.urgency == v1::SANGAT_SEGERA ? 0 : t.urgency == v1::SEGERA ? 1 : 2;
  return Key{rank, t.sla_due_ms, t.id};
}

void Dispatcher::KeepBody(QueuedTicket& t) {
  if (!t.body) return;
  if (body_bytes_ + t.body->size() > options_.body_budget_bytes) {
    t.body.reset();  // over budget: loaded from the store when it is delivered
    return;
  }
  body_bytes_ += t.body->size();
}

void Dispatcher::Enqueue(QueuedTicket ticket) {
  if (where_.count(ticket.id)) return;
  Queue& q = queues_[ticket.opd];
  KeepBody(ticket);
  Key key = KeyOf(ticket);
  where_[ticket.id] = {&q, key};
  q.items.emplace(key, std::move(ticket));
  ++queued_;
}

void Dispatcher::Refresh(uint64_t id, std::shared_ptr<const std::string> body) {
  auto it = where_.find(id);
  if (it == where_.end()) return;
  auto& item = it->second.first->items.at(it->second.second);
  if (item.body) body_bytes_ -= item.body->size();
  item.body = std::move(body);
  KeepBody(item);
}

std::optional<QueuedTicket> Dispatcher::Remove(uint64_t id) {
  auto it = where_.find(id);
  if (it == where_.end()) return std::nullopt;
  auto& items = it->second.first->items;
  auto node = items.extract(it->second.second);
  where_.erase(it);
  --queued_;
  if (node.mapped().body) body_bytes_ -= node.mapped().body->size();
  return std::move(node.mapped());
}

std::size_t Dispatcher::queued(const std::string& opd) const {
  auto it = queues_.find(opd);
  return it == queues_.end() ? 0 : it->second.items.size();
}

void Dispatcher::AddWorker(const std::string& identity, const std::vector<std::string>& opds) {
  if (leases_of_.count(identity)) RemoveWorker(identity, false, "worker said hello again");
  leases_of_[identity];
  for (const auto& opd : opds) {
    auto& list = queues_[opd].workers;
    if (std::find(list.begin(), list.end(), identity) == list.end()) list.push_back(identity);
  }
}

std::vector<Failure> Dispatcher::RemoveWorker(const std::string& identity, bool count_attempt,
                                              const std::string& reason) {
  std::vector<Failure> failures;
  auto it = leases_of_.find(identity);
  if (it == leases_of_.end()) return failures;
  std::set<uint64_t> leases = it->second;
  for (uint64_t lease_id : leases) {
    if (auto f = FailLease(lease_id, reason, count_attempt)) failures.push_back(std::move(*f));
  }
  for (auto& [opd, q] : queues_) {
    q.workers.erase(std::remove(q.workers.begin(), q.workers.end(), identity), q.workers.end());
  }
  leases_of_.erase(identity);
  return failures;
}

// Returns the ticket of a lease to its queue, or dead-letters it. Nullopt when the lease is gone
// or when no attempt is counted.
std::optional<Failure> Dispatcher::FailLease(uint64_t lease_id, const std::string& reason,
                                             bool count_attempt) {
  auto it = leases_.find(lease_id);
  if (it == leases_.end()) return std::nullopt;
  Lease lease = std::move(it->second);
  leases_.erase(it);
  std::string worker_name = workers_.Name(lease.identity);
  if (auto w = leases_of_.find(lease.identity); w != leases_of_.end() && w->second.erase(lease_id) > 0) {
    workers_.Returned(lease.identity);
  }
  if (!count_attempt) {
    Enqueue(std::move(lease.ticket));
    return std::nullopt;
  }
  Failure f;
  f.ticket_id = lease.ticket.id;
  f.attempts = lease.ticket.attempts + 1;
  f.worker = worker_name;
  f.reason = reason;
  f.dead_letter = f.attempts >= static_cast<uint32_t>(options_.max_attempts);
  if (!f.dead_letter) {
    lease.ticket.attempts = f.attempts;
    Enqueue(std::move(lease.ticket));
  }
  return f;
}

AckResult Dispatcher::Ack(const std::string& identity, uint64_t lease_id, uint64_t ticket_id,
                          v1::DeliveryOutcome outcome, const std::string& error) {
  AckResult r;
  auto it = leases_.find(lease_id);
  if (it == leases_.end() || it->second.identity != identity || it->second.ticket.id != ticket_id) return r;
  r.ticket_id = ticket_id;
  r.worker = workers_.Name(identity);
  if (outcome == v1::FAILED) {
    r.kind = AckResult::kFailed;
    r.failure = FailLease(lease_id, error.empty() ? "worker reported failure" : error, true);
    return r;
  }
  r.kind = AckResult::kDone;
  if (auto w = leases_of_.find(identity); w != leases_of_.end() && w->second.erase(lease_id) > 0) {
    workers_.Returned(identity);
  }
  leases_.erase(it);
  return r;
}

bool Dispatcher::Release(const std::string& identity, uint64_t lease_id, uint64_t id) {
  auto it = leases_.find(lease_id);
  if (it == leases_.end() || it->second.identity != identity || it->second.ticket.id != id) return false;
  FailLease(lease_id, "", false);
  return true;
}

std::string* Dispatcher::PickWorker(Queue& q) {
  for (std::size_t n = 0; n < q.workers.size(); ++n) {
    std::size_t i = (q.next_worker + n) % q.workers.size();
    if (workers_.HasRoom(q.workers[i])) {
      q.next_worker = (i + 1) % q.workers.size();
      return &q.workers[i];
    }
  }
  return nullptr;
}

bool Dispatcher::HasRoom(const Queue& q) const {
  for (const auto& identity : q.workers) {
    if (workers_.HasRoom(identity)) return true;
  }
  return false;
}

std::vector<Delivery> Dispatcher::Next(std::size_t max) {
  std::vector<Delivery> out;
  int64_t now_us = clock_.MonoUs();
  int64_t now_ms = clock_.NowMs();
  while (out.size() < max) {
    // The most urgent head among the queues someone can take now: a worker serving several OPDs
    // gets their tickets in one global order (urgency, deadline, age), not OPD by OPD.
    Queue* best = nullptr;
    for (auto& [opd, q] : queues_) {
      if (q.items.empty() || !HasRoom(q)) continue;
      if (best == nullptr || q.items.begin()->first < best->items.begin()->first) best = &q;
    }
    if (best == nullptr) break;
    std::string* identity = PickWorker(*best);
    auto node = best->items.extract(best->items.begin());
    QueuedTicket ticket = std::move(node.mapped());
    where_.erase(ticket.id);
    --queued_;
    if (ticket.body) {
      body_bytes_ -= ticket.body->size();
    } else if (loader_) {
      ticket.body = loader_(ticket.id);
    }
    if (!ticket.body) continue;  // vanished from the store: nothing to deliver
    workers_.Took(*identity);
    uint64_t lease_id = next_lease_id_++;
    leases_of_[*identity].insert(lease_id);
    Lease& lease = leases_[lease_id];
    lease.identity = *identity;
    lease.attempt = ticket.attempts + 1;
    lease.expires_us = now_us + int64_t{options_.lease_ms} * 1000;
    lease.ticket = ticket;
    expiry_.emplace_back(lease.expires_us, lease_id);
    Delivery& d = out.emplace_back();
    d.identity = *identity;
    d.lease_id = lease_id;
    d.attempt = lease.attempt;
    d.lease_expires_ms = now_ms + options_.lease_ms;
    d.ticket = std::move(ticket);
  }
  return out;
}

std::vector<Failure> Dispatcher::ExpireLeases() {
  std::vector<Failure> failures;
  int64_t now = clock_.MonoUs();
  while (!expiry_.empty() && expiry_.front().first <= now) {
    uint64_t lease_id = expiry_.front().second;
    expiry_.pop_front();
    if (auto f = FailLease(lease_id, "lease expired without an ack", true)) failures.push_back(std::move(*f));
  }
  return failures;
}

int64_t Dispatcher::NextExpiryUs() {
  // Entries of leases already acked are dropped here, so this is amortized O(1).
  while (!expiry_.empty() && !leases_.count(expiry_.front().second)) expiry_.pop_front();
  return expiry_.empty() ? 0 : expiry_.front().first;
}

}  // namespace aspirasi::dispatch
