#include "broker/desk/desk.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "broker/desk/templates.h"
#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"
#include "common/utf8.h"

namespace aspirasi::desk {
namespace {

using i18n::K;
using i18n::T;

std::string Upper(std::string s) {
  for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return s;
}

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

// "budi.pupr (Budi Santoso)".
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
    Status s = ValidateCommand(config_, cmd_);
    if (s.ok()) s = CheckVisible(admin_, t_);
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
        s = Status::InvalidArgument("desk.action", T(K("desk.unknown_action"), {{"action", cmd_.action()}}));
    }
    if (!s.ok()) return s;
    t_.set_updated_at_ms(now_);
    return std::move(change_);
  }

 private:
  void Event(v1::EventType type, i18n::Text text) {
    v1::Event& e = change_.events.emplace_back();
    e.set_type(type);
    e.set_at_ms(now_);
    e.set_actor(actor_);
    i18n::Describe(&e, std::move(text));
  }

  bool HeldByOther() const { return ClaimActive(t_, now_) && t_.claim().admin() != admin_.id; }

  Status ClaimConflict() const {
    return Status::Conflict(
        T(K("desk.claimed_by"),
          {{"ticket", t_.number()}, {"holder", Holder(config_, t_)}, {"until", t_.claim().expires_at_ms()}}));
  }

  Status NotResolved() const {
    if (t_.status() == v1::RESOLVED)
      return Status::Conflict(T(K("desk.resolved_reopen"), {{"ticket", t_.number()}}));
    return Status::Ok();
  }

  Status NotWithdrawn() const {
    if (t_.status() == v1::WITHDRAWN) {
      return Status::Error(v1::WITHDRAWN_ITEM,
                           T(K("desk.withdrawn"), {{"ticket", t_.number()}, {"channel", t_.channel()}}));
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
    Event(v1::TICKET_CLAIMED,
          lapsed ? T(K("event.claimed_lapsed"), {{"admin", admin_.id}, {"previous", previous}})
                 : T(K("event.claimed"), {{"admin", admin_.id}}));
    return Status::Ok();
  }

  Status Release() {
    if (!ClaimActive(t_, now_)) return Status::Conflict(T(K("desk.not_claimed"), {{"ticket", t_.number()}}));
    if (t_.claim().admin() != admin_.id && !admin_.supervisor()) return ClaimConflict();
    std::string holder = t_.claim().admin();
    t_.clear_claim();
    if (t_.status() == v1::IN_PROGRESS) t_.set_status(v1::OPEN);
    Event(v1::TICKET_RELEASED, T(K("event.released"), {{"holder", holder}, {"admin", admin_.id}}));
    return Status::Ok();
  }

  Result<std::string> Text() const {
    if (!cmd_.template_().empty()) {
      const SavedReplyConfig* saved = FindSavedReply(config_, t_.opd(), cmd_.template_());
      if (!saved) {
        return Status::InvalidArgument(
            "desk.template", T(K("desk.no_saved_reply"), {{"name", cmd_.template_()}, {"opd", t_.opd()}}));
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
    if (t_.personal_data_erased_at_ms() != 0) {
      // Nothing says any more where to post it: the citizen's ids went with the personal data.
      return Status::Conflict(T(K("desk.personal_data_erased"), {{"ticket", t_.number()}}));
    }
    if (HeldByOther()) return ClaimConflict();
    int answered = AnsweredIndex();
    if (answered < 0) {
      return Status::Error(v1::WITHDRAWN_ITEM, T(K("desk.all_withdrawn"), {{"ticket", t_.number()}}));
    }
    auto text = Text();
    if (!text.ok()) return text.status();
    if (IsBlank(*text)) {
      return Status::InvalidArgument("desk.text",
                                     T(K("desk.blank_text"), {{"action", ActionName(cmd_.action())}}));
    }
    if (static_cast<int64_t>(text->size()) > config_.desk.max_reply_bytes) {
      return Status::TooLarge(
          "desk.text",
          T(K("desk.reply_too_long"), {{"bytes", text->size()}, {"max", config_.desk.max_reply_bytes}}));
    }
    if (!cmd_.again()) {
      if (const v1::Message* earlier = RecentSame(kind, *text)) {
        return Status::Conflict(
            T(K("desk.repeat"), {{"ticket", t_.number()},
                                 {"reply", earlier->reply_id()},
                                 {"at", earlier->at_ms()},
                                 {"state", v1::ReplyState_Name(earlier->reply_state())}}));
      }
    }
    const std::string use = kind == v1::REPLY_ASK ? "ask" : "answer";
    std::optional<v1::ReplyTemplate> tmpl = TemplateFor(config_, t_, use, *text);
    if (ReplyWindowClosed(config_, t_, now_)) {
      if (!tmpl) {
        return Status::Conflict(T(K("desk.window_closed"), {{"ticket", t_.number()},
                                                            {"channel", t_.channel()},
                                                            {"last", LastInboundMs(t_)},
                                                            {"hours", ReplyWindowMs(config_, t_) / 3'600'000},
                                                            {"use", use},
                                                            {"account", t_.account()}}));
      }
      change_.template_name = tmpl->name();
    }
    bool claimed_now = !ClaimActive(t_, now_);
    TakeClaim(admin_.id);
    if (claimed_now) Event(v1::TICKET_CLAIMED, T(K("event.claimed_with_reply"), {{"admin", admin_.id}}));
    QueueReply(kind, *text, admin_.id, t_.messages(answered).seq(), &change_, t_, now_, std::move(tmpl));
    change_.events.back().set_actor(actor_);
    return Status::Ok();
  }

  // The newest reply of the same kind and the same text (spacing aside) within the repeat window
  // that did not fail: the admin probably pressed twice.
  const v1::Message* RecentSame(v1::ReplyKind kind, const std::string& text) const {
    if (config_.desk.repeat_window_minutes <= 0) return nullptr;
    const int64_t since = now_ - int64_t{config_.desk.repeat_window_minutes} * 60000;
    const std::string wanted = CollapseBlanks(text);
    for (int i = t_.messages_size() - 1; i >= 0; --i) {
      const v1::Message& m = t_.messages(i);
      if (m.direction() != v1::OUTBOUND || m.reply_kind() != kind) continue;
      if (m.at_ms() < since) break;
      if (m.reply_state() == v1::REPLY_FAILED) continue;
      if (CollapseBlanks(m.text()) == wanted) return &m;
    }
    return nullptr;
  }

  Status Note() {
    v1::Message* m = t_.add_messages();
    m->set_seq(static_cast<uint32_t>(t_.messages_size()));
    m->set_direction(v1::NOTE);
    m->mutable_author()->set_platform_id(admin_.id);
    m->mutable_author()->set_display_name(admin_.name);
    m->set_text(cmd_.text());
    m->set_at_ms(now_);
    Touch();
    Event(v1::NOTE_ADDED, T(K("event.note_added"), {{"seq", m->seq()}, {"admin", admin_.id}}));
    return Status::Ok();
  }

  Status Transfer() {
    if (Status s = NotResolved(); !s.ok()) return s;
    if (HeldByOther() && !admin_.supervisor()) return ClaimConflict();
    const OpdConfig* to = config_.FindOpd(cmd_.to_opd());
    if (!to) return Status::InvalidArgument("desk.to_opd", UnknownOpd(config_, cmd_.to_opd()));
    if (cmd_.to_opd() == t_.opd())
      return Status::InvalidArgument("desk.to_opd",
                                     T(K("desk.already_at"), {{"ticket", t_.number()}, {"opd", t_.opd()}}));
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
    Event(v1::TICKET_TRANSFERRED,
          T(K("event.transferred"), {{"from", from}, {"to", cmd_.to_opd()}, {"reason", cmd_.reason()}}));
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
    Event(v1::TICKET_RESOLVED, T(K("event.resolved"), {{"admin", admin_.id}}));
    return Status::Ok();
  }

  Status Reopen() {
    if (t_.status() != v1::RESOLVED && t_.status() != v1::RESPONDED) {
      return Status::Conflict(T(K("desk.nothing_to_reopen"), {{"ticket", t_.number()}}));
    }
    t_.set_status(v1::OPEN);
    t_.set_resolved_at_ms(0);
    t_.clear_resolution_code();
    Event(v1::TICKET_REOPENED, IsBlank(cmd_.reason()) ? T(K("event.reopened"), {{"admin", admin_.id}})
                                                      : T(K("event.reopened_why"),
                                                          {{"admin", admin_.id}, {"reason", cmd_.reason()}}));
    return Status::Ok();
  }

  Status Assign() {
    if (!admin_.supervisor()) {
      return Status::PermissionDenied(T(K("desk.assign_supervisors_only"), {{"admin", admin_.id}}));
    }
    if (Status s = NotResolved(); !s.ok()) return s;
    if (Status s = NotWithdrawn(); !s.ok()) return s;
    const AdminConfig* to = config_.FindAdmin(cmd_.to_admin());
    if (!to)
      return Status::InvalidArgument("desk.to_admin", T(K("desk.no_admin"), {{"admin", cmd_.to_admin()}}));
    if (!to->Covers(t_.opd())) {
      return Status::InvalidArgument(
          "desk.to_admin", T(K("desk.admin_not_of_opd"), {{"admin", cmd_.to_admin()}, {"opd", t_.opd()}}));
    }
    std::string previous = ClaimActive(t_, now_) ? t_.claim().admin() : "";
    t_.clear_claim();
    TakeClaim(to->id);
    Event(v1::TICKET_ASSIGNED,
          previous.empty() || previous == to->id
              ? T(K("event.assigned"), {{"to", to->id}, {"admin", admin_.id}})
              : T(K("event.assigned_from"), {{"to", to->id}, {"admin", admin_.id}, {"previous", previous}}));
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
                         uint32_t answers, Change* change, v1::Ticket& t, int64_t now,
                         std::optional<v1::ReplyTemplate> tmpl) {
    v1::OutboundReply reply;
    reply.set_kind(kind);
    reply.set_text(text);
    reply.set_admin(admin);
    reply.set_in_reply_to_seq(answers);
    if (tmpl) *reply.mutable_template_() = std::move(*tmpl);
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
    i18n::Describe(&e, T(kind == v1::REPLY_AUTO_ACK ? K("event.reply_queued_ack")
                         : kind == v1::REPLY_ASK    ? K("event.reply_queued_ask")
                                                    : K("event.reply_queued_answer")));
  }
};

}  // namespace

bool ClaimActive(const v1::Ticket& t, int64_t now_ms) {
  return t.has_claim() && !t.claim().admin().empty() && t.claim().expires_at_ms() > now_ms;
}

Result<const AdminConfig*> FindActor(const Config& config, const std::string& actor) {
  if (actor.empty()) return Status::PermissionDenied(T(K("desk.no_actor")));
  const AdminConfig* a = config.FindAdmin(actor);
  if (!a) return Status::PermissionDenied(T(K("desk.unknown_actor"), {{"admin", actor.substr(0, 64)}}));
  return a;
}

i18n::Text UnknownOpd(const Config& config, const std::string& code) {
  std::string known;
  for (const auto& o : config.opds) known += (known.empty() ? "" : ", ") + o.code;
  return T(K("config.unknown_opd"), {{"opd", code.substr(0, 64)}, {"known", known}});
}

Status CheckVisible(const AdminConfig& admin, const v1::Ticket& ticket) {
  if (admin.Covers(ticket.opd())) return Status::Ok();
  std::string opds;
  for (const auto& o : admin.opds) opds += (opds.empty() ? "" : ", ") + o;
  return Status::PermissionDenied(T(K("desk.not_your_opd"), {{"ticket", ticket.number()}, {"opds", opds}}));
}

Status ValidateCommand(const Config& config, const v1::DeskCommand& c) {
  if (c.ticket_id() == 0 && c.number().empty())
    return Status::InvalidArgument("desk.ticket_id", T(K("desk.no_ticket")));
  if (c.number().size() > 64) return Status::TooLarge("desk.number", T(K("desk.number_too_long")));
  // The rendered reply is checked against desk.max_reply_bytes later; this bounds the raw fields.
  const std::size_t limit = static_cast<std::size_t>(std::max<int64_t>(config.desk.max_reply_bytes, 4096));
  for (const auto& [value, field] : {std::pair{&c.text(), "desk.text"}, {&c.reason(), "desk.reason"}}) {
    if (value->size() > limit) {
      return Status::TooLarge(field, T(K("desk.field_too_long"), {{"bytes", value->size()}, {"max", limit}}));
    }
  }
  const char* action = ActionName(c.action());
  auto blank = [&](const std::string& field) {
    return Status::InvalidArgument(field, T(K("desk.blank_text"), {{"action", action}}));
  };
  switch (c.action()) {
    case v1::DESK_CLAIM:
    case v1::DESK_RELEASE:
    case v1::DESK_REOPEN:
      return Status::Ok();
    case v1::DESK_REPLY:
    case v1::DESK_ASK:
      if (!c.text().empty() && !c.template_().empty())
        return Status::InvalidArgument("desk.text", T(K("desk.text_or_template"), {{"action", action}}));
      if (c.template_().empty() && IsBlank(c.text())) return blank("desk.text");
      return Status::Ok();
    case v1::DESK_NOTE:
    case v1::DESK_RESOLVE:
      return IsBlank(c.text()) ? blank("desk.text") : Status::Ok();
    case v1::DESK_TRANSFER:
      if (c.to_opd().empty()) return Status::InvalidArgument("desk.to_opd", T(K("desk.transfer_needs_opd")));
      if (IsBlank(c.reason()))
        return Status::InvalidArgument("desk.reason", T(K("desk.transfer_needs_reason")));
      return Status::Ok();
    case v1::DESK_ASSIGN:
      return c.to_admin().empty() ? Status::InvalidArgument("desk.to_admin", T(K("desk.assign_needs_admin")))
                                  : Status::Ok();
    default:
      return Status::InvalidArgument("desk.action", T(K("desk.unknown_action"), {{"action", c.action()}}));
  }
}

void Canonicalize(v1::DeskCommand* c) {
  if (!c->number().empty()) c->set_number(Upper(c->number()));
  if (!c->to_opd().empty()) c->set_to_opd(Upper(c->to_opd()));
  if (!c->to_admin().empty()) c->set_to_admin(Lower(c->to_admin()));
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
  std::string text = Render(tmpl, ticket, config);
  Applier::QueueReply(v1::REPLY_AUTO_ACK, text, "", ticket.messages(0).seq(), change, ticket, now_ms,
                      TemplateFor(config, ticket, "ack", text));
  return change->reply;
}

}  // namespace aspirasi::desk
