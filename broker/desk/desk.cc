#include "broker/desk/desk.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "broker/desk/templates.h"

namespace aspirasi::desk {
namespace {

const char* ActionName(v1::DeskAction a) {
  switch (a) {
    case v1::DESK_CLAIM:
      return "claim";
    case v1::DESK_RELEASE:
      return "release";
    case v1::DESK_REPLY:
      return "reply";
    case v1::DESK_NOTE:
      return "note";
    case v1::DESK_TRANSFER:
      return "transfer";
    case v1::DESK_ASK:
      return "ask";
    case v1::DESK_RESOLVE:
      return "resolve";
    case v1::DESK_REOPEN:
      return "reopen";
    case v1::DESK_ASSIGN:
      return "assign";
    default:
      return "unknown";
  }
}

// "14:05 WIB" in the tenant's zone (Indonesia keeps no daylight saving time).
std::string LocalTime(const Config& config, int64_t ms) {
  int offset = 7;
  const char* zone = "WIB";
  if (config.tenant.timezone == "Asia/Makassar") offset = 8, zone = "WITA";
  if (config.tenant.timezone == "Asia/Jayapura") offset = 9, zone = "WIT";
  int64_t minutes = (ms / 60000 + offset * 60) % (24 * 60);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d %s", static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60), zone);
  return buf;
}

std::string Holder(const Config& config, const v1::Ticket& t) {
  const AdminConfig* a = config.FindAdmin(t.claim().admin());
  std::string who = t.claim().admin();
  if (a) who += " (" + a->name + ")";
  return who;
}

class Applier {
 public:
  Applier(const Config& config, const AdminConfig& admin, const v1::DeskCommand& cmd, v1::Ticket& t,
          int64_t now)
      : config_(config), admin_(admin), cmd_(cmd), t_(t), now_(now), actor_("admin:" + admin.id) {}

  Result<Change> Run() {
    Status s = CheckVisible(admin_, t_);
    if (!s.ok()) return s;
    switch (cmd_.action()) {
      case v1::DESK_CLAIM:
        s = Claim();
        break;
      case v1::DESK_RELEASE:
        s = Release();
        break;
      case v1::DESK_REPLY:
        s = Reply(v1::REPLY_ANSWER);
        break;
      case v1::DESK_ASK:
        s = Reply(v1::REPLY_ASK);
        break;
      case v1::DESK_NOTE:
        s = Note();
        break;
      case v1::DESK_TRANSFER:
        s = Transfer();
        break;
      case v1::DESK_RESOLVE:
        s = Resolve();
        break;
      case v1::DESK_REOPEN:
        s = Reopen();
        break;
      case v1::DESK_ASSIGN:
        s = Assign();
        break;
      default:
        s = Status::InvalidArgument("action", "unknown desk action");
    }
    if (!s.ok()) return s;
    t_.set_updated_at_ms(now_);
    return std::move(change_);
  }

 private:
  void Event(v1::EventType type, std::string detail) {
    v1::Event& e = change_.events.emplace_back();
    e.set_type(type);
    e.set_at_ms(now_);
    e.set_actor(actor_);
    e.set_detail(std::move(detail));
  }

  std::string Number() const { return "ticket " + t_.number(); }

  bool HeldByOther() const { return ClaimActive(t_, now_) && t_.claim().admin() != admin_.id; }

  Status ClaimConflict() const {
    return Status::Conflict(Number() + " is claimed by " + Holder(config_, t_) + " until " +
                            LocalTime(config_, t_.claim().expires_at_ms()) +
                            "; ask them to release it, or a supervisor to assign it");
  }

  Status NotResolved() const {
    if (t_.status() == v1::RESOLVED) {
      return Status::Conflict(Number() + " is resolved; reopen it first (aspirasi reopen " + t_.number() +
                              ")");
    }
    return Status::Ok();
  }

  Status NotWithdrawn() const {
    if (t_.status() == v1::WITHDRAWN) {
      return Status::Error(v1::WITHDRAWN_ITEM, Number() + " was withdrawn: the citizen deleted the item on " +
                                                   t_.channel() + ", so nothing can be posted in reply");
    }
    return Status::Ok();
  }

  void TakeClaim(const std::string& admin) {
    auto* c = t_.mutable_claim();
    if (c->admin() != admin || !ClaimActive(t_, now_)) c->set_claimed_at_ms(now_);
    c->set_admin(admin);
    c->set_expires_at_ms(now_ + int64_t{config_.desk.claim_idle_minutes} * 60000);
    if (t_.status() == v1::NEW || t_.status() == v1::OPEN) t_.set_status(v1::IN_PROGRESS);
  }

