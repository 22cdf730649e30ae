#include "broker/dispatch/dispatcher.h"

#include <algorithm>

namespace aspirasi::dispatch {

Dispatcher::Dispatcher(Options options, const Clock& clock, WorkerTable& workers, BodyLoader loader,
                       PageLoader pages, QueueBudget* budget)
    : options_(options),
      clock_(clock),
      loader_(std::move(loader)),
      pages_(std::move(pages)),
      budget_(budget),
      workers_(workers) {
  if (budget_ == nullptr) {
    own_budget_ = std::make_unique<QueueBudget>(options_.memory_budget_bytes);
    budget_ = own_budget_.get();
  }
  // Lease ids differ across restarts, so an ack from before a restart never matches a new lease.
  next_lease_id_ = static_cast<uint64_t>(clock_.NowMs()) * 1000 + 1;
}

Dispatcher::Key Dispatcher::KeyOf(const QueuedTicket& t) {
  int rank = t.urgency == v1::SANGAT_SEGERA ? 0 : t.urgency == v1::SEGERA ? 1 : 2;
  return Key{rank, t.sla_due_ms, t.id};
}

void Dispatcher::KeepBody(QueuedTicket& t) {
  if (!t.body) return;
  const std::size_t cost = t.body->size() + QueueBudget::kBodyOverhead;
  if (!budget_->Fits(cost)) {
    t.body.reset();  // over budget: loaded from the store when it is delivered
    return;
  }
  budget_->Take(cost);
}

void Dispatcher::DropBody(QueuedTicket& t) {
  if (!t.body) return;
  budget_->Give(t.body->size() + QueueBudget::kBodyOverhead);
  t.body.reset();
}

bool Dispatcher::Admits(const Queue& q) const {
  return !pages_ || q.items.size() < kFloor || budget_->Fits(QueueBudget::kEntryBytes);
}

void Dispatcher::Insert(Queue& q, QueuedTicket ticket) {
  budget_->Take(QueueBudget::kEntryBytes);
  KeepBody(ticket);
  Key key = KeyOf(ticket);
  where_[ticket.id] = {&q, key};
  q.items.emplace(key, std::move(ticket));
  ++queued_;
}

QueuedTicket Dispatcher::Extract(Queue& q, std::map<Key, QueuedTicket>::iterator it) {
  QueuedTicket ticket = std::move(it->second);
  q.items.erase(it);
  where_.erase(ticket.id);
  pinned_.erase(ticket.id);
  --queued_;
  budget_->Give(QueueBudget::kEntryBytes);
  if (ticket.body) budget_->Give(ticket.body->size() + QueueBudget::kBodyOverhead);
  return ticket;
}

void Dispatcher::LeaveInStore(Queue& q, std::size_t n) {
  q.spilled = true;
  q.in_store += n;
  in_store_ += n;
}

bool Dispatcher::EvictLast(Queue& q) {
  for (auto it = q.items.end(); it != q.items.begin();) {
    --it;
    if (pinned_.count(it->second.id)) continue;
    (void)Extract(q, it);
    LeaveInStore(q);
    return true;
  }
  return false;
}

void Dispatcher::Enqueue(QueuedTicket ticket) {
  held_.erase(ticket.id);
  if (where_.count(ticket.id)) return;
  Queue& q = queues_[ticket.opd];
  if (pages_) {
    const bool after_last = !q.items.empty() && KeyOf(ticket) > q.items.rbegin()->first;
    // Behind a spilled queue's last item the store holds items that go first: it waits there too.
    if ((q.spilled && after_last) || (!Admits(q) && (after_last || q.items.empty()))) {
      LeaveInStore(q);
      return;
    }
    // More urgent than the queue's last item, which goes back to the store instead.
    if (!Admits(q) && !EvictLast(q)) {
      LeaveInStore(q);
      return;
    }
  }
  Insert(q, std::move(ticket));
}

void Dispatcher::Requeue(QueuedTicket ticket) {
  if (where_.count(ticket.id)) return;
  Queue& q = queues_[ticket.opd];
  // Back from a lease: the store may not show it pending yet (a reply whose go-ahead is being
  // undone), so it stays in memory until delivered. As many as there are leases, at most.
  if (pages_) {
    if (!Admits(q)) (void)EvictLast(q);
    pinned_.insert(ticket.id);
  }
  Insert(q, std::move(ticket));
}

void Dispatcher::MarkInStore(const std::string& opd, std::size_t count) {
  if (count == 0) return;
  LeaveInStore(queues_[opd], count);
}

void Dispatcher::Away(uint64_t id) {
  if (!pages_) return;
  const int64_t until = clock_.MonoUs() + kAwayUs;
  away_[id] = until;
  away_order_.emplace_back(until, id);
}

void Dispatcher::Settled(uint64_t id) { away_.erase(id); }

void Dispatcher::Hold(uint64_t id) {
  if (pages_) held_.insert(id);
}

bool Dispatcher::Known(uint64_t id, bool* away) {
  if (where_.count(id) || leased_items_.count(id) || held_.count(id)) return true;
  auto it = away_.find(id);
  if (it == away_.end() || it->second <= clock_.MonoUs()) return false;
  if (away) *away = true;
  return true;
}

void Dispatcher::Refill(const std::string& opd, Queue& q) {
  // Past the items it holds, those leased and those kept out, the store's first items are new.
  const std::size_t want = q.items.size() + leased_items_.size() + away_.size() + held_.size() + kPage;
  auto page = pages_(opd, want);
  if (!page.ok()) return;
  std::size_t added = 0;
  bool stopped = false, kept_out = false;
  for (QueuedTicket& t : *page) {
    if (Known(t.id, &kept_out)) continue;
    if (!Admits(q)) {
      stopped = true;
      break;
    }
    t.opd = opd;
    Insert(q, std::move(t));
    ++added;
  }
  const std::size_t gone = std::min(added, q.in_store);
  q.in_store -= gone;
  in_store_ -= gone;
  if (!stopped && page->size() < want) {
    // The store has no more of this queue than it holds now: the estimate is exact again.
    in_store_ -= q.in_store;
    q.in_store = 0;
    q.spilled = false;
    if (kept_out) {
      // Ended leases the store does not show yet: almost always recorded a moment later; look once
      // more in a second in case one never is (its write failed), so that it is not stranded.
      q.spilled = true;
      q.read_after_us = clock_.MonoUs() + kReadAgainUs;
    }
  }
}

void Dispatcher::Refresh(uint64_t id, std::shared_ptr<const std::string> body) {
  auto it = where_.find(id);
  if (it == where_.end()) return;
  auto& item = it->second.first->items.at(it->second.second);
  DropBody(item);
  item.body = std::move(body);
  KeepBody(item);
}

std::optional<QueuedTicket> Dispatcher::Remove(uint64_t id) {
  auto it = where_.find(id);
  if (it == where_.end()) return std::nullopt;
  Queue& q = *it->second.first;
  return Extract(q, q.items.find(it->second.second));
}

std::size_t Dispatcher::queued(const std::string& opd) const {
  auto it = queues_.find(opd);
  return it == queues_.end() ? 0 : it->second.items.size() + it->second.in_store;
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
  leased_items_.erase(lease.ticket.id);
  std::string worker_name = workers_.Name(lease.identity);
  if (auto w = leases_of_.find(lease.identity); w != leases_of_.end() && w->second.erase(lease_id) > 0) {
    workers_.Returned(lease.identity);
  }
  if (!count_attempt) {
    Requeue(std::move(lease.ticket));
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
    Requeue(std::move(lease.ticket));
  } else {
    Away(f.ticket_id);
  }
  return f;
}

AckResult Dispatcher::Ack(const std::string& identity, uint64_t lease_id, uint64_t ticket_id,
                          v1::DeliveryOutcome outcome, const std::string& error) {
  AckResult r;
  auto it = leases_.find(lease_id);
  // Matched by lease (PROTOCOL.md 3.6); a ticket id, when the worker gives one, must be the lease's.
  if (it == leases_.end() || it->second.identity != identity ||
      (ticket_id != 0 && it->second.ticket.id != ticket_id)) {
    return r;
  }
  ticket_id = it->second.ticket.id;
  r.ticket_id = ticket_id;
  r.worker = workers_.Name(identity);
  r.attempt = it->second.attempt;
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
  leased_items_.erase(ticket_id);
  Away(ticket_id);
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
  if (pages_) {
    // Ended leases whose writes the store has surely recorded by now.
    while (!away_order_.empty()) {
      auto [until, id] = away_order_.front();
      auto it = away_.find(id);
      if (it != away_.end() && it->second == until && until > now_us) break;
      if (it != away_.end() && it->second == until) away_.erase(it);
      away_order_.pop_front();
    }
    // A spilled queue running low reads the store again, when a worker could take its items and
    // the read can add many: under its floor, or with room in the budget for half a page.
    for (auto& [opd, q] : queues_) {
      if (!q.spilled || q.items.size() >= kPage / 2 || q.read_after_us > now_us || !HasRoom(q)) continue;
      if (q.items.size() < kFloor / 2 || budget_->Fits(kPage / 2 * QueueBudget::kEntryBytes)) Refill(opd, q);
    }
  }
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
    QueuedTicket ticket = Extract(*best, best->items.begin());
    if (!ticket.body && loader_) ticket.body = loader_(ticket.id);
    if (!ticket.body) {
      Away(ticket.id);  // vanished from the store: nothing to deliver (and not read back for a while)
      continue;
    }
    workers_.Took(*identity);
    uint64_t lease_id = next_lease_id_++;
    leases_of_[*identity].insert(lease_id);
    Lease& lease = leases_[lease_id];
    lease.identity = *identity;
    lease.attempt = ticket.attempts + 1;
    lease.expires_us = now_us + int64_t{options_.lease_ms} * 1000;
    lease.ticket = ticket;
    leased_items_.insert(ticket.id);
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
