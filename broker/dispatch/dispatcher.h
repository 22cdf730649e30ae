// Dispatcher: per-OPD queues, worker credit, delivery leases (the broker's rules 3, 4 and 5).
//
// Tickets wait in their OPD's queue ordered by urgency (SANGAT_SEGERA first), then SLA deadline,
// then age (id). A worker says which OPDs it serves; the WorkerTable (shared by the broker's ticket
// and reply dispatchers) holds its window, and a delivery goes to it only while it holds fewer
// deliveries than its window. Each delivery is a lease that expires after lease_ms. A lease that
// expires, is answered FAILED, or belongs to a worker that died counts one failed attempt: the
// ticket goes back to its queue, or to the dead letters once it has failed max_attempts times. A
// stale ack is harmless: it frees nothing and adds nothing.
//
// Memory: queued items charge the process's QueueBudget (queue_budget.h). With a PageLoader
// (the store), a queue is a window onto the store's pending items: past the budget an item stays
// in the store only ("on disk"; the queue is spilled), and a spilled queue that runs low (below
// kPage / 2) while a worker could take its items reads the store's first items in queue order
// again, adding those it does not hold (kPage more at a time). Every queue may hold kFloor items
// whatever the budget, so no OPD starves. Memory is then bounded by the budget (plus the floors
// and the leases), however large the backlog. An item may only be Enqueued once the store shows
// it pending (after its commit). Items the store still shows pending but that must not be read
// back are kept out: a lease that ended (acked, dead-lettered) until its write is Settled (or a
// minute passed), and an item Held elsewhere (a reply waiting for its retry) until it is
// Enqueued again. An item back from a lease (failed, expired, its worker gone, a reply not posted)
// stays in memory until delivered: the store may not show it pending yet.
//
// No I/O but through the loaders: the broker's event loop sends what Next() returns and persists
// what the methods report. Time comes from the Clock (monotonic).
// Thread safety: not thread-safe; owned by the broker's event-loop thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "aspirasi/v1/ticket.pb.h"
#include "aspirasi/v1/wire.pb.h"
#include "broker/dispatch/queue_budget.h"
#include "broker/dispatch/worker_table.h"
#include "common/clock.h"
#include "common/status.h"

namespace aspirasi::dispatch {

struct QueuedTicket {
  uint64_t id = 0;
  std::string opd;
  v1::Urgency urgency = v1::BIASA;
  int64_t sla_due_ms = 0;
  uint32_t attempts = 0;                    // failed attempts so far
  std::shared_ptr<const std::string> body;  // serialized Ticket; null = load when needed
};

// One delivery to send: the caller encodes it and sends it to `identity`.
struct Delivery {
  std::string identity;
  uint64_t lease_id = 0;
  uint32_t attempt = 0;  // 1-based
  int64_t lease_expires_ms = 0;
  QueuedTicket ticket;
};

// A failed attempt the caller must persist (and, for a dead letter, announce).
struct Failure {
  uint64_t ticket_id = 0;
  uint32_t attempts = 0;
  bool dead_letter = false;
  std::string worker;
  std::string reason;
};

struct AckResult {
  enum Kind { kDone, kFailed, kStale } kind = kStale;
  uint64_t ticket_id = 0;
  std::string worker;
  uint32_t attempt = 0;  // the delivery attempt the ack ends (1 = the first)
  std::optional<Failure> failure;
};

struct Options {
  int lease_ms = 30000;
  int max_attempts = 5;
  int heartbeat_ms = 1000;
  int liveness = 3;
  std::size_t memory_budget_bytes = 256u << 20;  // when no shared QueueBudget is given
};

class Dispatcher {
 public:
  // Loads a ticket body that was not kept in memory; null when it cannot be loaded.
  using BodyLoader = std::function<std::shared_ptr<const std::string>(uint64_t id)>;
  // The first `limit` items the store shows pending for `opd`, in queue order, without bodies.
  // An error is logged by the loader; the queue tries again on a later Next().
  using PageLoader =
      std::function<Result<std::vector<QueuedTicket>>(const std::string& opd, std::size_t limit)>;

  static constexpr std::size_t kPage = 1024;          // items read from the store at a time
  static constexpr std::size_t kFloor = 256;          // items a queue may hold whatever the budget
  static constexpr int64_t kAwayUs = 60'000'000;      // an unsettled ended lease is kept out this long
  static constexpr int64_t kReadAgainUs = 1'000'000;  // a queue whose end was kept out reads again

  // `workers` (and `budget`, when given) are shared with the other dispatchers of the broker and
  // outlive this one. Without a page loader nothing is ever left in the store (every item is held).
  Dispatcher(Options options, const Clock& clock, WorkerTable& workers, BodyLoader loader,
             PageLoader pages = nullptr, QueueBudget* budget = nullptr);

