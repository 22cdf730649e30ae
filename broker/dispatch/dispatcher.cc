#include "broker/dispatch/dispatcher.h"

#include <algorithm>

namespace aspirasi::dispatch {

Dispatcher::Dispatcher(Options options, const Clock& clock, BodyLoader loader)
    : options_(options), clock_(clock), loader_(std::move(loader)) {
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

void Dispatcher::AddWorker(const std::string& identity, const std::string& name,
                           const std::vector<std::string>& opds, uint32_t credit) {
  if (workers_.count(identity)) RemoveWorker(identity, false, "worker said hello again");
  Worker& w = workers_[identity];
  w.name = name;
  w.opds = opds;
  w.credit = credit;
  w.last_seen_us = clock_.MonoUs();
  for (const auto& opd : opds) queues_[opd].workers.push_back(identity);
}

bool Dispatcher::AddCredit(const std::string& identity, uint32_t credit) {
  auto it = workers_.find(identity);
  if (it == workers_.end()) return false;
  // Saturating: a hostile peer cannot wrap the counter.
  it->second.credit =
      static_cast<uint32_t>(std::min<uint64_t>(uint64_t{it->second.credit} + credit, 1u << 30));
  it->second.last_seen_us = clock_.MonoUs();
  return true;
}

bool Dispatcher::Touch(const std::string& identity) {
  auto it = workers_.find(identity);
  if (it == workers_.end()) return false;
  it->second.last_seen_us = clock_.MonoUs();
  return true;
}

std::vector<Failure> Dispatcher::RemoveWorker(const std::string& identity, bool count_attempt,
                                              const std::string& reason) {
  std::vector<Failure> failures;
  auto it = workers_.find(identity);
  if (it == workers_.end()) return failures;
  std::set<uint64_t> leases = it->second.leases;
  for (uint64_t lease_id : leases) {
    if (auto f = FailLease(lease_id, reason, count_attempt)) failures.push_back(std::move(*f));
  }
  for (const auto& opd : it->second.opds) {
    auto& list = queues_[opd].workers;
    list.erase(std::remove(list.begin(), list.end(), identity), list.end());
  }
  workers_.erase(it);
  return failures;
}

std::vector<std::string> Dispatcher::DeadWorkers() const {
  std::vector<std::string> dead;
  int64_t limit = int64_t{options_.heartbeat_ms} * options_.liveness * 1000;
  int64_t now = clock_.MonoUs();
  for (const auto& [identity, w] : workers_) {
    if (now - w.last_seen_us > limit) dead.push_back(identity);
  }
  return dead;
}

std::vector<std::string> Dispatcher::WorkerIdentities() const {
  std::vector<std::string> out;
  for (const auto& [identity, w] : workers_) out.push_back(identity);
  return out;
}

// Returns the ticket of a lease to its queue, or dead-letters it. Nullopt when the lease is gone
// or when no attempt is counted.
std::optional<Failure> Dispatcher::FailLease(uint64_t lease_id, const std::string& reason,
                                             bool count_attempt) {
  auto it = leases_.find(lease_id);
  if (it == leases_.end()) return std::nullopt;
  Lease lease = std::move(it->second);
  leases_.erase(it);
  std::string worker_name;
  if (auto w = workers_.find(lease.identity); w != workers_.end()) {
    w->second.leases.erase(lease_id);
    worker_name = w->second.name;
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
  Touch(identity);
  auto it = leases_.find(lease_id);
  if (it == leases_.end() || it->second.identity != identity || it->second.ticket.id != ticket_id) return r;
  r.ticket_id = ticket_id;
  if (auto w = workers_.find(identity); w != workers_.end()) r.worker = w->second.name;
  if (outcome == v1::FAILED) {
    r.kind = AckResult::kFailed;
    r.failure = FailLease(lease_id, error.empty() ? "worker reported failure" : error, true);
    return r;
  }
  r.kind = AckResult::kDone;
  if (auto w = workers_.find(identity); w != workers_.end()) w->second.leases.erase(lease_id);
  leases_.erase(it);
  return r;
}

std::string* Dispatcher::PickWorker(Queue& q) {
  for (std::size_t n = 0; n < q.workers.size(); ++n) {
    std::size_t i = (q.next_worker + n) % q.workers.size();
    auto w = workers_.find(q.workers[i]);
    if (w != workers_.end() && w->second.credit > 0) {
      q.next_worker = (i + 1) % q.workers.size();
      return &q.workers[i];
    }
  }
  return nullptr;
}

bool Dispatcher::HasCredit(const Queue& q) const {
  for (const auto& identity : q.workers) {
    auto w = workers_.find(identity);
    if (w != workers_.end() && w->second.credit > 0) return true;
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
      if (q.items.empty() || !HasCredit(q)) continue;
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
    Worker& w = workers_.at(*identity);
    --w.credit;
    uint64_t lease_id = next_lease_id_++;
    w.leases.insert(lease_id);
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
