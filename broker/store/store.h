// The broker's store: what must outlive a restart. Two interfaces, so another backend
// (PostgreSQL for a province) can replace SQLite without touching the broker's logic:
//   Store       the single writer: applies operations inside one transaction (group commit);
//   StoreReader queries for the api and for start-up, on their own connection.
//
// Thread safety: a Store is used by exactly one thread (the writer thread); each StoreReader
// by one thread. Different threads may each own one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aspirasi/v1/event.pb.h"
#include "aspirasi/v1/ticket.pb.h"
#include "aspirasi/v1/wire.pb.h"
#include "broker/audit/event_chain.h"
#include "common/i18n/text.h"
#include "common/status.h"

namespace aspirasi::store {

// A validated submit with the broker's decisions attached.
struct SubmitOp {
  v1::Submit submit;
  std::string opd;  // routing decision, used when a ticket is created
  v1::Routing routing;
  i18n::Text routing_text;  // why it went there, for people (TICKET_CREATED)
  int64_t sla_due_ms = 0;   // first-response deadline for a created ticket
  std::string sla_policy;   // the SLA policy it matched ("provisional" when empty)
  int64_t sla_resolution_due_ms = 0;
  int64_t now_ms = 0;
  std::string actor;  // who submitted ("ingest:<peer>")
};

// What a submit did. `ticket` is set when the dispatcher must (re)queue or refresh the ticket.
struct SubmitResult {
  Status status;
  v1::SubmitAck ack;
  std::shared_ptr<const std::string> ticket;  // serialized Ticket as delivered to workers
  bool pending_delivery = false;              // ticket still waits for a worker
  v1::Urgency urgency = v1::BIASA;
  int64_t sla_due_ms = 0;
  uint32_t attempts = 0;
};

struct DeliveredOp {
  uint64_t ticket_id = 0;
  std::string worker;
  int64_t now_ms = 0;
  uint32_t attempt = 0;  // the delivery attempt that succeeded (Event.attempt of TICKET_DELIVERED)
};

struct AttemptFailedOp {
  uint64_t ticket_id = 0;
  uint32_t attempts = 0;     // failed attempts so far, including this one
  bool dead_letter = false;  // attempts reached the maximum
  std::string worker;
  std::string error;
  int64_t now_ms = 0;
};

// A pending ticket as the dispatcher needs it after a restart.
struct PendingTicket {
  uint64_t id = 0;
  std::string opd;
  v1::Urgency urgency = v1::BIASA;
  int64_t sla_due_ms = 0;
  uint32_t attempts = 0;
};

// A reply in the outbox, as the writer and the dispatcher need it.
struct ReplyRecord {
  uint64_t id = 0;
  uint64_t ticket_id = 0;
  std::string opd;
  v1::ReplyState state = v1::REPLY_PENDING;
  uint32_t attempts = 0;            // transient failures so far
  uint64_t sending_session = 0;     // REPLY_SENDING, UNCONFIRMED: the worker session that got the go-ahead
  v1::Urgency urgency = v1::BIASA;  // its ticket's when it was queued (the reply queue's order)
};

// An alert row (see v1::Alert): written with its SLA or reply event, acknowledged by one of its
// recipients, or closed by the broker when its ticket no longer needs it.
struct AlertRecord {
  uint64_t id = 0;
  uint64_t ticket_id = 0;
  std::string opd;
  v1::EventType type = v1::SLA_WARNING;
  uint32_t level = 0;
  std::string clock;
  int64_t due_ms = 0;
  int64_t fired_ms = 0;
  uint64_t event_seq = 0;
  std::string acked_by;
  int64_t acked_ms = 0;
  std::string note;
  std::string role;  // the escalation role it is for; "" = the OPD's desk
  uint64_t reply_id = 0;
  int64_t closed_ms = 0;
  std::string closed_reason;

  bool open() const { return acked_ms == 0 && closed_ms == 0; }
};

// A ticket's next SLA instant, for the tracker at start-up.
struct SlaTimerRow {
  uint64_t ticket_id = 0;
  int64_t next_ms = 0;
};

// What a report needs of one ticket (see v1::Report).
struct ReportTicket {
  uint64_t id = 0;
  std::string opd;
  std::string channel;
  std::string category;
  v1::TicketStatus status = v1::NEW;
  int64_t received_ms = 0;
  int64_t first_response_due_ms = 0;
  int64_t first_responded_ms = 0;         // 0: not answered yet
  std::vector<uint64_t> alerts_by_level;  // [i]: alerts of level i + 1 (level >= 1 only)
};

class Store {
 public:
  virtual ~Store() = default;

