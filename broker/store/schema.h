// Schema and migrations of the broker's SQLite database.
//
// Mutable state lives in the columns of `tickets` (status, delivery, attempts, opd, ...); the
// ticket's content (messages, author, routing) lives in `ticket_bodies.body`, a serialized
// aspirasi.v1.Ticket. The view `ticket_rows` joins them; readers overlay the columns onto the body.
// Every event row carries its link in the audit chain (`events.hash`, broker/audit/event_chain.h);
// rows are only ever inserted, never updated or deleted.
// Migrations run in order inside one transaction each; the database records the version it is at, and a
// database from a newer version is refused.
#pragma once

#include "broker/store/sqlite.h"

namespace aspirasi::store {

inline constexpr int kSchemaVersion = 10;

// Sets WAL, synchronous=FULL and the other pragmas of a writer connection.
Status ConfigureWriter(Db& db);
// Brings the schema to kSchemaVersion.
Status Migrate(Db& db);

}  // namespace aspirasi::store
