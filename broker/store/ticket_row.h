// One ticket row: the column list every ticket SELECT uses, and how columns overlay the body.
#pragma once

#include "aspirasi/v1/ticket.pb.h"
#include "broker/store/sqlite.h"

namespace aspirasi::store {

// SELECT <kTicketColumns> FROM tickets ...
inline constexpr const char* kTicketColumns =
    "id, number, opd, status, delivery, attempts, urgency, sla_due_ms, delivered_ms, worker, last_error, "
    "updated_ms, "
    "body";

// Parses the body and overlays the mutable columns. Returns false when the body is corrupt.
bool ReadTicketRow(const Stmt& stmt, v1::Ticket* out);
// Overlays only the mutable columns (for a body the caller already holds).
void OverlayTicketColumns(const Stmt& stmt, v1::Ticket* out);

}  // namespace aspirasi::store
