#include "broker/store/schema.h"

#include <string>

#include "aspirasi/v1/ticket.pb.h"
#include "broker/audit/event_chain.h"
#include "broker/privacy/personal_data.h"

namespace aspirasi::store {
namespace {

// Each entry migrates from version i to i+1. Never edit a released entry: append a new one.
const char* const kMigrations[] = {
    // 0 -> 1: tickets, idempotency keys, tombstones, events.
    R"sql(
CREATE TABLE tickets(
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  source_key TEXT NOT NULL UNIQUE,
  conversation_key TEXT,
  tenant TEXT NOT NULL,
  opd TEXT NOT NULL,
  channel TEXT NOT NULL,
  status INTEGER NOT NULL,
  urgency INTEGER NOT NULL,
  delivery INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  delivered_ms INTEGER NOT NULL DEFAULT 0,
  worker TEXT NOT NULL DEFAULT '',
  last_error TEXT NOT NULL DEFAULT '',
  sla_due_ms INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
-- The content lives apart from the mutable columns, so a state change rewrites a short row.
CREATE TABLE ticket_bodies(
  id INTEGER PRIMARY KEY,
  body BLOB NOT NULL
);
CREATE VIEW ticket_rows AS SELECT t.*, b.body AS body FROM tickets t JOIN ticket_bodies b ON b.id = t.id;
CREATE INDEX tickets_conversation ON tickets(conversation_key, status) WHERE conversation_key IS NOT NULL;
CREATE INDEX tickets_opd_status ON tickets(opd, status);
CREATE INDEX tickets_pending ON tickets(delivery) WHERE delivery = 1;

CREATE TABLE submissions(
  key TEXT PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  outcome INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tombstones(
  source_key TEXT PRIMARY KEY,
  at_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE events(
  seq INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  type INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  opd TEXT NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX events_ticket ON events(ticket_id);
)sql",
    // 1 -> 2: the reply outbox (desk replies and automatic acknowledgements on their way to the
    // platforms) and the OPD queue's order.
    R"sql(
CREATE TABLE replies(
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  opd TEXT NOT NULL,
  state INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  updated_ms INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX replies_open ON replies(state) WHERE state IN (1, 2);
CREATE INDEX replies_ticket ON replies(ticket_id);
CREATE INDEX tickets_queue ON tickets(opd, urgency DESC, sla_due_ms, id) WHERE status IN (1, 2, 3, 4);
)sql",
    // 2 -> 3: SLA tracking. Each ticket's clocks (sla::TicketSla, encoded by broker/server/sla_ops)
    // and its next SLA instant (indexed: the tracker is rebuilt from it at start); the alerts
    // (warnings, breaches, escalations) supervisors acknowledge.
    R"sql(
ALTER TABLE tickets ADD COLUMN sla_next_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_state BLOB;
CREATE INDEX tickets_sla_next ON tickets(sla_next_ms) WHERE sla_next_ms > 0;
CREATE TABLE alerts(
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  opd TEXT NOT NULL,
  type INTEGER NOT NULL,
  level INTEGER NOT NULL,
  clock TEXT NOT NULL,
  due_ms INTEGER NOT NULL,
  fired_ms INTEGER NOT NULL,
  event_seq INTEGER NOT NULL,
  acked_by TEXT NOT NULL DEFAULT '',
  acked_ms INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_open ON alerts(opd, level) WHERE acked_ms = 0;
CREATE INDEX alerts_ticket ON alerts(ticket_id);
)sql",
    // 3 -> 4: reports read the tickets received in a range.
    R"sql(
CREATE INDEX tickets_received ON tickets(received_ms);
)sql",
    // 4 -> 5: alerts are for someone (an escalation role, or the OPD's desk: ''), may be about a
    // reply that failed, and close themselves when their ticket no longer needs them. Existing
    // breaches and escalations get the roles of the default policies' levels.
    R"sql(
ALTER TABLE alerts ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN reply_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN closed_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN closed_reason TEXT NOT NULL DEFAULT '';
UPDATE alerts SET role = CASE level WHEN 1 THEN 'opd_supervisor' WHEN 2 THEN 'diskominfo'
                                    WHEN 3 THEN 'sekda' ELSE '' END WHERE type IN (41, 42);
DROP INDEX alerts_open;
CREATE INDEX alerts_open ON alerts(opd, level) WHERE acked_ms = 0 AND closed_ms = 0;
)sql",
    // 5 -> 6: the worker session that got the go-ahead to post a reply (REPLY_SENDING), so that
    // only that session can say it did not post it after all (EGRESS_NOT_SENT).
    R"sql(
ALTER TABLE replies ADD COLUMN sending_session INTEGER NOT NULL DEFAULT 0;
)sql",
    // 6 -> 7: the dispatch queues read their pending items back from the store a page at a time,
    // in queue order (the ticket index covers what the dispatcher needs), and count them at start.
    // Replies keep their ticket's urgency (most urgent first; replies queued before: BIASA).
    R"sql(
CREATE INDEX tickets_delivery_queue ON tickets(opd, urgency DESC, sla_due_ms, id, attempts) WHERE delivery = 1;
DROP INDEX tickets_pending;
ALTER TABLE replies ADD COLUMN urgency INTEGER NOT NULL DEFAULT 1;
CREATE INDEX replies_pending ON replies(opd, urgency DESC, id) WHERE state = 1;
)sql",
    // 7 -> 8: the audit chain. Each event row stores its link (broker/audit/event_chain.h); the
    // rows already there are chained in order by ChainExistingEvents below, in the same transaction.
    R"sql(
ALTER TABLE events ADD COLUMN hash BLOB;
)sql",
    // 8 -> 9: citizens' personal data (UU 27/2022; broker/privacy). Each ticket's citizen key
    // ("channel:platform_id"; NULL once erased) finds a data subject's tickets; erased_ms marks a
    // ticket whose personal data is gone; the retention purge reads closed tickets by their last
    // change; an erased ticket's idempotency keys are found by its id, and a withdrawal of an item
    // never seen (ticket 0) keeps when it came, to be forgotten with its tombstone. Existing
    // tickets get their citizen key from their bodies (FillCitizenKeys below), in the same
    // transaction.
    R"sql(
ALTER TABLE tickets ADD COLUMN citizen TEXT;
ALTER TABLE tickets ADD COLUMN erased_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_citizen ON tickets(citizen) WHERE citizen IS NOT NULL;
CREATE INDEX tickets_retention ON tickets(updated_ms) WHERE erased_ms = 0 AND status IN (5, 6, 7);
CREATE INDEX submissions_ticket ON submissions(ticket_id);
ALTER TABLE submissions ADD COLUMN at_ms INTEGER NOT NULL DEFAULT 0;
)sql",
    // 9 -> 10: restores from a backup (broker/store/sqlite_backup.h). Each row keeps the numbers the
    // broker must go on from, above every one issued before the restore (the store takes the
    // higher of these and its tables' own), and the STORE_RESTORED event that records it.
    R"sql(
