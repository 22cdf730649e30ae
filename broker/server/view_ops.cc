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
  auto [it, inserted] = last_.try_emplace(Key(admin_id, ticket_id), now_ms);
  if (inserted) return true;
  // A clock set back (ticket time is the wall clock) records again rather than never.
  if (now_ms - it->second < kWindowMs && now_ms >= it->second) return false;
  it->second = now_ms;
  return true;
}

void ViewLog::Forget(const std::string& admin_id, uint64_t ticket_id) {
  last_.erase(Key(admin_id, ticket_id));
}

void ViewLog::Prune(int64_t now_ms) {
  if (now_ms < next_prune_ms_) return;
  next_prune_ms_ = now_ms + kWindowMs / 4;
  std::erase_if(last_,
                [now_ms](const auto& kv) { return now_ms - kv.second >= kWindowMs || now_ms < kv.second; });
}

}  // namespace aspirasi::server
