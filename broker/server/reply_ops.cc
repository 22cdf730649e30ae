#include "broker/server/reply_ops.h"

#include <functional>

#include "broker/desk/desk.h"

namespace aspirasi::server {
namespace {

v1::Event MakeEvent(v1::EventType type, int64_t now, std::string actor, std::string detail,
                    uint64_t reply_id) {
  v1::Event e;
  e.set_type(type);
  e.set_at_ms(now);
  e.set_actor(std::move(actor));
  e.set_detail(std::move(detail));
  e.set_reply_id(reply_id);
  return e;
}

std::string PlatformReason(const v1::ReplyResult& r) {
  std::string why = r.reason().empty() ? "no reason given" : r.reason();
  if (!r.platform_code().empty()) why += " (code " + r.platform_code() + ")";
  return why;
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

Status ReplyOps::Settle(const store::ReplyRecord& rec, v1::ReplyState state, uint32_t attempts,
                        int64_t now_ms, const std::function<void(v1::Ticket&, v1::Message&)>& edit,
                        std::optional<v1::Event> event) {
  Status s = store_.UpdateReply(rec.id, state, attempts, now_ms);
  if (!s.ok()) return s;
  auto loaded = store_.LoadTicket(rec.ticket_id, "");
  if (!loaded.ok()) return loaded.status();
  v1::Ticket& t = *loaded;
  for (auto& m : *t.mutable_messages()) {
    if (m.reply_id() != rec.id) continue;
    m.set_reply_state(state);
    m.set_reply_attempts(attempts);
    if (edit) edit(t, m);
    break;
  }
  if (!(s = store_.SaveTicket(t, now_ms)).ok()) return s;
  if (event) store_.RecordEvent(t, std::move(*event));
  return Status::Ok();
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
  out.status = Settle(**rec, v1::REPLY_SENDING, (*rec)->attempts, op.now_ms, nullptr, std::nullopt);
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
  std::string actor = "worker:" + op.worker;
  switch (r.outcome()) {
    case v1::EGRESS_SENT:
      out.status = Settle(
          reply, v1::REPLY_SENT, reply.attempts, op.now_ms,
          [&](v1::Ticket& t, v1::Message& m) {
            m.set_platform_message_id(r.platform_message_id());
            m.clear_reply_error();
            if (m.reply_kind() == v1::REPLY_AUTO_ACK) return;
            if (t.sla().first_responded_at_ms() == 0) t.mutable_sla()->set_first_responded_at_ms(op.now_ms);
            if (m.reply_kind() == v1::REPLY_ANSWER &&
                (t.status() == v1::NEW || t.status() == v1::OPEN || t.status() == v1::IN_PROGRESS)) {
              t.set_status(v1::RESPONDED);
            }
          },
          MakeEvent(v1::REPLY_POSTED, op.now_ms, actor, "the platform accepted the reply", reply.id));
      return out;
    case v1::EGRESS_TRANSIENT: {
      uint32_t attempts = reply.attempts + 1;
      if (static_cast<int>(attempts) < config_.desk.reply_max_attempts) {
        out.status = Settle(
            reply, v1::REPLY_PENDING, attempts, op.now_ms,
            [&](v1::Ticket&, v1::Message& m) { m.set_reply_error(PlatformReason(r)); }, std::nullopt);
        if (out.status.ok()) {
          QueuedReply q;
          q.id = reply.id;
          q.opd = reply.opd;
          q.attempts = attempts;
          out.retry = std::move(q);  // the body is loaded again when it is due
        }
        return out;
      }
      std::string why = "gave up after " + std::to_string(attempts) + " attempts: " + PlatformReason(r);
      out.status = Settle(
          reply, v1::REPLY_FAILED, attempts, op.now_ms,
          [&](v1::Ticket&, v1::Message& m) { m.set_reply_error(why); },
          MakeEvent(v1::REPLY_REJECTED, op.now_ms, actor, "reply not posted: " + why, reply.id));
      return out;
    }
    case v1::EGRESS_UNKNOWN:
      out.status = Settle(
          reply, v1::REPLY_UNCONFIRMED, reply.attempts, op.now_ms,
          [&](v1::Ticket&, v1::Message& m) { m.set_reply_error(PlatformReason(r)); },
          MakeEvent(v1::REPLY_UNCERTAIN, op.now_ms, actor,
                    "no answer from the platform; check whether the reply arrived before sending it "
                    "again: " +
                        PlatformReason(r),
                    reply.id));
      return out;
    default: {
      std::string why = PlatformReason(r);
      out.status = Settle(
          reply, v1::REPLY_FAILED, reply.attempts, op.now_ms,
          [&](v1::Ticket&, v1::Message& m) { m.set_reply_error(why); },
          MakeEvent(v1::REPLY_REJECTED, op.now_ms, actor, "the platform refused the reply: " + why,
                    reply.id));
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
  if (!rec->has_value() || (*rec)->state != v1::REPLY_SENDING) return out;  // a result came first
  out.status = Settle(
      **rec, v1::REPLY_UNCONFIRMED, (*rec)->attempts, op.now_ms,
      [&](v1::Ticket&, v1::Message& m) { m.set_reply_error(op.reason); },
      MakeEvent(v1::REPLY_UNCERTAIN, op.now_ms, "broker",
                op.reason + "; check the platform before sending the reply again", op.reply_id));
  return out;
}

}  // namespace aspirasi::server
