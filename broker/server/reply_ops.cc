#include "broker/server/reply_ops.h"

#include <functional>

#include "broker/desk/desk.h"
#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"
#include "common/utf8.h"

namespace aspirasi::server {
namespace {

using i18n::K;
using i18n::T;

v1::Event MakeEvent(v1::EventType type, int64_t now, std::string actor, i18n::Text text, uint64_t reply_id) {
  v1::Event e;
  e.set_type(type);
  e.set_at_ms(now);
  e.set_actor(std::move(actor));
  e.set_reply_id(reply_id);
  i18n::Describe(&e, std::move(text));
  return e;
}

// The platform's own words, for people and for the record: "(#131047) Re-engagement message
// (code 131047)". The reply keeps them whole for the desk; its event (chained, never erased) gets
// them with long numbers masked, as some platforms quote the recipient's number or id.
std::string PlatformReason(const v1::ReplyResult& r) {
  std::string why = r.reason().empty() ? "-" : r.reason();
  if (!r.platform_code().empty()) why += " (code " + r.platform_code() + ")";
  return why;
}

// The catalogue name of the kind of the reply whose message is `reply_id` on the ticket.
std::string KindOf(const v1::Ticket& t, uint64_t reply_id) {
  for (const auto& m : t.messages()) {
    if (m.reply_id() == reply_id) return std::string(i18n::ReplyKindName(m.reply_kind()));
  }
  return std::string(i18n::ReplyKindName(v1::REPLY_ANSWER));
}

}  // namespace

Status ReplyOps::Queue(v1::Ticket& ticket, v1::OutboundReply reply, int64_t now_ms, ReplyOpResult* out) {
  auto id = store_.InsertReply(reply, ticket.opd(), now_ms);
  if (!id.ok()) return id.status();
  reply.set_reply_id(*id);
  ticket.mutable_messages(ticket.messages_size() - 1)->set_reply_id(*id);
  out->desk.set_reply_id(*id);
  QueuedReply q;
  q.id = *id;
  q.opd = ticket.opd();
  q.urgency = ticket.urgency();
  q.body = std::make_shared<const std::string>(reply.SerializeAsString());
  out->queue = std::move(q);
  return Status::Ok();
}

ReplyOpResult ReplyOps::Desk(const DeskOp& op) {
  ReplyOpResult out;
  auto admin = desk::FindActor(config_, op.actor);
  if (!admin.ok()) {
    out.status = admin.status();
    return out;
  }
  auto loaded = store_.LoadTicket(op.command.ticket_id(), op.command.number());
  if (!loaded.ok()) {
    out.status = loaded.status();
    return out;
  }
  v1::Ticket& t = *loaded;
  auto change = desk::Apply(config_, **admin, op.command, t, op.now_ms);
  if (!change.ok()) {
    out.status = change.status();
    return out;
  }
  if (change->reply) {
    if (!(out.status = Queue(t, std::move(*change->reply), op.now_ms, &out)).ok()) return out;
  }
  if (!(out.status = store_.SaveTicket(t, op.now_ms)).ok()) return out;
  for (auto& e : change->events) {
    if (e.type() == v1::REPLY_QUEUED) e.set_reply_id(out.desk.reply_id());
    store_.RecordEvent(t, std::move(e));
  }
  out.moved_from = change->from_opd;
  out.desk.set_template_name(change->template_name);
  *out.desk.mutable_ticket() = std::move(t);
  return out;
}

ReplyOpResult ReplyOps::AutoAck(const std::string& serialized, int64_t now_ms) {
  ReplyOpResult out;
  v1::Ticket t;
  if (!t.ParseFromString(serialized)) {
    out.status = Status::Internal("a created ticket did not parse");
    return out;
  }
  desk::Change change;
  auto reply = desk::AutoAck(config_, t, now_ms, &change);
  if (!reply) return out;
  if (!(out.status = Queue(t, std::move(*reply), now_ms, &out)).ok()) return out;
  if (!(out.status = store_.SaveTicket(t, now_ms)).ok()) return out;
  for (auto& e : change.events) {
    e.set_reply_id(out.desk.reply_id());
    store_.RecordEvent(t, std::move(e));
  }
  return out;
}

Status ReplyOps::Settle(const store::ReplyRecord& rec, Settlement s, int64_t now_ms) {
  Status st = store_.UpdateReply(rec.id, s.state, s.attempts, s.sending_session, now_ms);
  if (!st.ok()) return st;
  auto loaded = store_.LoadTicket(rec.ticket_id, "");
  if (!loaded.ok()) return loaded.status();
  v1::Ticket& t = *loaded;
  for (auto& m : *t.mutable_messages()) {
    if (m.reply_id() != rec.id) continue;
    m.set_reply_state(s.state);
    m.set_reply_attempts(s.attempts);
    if (s.edit) s.edit(t, m);
    break;
  }
  if (s.event && s.alert) {
    // The alert marks the ticket before it is saved; its event follows the save.
    v1::Event event = s.event(t);
    store::AlertRecord alert;
    alert.level = 0;
    alert.reply_id = rec.id;
    t.set_attention_reply_id(rec.id);
    if (!(st = store_.SaveTicket(t, now_ms)).ok()) return st;
    bool marked = false;
    auto id = alerts_.Open(t, std::move(alert), std::move(event), &marked);
    if (!id.ok()) return id.status();
    return Status::Ok();
  }
  if (!(st = store_.SaveTicket(t, now_ms)).ok()) return st;
  if (s.event) store_.RecordEvent(t, s.event(t));
  return Status::Ok();
}

Status ReplyOps::Trouble(const store::ReplyRecord& rec, v1::ReplyState state, uint32_t attempts,
                         v1::EventType type, const std::string& actor, const std::string& why,
                         const std::function<i18n::Text(const std::string& kind)>& text, int64_t now_ms) {
  Settlement s;
  s.state = state;
  s.attempts = attempts;
  s.alert = true;
  // An unconfirmed reply remembers who got the go-ahead: that session may still say it did not post.
  if (state == v1::REPLY_UNCONFIRMED) s.sending_session = rec.sending_session;
  s.edit = [&why](v1::Ticket&, v1::Message& m) { m.set_reply_error(why); };
  s.event = [&](const v1::Ticket& t) {
    return MakeEvent(type, now_ms, actor, text(KindOf(t, rec.id)), rec.id);
  };
  return Settle(rec, std::move(s), now_ms);
}

ReplyOpResult ReplyOps::Sending(const ReplySendingOp& op) {
  ReplyOpResult out;
  auto rec = store_.LoadReply(op.reply_id);
  if (!rec.ok()) {
    out.status = rec.status();
    return out;
  }
  if (!rec->has_value()) {
    out.status = Status::NotFound("reply " + std::to_string(op.reply_id) + " not found");
    return out;
  }
  if ((*rec)->state != v1::REPLY_PENDING) {
    out.status = Status::Conflict("reply " + std::to_string(op.reply_id) + " is " +
                                  v1::ReplyState_Name((*rec)->state) + ", not pending; do not post it");
    return out;
  }
  // The citizen withdrew the item after the reply was queued (a deleted comment or message): it
  // is not posted, and the desk is told why, as for a refusal by the platform.
  auto ticket = store_.LoadTicket((*rec)->ticket_id, "");
  if (!ticket.ok()) {
    out.status = ticket.status();
    return out;
  }
  if (ticket->status() == v1::WITHDRAWN) {
    const std::string why = "the citizen withdrew the message before it went out";
    out.status = Trouble(
        **rec, v1::REPLY_FAILED, (*rec)->attempts, v1::REPLY_REJECTED, "broker", why,
        [](const std::string& kind) {
          return T(K("event.reply_withdrawn"), {{"kind", kind}});
        },
        op.now_ms);
    if (out.status.ok()) {
      out.status = Status::Conflict("reply " + std::to_string(op.reply_id) + ": " + why + "; do not post it");
    }
    return out;
  }
  Settlement s;
  s.state = v1::REPLY_SENDING;
  s.attempts = (*rec)->attempts;
  s.sending_session = op.session;
  out.status = Settle(**rec, std::move(s), op.now_ms);
  out.proceed = out.status.ok();
  return out;
}

ReplyOpResult ReplyOps::Result(const ReplyResultOp& op) {
  ReplyOpResult out;
  const v1::ReplyResult& r = op.result;
  auto rec = store_.LoadReply(r.reply_id());
  if (!rec.ok() || !rec->has_value()) {
    out.status =
        rec.ok() ? Status::NotFound("reply " + std::to_string(r.reply_id()) + " not found") : rec.status();
    return out;
  }
  const store::ReplyRecord& reply = **rec;
  if (reply.state == v1::REPLY_SENT || reply.state == v1::REPLY_FAILED) return out;  // settled: a repeat
  // That the platform accepted it is a fact, whoever reports it. Anything else counts only from
  // the worker that had the go-ahead (its session) or that still held the lease: a result
  // reported again after a reconnect, or one older than the reply's last return to the queue,
  // changes nothing.
  if (r.outcome() != v1::EGRESS_SENT) {
    const bool posting = reply.state == v1::REPLY_SENDING || reply.state == v1::REPLY_UNCONFIRMED;
    const bool theirs =
        posting ? reply.sending_session != 0 && reply.sending_session == op.session : op.leased;
    if (!theirs) return out;
  }
  std::string actor = "worker:" + op.worker;
  Settlement s;
  s.attempts = reply.attempts;
  switch (r.outcome()) {
    case v1::EGRESS_SENT: {
      s.state = v1::REPLY_SENT;
      const bool was_uncertain = reply.state == v1::REPLY_UNCONFIRMED;
      bool waits = false;
      s.edit = [&](v1::Ticket& t, v1::Message& m) {
        m.set_platform_message_id(r.platform_message_id());
        m.set_template_name(r.template_name());
        m.clear_reply_error();
        if (m.reply_kind() == v1::REPLY_AUTO_ACK) return;
        if (t.sla().first_responded_at_ms() == 0) t.mutable_sla()->set_first_responded_at_ms(op.now_ms);
        const bool open = t.status() == v1::NEW || t.status() == v1::OPEN || t.status() == v1::IN_PROGRESS;
        if (m.reply_kind() == v1::REPLY_ANSWER && open) t.set_status(v1::RESPONDED);
        if (m.reply_kind() == v1::REPLY_ASK && (open || t.status() == v1::RESPONDED)) {
          // The question reached the citizen: now the ticket waits, unless they already wrote again.
          bool answered_meanwhile = false;
          for (const auto& later : t.messages()) {
            answered_meanwhile =
                answered_meanwhile || (later.direction() == v1::INBOUND && later.seq() > m.seq());
          }
          if (!answered_meanwhile) {
            t.set_status(v1::WAITING_CITIZEN);
            t.mutable_sla()->set_paused_at_ms(op.now_ms);
            waits = true;
          }
        }
      };
      s.event = [&](const v1::Ticket&) {
        return MakeEvent(v1::REPLY_POSTED, op.now_ms, actor,
                         r.template_name().empty()
                             ? T(K("event.reply_posted"))
                             : T(K("event.reply_posted_template"), {{"template", r.template_name()}}),
                         reply.id);
      };
      out.status = Settle(reply, std::move(s), op.now_ms);
      if (!out.status.ok()) return out;
      auto t = store_.LoadTicket(reply.ticket_id, "");
      if (!t.ok()) {
        out.status = t.status();
        return out;
      }
      bool changed = false;
      if (waits) {
        store_.RecordEvent(*t,
                           MakeEvent(v1::TICKET_WAITING, op.now_ms, actor, T(K("event.waiting")), reply.id));
      }
      // The answer reaching the citizen settles the alerts it answers (SlaOps closes the SLA ones
      // with the clocks); an uncertain reply confirmed after all settles its own.
      if (was_uncertain) {
        out.status = alerts_.Close(*t, AlertCloseReason::kReplyConfirmed, reply.id, op.now_ms, &changed);
      }
      if (out.status.ok() && changed) out.status = store_.SaveTicket(*t, op.now_ms);
      return out;
    }
    case v1::EGRESS_TRANSIENT: {
      uint32_t attempts = reply.attempts + 1;
      if (static_cast<int>(attempts) < config_.desk.reply_max_attempts) {
        s.state = v1::REPLY_PENDING;
        s.attempts = attempts;
        s.edit = [&](v1::Ticket&, v1::Message& m) { m.set_reply_error(PlatformReason(r)); };
        out.status = Settle(reply, std::move(s), op.now_ms);
        if (out.status.ok()) {
          QueuedReply q;
          q.id = reply.id;
          q.opd = reply.opd;
          q.attempts = attempts;
          out.retry = std::move(q);  // the body is loaded again when it is due
        }
        return out;
      }
      const std::string why = PlatformReason(r);
      out.status = Trouble(
          reply, v1::REPLY_FAILED, attempts, v1::REPLY_REJECTED, actor, why,
          [&](const std::string& kind) {
            return T(K("event.reply_gave_up"),
                     {{"kind", kind}, {"attempts", attempts}, {"reason", MaskLongNumbers(why)}});
          },
          op.now_ms);
      return out;
    }
    case v1::EGRESS_NOT_SENT: {
      // Only the session that got the go-ahead knows it did not post; anyone else's word (or a
      // second report) changes nothing.
      const bool open = reply.state == v1::REPLY_SENDING || reply.state == v1::REPLY_UNCONFIRMED;
      if (!open || reply.sending_session == 0 || reply.sending_session != op.session) return out;
      const bool was_uncertain = reply.state == v1::REPLY_UNCONFIRMED;
      s.state = v1::REPLY_PENDING;
      s.edit = [](v1::Ticket&, v1::Message& m) { m.clear_reply_error(); };
      if (!(out.status = Settle(reply, std::move(s), op.now_ms)).ok()) return out;
      if (was_uncertain) {
        auto t = store_.LoadTicket(reply.ticket_id, "");
        if (!t.ok()) {
          out.status = t.status();
          return out;
        }
        bool changed = false;
        out.status = alerts_.Close(*t, AlertCloseReason::kReplyNotSent, reply.id, op.now_ms, &changed);
        if (out.status.ok() && changed) out.status = store_.SaveTicket(*t, op.now_ms);
        if (!out.status.ok()) return out;
      }
      QueuedReply q;
      q.id = reply.id;
      q.opd = reply.opd;
      q.attempts = reply.attempts;
      out.queue = std::move(q);  // the body is loaded again when it is delivered
      return out;
    }
    case v1::EGRESS_UNKNOWN: {
      const std::string why = PlatformReason(r);
      out.status = Trouble(
          reply, v1::REPLY_UNCONFIRMED, reply.attempts, v1::REPLY_UNCERTAIN, actor, why,
          [&](const std::string& kind) {
            return T(K("event.reply_no_answer"), {{"kind", kind}, {"reason", MaskLongNumbers(why)}});
          },
          op.now_ms);
      return out;
    }
    default: {
      const std::string why = PlatformReason(r);
      out.status = Trouble(
          reply, v1::REPLY_FAILED, reply.attempts, v1::REPLY_REJECTED, actor, why,
          [&](const std::string& kind) {
            return T(K("event.reply_refused"), {{"kind", kind}, {"reason", MaskLongNumbers(why)}});
          },
          op.now_ms);
      return out;
    }
  }
}

ReplyOpResult ReplyOps::Uncertain(const ReplyUncertainOp& op) {
  ReplyOpResult out;
  auto rec = store_.LoadReply(op.reply_id);
  if (!rec.ok()) {
    out.status = rec.status();
    return out;
  }
  // A result came first, or the reply went back to the queue and is being posted by another session.
  if (!rec->has_value() || (*rec)->state != v1::REPLY_SENDING || (*rec)->sending_session != op.session) {
    return out;
  }
  const std::string why = i18n::English(i18n::Text{"uncertain." + op.reason, {}});
  out.status = Trouble(
      **rec, v1::REPLY_UNCONFIRMED, (*rec)->attempts, v1::REPLY_UNCERTAIN, "broker", why,
      [&](const std::string& kind) {
        return T(K("event.reply_stopped"), {{"kind", kind}, {"reason", op.reason}});
      },
      op.now_ms);
  return out;
}

}  // namespace aspirasi::server
