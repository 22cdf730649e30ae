#include "broker/server/alert_ops.h"

#include "broker/desk/desk.h"
#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"

namespace aspirasi::server {
namespace {

using i18n::K;
using i18n::T;

bool IsReplyAlert(const store::AlertRecord& a) {
  return a.type == v1::REPLY_REJECTED || a.type == v1::REPLY_UNCERTAIN;
}

// Does `reason` settle alert `a` of ticket `t`?
bool Settles(AlertCloseReason reason, const store::AlertRecord& a, const v1::Ticket& t, uint64_t reply_id) {
  switch (reason) {
    case AlertCloseReason::kAnswered:
      return IsReplyAlert(a) || a.clock == "first_response" || a.clock == "next_response";
    case AlertCloseReason::kResolved:
    case AlertCloseReason::kWithdrawn:
      return true;
    case AlertCloseReason::kTransferred:
      return a.opd != t.opd();
    case AlertCloseReason::kReplyConfirmed:
    case AlertCloseReason::kReplyNotSent:
      return IsReplyAlert(a) && a.reply_id == reply_id;
  }
  return false;
}

// "kadis.pupr (Ir. Hendra Gunawan), ..." or the role itself when nobody is configured for it.
std::string RecipientNames(const Config& config, const std::string& role, const std::string& opd) {
  std::string out;
  for (const AdminConfig* a : AlertOps::Recipients(config, role, opd)) {
    out += (out.empty() ? "" : ", ") + a->id + " (" + a->name + ")";
  }
  return out.empty() ? role : out;
}

}  // namespace

std::string_view AlertCloseReasonName(AlertCloseReason reason) {
  switch (reason) {
    case AlertCloseReason::kAnswered:
      return "answered";
    case AlertCloseReason::kResolved:
      return "resolved";
    case AlertCloseReason::kWithdrawn:
      return "withdrawn";
    case AlertCloseReason::kTransferred:
      return "transferred";
    case AlertCloseReason::kReplyConfirmed:
      return "reply_confirmed";
    case AlertCloseReason::kReplyNotSent:
      return "reply_requeued";
  }
  return "closed";
}

v1::Alert AlertToProto(const store::AlertRecord& a, const v1::Ticket& t) {
  v1::Alert x;
  x.set_id(a.id);
  x.set_ticket_id(a.ticket_id);
  x.set_ticket_number(t.number());
  x.set_opd(a.opd);
  x.set_type(a.type);
  x.set_level(a.level);
  x.set_clock(a.clock);
  x.set_due_ms(a.due_ms);
  x.set_fired_ms(a.fired_ms);
  x.set_event_seq(a.event_seq);
  x.set_acked_by(a.acked_by);
  x.set_acked_ms(a.acked_ms);
  x.set_note(a.note);
  x.set_role(a.role);
  x.set_closed_ms(a.closed_ms);
  x.set_closed_reason(a.closed_reason);
  x.set_reply_id(a.reply_id);
  return x;
}

std::vector<const AdminConfig*> AlertOps::Recipients(const Config& config, const std::string& role,
                                                     const std::string& opd) {
  std::vector<const AdminConfig*> out;
  for (const AdminConfig& a : config.admins) {
    if (role.empty() ? a.Covers(opd) : a.Receives(role, opd)) out.push_back(&a);
  }
  return out;
}

Result<uint64_t> AlertOps::Open(v1::Ticket& t, store::AlertRecord rec, v1::Event event, bool* marked) {
  rec.ticket_id = t.id();
  rec.opd = t.opd();
  rec.type = event.type();
  rec.fired_ms = event.at_ms();
  rec.event_seq = store_.NextSeq();
  auto id = store_.InsertAlert(rec);
  if (!id.ok()) return id.status();
  event.set_alert_id(*id);
  if (rec.reply_id != 0) {
    t.set_attention_reply_id(rec.reply_id);
    *marked = true;
  }
  store_.RecordEvent(t, std::move(event));
  return *id;
}

Status AlertOps::Close(v1::Ticket& t, AlertCloseReason reason, uint64_t reply_id, int64_t now_ms,
                       bool* changed) {
  auto open = store_.OpenAlertsOf(t.id());
  if (!open.ok()) return open.status();
  const std::string why(AlertCloseReasonName(reason));
  for (const store::AlertRecord& a : *open) {
    if (!Settles(reason, a, t, reply_id)) continue;
    if (Status s = store_.CloseAlert(a.id, why, now_ms); !s.ok()) return s;
    if (a.reply_id != 0 && t.attention_reply_id() == a.reply_id) {
      t.set_attention_reply_id(0);
      *changed = true;
    }
    v1::Event e;
    e.set_type(v1::ALERT_CLOSED);
    e.set_at_ms(now_ms);
    e.set_actor("broker");
    e.set_alert_id(a.id);
    e.set_level(a.level);
    e.set_clock(a.clock);
    e.set_reply_id(a.reply_id);
    i18n::Describe(&e, T(K("event.alert_closed"), {{"alert", a.id}, {"reason", why}}));
    store_.RecordEvent(t, std::move(e));
  }
  return Status::Ok();
}

AckAlertResult AlertOps::Ack(const AckAlertOp& op) {
  AckAlertResult out;
  auto admin = desk::FindActor(config_, op.actor);
  if (!admin.ok()) {
    out.status = admin.status();
    return out;
  }
  const uint64_t id = op.command.alert_id();
  auto rec = store_.LoadAlert(id);
  if (!rec.ok()) {
    out.status = rec.status();
    return out;
  }
  if (!rec->has_value() || !(*admin)->Covers((*rec)->opd)) {
    // The same answer for an alert of another OPD: nothing is learned about it.
    out.status = Status::NotFound(T(K("alert.not_found"), {{"alert", id}}));
    return out;
  }
  store::AlertRecord a = **rec;
  if (a.closed_ms != 0) {
    out.status = Status::Conflict(
        T(K("alert.already_closed"), {{"alert", id}, {"reason", a.closed_reason}, {"at", a.closed_ms}}));
    return out;
  }
  if (a.acked_ms != 0) {
    out.status = Status::Conflict(
        T(K("alert.already_acked"), {{"alert", id}, {"by", a.acked_by}, {"at", a.acked_ms}}));
    return out;
  }
  if (!a.role.empty() && !(*admin)->Receives(a.role, a.opd)) {
    out.status = Status::PermissionDenied(
        T(K("alert.not_recipient"),
          {{"alert", id}, {"role", a.role}, {"recipients", RecipientNames(config_, a.role, a.opd)}}));
    return out;
  }
  const std::string& note = op.command.note();
  if (!(out.status = store_.AckAlert(a.id, (*admin)->id, note, op.now_ms)).ok()) return out;
  auto t = store_.LoadTicket(a.ticket_id, "");
  if (!t.ok()) {
    out.status = t.status();
    return out;
  }
  if (a.reply_id != 0 && t->attention_reply_id() == a.reply_id) {
    t->set_attention_reply_id(0);
    if (!(out.status = store_.SaveTicket(*t, op.now_ms)).ok()) return out;
  }
  v1::Event e;
  e.set_type(v1::ALERT_ACKNOWLEDGED);
  e.set_at_ms(op.now_ms);
  e.set_actor("admin:" + (*admin)->id);
  e.set_alert_id(a.id);
  e.set_level(a.level);
  e.set_clock(a.clock);
  e.set_due_ms(a.due_ms);
  e.set_role(a.role);
  e.set_reply_id(a.reply_id);
  i18n::Describe(&e, T(K("event.alert_acked"), {{"alert", a.id}, {"by", (*admin)->id}}));
  store_.RecordEvent(*t, std::move(e));
  a.acked_by = (*admin)->id;
  a.acked_ms = op.now_ms;
  a.note = note;
  out.alert = AlertToProto(a, *t);
  return out;
}

}  // namespace aspirasi::server