CREATE TABLE restores(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  event_seq INTEGER NOT NULL,
  backup_head_seq INTEGER NOT NULL,
  next_ticket_id INTEGER NOT NULL,
  next_reply_id INTEGER NOT NULL,
  next_alert_id INTEGER NOT NULL,
  reserve INTEGER NOT NULL,
  replies_held INTEGER NOT NULL,
  replaced TEXT NOT NULL
);
)sql",
};

// Chains the events recorded before schema 8, oldest first.
Status ChainExistingEvents(Db& db) {
  auto read = db.Prepare("SELECT seq, body FROM events ORDER BY seq");
  if (!read.ok()) return read.status();
  auto write = db.Prepare("UPDATE events SET hash=? WHERE seq=?");
  if (!write.ok()) return write.status();
  audit::ChainHasher hasher;
  audit::ChainHash prev = audit::kGenesis;
  Status s;
  while (read->Step(&s)) {
    auto seq = static_cast<uint64_t>(read->Int(0));
    prev = hasher.Link(prev, seq, read->Blob(1));
    write->BindBlob(1, audit::AsBytes(prev)).Bind(2, static_cast<int64_t>(seq));
    if (Status w = write->Run(); !w.ok()) return w;
  }
  return s;
}

// Gives the tickets stored before schema 9 their citizen key.
Status FillCitizenKeys(Db& db) {
  auto read = db.Prepare("SELECT t.id, t.channel, b.body FROM tickets t JOIN ticket_bodies b ON b.id = t.id");
  if (!read.ok()) return read.status();
  auto write = db.Prepare("UPDATE tickets SET citizen=? WHERE id=?");
  if (!write.ok()) return write.status();
  Status s;
  while (read->Step(&s)) {
    v1::Ticket t;
    auto body = read->Blob(2);
    if (!t.ParseFromArray(body.data(), static_cast<int>(body.size()))) continue;
    t.set_channel(std::string(read->Text(1)));
    std::string key = privacy::CitizenKeyOf(t);
    if (key.empty()) continue;
    write->Bind(1, key).Bind(2, read->Int(0));
    if (Status w = write->Run(); !w.ok()) return w;
  }
  return s;
}

// What runs after a migration's SQL, inside its transaction (nullptr: nothing).
Status (*const kAfter[])(Db&) = {nullptr,         nullptr, nullptr, nullptr,
                                 nullptr,         nullptr, nullptr, ChainExistingEvents,
                                 FillCitizenKeys, nullptr};

constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == kSchemaVersion);
static_assert(sizeof(kAfter) / sizeof(kAfter[0]) == kSchemaVersion);

}  // namespace

Status ConfigureWriter(Db& db) {
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=OFF",
        "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536", "PRAGMA wal_autocheckpoint=0"}) {
    Status s = db.Exec(pragma);
    if (!s.ok()) return s;
  }
  // journal_mode answers with the mode it got; make sure it is WAL.
  auto st = db.Prepare("PRAGMA journal_mode");
  if (!st.ok()) return st.status();
  Status s;
  if (!st->Step(&s) || st->Text(0) != "wal") return Status::Io("database refused WAL journal mode");
  return Status::Ok();
}

Status Migrate(Db& db) {
  Status s = db.Exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
  if (!s.ok()) return s;
  auto st = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!st.ok()) return st.status();
  int version = st->Step(&s) ? static_cast<int>(st->Int(0)) : 0;
  if (!s.ok()) return s;
  st->Reset();
  if (version > kSchemaVersion) {
    return Status::Io("database schema version " + std::to_string(version) + " is newer than this broker's " +
                      std::to_string(kSchemaVersion) + "; upgrade the broker");
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    if (!(s = db.Exec("BEGIN IMMEDIATE")).ok()) return s;
    s = db.Exec(kMigrations[v]);
    if (s.ok() && kAfter[v] != nullptr) s = kAfter[v](db);
    if (s.ok())
      s = db.Exec("DELETE FROM schema_version; INSERT INTO schema_version VALUES(" + std::to_string(v + 1) +
                  ")");
    if (s.ok()) s = db.Exec("COMMIT");
    if (!s.ok()) {
      (void)db.Exec("ROLLBACK");
      return Status::Io("migration to schema version " + std::to_string(v + 1) + " failed: " + s.message());
    }
  }
  return Status::Ok();
}

}  // namespace aspirasi::store
