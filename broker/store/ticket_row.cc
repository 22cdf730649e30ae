#include "broker/store/ticket_row.h"

namespace aspirasi::store {

bool ReadTicketRow(const Stmt& stmt, v1::Ticket* t) {
  auto body = stmt.Blob(12);
  t->Clear();
  bool ok = t->ParseFromArray(body.data(), static_cast<int>(body.size()));
  OverlayTicketColumns(stmt, t);
  return ok;
}

void OverlayTicketColumns(const Stmt& stmt, v1::Ticket* t) {
  t->set_id(static_cast<uint64_t>(stmt.Int(0)));
  t->set_number(std::string(stmt.Text(1)));
  t->set_opd(std::string(stmt.Text(2)));
  t->set_status(static_cast<v1::TicketStatus>(stmt.Int(3)));
  auto* d = t->mutable_delivery();
  d->set_state(static_cast<v1::DeliveryState>(stmt.Int(4)));
  d->set_attempts(static_cast<uint32_t>(stmt.Int(5)));
  t->set_urgency(static_cast<v1::Urgency>(stmt.Int(6)));
  t->mutable_sla()->set_first_response_due_ms(stmt.Int(7));
  d->set_delivered_at_ms(stmt.Int(8));
  d->set_worker(std::string(stmt.Text(9)));
  d->set_last_error(std::string(stmt.Text(10)));
  t->set_updated_at_ms(stmt.Int(11));
}

}  // namespace aspirasi::store