  // ---- tickets
  void Enqueue(QueuedTicket ticket);
  // At start: `opd` has `count` pending items in the store, none of them held yet.
  void MarkInStore(const std::string& opd, std::size_t count);
  // The store has recorded how the lease of item `id` ended: it may be read back again.
  void Settled(uint64_t id);
  // Item `id` waits outside the dispatcher (e.g. a reply's retry timer) and must not be read back
  // from the store until it is Enqueued again.
  void Hold(uint64_t id);
  // Replaces the body of a queued (not leased) ticket after an edit or an appended message.
  void Refresh(uint64_t id, std::shared_ptr<const std::string> body);
  // Takes a queued (not leased) ticket out of its queue, e.g. to move it to another OPD.
  std::optional<QueuedTicket> Remove(uint64_t id);
  // Items waiting: held in memory and left in the store (an estimate for the latter, exact again
  // once a queue has read the store to its end).
  std::size_t queued() const { return queued_ + in_store_; }
  std::size_t in_memory() const { return queued_; }
  std::size_t in_store() const { return in_store_; }
  std::size_t leased() const { return leases_.size(); }
  bool Leased(uint64_t id) const { return leased_items_.count(id) > 0; }
  std::size_t queued(const std::string& opd) const;
  const QueueBudget& budget() const { return *budget_; }

  // ---- workers (registered in the WorkerTable first; these keep this dispatcher's queues in step)
  // REQUIRES: opds non-empty, the worker in the table.
  void AddWorker(const std::string& identity, const std::vector<std::string>& opds);
  // A worker left (bye: count_attempt=false) or died (count_attempt=true): its leases here end (room
  // returned) and their tickets go back. Call before removing it from the table.
  std::vector<Failure> RemoveWorker(const std::string& identity, bool count_attempt,
                                    const std::string& reason);

  // ---- deliveries
  // Ends lease `lease_id` of `identity` (its room is free again); a lease it does not hold (stale)
  // changes nothing. `ticket_id` 0 means "not given"; another id than the lease's makes it stale.
  AckResult Ack(const std::string& identity, uint64_t lease_id, uint64_t ticket_id,
                v1::DeliveryOutcome outcome, const std::string& error);
  // Ends lease `lease_id` of `identity` for item `id` without counting an attempt: the item goes back
  // to its queue (a reply its worker did not post). False when it holds no such lease.
  bool Release(const std::string& identity, uint64_t lease_id, uint64_t id);
  // Every delivery possible now (room in the windows and queued items), at most `max`.
  std::vector<Delivery> Next(std::size_t max);
  // Leases past their expiry.
  std::vector<Failure> ExpireLeases();
  // Monotonic microseconds of the next lease expiry, or 0 when none.
  int64_t NextExpiryUs();

 private:
  struct Key {
    int urgency_rank;  // lower first: SANGAT_SEGERA = 0
    int64_t sla_due_ms;
    uint64_t id;
    auto operator<=>(const Key&) const = default;
  };
  struct Queue {
    std::map<Key, QueuedTicket> items;
    std::vector<std::string> workers;  // identities serving this OPD
    std::size_t next_worker = 0;       // round robin
    bool spilled = false;              // the store has pending items of this queue that it does not hold
    std::size_t in_store = 0;          // how many (an estimate)
    int64_t read_after_us = 0;         // not before (monotonic): the store's end was kept out
  };
  struct Lease {
    std::string identity;
    uint32_t attempt = 0;
    int64_t expires_us = 0;
    QueuedTicket ticket;
  };

  static Key KeyOf(const QueuedTicket& t);
  std::optional<Failure> FailLease(uint64_t lease_id, const std::string& reason, bool count_attempt);
  std::string* PickWorker(Queue& q);
  bool HasRoom(const Queue& q) const;
  void KeepBody(QueuedTicket& t);
  void DropBody(QueuedTicket& t);
  // May `q` hold one more item?
  bool Admits(const Queue& q) const;
  void Insert(Queue& q, QueuedTicket ticket);
  // An item back from a lease: held in memory (pinned) until delivered, whatever the budget.
  void Requeue(QueuedTicket ticket);
  // Sends the queue's last item that is not pinned back to the store; false when all are pinned.
  bool EvictLast(Queue& q);
  QueuedTicket Extract(Queue& q, std::map<Key, QueuedTicket>::iterator it);
  void LeaveInStore(Queue& q, std::size_t n = 1);
  // Reads the store's first items of a spilled queue running low.
  void Refill(const std::string& opd, Queue& q);
  // A lease of item `id` ended for good: keep the store's stale "pending" from being read back.
  void Away(uint64_t id);
  // Held in memory, leased, held elsewhere, or an ended lease the store may not show yet.
  bool Known(uint64_t id, bool* away = nullptr);

  Options options_;
  const Clock& clock_;
  BodyLoader loader_;
  PageLoader pages_;
  std::unique_ptr<QueueBudget> own_budget_;
  QueueBudget* budget_;
  std::map<std::string, Queue> queues_;                         // by OPD
  std::unordered_map<uint64_t, std::pair<Queue*, Key>> where_;  // queued ticket id -> its place
  WorkerTable& workers_;
  std::unordered_map<std::string, std::set<uint64_t>> leases_of_;  // identity -> its leases here
  std::unordered_map<uint64_t, Lease> leases_;
  std::unordered_set<uint64_t> leased_items_;            // item ids with a lease
  std::unordered_map<uint64_t, int64_t> away_;           // item id -> until (monotonic us)
  std::deque<std::pair<int64_t, uint64_t>> away_order_;  // (until, id), oldest first
  std::unordered_set<uint64_t> held_;                    // Hold()
  std::unordered_set<uint64_t> pinned_;  // queued items back from a lease: never left to the store
  std::deque<std::pair<int64_t, uint64_t>> expiry_;  // (expires_us, lease_id), in lease order
  uint64_t next_lease_id_ = 1;
  std::size_t queued_ = 0;    // in memory
  std::size_t in_store_ = 0;  // the queues' in_store together
};

}  // namespace aspirasi::dispatch