  // The holder acted: the claim lives on.
  void Touch() {
    if (ClaimActive(t_, now_) && t_.claim().admin() == admin_.id) {
      t_.mutable_claim()->set_expires_at_ms(now_ + int64_t{config_.desk.claim_idle_minutes} * 60000);
    }
  }

  Status Claim() {
    if (Status s = NotResolved(); !s.ok()) return s;
    if (Status s = NotWithdrawn(); !s.ok()) return s;
    if (HeldByOther()) return ClaimConflict();
    bool lapsed = t_.has_claim() && !t_.claim().admin().empty() && !ClaimActive(t_, now_) &&
                  t_.claim().admin() != admin_.id;
    std::string previous = t_.claim().admin();
    TakeClaim(admin_.id);
    Event(v1::TICKET_CLAIMED, lapsed
                                  ? "claimed by " + admin_.id + " (the claim of " + previous + " had lapsed)"
                                  : "claimed by " + admin_.id);
    return Status::Ok();
  }

  Status Release() {
    if (!ClaimActive(t_, now_)) return Status::Conflict(Number() + " is not claimed");
    if (t_.claim().admin() != admin_.id && !admin_.supervisor()) return ClaimConflict();
    std::string holder = t_.claim().admin();
    t_.clear_claim();
    if (t_.status() == v1::IN_PROGRESS) t_.set_status(v1::OPEN);
    Event(v1::TICKET_RELEASED, "claim of " + holder + " released by " + admin_.id);
    return Status::Ok();
  }

  Result<std::string> Text() const {
    if (!cmd_.template_().empty()) {
      const SavedReplyConfig* saved = FindSavedReply(config_, t_.opd(), cmd_.template_());
      if (!saved) {
        return Status::InvalidArgument("template", "no saved reply '" + cmd_.template_() + "' for " +
                                                       t_.opd() + " (aspirasi templates --opd " + t_.opd() +
                                                       " lists them)");
      }
      return Render(saved->text, t_, config_);
    }
    return Render(cmd_.text(), t_, config_);
  }

  // The citizen message a reply answers: the newest inbound message not withdrawn.
  int AnsweredIndex() const {
    for (int i = t_.messages_size() - 1; i >= 0; --i) {
      const auto& m = t_.messages(i);
      if (m.direction() == v1::INBOUND && !m.withdrawn()) return i;
    }
    return -1;
  }

  Status Reply(v1::ReplyKind kind) {
    if (Status s = NotResolved(); !s.ok()) return s;
    if (Status s = NotWithdrawn(); !s.ok()) return s;
    if (HeldByOther()) return ClaimConflict();
    int answered = AnsweredIndex();
    if (answered < 0) {
      return Status::Error(
          v1::WITHDRAWN_ITEM,
          Number() + ": every message of the citizen was deleted; there is nothing to reply to");
    }
    auto text = Text();
    if (!text.ok()) return text.status();
    if (static_cast<int64_t>(text->size()) > config_.desk.max_reply_bytes) {
      return Status::TooLarge("text", "the reply is " + std::to_string(text->size()) + " bytes; at most " +
                                          std::to_string(config_.desk.max_reply_bytes) +
                                          " (desk.max_reply_bytes)");
    }
    bool claimed_now = !ClaimActive(t_, now_);
    TakeClaim(admin_.id);
    if (claimed_now) Event(v1::TICKET_CLAIMED, "claimed by " + admin_.id + " with a reply");
    QueueReply(kind, *text, admin_.id, t_.messages(answered).seq(), &change_, t_, now_);
    change_.events.back().set_actor(actor_);
    if (kind == v1::REPLY_ASK) {
      t_.set_status(v1::WAITING_CITIZEN);
      t_.mutable_sla()->set_paused_at_ms(now_);
      Event(v1::TICKET_WAITING, "asked the citizen for more; waiting for the answer");
    }
    return Status::Ok();
  }

  Status Note() {
    if (cmd_.text().empty()) return Status::InvalidArgument("text", "a note needs text");
    v1::Message* m = t_.add_messages();
    m->set_seq(static_cast<uint32_t>(t_.messages_size()));
    m->set_direction(v1::NOTE);
    m->mutable_author()->set_platform_id(admin_.id);
    m->mutable_author()->set_display_name(admin_.name);
    m->set_text(cmd_.text());
    m->set_at_ms(now_);
    Touch();
    Event(v1::NOTE_ADDED, "internal note " + std::to_string(m->seq()) + " by " + admin_.id);
    return Status::Ok();
  }

