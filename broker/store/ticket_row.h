// One ticket row: the column list every ticket SELECT uses, and how columns overlay the body.
#pragma once

#include "aspirasi/v1/ticket.pb.h"
#include "broker/store/sqlite.h"

namespace aspirasi::store {

// SELECT <kTicketColumns> FROM ticket_rows ... (the columns, then the body)
#define ASPIRASI_TICKET_ROW_COLUMNS                                                                      \
  "id, number, opd, status, delivery, attempts, urgency, sla_due_ms, delivered_ms, worker, last_error, " \
  "updated_ms"
inline constexpr const char* kTicketColumns = ASPIRASI_TICKET_ROW_COLUMNS ", body";
// SELECT <kTicketRowColumns> FROM tickets ...: the mutable columns without the body (OverlayTicketColumns).
inline constexpr const char* kTicketRowColumns = ASPIRASI_TICKET_ROW_COLUMNS;
#undef ASPIRASI_TICKET_ROW_COLUMNS

// Parses the body and overlays the mutable columns. Returns false when the body is corrupt.
bool ReadTicketRow(const Stmt& stmt, v1::Ticket* out);
// Overlays only the mutable columns (for a body the caller already holds).
void OverlayTicketColumns(const Stmt& stmt, v1::Ticket* out);

}  // namespace aspirasi::store