  // One transaction: Begin, any number of Apply*, then Commit (durable on return) or Rollback.
  virtual Status Begin() = 0;
  virtual SubmitResult ApplySubmit(const SubmitOp& op) = 0;
  virtual Status ApplyDelivered(const DeliveredOp& op) = 0;
  virtual Status ApplyAttemptFailed(const AttemptFailedOp& op) = 0;

  // ---- desk and replies, inside the same transactions
  // The ticket by id, or by number when `number` is set (NOT_FOUND when absent).
  virtual Result<v1::Ticket> LoadTicket(uint64_t id, const std::string& number) = 0;
  // Writes a changed ticket: its body and the columns queries use (status, opd, urgency, deadline).
  virtual Status SaveTicket(const v1::Ticket& ticket, int64_t now_ms) = 0;
  // Numbers a reply and stores it in the outbox (REPLY_PENDING). Returns its id.
  virtual Result<uint64_t> InsertReply(v1::OutboundReply reply, const std::string& opd, int64_t now_ms) = 0;
  virtual Result<std::optional<ReplyRecord>> LoadReply(uint64_t id) = 0;
  // `sending_session`: the worker session posting it (REPLY_SENDING; kept by UNCONFIRMED), else 0.
  virtual Status UpdateReply(uint64_t id, v1::ReplyState state, uint32_t attempts, uint64_t sending_session,
                             int64_t now_ms) = 0;
  // Records an event about `ticket`: numbered, stamped with the ticket's id, number, tenant, OPD
  // and status here; type, at_ms, actor, detail and the rest come from `event`.
  virtual void RecordEvent(const v1::Ticket& ticket, v1::Event event) = 0;
  // The seq the next RecordEvent gets.
  virtual uint64_t NextSeq() const = 0;

  // ---- SLA, inside the same transactions
  // The ticket's encoded SLA state ("" when it has none yet).
  virtual Result<std::string> LoadSlaState(uint64_t ticket_id) = 0;
  // Stores the state and the next SLA instant (0: nothing pending; the indexed column).
  virtual Status SaveSlaState(uint64_t ticket_id, const std::string& state, int64_t next_ms) = 0;
  // Numbers and stores an alert (rec.id is ignored). Returns its id.
  virtual Result<uint64_t> InsertAlert(const AlertRecord& rec) = 0;
  virtual Result<std::optional<AlertRecord>> LoadAlert(uint64_t id) = 0;
  // CONFLICT when it is no longer open (acknowledged or closed).
  virtual Status AckAlert(uint64_t id, const std::string& actor, const std::string& note, int64_t now_ms) = 0;
  // The ticket's open alerts (neither acknowledged nor closed), oldest first.
  virtual Result<std::vector<AlertRecord>> OpenAlertsOf(uint64_t ticket_id) = 0;
  // Closes an open alert with a reason ("answered", "resolved", ...); nothing when it is not open.
  virtual Status CloseAlert(uint64_t id, const std::string& reason, int64_t now_ms) = 0;

