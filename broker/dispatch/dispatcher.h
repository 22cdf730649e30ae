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
// No I/O: the broker's event loop sends what Next() returns and persists what the methods
// report. Time comes from the Clock (monotonic).
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
#include <vector>

#include "aspirasi/v1/ticket.pb.h"
#include "aspirasi/v1/wire.pb.h"
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
  std::optional<Failure> failure;
};

struct Options {
  int lease_ms = 30000;
  int max_attempts = 5;
  int heartbeat_ms = 1000;
  int liveness = 3;
  std::size_t body_budget_bytes = 256u << 20;
};

class Dispatcher {
 public:
  // Loads a ticket body that was not kept in memory; null when it cannot be loaded.
  using BodyLoader = std::function<std::shared_ptr<const std::string>(uint64_t id)>;

  // `workers` is shared with the other dispatchers of the broker and outlives this one.
  Dispatcher(Options options, const Clock& clock, WorkerTable& workers, BodyLoader loader);

  // ---- tickets
  void Enqueue(QueuedTicket ticket);
  // Replaces the body of a queued (not leased) ticket after an edit or an appended message.
  void Refresh(uint64_t id, std::shared_ptr<const std::string> body);
  // Takes a queued (not leased) ticket out of its queue, e.g. to move it to another OPD.
  std::optional<QueuedTicket> Remove(uint64_t id);
  std::size_t queued() const { return queued_; }
  std::size_t leased() const { return leases_.size(); }
  std::size_t queued(const std::string& opd) const;

  // ---- workers (registered in the WorkerTable first; these keep this dispatcher's queues in step)
  // REQUIRES: opds non-empty, the worker in the table.
  void AddWorker(const std::string& identity, const std::vector<std::string>& opds);
  // A worker left (bye: count_attempt=false) or died (count_attempt=true): its leases here end (room
  // returned) and their tickets go back. Call before removing it from the table.
  std::vector<Failure> RemoveWorker(const std::string& identity, bool count_attempt,
                                    const std::string& reason);

  // ---- deliveries
  // Ends lease `lease_id` of `identity` (its room is free again); a lease it does not hold (stale)
  // changes nothing.
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

  Options options_;
  const Clock& clock_;
  BodyLoader loader_;
  std::map<std::string, Queue> queues_;                         // by OPD
  std::unordered_map<uint64_t, std::pair<Queue*, Key>> where_;  // queued ticket id -> its place
  WorkerTable& workers_;
  std::unordered_map<std::string, std::set<uint64_t>> leases_of_;  // identity -> its leases here
  std::unordered_map<uint64_t, Lease> leases_;
  std::deque<std::pair<int64_t, uint64_t>> expiry_;  // (expires_us, lease_id), in lease order
  uint64_t next_lease_id_ = 1;
  std::size_t queued_ = 0;
  std::size_t body_bytes_ = 0;
};

}  // namespace aspirasi::dispatch
