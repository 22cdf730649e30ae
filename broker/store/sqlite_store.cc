// SQLite implementation of Store (the single writer).
#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "broker/privacy/personal_data.h"
#include "broker/store/file_identity.h"
#include "broker/store/schema.h"
#include "broker/store/sqlite.h"
#include "broker/store/store.h"
#include "broker/store/ticket_number.h"
#include "broker/store/ticket_row.h"
#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"
#include "common/log.h"
#include "common/utf8.h"

namespace aspirasi::store {
namespace {

constexpr std::size_t kEventsPerInsert = 128;

constexpr const char* kAlertColumns =
    "id, ticket_id, opd, type, level, clock, due_ms, fired_ms, event_seq, acked_by, acked_ms, note, role, "
    "reply_id, closed_ms, closed_reason";

AlertRecord ReadAlert(Stmt& st) {
  AlertRecord r;
  r.id = static_cast<uint64_t>(st.Int(0));
  r.ticket_id = static_cast<uint64_t>(st.Int(1));
  r.opd = std::string(st.Text(2));
  r.type = static_cast<v1::EventType>(st.Int(3));
  r.level = static_cast<uint32_t>(st.Int(4));
  r.clock = std::string(st.Text(5));
  r.due_ms = st.Int(6);
  r.fired_ms = st.Int(7);
  r.event_seq = static_cast<uint64_t>(st.Int(8));
  r.acked_by = std::string(st.Text(9));
  r.acked_ms = st.Int(10);
  r.note = std::string(st.Text(11));
  r.role = std::string(st.Text(12));
  r.reply_id = static_cast<uint64_t>(st.Int(13));
  r.closed_ms = st.Int(14);
  r.closed_reason = std::string(st.Text(15));
  return r;
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(StoreOptions options) : options_(std::move(options)), log_(ModuleLogger("store")) {}

  Status Open() {
    Status s = db_.Open(options_.path, false);
    if (!s.ok()) return s;
    if (!(s = ConfigureWriter(db_)).ok()) return s;
    if (!(s = db_.Exec("PRAGMA journal_size_limit=" + std::to_string(options_.wal_limit_bytes))).ok())
      return s;
    sqlite3_wal_hook(
        db_.raw(),
        [](void* self, sqlite3*, const char*, int frames) {
          auto* store = static_cast<SqliteStore*>(self);
          // The WAL holds `frames` after this commit; fewer than before means it started again.
          store->pages_written_ +=
              static_cast<uint64_t>(frames >= store->wal_frames_ ? frames - store->wal_frames_ : frames);
          store->wal_frames_ = frames;
          return SQLITE_OK;
        },
        this);
    if (!(s = Migrate(db_)).ok()) return s;
    struct {
      Stmt* stmt;
      std::string sql;
    } statements[] = {
        {&insert_ticket_,
         "INSERT OR FAIL INTO tickets(id, number, source_key, conversation_key, tenant, opd, channel, "
         "status, urgency, "
         "delivery, sla_due_ms, received_ms, updated_ms, citizen) VALUES(?,?,?,?,?,?,?,?,?,1,?,?,?,?) "
         "ON CONFLICT(source_key) DO NOTHING"},
        {&insert_body_, "INSERT OR FAIL INTO ticket_bodies(id, body) VALUES(?,?)"},
        // The body is read separately (load_body_), and not at all when this transaction changed it.
        {&find_by_source_, std::string("SELECT ") + kTicketRowColumns + " FROM tickets WHERE source_key=?"},
        {&find_by_id_, std::string("SELECT ") + kTicketRowColumns + " FROM tickets WHERE id=?"},
        {&find_conversation_,
         std::string("SELECT ") + kTicketRowColumns +
             " FROM tickets "
             "WHERE conversation_key=? AND status NOT IN (6, 7) ORDER BY id DESC LIMIT 1"},
        {&load_body_, "SELECT body FROM ticket_bodies WHERE id=?"},
        {&find_submission_, "SELECT ticket_id, outcome FROM submissions WHERE key=?"},
        {&insert_submission_,
         "INSERT OR FAIL INTO submissions(key, ticket_id, outcome, at_ms) VALUES(?,?,?,?)"},
        {&find_tombstone_, "SELECT 1 FROM tombstones WHERE source_key=?"},
        {&insert_tombstone_, "INSERT OR IGNORE INTO tombstones(source_key, at_ms) VALUES(?,?)"},
        {&update_state_, "UPDATE OR FAIL tickets SET status=?, updated_ms=? WHERE id=?"},
        {&touch_ticket_, "UPDATE OR FAIL tickets SET updated_ms=? WHERE id=?"},
        {&load_indexed_, "SELECT status, opd, urgency, sla_due_ms, sla_next_ms FROM tickets WHERE id=?"},
        {&update_body_, "UPDATE OR FAIL ticket_bodies SET body=? WHERE id=?"},
        {&update_delivered_,
         "UPDATE OR FAIL tickets SET delivery=2, delivered_ms=?, worker=?, updated_ms=? WHERE id=? AND "
         "delivery=1"},
        {&load_header_, "SELECT number, tenant, opd, status FROM tickets WHERE id=?"},
        {&update_failed_,
         "UPDATE OR FAIL tickets SET attempts=?, delivery=?, last_error=?, updated_ms=? WHERE id=? AND "
         "delivery=1"},
        {&save_ticket_,
         "UPDATE OR FAIL tickets SET status=?, opd=?, urgency=?, sla_due_ms=?, updated_ms=? WHERE id=?"},
        {&insert_reply_,
         "INSERT OR FAIL INTO replies(id, ticket_id, opd, state, attempts, updated_ms, body, urgency) "
         "VALUES(?,?,?,1,0,?,?,?)"},
        {&load_reply_, "SELECT ticket_id, opd, state, attempts, sending_session FROM replies WHERE id=?"},
        {&update_reply_,
         "UPDATE OR FAIL replies SET state=?, attempts=?, sending_session=?, updated_ms=? WHERE id=?"},
        {&load_sla_, "SELECT sla_state FROM tickets WHERE id=?"},
        {&save_sla_, "UPDATE OR FAIL tickets SET sla_state=?, sla_next_ms=? WHERE id=?"},
        {&save_sla_state_, "UPDATE OR FAIL tickets SET sla_state=? WHERE id=?"},
        {&insert_alert_,
         "INSERT OR FAIL INTO alerts(ticket_id, opd, type, level, clock, due_ms, fired_ms, event_seq, role, "
         "reply_id, id) VALUES(?,?,?,?,?,?,?,?,?,?,?)"},
        {&load_alert_, std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE id=?"},
        {&open_alerts_, std::string("SELECT ") + kAlertColumns +
                            " FROM alerts WHERE ticket_id=? AND acked_ms=0 AND closed_ms=0 ORDER BY id"},
        {&ack_alert_,
         "UPDATE OR FAIL alerts SET acked_by=?, acked_ms=?, note=? WHERE id=? AND acked_ms=0 AND "
         "closed_ms=0"},
        {&close_alert_,
         "UPDATE OR FAIL alerts SET closed_ms=?, closed_reason=? WHERE id=? AND acked_ms=0 AND closed_ms=0"},
        {&citizen_tickets_, "SELECT id FROM tickets WHERE citizen=? AND id>? ORDER BY id LIMIT ?"},
        {&expired_tickets_,
         "SELECT id FROM tickets WHERE erased_ms=0 AND status IN (5, 6, 7) AND updated_ms<? "
         "ORDER BY updated_ms LIMIT ?"},
        {&ticket_events_, "SELECT body FROM events WHERE ticket_id=? ORDER BY seq"},
        {&erase_columns_,
         "UPDATE OR FAIL tickets SET source_key='erased:'||id, conversation_key=NULL, citizen=NULL, "
         "last_error='', erased_ms=?, updated_ms=? WHERE id=?"},
        {&erase_submissions_, "DELETE FROM submissions WHERE ticket_id=?"},
        {&ticket_replies_, "SELECT id, body FROM replies WHERE ticket_id=?"},
        {&update_reply_body_, "UPDATE OR FAIL replies SET body=? WHERE id=?"},
        {&purge_tombstones_, "DELETE FROM tombstones WHERE at_ms<?"},
        {&purge_withdrawals_, "DELETE FROM submissions WHERE ticket_id=0 AND at_ms<?"},
    };
    for (auto& [stmt, sql] : statements) {
      auto prepared = db_.Prepare(sql);
      if (!prepared.ok()) return prepared.status();
      *stmt = std::move(prepared).value();
    }
    if (!(s = LoadCounters()).ok()) return s;
    // Deleted content is overwritten, free pages included: an older version of a ticket (an edit, a
    // follow-up, an erasure) leaves nothing behind in the database file (docs/PRIVACY.md).
    if (!(s = db_.Exec("PRAGMA secure_delete=ON")).ok()) return s;
    return files_.Remember(options_.path);
  }

  Status Begin() override {
    if (!lost_.ok()) return lost_;  // the files are gone: nothing is written any more
    events_.clear();
    dirty_bodies_.clear();
    txn_next_id_ = next_id_;
    txn_next_seq_ = next_seq_;
    txn_head_ = head_;
    txn_next_reply_id_ = next_reply_id_;
    txn_next_alert_id_ = next_alert_id_;
    txn_tombstones_ = tombstones_;
    pending_status_ = Status();
    return db_.Exec("BEGIN IMMEDIATE");
  }

  Status Commit() override {
    Status committed = CommitInner();
    if (erasing_ && committed.ok()) scrub_pending_ = true;
    erasing_ = false;
    return committed;
  }

  Status CommitInner() {
    if (pending_status_.ok()) pending_status_ = FlushBodies();
    if (pending_status_.ok()) pending_status_ = FlushEvents();
    if (!pending_status_.ok()) {
      Status failed = std::exchange(pending_status_, Status());
      Rollback();
      return failed;
    }
    Status s = db_.Exec("COMMIT");
    if (!s.ok()) {
      Rollback();
      return s;
    }
    next_id_ = txn_next_id_;
    next_seq_ = txn_next_seq_;
    head_ = txn_head_;
    next_reply_id_ = txn_next_reply_id_;
    next_alert_id_ = txn_next_alert_id_;
    tombstones_ = txn_tombstones_;
    // Committed, but into the files the broker opened: if they no longer have their names, nothing
    // of this batch may be acknowledged, and nothing more is written.
    if (Status files = files_.Check(); !files.ok()) {
      lost_ = Status::Io(files.message() + "; writes are refused until the broker is restarted");
      Rescue(files.message());
      return lost_;
    }
    RestartWalIfLong();
    return s;
  }

  void Rollback() override {
    (void)db_.Exec("ROLLBACK");
    pending_status_ = Status();
    events_.clear();
    dirty_bodies_.clear();
    erasing_ = false;
  }

  const std::vector<v1::Event>& events() const override { return events_; }
  uint64_t pages_written() const override { return pages_written_; }
  audit::ChainHead chain_head() const override { return head_; }

  SubmitResult ApplySubmit(const SubmitOp& op) override {
    SubmitResult r;
    switch (op.submit.action()) {
      case v1::UPDATE:
        r = Update(op);
        break;
      case v1::WITHDRAW:
        r = Withdraw(op);
        break;
      default:
        r = Create(op);
        break;
    }
    // A lookup that failed on the way (ReadFailed) must not pass for "not there": the batch fails.
    if (!pending_status_.ok() && r.status.ok()) r = Fail(pending_status_);
    r.ack.set_duplicate(r.ack.outcome() == v1::OUTCOME_DUPLICATE);
    return r;
  }

  Status ApplyDelivered(const DeliveredOp& op) override {
    update_delivered_.Bind(1, op.now_ms)
        .Bind(2, op.worker)
        .Bind(3, op.now_ms)
        .Bind(4, static_cast<int64_t>(op.ticket_id));
    Status updated = update_delivered_.Run();
    if (!updated.ok()) return updated;
    if (db_.Changes() == 0) return Status::Ok();  // already delivered: a stale duplicate ack
    load_header_.Bind(1, static_cast<int64_t>(op.ticket_id));
    auto header = ReadHeader(load_header_, op.ticket_id);
    if (!header.ok()) return header.status();
    if (!header->has_value()) return Status::Ok();  // already delivered: a stale duplicate ack
    AddEvent(v1::TICKET_DELIVERED, **header, "worker:" + op.worker, i18n::T(i18n::K("event.delivered")),
             op.now_ms, op.attempt);
    return Status::Ok();
  }

  Status ApplyAttemptFailed(const AttemptFailedOp& op) override {
    update_failed_.Bind(1, op.attempts)
        .Bind(2, op.dead_letter ? int64_t{v1::DEAD_LETTER} : int64_t{v1::PENDING})
        .Bind(3, op.error)
        .Bind(4, op.now_ms)
        .Bind(5, static_cast<int64_t>(op.ticket_id));
    Status updated = update_failed_.Run();
    if (!updated.ok()) return updated;
    if (db_.Changes() == 0) return Status::Ok();  // no longer pending
    load_header_.Bind(1, static_cast<int64_t>(op.ticket_id));
    auto found = ReadHeader(load_header_, op.ticket_id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return Status::Ok();  // no longer pending
    const v1::Ticket* header = &**found;
    std::string actor = op.worker.empty() ? "broker" : "worker:" + op.worker;
    AddEvent(v1::DELIVERY_FAILED, *header, actor,
             i18n::T(i18n::K("event.delivery_failed"), {{"reason", MaskLongNumbers(op.error)}}), op.now_ms,
             op.attempts);
    if (op.dead_letter) {
      AddEvent(v1::TICKET_DEAD_LETTERED, *header, "broker",
               i18n::T(i18n::K("event.dead_lettered"), {{"attempts", op.attempts}}), op.now_ms, op.attempts);
    }
    return Status::Ok();
  }

  Result<v1::Ticket> LoadTicket(uint64_t id, const std::string& number) override {
    if (!number.empty()) {
      id = TicketIdOfNumber(number);
    }
    Status before = pending_status_;
    auto row = LoadById(id);
    if (before.ok() && !pending_status_.ok()) return pending_status_;
    if (!row || (!number.empty() && row->ticket.number() != number)) {
      return Status::NotFound(
          i18n::T(i18n::K("ticket.not_found"), {{"ticket", number.empty() ? std::to_string(id) : number}}));
    }
    return std::move(row->ticket);
  }

  Status SaveTicket(const v1::Ticket& t, int64_t now) override {
    auto stored = LoadIndexed(t.id());
    if (!stored.ok()) return stored.status();
    Status s;
    if (stored->status == t.status() && stored->opd == t.opd() && stored->urgency == t.urgency() &&
        stored->sla_due_ms == t.sla().first_response_due_ms()) {
      s = Touch(t.id(), now);
    } else {
      save_ticket_.Bind(1, int64_t{t.status()})
          .Bind(2, t.opd())
          .Bind(3, int64_t{t.urgency()})
          .Bind(4, t.sla().first_response_due_ms())
          .Bind(5, now)
          .Bind(6, static_cast<int64_t>(t.id()));
      s = save_ticket_.Run();
    }
    if (!s.ok()) return s;
    StageBody(t);
    return Status::Ok();
  }

  Result<uint64_t> InsertReply(v1::OutboundReply reply, const std::string& opd, int64_t now) override {
    uint64_t id = txn_next_reply_id_;
    reply.set_reply_id(id);
    std::string body = reply.SerializeAsString();
    insert_reply_.Bind(1, static_cast<int64_t>(id))
        .Bind(2, static_cast<int64_t>(reply.ticket().id()))
        .Bind(3, opd)
        .Bind(4, now)
        .BindBlob(5, body)
        .Bind(6, int64_t{reply.ticket().urgency() == v1::URGENCY_UNSPECIFIED ? v1::BIASA
                                                                             : reply.ticket().urgency()});
    Status s = insert_reply_.Run();
    if (!s.ok()) return s;
    ++txn_next_reply_id_;
    return id;
  }

  Result<std::optional<ReplyRecord>> LoadReply(uint64_t id) override {
    load_reply_.Bind(1, static_cast<int64_t>(id));
    Status s;
    std::optional<ReplyRecord> r;
    if (load_reply_.Step(&s)) {
      r.emplace();
      r->id = id;
      r->ticket_id = static_cast<uint64_t>(load_reply_.Int(0));
      r->opd = std::string(load_reply_.Text(1));
      r->state = static_cast<v1::ReplyState>(load_reply_.Int(2));
      r->attempts = static_cast<uint32_t>(load_reply_.Int(3));
      r->sending_session = static_cast<uint64_t>(load_reply_.Int(4));
    }
    load_reply_.Reset();
    if (!s.ok()) return s;
    return r;
  }

  Status UpdateReply(uint64_t id, v1::ReplyState state, uint32_t attempts, uint64_t sending_session,
                     int64_t now) override {
    update_reply_.Bind(1, int64_t{state})
        .Bind(2, int64_t{attempts})
        .Bind(3, static_cast<int64_t>(sending_session))
        .Bind(4, now)
        .Bind(5, static_cast<int64_t>(id));
    return update_reply_.Run();
  }

  void RecordEvent(const v1::Ticket& t, v1::Event e) override {
    e.set_seq(txn_next_seq_++);
    e.set_ticket_id(t.id());
    e.set_ticket_number(t.number());
    e.set_tenant(t.tenant());
    e.set_opd(t.opd());
    e.set_status(t.status());
    events_.push_back(std::move(e));
  }

  uint64_t NextSeq() const override { return txn_next_seq_; }

  Result<std::string> LoadSlaState(uint64_t id) override {
    load_sla_.Bind(1, static_cast<int64_t>(id));
    Status s;
    std::string out;
    bool found = load_sla_.Step(&s);
    if (found && !load_sla_.IsNull(0)) out = std::string(load_sla_.Blob(0));
    load_sla_.Reset();
    if (!s.ok()) return s;
    if (!found) return Status::NotFound("ticket " + std::to_string(id) + " not found");
    return out;
  }

  Status SaveSlaState(uint64_t id, const std::string& state, int64_t next_ms) override {
    auto stored = LoadIndexed(id);
    if (!stored.ok()) return stored.status();
    if (stored->sla_next_ms == next_ms) {
      save_sla_state_.BindBlob(1, state).Bind(2, static_cast<int64_t>(id));
      return save_sla_state_.Run();
    }
    save_sla_.BindBlob(1, state).Bind(2, next_ms).Bind(3, static_cast<int64_t>(id));
    return save_sla_.Run();
  }

  Result<uint64_t> InsertAlert(const AlertRecord& a) override {
    insert_alert_.Bind(1, static_cast<int64_t>(a.ticket_id))
        .Bind(2, a.opd)
        .Bind(3, int64_t{a.type})
        .Bind(4, int64_t{a.level})
        .Bind(5, a.clock)
        .Bind(6, a.due_ms)
        .Bind(7, a.fired_ms)
        .Bind(8, static_cast<int64_t>(a.event_seq))
        .Bind(9, a.role)
        .Bind(10, static_cast<int64_t>(a.reply_id))
        .Bind(11, static_cast<int64_t>(txn_next_alert_id_));
    Status s = insert_alert_.Run();
    if (!s.ok()) return s;
    return txn_next_alert_id_++;
  }

  Result<std::optional<AlertRecord>> LoadAlert(uint64_t id) override {
    load_alert_.Bind(1, static_cast<int64_t>(id));
    Status s;
    std::optional<AlertRecord> r;
    if (load_alert_.Step(&s)) r = ReadAlert(load_alert_);
    load_alert_.Reset();
    if (!s.ok()) return s;
    return r;
  }

  Result<std::vector<AlertRecord>> OpenAlertsOf(uint64_t ticket_id) override {
    open_alerts_.Bind(1, static_cast<int64_t>(ticket_id));
    Status s;
    std::vector<AlertRecord> out;
    while (open_alerts_.Step(&s)) out.push_back(ReadAlert(open_alerts_));
    open_alerts_.Reset();
    if (!s.ok()) return s;
    return out;
  }

  Status CloseAlert(uint64_t id, const std::string& reason, int64_t now) override {
    close_alert_.Bind(1, now).Bind(2, reason).Bind(3, static_cast<int64_t>(id));
    return close_alert_.Run();
  }

  Status AckAlert(uint64_t id, const std::string& actor, const std::string& note, int64_t now) override {
    ack_alert_.Bind(1, actor).Bind(2, now).Bind(3, note).Bind(4, static_cast<int64_t>(id));
    Status s = ack_alert_.Run();
    if (!s.ok()) return s;
    if (db_.Changes() == 0) return Status::Conflict(i18n::T(i18n::K("alert.not_open"), {{"alert", id}}));
    return Status::Ok();
  }

  Result<std::vector<uint64_t>> CitizenTickets(const std::string& citizen, uint64_t after_id,
                                               std::size_t limit) override {
    citizen_tickets_.Bind(1, citizen)
        .Bind(2, static_cast<int64_t>(after_id))
        .Bind(3, static_cast<int64_t>(limit));
    return Ids(citizen_tickets_);
  }

  Result<std::vector<uint64_t>> ExpiredTickets(int64_t before_ms, std::size_t limit) override {
    expired_tickets_.Bind(1, before_ms).Bind(2, static_cast<int64_t>(limit));
    return Ids(expired_tickets_);
  }

  Result<std::vector<v1::Event>> TicketEvents(uint64_t id) override {
    ticket_events_.Bind(1, static_cast<int64_t>(id));
    Status s;
    std::vector<v1::Event> out;
    while (ticket_events_.Step(&s)) {
      auto body = ticket_events_.Blob(0);
      if (!out.emplace_back().ParseFromArray(body.data(), static_cast<int>(body.size()))) {
        ticket_events_.Reset();
        return Status::Internal("a stored event of ticket " + std::to_string(id) + " cannot be read");
      }
    }
    ticket_events_.Reset();
    if (!s.ok()) return s;
    for (const auto& e : events_) {
      if (e.ticket_id() == id) out.push_back(e);  // recorded in this transaction, not yet written
    }
    return out;
  }

  Status ErasePersonalData(const v1::Ticket& stripped, int64_t now) override {
    erasing_ = true;
    const auto id = static_cast<int64_t>(stripped.id());
    erase_columns_.Bind(1, stripped.personal_data_erased_at_ms()).Bind(2, now).Bind(3, id);
    Status s = erase_columns_.Run();
    if (s.ok() && db_.Changes() == 0)
      s = Status::NotFound(i18n::T(i18n::K("ticket.not_found"), {{"ticket", id}}));
    if (s.ok()) {
      erase_submissions_.Bind(1, id);
      s = erase_submissions_.Run();
    }
    if (!s.ok()) return s;
    // The outbox keeps each reply's state for the record; its text and ticket snapshot go.
    std::vector<std::pair<int64_t, std::string>> replies;
    ticket_replies_.Bind(1, id);
    while (ticket_replies_.Step(&s)) {
      v1::OutboundReply reply;
      auto body = ticket_replies_.Blob(1);
      // A reply that does not parse is stored stripped to nothing rather than kept with the text.
      if (!reply.ParseFromArray(body.data(), static_cast<int>(body.size()))) reply.Clear();
      privacy::StripReply(&reply);
      replies.emplace_back(ticket_replies_.Int(0), reply.SerializeAsString());
    }
    ticket_replies_.Reset();
    if (!s.ok()) return s;
    for (const auto& [reply_id, body] : replies) {
      update_reply_body_.BindBlob(1, body).Bind(2, reply_id);
      if (!(s = update_reply_body_.Run()).ok()) return s;
    }
    StageBody(stripped);
    return Status::Ok();
  }

  Result<uint64_t> PurgeTombstones(int64_t before_ms) override {
    if (txn_tombstones_ == 0) return uint64_t{0};
    purge_tombstones_.Bind(1, before_ms);
    Status s = purge_tombstones_.Run();
    if (!s.ok()) return s;
    auto gone = static_cast<uint64_t>(db_.Changes());
    txn_tombstones_ -= std::min<int64_t>(txn_tombstones_, static_cast<int64_t>(gone));
    // The withdrawals' own keys (a platform message id may embed the phone number) go with them.
    purge_withdrawals_.Bind(1, before_ms);
    if (!(s = purge_withdrawals_.Run()).ok()) return s;
    if (gone > 0 || db_.Changes() > 0) erasing_ = true;
    return gone;
  }

  bool scrub_pending() const override { return scrub_pending_; }

  Status ScrubWal() override {
    if (!scrub_pending_) return Status::Ok();
    // Copies every frame into the database and empties the WAL file, so that no older page image
    // (with the erased content) is left in it. Waits up to 5 s for readers of older snapshots the
    // first time; a retry (after a later transaction) waits 100 ms, so a long report cannot hold
    // every write up.
    sqlite3_busy_timeout(db_.raw(), scrub_retry_ ? 100 : 5000);
    int log_frames = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(db_.raw(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &copied);
    sqlite3_busy_timeout(db_.raw(), Db::kBusyTimeoutMs);  // the connection's own
    scrub_retry_ = rc == SQLITE_BUSY;
    if (rc == SQLITE_BUSY) return Status::Unavailable("readers kept the WAL busy; the WAL is emptied later");
    if (rc != SQLITE_OK) return Status::Io("WAL checkpoint (TRUNCATE) failed: " + db_.LastError());
    scrub_pending_ = false;
    wal_frames_ = 0;
    return Status::Ok();
  }

 private:
  Result<std::vector<uint64_t>> Ids(Stmt& stmt) {
    Status s;
    std::vector<uint64_t> ids;
    while (stmt.Step(&s)) ids.push_back(static_cast<uint64_t>(stmt.Int(0)));
    stmt.Reset();
    if (!s.ok()) return s;
    return ids;
  }

  struct Row {
    v1::Ticket ticket;  // body with the columns overlaid
  };

  // Under continuous load the checkpointer thread's passive checkpoints never catch up with the
  // writer (it appends while they copy), so the WAL would grow without end (and appending to a
  // growing file makes every fsync dearer). Past the limit the writer runs one passive checkpoint
  // itself, between transactions: nothing is appended while it runs, so it copies the frames the
  // checkpointer has not reached yet, and the next transaction starts the WAL again from its
  // beginning (SQLite does that when every frame has been copied and no reader is using the WAL).
  // Passive, not RESTART: a RESTART waits for every reader to finish, so one long read (a
  // supervisor's report over a year) would stall every write behind it. A passive checkpoint never
  // waits; while a reader still holds an older snapshot the WAL grows, and it starts again at the
  // first commit after that reader is done.
  // The database or its WAL lost its name under us. This connection still reads both through the
  // descriptors it holds, so everything committed so far is copied to a file beside the database.
  void Rescue(const std::string& what) {
    const std::string copy = options_.path + ".rescued-" +
                             std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count());
    std::string quoted;
    for (char c : copy) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    Status s = db_.Exec("VACUUM INTO '" + quoted + "'");
    if (s.ok()) {
      log_->error(
          "{}. Writes are refused from now on. Everything committed so far was copied to {}: stop the "
          "broker, move that copy to {} (and remove {}-wal and {}-shm), then start it again",
          what, copy, options_.path, options_.path, options_.path);
    } else {
      log_->error("{}. Writes are refused from now on, and the committed data could not be copied to {}: {}",
                  what, copy, s.ToString());
    }
  }

  void RestartWalIfLong() {
    if (wal_frames_ * int64_t{4096} < options_.wal_limit_bytes) return;
    int log_frames = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(db_.raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
      log_->warn("WAL checkpoint by the writer failed: {}", db_.LastError());
    // Busy (the checkpointer thread was copying) or a reader kept the WAL: tried again after the
    // next commit, which costs little when there is nothing new to copy.
  }

  Status LoadCounters() {
    Status s;
    auto st = db_.Prepare("SELECT COALESCE(MAX(id), 0) FROM tickets");
    if (!st.ok()) return st.status();
    if (st->Step(&s)) next_id_ = static_cast<uint64_t>(st->Int(0)) + 1;
    auto ev = db_.Prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
    if (!ev.ok()) return ev.status();
    if (ev->Step(&s)) {
      head_.seq = static_cast<uint64_t>(ev->Int(0));
      next_seq_ = head_.seq + 1;
      // A newest row without a valid link was tampered with: new events still chain on (from
      // zeros), and `aspirasi audit verify` reports that row.
      head_.hash = audit::FromBytes(ev->Blob(1)).value_or(audit::kGenesis);
    }
    auto rep = db_.Prepare("SELECT COALESCE(MAX(id), 0) FROM replies");
    if (!rep.ok()) return rep.status();
    if (rep->Step(&s)) next_reply_id_ = static_cast<uint64_t>(rep->Int(0)) + 1;
    auto alert = db_.Prepare("SELECT COALESCE(MAX(id), 0) FROM alerts");
    if (!alert.ok()) return alert.status();
    if (alert->Step(&s)) next_alert_id_ = static_cast<uint64_t>(alert->Int(0)) + 1;
    // After a restore from a backup, numbers go on above every one issued before it, also those
    // issued after the backup was taken and not in it (sqlite_backup.h). Event numbers need no
    // floor: the restore's own event is the newest row.
    auto floors = db_.Prepare(
        "SELECT COALESCE(MAX(next_ticket_id), 0), COALESCE(MAX(next_reply_id), 0), "
        "COALESCE(MAX(next_alert_id), 0) FROM restores");
    if (!floors.ok()) return floors.status();
    if (floors->Step(&s)) {
      next_id_ = std::max(next_id_, static_cast<uint64_t>(floors->Int(0)));
      next_reply_id_ = std::max(next_reply_id_, static_cast<uint64_t>(floors->Int(1)));
      next_alert_id_ = std::max(next_alert_id_, static_cast<uint64_t>(floors->Int(2)));
    }
    auto tomb = db_.Prepare("SELECT COUNT(*) FROM tombstones");
    if (!tomb.ok()) return tomb.status();
    if (tomb->Step(&s)) tombstones_ = tomb->Int(0);
    return s;
  }

  // What an event needs of a ticket, without parsing its body: runs a bound statement that
  // yields (number, tenant, opd, status) for ticket `id`, or no row. (A plain SELECT after the
  // UPDATE: UPDATE ... RETURNING costs about twice as many instructions in SQLite 3.40, as it
  // runs through trigger machinery and a statement journal.)
  Result<std::optional<v1::Ticket>> ReadHeader(Stmt& stmt, uint64_t id) {
    Status s;
    std::optional<v1::Ticket> t;
    if (stmt.Step(&s)) {
      t.emplace();
      t->set_id(id);
      t->set_number(std::string(stmt.Text(0)));
      t->set_tenant(std::string(stmt.Text(1)));
      t->set_opd(std::string(stmt.Text(2)));
      t->set_status(static_cast<v1::TicketStatus>(stmt.Int(3)));
      while (stmt.Step(&s)) {
      }
    }
    stmt.Reset();
    if (!s.ok()) return s;
    return t;
  }

  std::optional<Row> LoadById(uint64_t id) {
    find_by_id_.Bind(1, static_cast<int64_t>(id));
    return Read(find_by_id_);
  }

  std::optional<Row> LoadByKey(Stmt& stmt, const std::string& key) {
    stmt.Bind(1, key);
    return Read(stmt);
  }

  // Steps a bound ticket-returning SELECT once; overlays the columns onto the body.
  std::optional<Row> Read(Stmt& stmt) {
    Status s;
    std::optional<Row> row;
    if (stmt.Step(&s)) {
      row.emplace();
      const auto id = static_cast<uint64_t>(stmt.Int(0));
      auto staged = dirty_bodies_.find(id);
      if (staged != dirty_bodies_.end()) {
        row->ticket = staged->second;
      } else {
        load_body_.Bind(1, static_cast<int64_t>(id));
        Status body_status;
        if (load_body_.Step(&body_status)) {
          auto body = load_body_.Blob(0);
          if (!row->ticket.ParseFromArray(body.data(), static_cast<int>(body.size())))
            ReadFailed(
                Status::Internal("ticket " + std::to_string(id) + ": its stored body cannot be parsed"));
        }
        load_body_.Reset();
        ReadFailed(body_status);
      }
      OverlayTicketColumns(stmt, &row->ticket);
    }
    stmt.Reset();
    ReadFailed(s);
    return row;
  }

  // A lookup's error (a step that failed, a body that does not parse) is kept until the commit,
  // which it fails (CommitInner): the caller saw "not found", which must not become a decision.
  void ReadFailed(const Status& s) {
    if (!s.ok() && pending_status_.ok()) pending_status_ = s;
  }

  std::optional<std::pair<uint64_t, v1::SubmitOutcome>> FindSubmission(const std::string& key) {
    find_submission_.Bind(1, key);
    Status s;
    std::optional<std::pair<uint64_t, v1::SubmitOutcome>> out;
    if (find_submission_.Step(&s)) {
      out.emplace(static_cast<uint64_t>(find_submission_.Int(0)),
                  static_cast<v1::SubmitOutcome>(find_submission_.Int(1)));
    }
    find_submission_.Reset();
    ReadFailed(s);
    return out;
  }

  bool HasTombstone(const std::string& key) {
    if (txn_tombstones_ == 0) return false;
    find_tombstone_.Bind(1, key);
    Status s;
    bool found = find_tombstone_.Step(&s);
    find_tombstone_.Reset();
    ReadFailed(s);
    return found;
  }

  Status RecordSubmission(const std::string& key, uint64_t ticket_id, v1::SubmitOutcome outcome,
                          int64_t at_ms = 0) {
    insert_submission_.Bind(1, key)
        .Bind(2, static_cast<int64_t>(ticket_id))
        .Bind(3, int64_t{outcome})
        .Bind(4, at_ms);
    return insert_submission_.Run();
  }

  void AddEvent(v1::EventType type, const v1::Ticket& t, const std::string& actor, i18n::Text text,
                int64_t now, uint32_t attempt) {
    v1::Event& e = events_.emplace_back();
    e.set_seq(txn_next_seq_++);
    e.set_type(type);
    e.set_at_ms(now);
    e.set_actor(actor);
    e.set_ticket_id(t.id());
    e.set_ticket_number(t.number());
    e.set_tenant(t.tenant());
    e.set_opd(t.opd());
    e.set_status(t.status());
    i18n::Describe(&e, std::move(text));
    e.set_attempt(attempt);
  }

  // Inserts the transaction's events, many rows per statement (they become visible only with
  // the commit anyway, so writing them last changes nothing for readers), each chained to the
  // one before it over the exact bytes stored.
  Status FlushEvents() {
    std::size_t i = 0;
    while (i < events_.size()) {
      std::size_t n = std::min(kEventsPerInsert, events_.size() - i);
      Stmt* st = EventInsert(n);
      if (st == nullptr) return Status::Io("sqlite prepare: " + db_.LastError());
      std::vector<std::string> bodies(n);
      std::vector<audit::ChainHash> links(n);
      for (std::size_t k = 0; k < n; ++k) {
        const v1::Event& e = events_[i + k];
        bodies[k] = e.SerializeAsString();
        links[k] = hasher_.Link(txn_head_.hash, e.seq(), bodies[k]);
        txn_head_ = {e.seq(), links[k]};
        int p = static_cast<int>(k) * 7;
        st->Bind(p + 1, static_cast<int64_t>(e.seq()))
            .Bind(p + 2, static_cast<int64_t>(e.ticket_id()))
            .Bind(p + 3, int64_t{e.type()})
            .Bind(p + 4, e.at_ms())
            .Bind(p + 5, e.opd())
            .BindBlob(p + 6, bodies[k])
            .BindBlob(p + 7, audit::AsBytes(links[k]));
      }
      Status s = st->Run();
      if (!s.ok()) return s;
      i += n;
    }
    return Status::Ok();
  }

  // INSERT of n event rows, prepared once per n.
  Stmt* EventInsert(std::size_t n) {
    auto it = event_inserts_.find(n);
    if (it != event_inserts_.end()) return &it->second;
    std::string sql = "INSERT OR FAIL INTO events(seq, ticket_id, type, at_ms, opd, body, hash) VALUES";
    for (std::size_t k = 0; k < n; ++k) sql += k ? ",(?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?)";
    auto prepared = db_.Prepare(sql);
    if (!prepared.ok()) return nullptr;
    return &event_inserts_.emplace(n, std::move(prepared).value()).first->second;
  }

  SubmitResult Fail(Status s) {
    SubmitResult r;
    r.status = std::move(s);
    return r;
  }

  SubmitResult Ack(const v1::Ticket& t, v1::SubmitOutcome outcome) {
    SubmitResult r;
    r.ack.set_ticket_id(t.id());
    r.ack.set_ticket_number(t.number());
    r.ack.set_opd(t.opd());
    r.ack.set_outcome(outcome);
    return r;
  }

  SubmitResult AckById(uint64_t id, v1::SubmitOutcome outcome) {
    if (id == 0) {
      SubmitResult r;
      r.ack.set_outcome(outcome);
      return r;
    }
    auto row = LoadById(id);
    if (!row) return Fail(Status::Internal("submission refers to a missing ticket"));
    return Ack(row->ticket, outcome);
  }

  // Attaches the (changed) ticket so the dispatcher can refresh a queued delivery.
  SubmitResult WithTicket(SubmitResult r, const v1::Ticket& t) {
    r.pending_delivery = t.delivery().state() == v1::PENDING;
    r.urgency = t.urgency();
    r.sla_due_ms = t.sla().first_response_due_ms();
    r.attempts = t.delivery().attempts();
    r.ticket = std::make_shared<const std::string>(t.SerializeAsString());
    return r;
  }

  v1::Message InboundMessage(const SubmitOp& op, const std::string& key) {
    const auto& d = op.submit.draft();
    v1::Message m;
    m.set_direction(v1::INBOUND);
    m.set_source_id(d.source_id());
    *m.mutable_author() = d.author();
    m.set_text(d.text());
    *m.mutable_attachments() = d.attachments();
    m.set_at_ms(d.written_at_ms() > 0 ? d.written_at_ms() : op.now_ms);
    m.set_submit_key(key);
    return m;
  }

  SubmitResult Create(const SubmitOp& op) {
    const std::string& key = op.submit.idempotency_key();
    const auto& d = op.submit.draft();
    // Without a conversation, a repeated key is found by the INSERT's conflict (one index probe
    // instead of two). Keys of appended messages live in `submissions`.
    if (!d.conversation_key().empty()) {
      if (auto row = LoadByKey(find_by_source_, key)) return Ack(row->ticket, v1::OUTCOME_DUPLICATE);
      if (auto sub = FindSubmission(key)) return AckById(sub->first, v1::OUTCOME_DUPLICATE);
    }
    if (HasTombstone(key)) {
      // The citizen deleted the item before we saw it: never resurrect it.
      SubmitResult r;
      r.ack.set_outcome(v1::OUTCOME_TOMBSTONED);
      return r;
    }
    if (!d.conversation_key().empty()) {
      if (auto row = LoadByKey(find_conversation_, d.conversation_key())) {
        v1::Ticket& t = row->ticket;
        v1::Message* m = t.add_messages();
        *m = InboundMessage(op, key);
        m->set_seq(static_cast<uint32_t>(t.messages_size()));
        t.set_last_inbound_at_ms(std::max(t.last_inbound_at_ms(), m->at_ms()));
        // The citizen answered a question, or wrote again after an answer: back in the queue.
        bool answered = t.status() == v1::WAITING_CITIZEN || t.status() == v1::RESPONDED;
        if (answered) {
          t.set_status(v1::OPEN);
          t.mutable_sla()->set_paused_at_ms(0);
          t.mutable_sla()->set_waiting_until_ms(0);
        }
        Status s = WriteBody(t, op.now_ms);
        if (s.ok()) s = RecordSubmission(key, t.id(), v1::OUTCOME_APPENDED);
        if (!s.ok()) return Fail(s);
        AddEvent(v1::TICKET_APPENDED, t, op.actor, i18n::T(i18n::K("event.appended"), {{"seq", m->seq()}}),
                 op.now_ms, 0);
        if (answered)
          AddEvent(v1::CITIZEN_ANSWERED, t, op.actor, i18n::T(i18n::K("event.citizen_answered")), op.now_ms,
                   0);
        return WithTicket(Ack(t, v1::OUTCOME_APPENDED), t);
      }
    }
    return Insert(op, key, v1::OUTCOME_CREATED);
  }

  SubmitResult Insert(const SubmitOp& op, const std::string& source_key, v1::SubmitOutcome outcome) {
    const auto& d = op.submit.draft();
    v1::Ticket t;
    t.set_id(txn_next_id_);
    t.set_number(TicketNumber(options_.ticket_prefix, t.id(), op.now_ms, options_.utc_offset_hours));
    t.set_tenant(options_.tenant);
    t.set_opd(op.opd);
    t.set_channel(d.channel());
    t.set_account(d.account());
    t.set_source_id(d.source_id());
    t.set_source_key(source_key);
    t.set_thread_id(d.thread_id());
    t.set_parent_id(d.parent_id());
    t.set_conversation_key(d.conversation_key());
    *t.mutable_author() = d.author();
    v1::Message* m = t.add_messages();
    *m = InboundMessage(op, source_key);
    m->set_seq(1);
    t.set_kind(d.kind());
    t.set_category(d.category());
    t.set_urgency(d.urgency() == v1::URGENCY_UNSPECIFIED ? v1::BIASA : d.urgency());
    t.set_sentiment(d.sentiment());
    t.set_status(v1::NEW);
    t.mutable_sla()->set_policy(op.sla_policy.empty() ? "provisional" : op.sla_policy);
    t.mutable_sla()->set_resolution_due_ms(op.sla_resolution_due_ms);
    t.mutable_sla()->set_first_response_due_ms(op.sla_due_ms);
    *t.mutable_routing() = op.routing;
    t.mutable_delivery()->set_state(v1::PENDING);
    t.set_received_at_ms(op.now_ms);
    t.set_created_at_ms(d.written_at_ms() > 0 ? d.written_at_ms() : op.now_ms);
    t.set_updated_at_ms(op.now_ms);
    t.set_public_item(d.public_item());
    t.set_last_inbound_at_ms(m->at_ms());

    std::string body = t.SerializeAsString();
    insert_ticket_.Bind(1, static_cast<int64_t>(t.id())).Bind(2, t.number()).Bind(3, source_key);
    if (d.conversation_key().empty()) {
      insert_ticket_.BindNull(4);
    } else {
      insert_ticket_.Bind(4, d.conversation_key());
    }
    insert_ticket_.Bind(5, t.tenant())
        .Bind(6, t.opd())
        .Bind(7, t.channel())
        .Bind(8, int64_t{v1::NEW})
        .Bind(9, int64_t{t.urgency()})
        .Bind(10, op.sla_due_ms)
        .Bind(11, op.now_ms)
        .Bind(12, op.now_ms);
    const std::string citizen = privacy::CitizenKeyOf(t);  // bound without a copy: outlives Run
    if (citizen.empty()) {
      insert_ticket_.BindNull(13);
    } else {
      insert_ticket_.Bind(13, citizen);
    }
    Status s = insert_ticket_.Run();
    if (!s.ok()) return Fail(s);
    if (db_.Changes() == 0) {
      // The source key is taken: a repeated submit.
      auto row = LoadByKey(find_by_source_, source_key);
      if (!row) return Fail(Status::Internal("conflicting ticket vanished"));
      return Ack(row->ticket, v1::OUTCOME_DUPLICATE);
    }
    insert_body_.Bind(1, static_cast<int64_t>(t.id())).BindBlob(2, body);
    if (!(s = insert_body_.Run()).ok()) return Fail(s);
    ++txn_next_id_;
    if (source_key != op.submit.idempotency_key()) {
      // An upsert (edit of an unseen item): remember the edit's own key too.
      if (!(s = RecordSubmission(op.submit.idempotency_key(), t.id(), outcome)).ok()) return Fail(s);
    }
    AddEvent(v1::TICKET_CREATED, t, op.actor,
             op.routing_text.empty() ? i18n::T(i18n::K("event.created")) : op.routing_text, op.now_ms, 0);
    SubmitResult r = Ack(t, outcome);
    r.pending_delivery = true;
    r.urgency = t.urgency();
    r.sla_due_ms = op.sla_due_ms;
    r.ticket = std::make_shared<const std::string>(std::move(body));
    return r;
  }

  // A row UPDATE rewrites the entry of every index on a column it sets, even to the value the
  // column already has, and each is a random page of the WAL. Updates therefore set the indexed
  // columns (status, opd, urgency, sla_due_ms, sla_next_ms) only when they change; the row page
  // that LoadIndexed reads is the one the UPDATE writes, so the check costs no extra I/O.
  struct IndexedColumns {
    int64_t status = 0, urgency = 0, sla_due_ms = 0, sla_next_ms = 0;
    std::string opd;
  };

  Result<IndexedColumns> LoadIndexed(uint64_t id) {
    load_indexed_.Bind(1, static_cast<int64_t>(id));
    Status s;
    IndexedColumns c;
    bool found = load_indexed_.Step(&s);
    if (found) {
      c.status = load_indexed_.Int(0);
      c.opd = std::string(load_indexed_.Text(1));
      c.urgency = load_indexed_.Int(2);
      c.sla_due_ms = load_indexed_.Int(3);
      c.sla_next_ms = load_indexed_.Int(4);
    }
    load_indexed_.Reset();
    if (!s.ok()) return s;
    if (!found) return Status::NotFound("ticket " + std::to_string(id) + " not found");
    return c;
  }

  Status Touch(uint64_t id, int64_t now) {
    touch_ticket_.Bind(1, now).Bind(2, static_cast<int64_t>(id));
    return touch_ticket_.Run();
  }

  Status WriteBody(const v1::Ticket& t, int64_t now) {
    auto stored = LoadIndexed(t.id());
    if (!stored.ok()) return stored.status();
    Status s;
    if (stored->status == t.status()) {
      s = Touch(t.id(), now);
    } else {
      update_state_.Bind(1, int64_t{t.status()}).Bind(2, now).Bind(3, static_cast<int64_t>(t.id()));
      s = update_state_.Run();
    }
    if (!s.ok()) return s;
    StageBody(t);
    return Status::Ok();
  }

  // Bodies are written once per transaction, at Commit: a follow-up and the SLA clocks it moves
  // change the same ticket twice, and the ticket is read back in between (Read takes the staged
  // copy, so nothing reads a stale body). Columns are written at once, as before.
  void StageBody(const v1::Ticket& t) { dirty_bodies_[t.id()] = t; }

  Status FlushBodies() {
    std::string body;
    for (const auto& [id, t] : dirty_bodies_) {
      body.clear();
      if (!t.SerializeToString(&body))
        return Status::Internal("ticket " + std::to_string(id) + " cannot be encoded");
      update_body_.BindBlob(1, body).Bind(2, static_cast<int64_t>(id));  // body outlives Run
      Status s = update_body_.Run();
      if (!s.ok()) return s;
    }
    dirty_bodies_.clear();
    return Status::Ok();
  }

  // The ticket and message that `target` (an idempotency key) added.
  std::optional<std::pair<Row, int>> FindTarget(const std::string& target) {
    auto row = LoadByKey(find_by_source_, target);
    if (!row) {
      auto sub = FindSubmission(target);
      if (!sub || sub->first == 0) return std::nullopt;
      row = LoadById(sub->first);
      if (!row) return std::nullopt;
    }
    for (int i = 0; i < row->ticket.messages_size(); ++i) {
      if (row->ticket.messages(i).submit_key() == target) return std::make_pair(std::move(*row), i);
    }
    return std::make_pair(std::move(*row), 0);
  }

  SubmitResult Update(const SubmitOp& op) {
    const std::string& key = op.submit.idempotency_key();
    if (auto sub = FindSubmission(key)) return AckById(sub->first, v1::OUTCOME_DUPLICATE);
    const std::string& target = op.submit.target_key();
    auto found = FindTarget(target);
    if (!found) {
      if (HasTombstone(target)) {
        SubmitResult r;
        r.ack.set_outcome(v1::OUTCOME_TOMBSTONED);
        return r;
      }
      // An edit of an item we never saw: create the ticket from the edited text (upsert).
      return Insert(op, target, v1::OUTCOME_CREATED);
    }
    auto& [row, index] = *found;
    v1::Ticket& t = row.ticket;
    v1::Message* m = t.mutable_messages(index);
    v1::Revision* rev = m->add_revisions();
    rev->set_text(m->text());
    rev->set_replaced_at_ms(op.now_ms);
    m->set_text(op.submit.draft().text());
    if (op.submit.draft().attachments_size() > 0) *m->mutable_attachments() = op.submit.draft().attachments();
    Status s = WriteBody(t, op.now_ms);
    if (s.ok()) s = RecordSubmission(key, t.id(), v1::OUTCOME_UPDATED);
    if (!s.ok()) return Fail(s);
    AddEvent(v1::TICKET_UPDATED, t, op.actor,
             i18n::T(i18n::K("event.updated"), {{"seq", m->seq()}, {"revisions", m->revisions_size()}}),
             op.now_ms, 0);
    return WithTicket(Ack(t, v1::OUTCOME_UPDATED), t);
  }

  SubmitResult Withdraw(const SubmitOp& op) {
    const std::string& key = op.submit.idempotency_key();
    if (auto sub = FindSubmission(key)) return AckById(sub->first, v1::OUTCOME_DUPLICATE);
    const std::string& target = op.submit.target_key();
    auto found = FindTarget(target);
    if (!found) {
      insert_tombstone_.Bind(1, target).Bind(2, op.now_ms);
      Status s = insert_tombstone_.Run();
      if (s.ok()) s = RecordSubmission(key, 0, v1::OUTCOME_TOMBSTONED, op.now_ms);
      if (!s.ok()) return Fail(s);
      ++txn_tombstones_;
      SubmitResult r;
      r.ack.set_outcome(v1::OUTCOME_TOMBSTONED);
      return r;
    }
    auto& [row, index] = *found;
    v1::Ticket& t = row.ticket;
    t.mutable_messages(index)->set_withdrawn(true);
    bool whole = index == 0 || t.source_key() == target;
    if (whole) t.set_status(v1::WITHDRAWN);
    Status s = WriteBody(t, op.now_ms);
    if (s.ok()) s = RecordSubmission(key, t.id(), v1::OUTCOME_WITHDRAWN);
    if (!s.ok()) return Fail(s);
    AddEvent(v1::TICKET_WITHDRAWN, t, op.actor,
             whole ? i18n::T(i18n::K("event.withdrawn"))
                   : i18n::T(i18n::K("event.message_withdrawn"), {{"seq", t.messages(index).seq()}}),
             op.now_ms, 0);
    return WithTicket(Ack(t, v1::OUTCOME_WITHDRAWN), t);
  }

  StoreOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  Db db_;
  Stmt load_header_;
  Stmt save_ticket_, insert_reply_, load_reply_, update_reply_, load_sla_, save_sla_, save_sla_state_,
      insert_alert_, load_alert_, open_alerts_, ack_alert_, close_alert_, touch_ticket_, load_indexed_;
  Stmt insert_ticket_, insert_body_, update_state_, find_by_source_, find_by_id_, find_conversation_,
      find_submission_, insert_submission_, find_tombstone_, insert_tombstone_, update_body_,
      update_delivered_, update_failed_, load_body_;
  Stmt citizen_tickets_, expired_tickets_, ticket_events_, erase_columns_, erase_submissions_,
      ticket_replies_, update_reply_body_, purge_tombstones_, purge_withdrawals_;
  bool erasing_ = false;        // this transaction erased personal data: scrub the WAL after it commits
  bool scrub_pending_ = false;  // erased content may still sit in older WAL frames (ScrubWal)
  bool scrub_retry_ = false;    // the last ScrubWal was kept busy
  std::map<std::size_t, Stmt> event_inserts_;  // multi-row INSERTs by row count
  uint64_t next_id_ = 1, next_seq_ = 1, txn_next_id_ = 1, txn_next_seq_ = 1;
  uint64_t next_reply_id_ = 1, txn_next_reply_id_ = 1;
  uint64_t next_alert_id_ = 1, txn_next_alert_id_ = 1;
  int64_t tombstones_ = 0, txn_tombstones_ = 0;
  std::vector<v1::Event> events_;
  Status pending_status_;
  FileIdentity files_;          // the database and WAL files opened, checked after each commit
  Status lost_;                 // not ok once they lost their names: every later transaction fails with it
  int64_t wal_frames_ = 0;      // frames in the WAL after the last commit (from the WAL hook)
  uint64_t pages_written_ = 0;  // WAL frames appended by commits, ever
  audit::ChainHasher hasher_;
  audit::ChainHead head_, txn_head_;  // the chain's head: committed, and within the transaction
  std::unordered_map<uint64_t, v1::Ticket> dirty_bodies_;  // bodies changed in this transaction (StageBody)
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options) {
  auto store = std::make_unique<SqliteStore>(options);
  Status s = store->Open();
  if (!s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace aspirasi::store