  Status Transfer() {
    if (Status s = NotResolved(); !s.ok()) return s;
    if (HeldByOther() && !admin_.supervisor()) return ClaimConflict();
    const OpdConfig* to = config_.FindOpd(cmd_.to_opd());
    if (!to) return Status::InvalidArgument("to_opd", "no OPD '" + cmd_.to_opd() + "' in the configuration");
    if (cmd_.to_opd() == t_.opd())
      return Status::InvalidArgument("to_opd", Number() + " is already at " + t_.opd());
    std::string from = t_.opd();
    v1::Transfer* tr = t_.add_transfers();
    tr->set_from_opd(from);
    tr->set_to_opd(cmd_.to_opd());
    tr->set_reason(cmd_.reason());
    tr->set_actor(admin_.id);
    tr->set_at_ms(now_);
    t_.set_opd(cmd_.to_opd());
    t_.clear_claim();
    if (t_.status() != v1::WAITING_CITIZEN && t_.status() != v1::WITHDRAWN) t_.set_status(v1::OPEN);
    auto* r = t_.mutable_routing();
    r->set_reason(v1::ROUTE_TRANSFER);
    r->set_rule("");
    r->set_matched("");
    r->set_explanation("transferred from " + from + " by " + admin_.id + ": " + cmd_.reason());
    change_.from_opd = from;
    Event(v1::TICKET_TRANSFERRED, "transferred from " + from + " to " + cmd_.to_opd() + ": " + cmd_.reason());
    change_.events.back().set_from_opd(from);
    return Status::Ok();
  }

  Status Resolve() {
    if (Status s = NotResolved(); !s.ok()) return s;
    if (HeldByOther() && !admin_.supervisor()) return ClaimConflict();
    t_.set_status(v1::RESOLVED);
    t_.set_resolution(cmd_.text());
    t_.set_resolved_at_ms(now_);
    t_.clear_claim();
    t_.mutable_sla()->set_paused_at_ms(0);
    Event(v1::TICKET_RESOLVED, "resolved by " + admin_.id);
    return Status::Ok();
  }

  Status Reopen() {
    if (t_.status() != v1::RESOLVED && t_.status() != v1::RESPONDED) {
      return Status::Conflict(Number() + " is not resolved or responded; nothing to reopen");
    }
    t_.set_status(v1::OPEN);
    t_.set_resolved_at_ms(0);
    Event(v1::TICKET_REOPENED, cmd_.reason().empty() ? "reopened by " + admin_.id
                                                     : "reopened by " + admin_.id + ": " + cmd_.reason());
    return Status::Ok();
  }

  Status Assign() {
    if (!admin_.supervisor()) {
      return Status::Error(v1::PERMISSION_DENIED,
                           "only supervisors assign tickets; " + admin_.id + " is an admin");
    }
    if (Status s = NotResolved(); !s.ok()) return s;
    if (Status s = NotWithdrawn(); !s.ok()) return s;
    const AdminConfig* to = config_.FindAdmin(cmd_.to_admin());
    if (!to)
      return Status::InvalidArgument("to_admin", "no admin '" + cmd_.to_admin() + "' in the configuration");
    if (!to->Covers(t_.opd())) {
      return Status::InvalidArgument("to_admin", cmd_.to_admin() + " does not work for " + t_.opd());
    }
    std::string previous = ClaimActive(t_, now_) ? t_.claim().admin() : "";
    t_.clear_claim();
    TakeClaim(to->id);
    Event(v1::TICKET_ASSIGNED,
          "assigned to " + to->id + " by " + admin_.id +
              (previous.empty() || previous == to->id ? "" : " (was claimed by " + previous + ")"));
    return Status::Ok();
  }

  const Config& config_;
  const AdminConfig& admin_;
  const v1::DeskCommand& cmd_;
  v1::Ticket& t_;
  int64_t now_;
  std::string actor_;
  Change change_;