  // ---- personal data (UU 27/2022; broker/privacy), inside the same transactions
  // A citizen's tickets (privacy::CitizenKey; erased tickets have none) with id > after_id, in id
  // order, at most `limit`.
  virtual Result<std::vector<uint64_t>> CitizenTickets(const std::string& citizen, uint64_t after_id,
                                                       std::size_t limit) = 0;
  // Tickets the retention policy purges: closed (RESPONDED, RESOLVED, WITHDRAWN), last changed
  // before `before_ms`, personal data still held; least recently changed first, at most `limit`.
  virtual Result<std::vector<uint64_t>> ExpiredTickets(int64_t before_ms, std::size_t limit) = 0;
  // A ticket's events, oldest first, including those recorded in this transaction.
  virtual Result<std::vector<v1::Event>> TicketEvents(uint64_t id) = 0;
  // Stores `stripped` (privacy::StripTicket of a loaded ticket) and removes what else names the
  // person: its platform keys and conversation key, its idempotency keys, its replies' text and
  // ticket snapshots. Freed space is overwritten; after the commit the older copies still sit in
  // the write-ahead log until ScrubWal (scrub_pending()). The caller records the event.
  virtual Status ErasePersonalData(const v1::Ticket& stripped, int64_t now_ms) = 0;
  // Forgets withdrawals of unseen items recorded before `before_ms` (retention). Returns how many.
  virtual Result<uint64_t> PurgeTombstones(int64_t before_ms) = 0;
  // Between transactions: a committed erasure's older copies may still be in the write-ahead log.
  virtual bool scrub_pending() const = 0;
  // Between transactions: copies the log into the database and empties it, so that erased content
  // is nowhere in the files. UNAVAILABLE when readers kept it busy for 5 s (try again later).
  virtual Status ScrubWal() = 0;

  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  // Events recorded since Begin, in seq order (growing during the transaction; all of them after
  // Commit); cleared by the next Begin.
  virtual const std::vector<v1::Event>& events() const = 0;
  // Database pages written by committed transactions since the store was opened (SQLite: WAL
  // frames): the I/O the writer causes, for the metrics.
  virtual uint64_t pages_written() const = 0;
  // The audit chain's head after the last commit: the newest event and its link
  // (broker/audit/event_chain.h). Every event a transaction records is chained when it commits.
  virtual audit::ChainHead chain_head() const = 0;
};

class StoreReader {
 public:
  virtual ~StoreReader() = default;
  // By id (number empty) or by number. NOT_FOUND when absent.
  virtual Result<v1::Ticket> GetTicket(uint64_t id, const std::string& number) = 0;
  virtual Result<std::vector<v1::Event>> TicketEvents(uint64_t id) = 0;
  virtual Result<v1::TicketList> ListTickets(const v1::ListTickets& request) = 0;
  virtual Result<v1::Counts> CountTickets(const v1::CountTickets& request) = 0;
  virtual Result<v1::EventList> ReadEvents(const v1::ReadEvents& request) = 0;
  virtual Result<uint64_t> LastSeq() = 0;
  // The first `limit` tickets of `opd` whose delivery is PENDING, in the dispatch queue's order
  // (most urgent first, then first-response deadline, then id): a queue reading its items back.
  virtual Result<std::vector<PendingTicket>> PendingPage(const std::string& opd, std::size_t limit) = 0;
  // How many tickets wait for delivery, per OPD (start-up).
  virtual Result<std::vector<std::pair<std::string, uint64_t>>> PendingCounts() = 0;
  // The serialized ticket as delivered to workers.
  virtual Result<std::string> LoadDeliverable(uint64_t id) = 0;
  // An OPD's open tickets, most urgent first, then by first-response deadline, then age.
  virtual Result<v1::TicketList> Queue(const v1::GetQueue& request) = 0;
  // Replies a worker was posting (REPLY_SENDING), oldest first, for start-up.
  virtual Result<std::vector<ReplyRecord>> LoadSendingReplies() = 0;
  // The first `limit` REPLY_PENDING replies of `opd` in their dispatch queue's order: their
  // ticket's urgency (when queued), most urgent first, then oldest first.
  virtual Result<std::vector<ReplyRecord>> PendingReplyPage(const std::string& opd, std::size_t limit) = 0;
  // How many replies wait for a responder (REPLY_PENDING), per OPD (start-up).
  virtual Result<std::vector<std::pair<std::string, uint64_t>>> PendingReplyCounts() = 0;
  // The serialized OutboundReply of reply `id`.
  virtual Result<std::string> LoadReplyBody(uint64_t id) = 0;
  // Every ticket with a pending SLA instant (sla_next_ms > 0), for the tracker at start-up.
  virtual Result<std::vector<SlaTimerRow>> LoadSlaTimers() = 0;
  // The first `limit` pending SLA instants after `after` (null: from the first), by instant, then
  // ticket id: the broker's timer window reading the next ones (sla/timer_window.h).
  virtual Result<std::vector<SlaTimerRow>> SlaTimerPage(const SlaTimerRow* after, std::size_t limit) = 0;
  // Alerts, newest first. `opds` empty: every OPD. `roles` non-null: only alerts for the OPD's
  // desk (role "") or for one of these escalation roles ([[admin]] escalation_roles: "role", or
  // "role:OPD" for that OPD's only).
  virtual Result<v1::AlertList> ListAlerts(const v1::ListAlerts& request,
                                           const std::vector<std::string>* roles = nullptr) = 0;
  // The tickets received in [from_ms, to_ms) (of `opds`; empty: every OPD) with their alerts of
  // level >= 1, in id order; one read transaction. Uses the received_ms index.
  virtual Result<std::vector<ReportTicket>> ReportTickets(int64_t from_ms, int64_t to_ms,
                                                          const std::vector<std::string>& opds) = 0;
};

struct StoreOptions {
  std::string path;
  std::string tenant;
  std::string ticket_prefix = "ASP";
  int utc_offset_hours = 7;            // for the year in ticket numbers
  int64_t wal_limit_bytes = 32 << 20;  // the WAL file is trimmed to this after it restarts
};

// Opens (creating and migrating) the SQLite database for writing.
Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options);
// Opens a reader connection on an existing database.
Result<std::unique_ptr<StoreReader>> OpenSqliteReader(const std::string& path);

}  // namespace aspirasi::store
