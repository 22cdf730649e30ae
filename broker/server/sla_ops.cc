#include "broker/server/sla_ops.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "broker/desk/desk.h"
#include "broker/sla/duration.h"
#include "broker/sla/holidays.h"
#include "broker/sla/policy_config.h"

namespace aspirasi::server {
namespace {

constexpr uint8_t kSlaEncodingVersion = 1;
constexpr std::size_t kSlaEncodedSize = 1 + 3 * 8 + 3 * 8 + 3 + 3 + 2;

void Put(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t Get(std::string_view in, std::size_t* pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<uint8_t>(in[(*pos)++])} << (8 * i);
  return v;
}

// Does the policy's escalation level 1 happen at the breach itself (after = 0)?
const sla::Escalation* LevelOneAtBreach(const sla::Policy& p) {
  for (const auto& e : p.escalations) {
    if (e.level == 1 && e.after_ms == 0) return &e;
  }
  return nullptr;
}

}  // namespace

sla::TicketFacts SlaSetup::Facts(const v1::Ticket& t) const {
  sla::TicketFacts f;
  f.urgency = t.urgency() == v1::URGENCY_UNSPECIFIED ? v1::BIASA : t.urgency();
  f.kind = t.kind();
  f.channel = t.channel();
  f.opd = t.opd();
  return f;
}

Result<std::shared_ptr<const SlaSetup>> LoadSlaSetup(const Config& config) {
  toml::table table;
  if (!config.sla.toml.empty()) {
    try {
      table = toml::parse(config.sla.toml);
    } catch (const toml::parse_error& e) {
      return Status::ConfigInvalid(
          "sla", std::string("sla: cannot read the table back: ") + std::string(e.description()));
    }
  }
  auto spec = sla::ParseSlaTable(table, config.tenant.timezone);
  if (!spec.ok()) return spec.status();
  std::vector<sla::Holiday> holidays;
  if (!config.sla.holidays_dir.empty()) {
    auto loaded = sla::LoadHolidayDir(config.sla.holidays_dir);
    if (!loaded.ok()) {
      return Status::ConfigInvalid("sla.holidays_dir", "sla.holidays_dir: " + loaded.status().message());
    }
    holidays = std::move(loaded).value();
  }
  auto calendars = sla::CalendarSet::Build(spec->calendar, spec->opd_calendars, holidays);
  if (!calendars.ok()) return calendars.status();
  auto policies = sla::PolicySet::Create(spec->policies, spec->default_policy);
  if (!policies.ok()) return policies.status();
  auto setup = std::make_shared<SlaSetup>();
  setup->policies = std::move(policies).value();
  setup->calendars = std::move(calendars).value();
  setup->working_day_ms = spec->working_day_ms;
  return std::shared_ptr<const SlaSetup>(std::move(setup));
}

FirstDeadline FirstResponseDeadline(const SlaSetup& setup, const sla::TicketFacts& facts, int64_t now_ms) {
  FirstDeadline out;
  sla::TicketSla st;
  uint16_t policy = setup.policies.MatchIndex(facts);
  sla::SlaContext ctx = setup.Context(facts.opd);
  (void)sla::Apply(&st, {sla::SlaEventKind::kReceived, now_ms, policy}, ctx);
  out.policy = setup.policies.at(policy).name;
  if (auto due = sla::BreachAt(st, sla::SlaClock::kFirstResponse, ctx)) out.due_ms = *due;
  if (auto due = sla::BreachAt(st, sla::SlaClock::kResolution, ctx)) out.resolution_due_ms = *due;
  return out;
}

std::string EncodeSla(const sla::TicketSla& s) {
  std::string out;
  out.reserve(kSlaEncodedSize);
  out.push_back(static_cast<char>(kSlaEncodingVersion));
  for (int64_t v : s.anchor_ms) Put(&out, static_cast<uint64_t>(v), 8);
  for (int64_t v : s.consumed_ms) Put(&out, static_cast<uint64_t>(v), 8);
  for (auto p : s.phase) Put(&out, static_cast<uint64_t>(p), 1);
  for (auto f : s.fired) Put(&out, f, 1);
  Put(&out, s.policy, 2);
  return out;
}

bool DecodeSla(std::string_view in, sla::TicketSla* s) {
  if (in.size() != kSlaEncodedSize || static_cast<uint8_t>(in[0]) != kSlaEncodingVersion) return false;
  std::size_t pos = 1;
  for (auto& v : s->anchor_ms) v = static_cast<int64_t>(Get(in, &pos, 8));
  for (auto& v : s->consumed_ms) v = static_cast<int64_t>(Get(in, &pos, 8));
  for (auto& p : s->phase) {
    uint64_t x = Get(in, &pos, 1);
    if (x > static_cast<uint64_t>(sla::ClockPhase::kStopped)) return false;
    p = static_cast<sla::ClockPhase>(x);
  }
  for (auto& f : s->fired) f = static_cast<uint8_t>(Get(in, &pos, 1));
  s->policy = static_cast<uint16_t>(Get(in, &pos, 2));
  return true;
}

Status SlaOps::Process(const std::vector<uint64_t>& fire, int64_t now_ms, std::vector<SlaNext>* next) {
  // Copy what matters first: Announce records events into the same list.
  std::map<uint64_t, std::vector<v1::Event>> by_ticket;
  for (const v1::Event& e : store_.events()) {
    switch (e.type()) {
      case v1::TICKET_CREATED:
      case v1::TICKET_APPENDED:
      case v1::REPLY_POSTED:
      case v1::TICKET_WAITING:
      case v1::TICKET_TRANSFERRED:
      case v1::TICKET_REOPENED:
      case v1::TICKET_RESOLVED:
      case v1::TICKET_WITHDRAWN:
        by_ticket[e.ticket_id()].push_back(e);
        break;
      default:
        break;
    }
  }
  for (uint64_t id : fire) by_ticket.try_emplace(id);
  std::vector<const v1::Event*> list;
  for (const auto& [id, events] : by_ticket) {
    list.clear();
    for (const auto& e : events) list.push_back(&e);
    bool fired = std::find(fire.begin(), fire.end(), id) != fire.end();
    Status s = Ticket(id, list, fired, now_ms, next);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status SlaOps::Ticket(uint64_t id, const std::vector<const v1::Event*>& events, bool fire, int64_t now_ms,
                      std::vector<SlaNext>* next) {
  auto loaded = store_.LoadTicket(id, "");
  if (!loaded.ok()) {
    if (loaded.status().code() == v1::NOT_FOUND) {
      if (fire) next->push_back({id, 0, true});
      return Status::Ok();
    }
    return loaded.status();
  }
  v1::Ticket& t = *loaded;
  sla::TicketSla state;
  bool has_state = false;
  // A ticket created in this batch has no state yet: no need to look.
  if (events.empty() || events.front()->type() != v1::TICKET_CREATED) {
    auto blob = store_.LoadSlaState(id);
    if (!blob.ok()) return blob.status();
    has_state = DecodeSla(*blob, &state);
  }
  const sla::PolicySet& policies = setup_->policies;
  if (has_state && state.policy >= policies.size()) state.policy = static_cast<uint16_t>(policies.size() - 1);
  std::string before = t.sla().SerializeAsString();
  bool terminal = t.status() == v1::RESOLVED || t.status() == v1::WITHDRAWN;

  auto apply = [&](sla::SlaEventKind kind, int64_t at, uint16_t policy) -> Status {
    sla::SlaContext ctx = setup_->Context(t.opd());
    uint16_t before_policy = state.policy;
    auto alerts = sla::Apply(&state, {kind, at, policy}, ctx);
    return Announce(t, alerts, policies.at(alerts.empty() ? state.policy : before_policy), at);
  };

  if (!has_state) {
    // Created in this batch: the clocks start when it was received. A ticket from before SLA
    // tracking starts them now (no flood of old breaches after an upgrade); a closed one has
    // nothing to track.
    bool created_now = !events.empty() && events.front()->type() == v1::TICKET_CREATED;
    if (!created_now && terminal) {
      if (fire) next->push_back({id, 0, true});
      return Status::Ok();
    }
    int64_t at = created_now ? events.front()->at_ms() : now_ms;
    state = sla::TicketSla{};
    Status s = apply(sla::SlaEventKind::kReceived, at, policies.MatchIndex(setup_->Facts(t)));
    if (!s.ok()) return s;
    has_state = true;
  }
  for (const v1::Event* e : events) {
    Status s;
    switch (e->type()) {
      case v1::TICKET_CREATED:
        break;  // started above
      case v1::TICKET_APPENDED:
        s = apply(sla::SlaEventKind::kCitizenFollowUp, e->at_ms(), 0);
        break;
      case v1::REPLY_POSTED: {
        bool auto_ack = false;
        for (const auto& m : t.messages()) {
          if (m.reply_id() == e->reply_id()) auto_ack = m.reply_kind() == v1::REPLY_AUTO_ACK;
        }
        if (!auto_ack) s = apply(sla::SlaEventKind::kReplied, e->at_ms(), 0);
        break;
      }
      case v1::TICKET_WAITING:
        s = apply(sla::SlaEventKind::kWaitingCitizen, e->at_ms(), 0);
        break;
      case v1::TICKET_TRANSFERRED:
        s = apply(sla::SlaEventKind::kTransferred, e->at_ms(), policies.MatchIndex(setup_->Facts(t)));
        break;
      case v1::TICKET_REOPENED:
        s = apply(sla::SlaEventKind::kReopened, e->at_ms(), 0);
        break;
      case v1::TICKET_RESOLVED:
      case v1::TICKET_WITHDRAWN:
        s = apply(sla::SlaEventKind::kResolved, e->at_ms(), 0);
        break;
      default:
        break;
    }
    if (!s.ok()) return s;
  }
  sla::SlaContext ctx = setup_->Context(t.opd());
  if (fire) {
    auto alerts = sla::FireDue(&state, now_ms, ctx);
    Status s = Announce(t, alerts, policies.at(state.policy), now_ms);
    if (!s.ok()) return s;
  }

  // The ticket's visible deadlines.
  auto* sla_msg = t.mutable_sla();
  sla_msg->set_policy(policies.at(state.policy).name);
  if (auto due = sla::BreachAt(state, sla::SlaClock::kFirstResponse, ctx))
    sla_msg->set_first_response_due_ms(*due);
  auto next_due = sla::BreachAt(state, sla::SlaClock::kNextResponse, ctx);
  sla_msg->set_next_response_due_ms(next_due ? *next_due : 0);
  if (auto due = sla::BreachAt(state, sla::SlaClock::kResolution, ctx)) sla_msg->set_resolution_due_ms(*due);
  if (sla_msg->SerializeAsString() != before) {
    Status s = store_.SaveTicket(t, now_ms);
    if (!s.ok()) return s;
  }
  auto timer = sla::NextTimer(state, ctx);
  int64_t next_ms = timer ? std::max<int64_t>(timer->due_ms, 1) : 0;
  Status s = store_.SaveSlaState(id, EncodeSla(state), next_ms);
  if (!s.ok()) return s;
  next->push_back({id, next_ms, fire});
  return Status::Ok();
}

Status SlaOps::Announce(v1::Ticket& t, const std::vector<sla::SlaAlert>& alerts, const sla::Policy& policy,
                        int64_t at_ms) {
  const sla::Escalation* folded = LevelOneAtBreach(policy);
  for (const auto& a : alerts) {
    v1::Event e;
    e.set_at_ms(std::max(at_ms, a.due_ms));
    e.set_actor("broker");
    e.set_clock(std::string(sla::ClockName(a.clock)));
    e.set_due_ms(a.due_ms);
    std::string clock(sla::ClockName(a.clock));
    switch (a.kind) {
      case sla::StageKind::kWarning:
        e.set_type(v1::SLA_WARNING);
        e.set_level(0);
        e.set_detail(clock + ": " + std::to_string(static_cast<int>(a.fraction * 100 + 0.5)) +
                     "% of the target used (policy " + policy.name + ")");
        break;
      case sla::StageKind::kBreach:
        e.set_type(v1::SLA_BREACHED);
        e.set_level(1);
        e.set_detail(clock + ": target missed (policy " + policy.name + ")" +
                     (folded ? "; level 1 -> " + folded->role : ""));
        break;
      case sla::StageKind::kEscalation:
        if (a.level == 1 && folded != nullptr) continue;  // announced with the breach
        e.set_type(v1::SLA_ESCALATED);
        e.set_level(static_cast<uint32_t>(a.level));
        e.set_detail(clock + ": escalated to level " + std::to_string(a.level) + " -> " +
                     std::string(a.role));
        break;
    }
    if (e.level() > t.sla().escalation_level()) t.mutable_sla()->set_escalation_level(e.level());
    store::AlertRecord rec;
    rec.ticket_id = t.id();
    rec.opd = t.opd();
    rec.type = e.type();
    rec.level = e.level();
    rec.clock = e.clock();
    rec.due_ms = a.due_ms;
    rec.fired_ms = e.at_ms();
    rec.event_seq = store_.NextSeq();
    auto id = store_.InsertAlert(rec);
    if (!id.ok()) return id.status();
    store_.RecordEvent(t, std::move(e));
  }
  return Status::Ok();
}

AckAlertResult SlaOps::Ack(const AckAlertOp& op) {
  AckAlertResult out;
  auto admin = desk::FindActor(config_, op.actor);
  if (!admin.ok()) {
    out.status = admin.status();
    return out;
  }
  auto rec = store_.LoadAlert(op.command.alert_id());
  if (!rec.ok()) {
    out.status = rec.status();
    return out;
  }
  if (!rec->has_value() || !(*admin)->Covers((*rec)->opd)) {
    // The same answer for an alert of another OPD: nothing is learned about it.
    out.status = Status::NotFound("alert " + std::to_string(op.command.alert_id()) + " not found");
    return out;
  }
  const store::AlertRecord& a = **rec;
  if (!(out.status = store_.AckAlert(a.id, (*admin)->id, op.command.note(), op.now_ms)).ok()) return out;
  auto t = store_.LoadTicket(a.ticket_id, "");
  if (!t.ok()) {
    out.status = t.status();
    return out;
  }
  v1::Event e;
  e.set_type(v1::ALERT_ACKNOWLEDGED);
  e.set_at_ms(op.now_ms);
  e.set_actor("admin:" + (*admin)->id);
  e.set_level(a.level);
  e.set_clock(a.clock);
  e.set_due_ms(a.due_ms);
  e.set_detail("alert " + std::to_string(a.id) + " acknowledged by " + (*admin)->id);
  store_.RecordEvent(*t, std::move(e));
  v1::Alert& x = out.alert;
  x.set_id(a.id);
  x.set_ticket_id(a.ticket_id);
  x.set_ticket_number(t->number());
  x.set_opd(a.opd);
  x.set_type(a.type);
  x.set_level(a.level);
  x.set_clock(a.clock);
  x.set_due_ms(a.due_ms);
  x.set_fired_ms(a.fired_ms);
  x.set_event_seq(a.event_seq);
  x.set_acked_by((*admin)->id);
  x.set_acked_ms(op.now_ms);
  x.set_note(op.command.note());
  return out;
}

}  // namespace aspirasi::server