 public:
  // Appends the OUTBOUND message and prepares the OutboundReply (reply_id 0 until the store
  // numbers it) and its REPLY_QUEUED event.
  static void QueueReply(v1::ReplyKind kind, const std::string& text, const std::string& admin,
                         uint32_t answers, Change* change, v1::Ticket& t, int64_t now) {
    v1::OutboundReply reply;
    reply.set_kind(kind);
    reply.set_text(text);
    reply.set_admin(admin);
    reply.set_in_reply_to_seq(answers);
    *reply.mutable_ticket() = t;
    v1::Message* m = t.add_messages();
    m->set_seq(static_cast<uint32_t>(t.messages_size()));
    m->set_direction(v1::OUTBOUND);
    m->mutable_author()->set_platform_id(admin);
    m->set_text(text);
    m->set_at_ms(now);
    m->set_reply_kind(kind);
    m->set_reply_state(v1::REPLY_PENDING);
    change->reply = std::move(reply);
    v1::Event& e = change->events.emplace_back();
    e.set_type(v1::REPLY_QUEUED);
    e.set_at_ms(now);
    e.set_actor(admin.empty() ? "broker" : "admin:" + admin);
    e.set_detail(kind == v1::REPLY_AUTO_ACK ? "automatic acknowledgement queued for the responder"
                 : kind == v1::REPLY_ASK    ? "question to the citizen queued for the responder"
                                            : "reply queued for the responder");
  }
};

}  // namespace

bool ClaimActive(const v1::Ticket& t, int64_t now_ms) {
  return t.has_claim() && !t.claim().admin().empty() && t.claim().expires_at_ms() > now_ms;
}

Result<const AdminConfig*> FindActor(const Config& config, const std::string& actor) {
  if (actor.empty()) {
    return Status::Error(v1::PERMISSION_DENIED,
                         "desk commands need an actor: an admin id from the configuration (--as)");
  }
  const AdminConfig* a = config.FindAdmin(actor);
  if (!a) return Status::Error(v1::PERMISSION_DENIED, "'" + actor + "' is not an admin in the configuration");
  return a;
}

Status CheckVisible(const AdminConfig& admin, const v1::Ticket& ticket) {
  if (admin.Covers(ticket.opd())) return Status::Ok();
  std::string opds;
  for (const auto& o : admin.opds) opds += (opds.empty() ? "" : ", ") + o;
  return Status::Error(v1::PERMISSION_DENIED,
                       "ticket " + ticket.number() + " is not in your OPDs (" + opds + ")");
}

Status ValidateCommand(const Config& config, const v1::DeskCommand& c) {
  if (c.ticket_id() == 0 && c.number().empty())
    return Status::InvalidArgument("ticket_id", "name a ticket by id or number");
  if (c.number().size() > 64) return Status::TooLarge("number", "a ticket number is at most 64 bytes");
  // The rendered reply is checked against desk.max_reply_bytes later; this bounds the raw fields.
  const std::size_t limit = static_cast<std::size_t>(std::max<int64_t>(config.desk.max_reply_bytes, 4096));
  for (const auto& [value, field] : {std::pair{&c.text(), "text"}, {&c.reason(), "reason"}}) {
    if (value->size() > limit) {
      return Status::TooLarge(field, std::string(field) + " is " + std::to_string(value->size()) +
                                         " bytes; at most " + std::to_string(limit));
    }
  }
  switch (c.action()) {
    case v1::DESK_CLAIM:
    case v1::DESK_RELEASE:
    case v1::DESK_REOPEN:
      return Status::Ok();
    case v1::DESK_REPLY:
    case v1::DESK_ASK:
      if (c.text().empty() == c.template_().empty()) {
        return Status::InvalidArgument(
            "text", std::string(ActionName(c.action())) + " needs text or a template, not both");
      }
      return Status::Ok();
    case v1::DESK_NOTE:
      return c.text().empty() ? Status::InvalidArgument("text", "a note needs text") : Status::Ok();
    case v1::DESK_TRANSFER:
      if (c.to_opd().empty())
        return Status::InvalidArgument("to_opd", "transfer needs the OPD to move to (--to)");
      if (c.reason().empty())
        return Status::InvalidArgument("reason",
                                       "transfer needs a reason (--reason), e.g. \"bukan wewenang\"");
      return Status::Ok();
    case v1::DESK_RESOLVE:
      return c.text().empty() ? Status::InvalidArgument("text", "resolve needs a resolution (--resolution)")
                              : Status::Ok();
    case v1::DESK_ASSIGN:
      return c.to_admin().empty() ? Status::InvalidArgument("to_admin", "assign needs the admin (--to)")
                                  : Status::Ok();
    default:
      return Status::InvalidArgument("action", "unknown desk action " + std::to_string(c.action()));
  }
}

Result<Change> Apply(const Config& config, const AdminConfig& admin, const v1::DeskCommand& command,
                     v1::Ticket& ticket, int64_t now_ms) {
  v1::Ticket before = ticket;
  auto r = Applier(config, admin, command, ticket, now_ms).Run();
  if (!r.ok()) ticket = std::move(before);
  return r;
}

std::optional<v1::OutboundReply> AutoAck(const Config& config, v1::Ticket& ticket, int64_t now_ms,
                                         Change* change) {
  if (!config.desk.auto_ack) return std::nullopt;
  const OpdConfig* opd = config.FindOpd(ticket.opd());
  std::string tmpl =
      opd && !opd->auto_ack_template.empty() ? opd->auto_ack_template : config.desk.auto_ack_template;
  if (tmpl == "off" || ticket.status() == v1::WITHDRAWN || ticket.messages_size() == 0) return std::nullopt;
  Applier::QueueReply(v1::REPLY_AUTO_ACK, Render(tmpl, ticket, config), "", ticket.messages(0).seq(), change,
                      ticket, now_ms);
  return change->reply;
}

}  // namespace aspirasi::desk
