#include "broker/server/view_ops.h"

#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"

namespace aspirasi::server {

using i18n::K;
using i18n::T;

Status RecordView(store::Store& store, const TicketViewOp& op) {
  auto t = store.LoadTicket(op.ticket_id, "");
  if (!t.ok()) return t.status();
  v1::Event e;
  e.set_type(v1::TICKET_VIEWED);
  e.set_at_ms(op.now_ms);
  e.set_actor("admin:" + op.admin_id);
  i18n::Describe(&e, T(K("event.viewed"), {{"admin", op.admin_id}}));
  store.RecordEvent(*t, std::move(e));
  return Status::Ok();
}

std::string ViewLog::Key(const std::string& admin_id, uint64_t ticket_id) {
  return admin_id + '\n' + std::to_string(ticket_id);
}

bool ViewLog::ShouldRecord(const std::string& admin_id, uint64_t ticket_id, int64_t now_ms) {
  Prune(now_ms);
  Entry& e = entries_[Key(admin_id, ticket_id)];
  // A clock set back (ticket time is the wall clock) records again rather than never.
  if (e.in_flight == 0 && e.recorded_ms >= 0 && now_ms >= e.recorded_ms && now_ms - e.recorded_ms < kWindowMs)
    return false;
  ++e.in_flight;
  return true;
}

void ViewLog::Recorded(const std::string& admin_id, uint64_t ticket_id, int64_t now_ms) {
  auto it = entries_.find(Key(admin_id, ticket_id));
  if (it == entries_.end()) return;
  if (it->second.in_flight > 0) --it->second.in_flight;
  it->second.recorded_ms = now_ms;
}

void ViewLog::Failed(const std::string& admin_id, uint64_t ticket_id) {
  auto it = entries_.find(Key(admin_id, ticket_id));
  if (it == entries_.end()) return;
  if (it->second.in_flight > 0) --it->second.in_flight;
  if (it->second.in_flight == 0 && it->second.recorded_ms < 0) entries_.erase(it);
}

void ViewLog::Prune(int64_t now_ms) {
  // Every quarter hour, and at once after the clock was set back.
  if (now_ms < next_prune_ms_ && next_prune_ms_ - now_ms <= kWindowMs / 4) return;
  next_prune_ms_ = now_ms + kWindowMs / 4;
  std::erase_if(entries_, [now_ms](const auto& kv) {
    const Entry& e = kv.second;
    return e.in_flight == 0 &&
           (e.recorded_ms < 0 || now_ms - e.recorded_ms >= kWindowMs || now_ms < e.recorded_ms);
  });
}

}  // namespace aspirasi::server
