#include "broker/server/sla_ops.h"

#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>

#include "broker/desk/desk.h"
#include "broker/sla/duration.h"
#include "broker/sla/holidays.h"
#include "broker/sla/policy_config.h"
#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"

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

sla::Policy DataRequestPolicy() {
  constexpr int64_t kHour = 3'600'000;
  sla::Policy p;
  p.name = "permintaan_data_pribadi";
  // One clock: the request done (resolved) within 72 hours; answering on a platform is not the
  // point (many requests arrive by letter or at the desk).
  p.targets = {sla::Target{}, sla::Target{}, sla::Target{72 * kHour, sla::TimeBasis::kAroundTheClock}};
  p.warn_at = {0.5, 0.75};
  p.escalations = {{1, 0, "opd_supervisor"}, {2, 24 * kHour, "sekda"}};
  return p;
}

sla::TicketFacts SlaSetup::Facts(const v1::Ticket& t) const {
  sla::TicketFacts f;
  f.urgency = t.urgency() == v1::URGENCY_UNSPECIFIED ? v1::BIASA : t.urgency();
  f.kind = t.kind();
  f.channel = t.channel();
  f.opd = t.opd();
  f.data_request = t.data_request() != v1::DATA_REQUEST_NONE;
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
  sla::HolidayCalendar holidays;
  if (!config.sla.holidays_dir.empty()) {
    auto loaded = sla::LoadHolidayDir(config.sla.holidays_dir);
    if (!loaded.ok()) {
      return Status::ConfigInvalid("sla.holidays_dir", "sla.holidays_dir: " + loaded.status().message());
    }
    holidays = std::move(loaded).value();
  }
  auto offset = sla::UtcOffsetMinutes(spec->calendar.timezone);
  if (!offset.ok()) return Status::ConfigInvalid("sla.calendar.timezone", offset.status().message());
  auto calendars = sla::CalendarSet::Build(spec->calendar, spec->opd_calendars, holidays.days);
  if (!calendars.ok()) return calendars.status();
  auto policies = sla::PolicySet::Create(spec->policies, spec->default_policy, DataRequestPolicy());
  if (!policies.ok()) return policies.status();
  auto setup = std::make_shared<SlaSetup>();
  setup->policies = std::move(policies).value();
  setup->calendars = std::move(calendars).value();
  setup->working_day_ms = spec->working_day_ms;
  setup->has_holidays = !config.sla.holidays_dir.empty();
  setup->holiday_years = std::move(holidays.years);
  setup->utc_offset_min = *offset;
  return std::shared_ptr<const SlaSetup>(std::move(setup));
}

std::optional<HolidayCoverage> HolidaysCoverage(const SlaSetup& setup, const std::string& holidays_dir,
                                                int64_t now_ms) {
  if (!setup.has_holidays) return std::nullopt;
  using namespace std::chrono;
  const int64_t offset_ms = int64_t{setup.utc_offset_min} * 60'000;
  const int64_t local_ms = now_ms + offset_ms;
  const int64_t day = local_ms / 86'400'000 - (local_ms % 86'400'000 < 0 ? 1 : 0);
  const auto local_day = sys_days{days{day}};
  HolidayCoverage c;
  c.year = static_cast<int>(year_month_day{local_day}.year());
  c.through = sla::CoveredThrough(setup.holiday_years, c.year);
  const auto first_uncovered = sys_days{year{c.through + 1} / January / 1};
  c.until_ms = int64_t{first_uncovered.time_since_epoch().count()} * 86'400'000 - offset_ms;
  if (c.through < c.year + 1) {
    const int missing = c.through + 1;
    c.warning =
        "the holiday calendar " + holidays_dir + " has no file for " + std::to_string(missing) +
        ": from 1 January " + std::to_string(missing) +
        " the SLA counts national holidays and cuti bersama as working days. Add " + std::to_string(missing) +
        ".toml from the SKB on libur nasional and cuti bersama (docs/OPERATIONS.md, \"Holiday calendars\")";
  }
  return c;
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
  if (has_state && state.policy >= policies.size()) state.policy = policies.default_index();
  if (has_state &&
      (t.data_request() != v1::DATA_REQUEST_NONE) != (state.policy == policies.data_request_index())) {
    // Configured policies were added or removed since the state was stored, moving the indexes: a
    // data request stays on its own clock, and no other ticket lands on it.
    state.policy = policies.MatchIndex(setup_->Facts(t));
  }
  std::string before = t.sla().SerializeAsString();
  bool changed = false;  // besides the Sla message: status, alerts' marks
  bool terminal = t.status() == v1::RESOLVED || t.status() == v1::WITHDRAWN;

  auto apply = [&](sla::SlaEventKind kind, int64_t at, uint16_t policy) -> Status {
    sla::SlaContext ctx = setup_->Context(t.opd());
    uint16_t before_policy = state.policy;
    auto alerts = sla::Apply(&state, {kind, at, policy}, ctx);
    return Announce(t, alerts, policies.at(alerts.empty() ? state.policy : before_policy), at, &changed);
  };
  auto close = [&](AlertCloseReason why, int64_t at) { return alerts_.Close(t, why, 0, at, &changed); };

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
        if (!auto_ack) {
          s = apply(sla::SlaEventKind::kReplied, e->at_ms(), 0);
          if (s.ok()) s = close(AlertCloseReason::kAnswered, e->at_ms());
        }
        break;
      }
      case v1::TICKET_WAITING:
        s = apply(sla::SlaEventKind::kWaitingCitizen, e->at_ms(), 0);
        break;
      case v1::TICKET_TRANSFERRED:
        s = apply(sla::SlaEventKind::kTransferred, e->at_ms(), policies.MatchIndex(setup_->Facts(t)));
        if (s.ok()) s = close(AlertCloseReason::kTransferred, e->at_ms());
        break;
      case v1::TICKET_REOPENED:
        s = apply(sla::SlaEventKind::kReopened, e->at_ms(), 0);
        break;
      case v1::TICKET_RESOLVED:
      case v1::TICKET_WITHDRAWN:
        s = apply(sla::SlaEventKind::kResolved, e->at_ms(), 0);
        // A withdrawn message of a ticket still open (not the whole item) settles nothing.
        if (s.ok() && (t.status() == v1::RESOLVED || t.status() == v1::WITHDRAWN)) {
          s = close(
              e->type() == v1::TICKET_RESOLVED ? AlertCloseReason::kResolved : AlertCloseReason::kWithdrawn,
              e->at_ms());
        }
        break;
      default:
        break;
    }
    if (!s.ok()) return s;
  }
  sla::SlaContext ctx = setup_->Context(t.opd());
  const sla::Policy* policy = &policies.at(state.policy);

  // Waiting for the citizen: the policy's limit, from when the question reached the platform.
  auto wait_until = [&]() -> int64_t {
    const int64_t since = t.sla().paused_at_ms();
    const sla::Target& limit = policy->waiting_limit;
    if (t.status() != v1::WAITING_CITIZEN || since <= 0 || limit.within_ms <= 0) return 0;
    return limit.basis == sla::TimeBasis::kWorking ? ctx.calendar.AddWorking(since, limit.within_ms)
                                                   : since + limit.within_ms;
  };
  if (fire) {
    if (int64_t until = wait_until(); until > 0 && until <= now_ms) {
      Status s = ExpireWait(t, &state, *policy, now_ms, &changed);
      if (!s.ok()) return s;
      policy = &policies.at(state.policy);
    }
    auto alerts = sla::FireDue(&state, now_ms, ctx);
    Status s = Announce(t, alerts, *policy, now_ms, &changed);
    if (!s.ok()) return s;
  }

  // The ticket's visible deadlines.
  auto* sla_msg = t.mutable_sla();
  sla_msg->set_policy(policy->name);
  if (auto due = sla::BreachAt(state, sla::SlaClock::kFirstResponse, ctx))
    sla_msg->set_first_response_due_ms(*due);
  auto next_due = sla::BreachAt(state, sla::SlaClock::kNextResponse, ctx);
  sla_msg->set_next_response_due_ms(next_due ? *next_due : 0);
  if (auto due = sla::BreachAt(state, sla::SlaClock::kResolution, ctx)) sla_msg->set_resolution_due_ms(*due);
  const int64_t waiting = wait_until();
  sla_msg->set_waiting_until_ms(waiting);
  if (changed || sla_msg->SerializeAsString() != before) {
    Status s = store_.SaveTicket(t, now_ms);
    if (!s.ok()) return s;
  }
  auto timer = sla::NextTimer(state, ctx);
  int64_t next_ms = timer ? std::max<int64_t>(timer->due_ms, 1) : 0;
  if (waiting > 0 && (next_ms == 0 || waiting < next_ms)) next_ms = waiting;
  Status s = store_.SaveSlaState(id, EncodeSla(state), next_ms);
  if (!s.ok()) return s;
  next->push_back({id, next_ms, fire});
  return Status::Ok();
}

Status SlaOps::ExpireWait(v1::Ticket& t, sla::TicketSla* state, const sla::Policy& policy, int64_t now_ms,
                          bool* changed) {
  const bool close = policy.on_waiting_limit == sla::OnWaitingLimit::kClose;
  sla::SlaContext ctx = setup_->Context(t.opd());
  const int64_t asked = t.sla().paused_at_ms();
  t.mutable_sla()->set_paused_at_ms(0);
  t.set_updated_at_ms(now_ms);
  if (close) {
    t.set_status(v1::RESOLVED);
    t.set_resolution_code("no_answer_from_citizen");
    t.set_resolved_at_ms(now_ms);
    t.clear_claim();
  } else {
    t.set_status(v1::OPEN);
  }
  *changed = true;
  v1::Event e;
  e.set_type(v1::WAIT_EXPIRED);
  e.set_at_ms(now_ms);
  e.set_actor("broker");
  i18n::Describe(
      &e, i18n::T(close ? i18n::K("event.wait_expired_closed") : i18n::K("event.wait_expired_requeued"),
                  {{"since", asked}, {"policy", policy.name}}));
  store_.RecordEvent(t, std::move(e));
  auto alerts =
      sla::Apply(state, {close ? sla::SlaEventKind::kResolved : sla::SlaEventKind::kResumed, now_ms, 0}, ctx);
  Status s = Announce(t, alerts, policy, now_ms, changed);
  if (s.ok() && close) s = alerts_.Close(t, AlertCloseReason::kResolved, 0, now_ms, changed);
  return s;
}

Status SlaOps::Announce(v1::Ticket& t, const std::vector<sla::SlaAlert>& alerts, const sla::Policy& policy,
                        int64_t at_ms, bool* changed) {
  const sla::Escalation* folded = LevelOneAtBreach(policy);
  for (const auto& a : alerts) {
    v1::Event e;
    e.set_at_ms(std::max(at_ms, a.due_ms));
    e.set_actor("broker");
    e.set_clock(std::string(sla::ClockName(a.clock)));
    e.set_due_ms(a.due_ms);
    const std::string clock(sla::ClockName(a.clock));
    store::AlertRecord rec;
    switch (a.kind) {
      case sla::StageKind::kWarning:
        e.set_type(v1::SLA_WARNING);
        e.set_level(0);
        i18n::Describe(
            &e, i18n::T(i18n::K("event.sla_warning"), {{"clock", clock},
                                                       {"percent", static_cast<int>(a.fraction * 100 + 0.5)},
                                                       {"policy", policy.name}}));
        break;
      case sla::StageKind::kBreach:
        e.set_type(v1::SLA_BREACHED);
        e.set_level(1);
        if (folded) e.set_role(folded->role);
        i18n::Describe(
            &e, folded ? i18n::T(i18n::K("event.sla_breached_to"),
                                 {{"clock", clock}, {"policy", policy.name}, {"role", folded->role}})
                       : i18n::T(i18n::K("event.sla_breached"), {{"clock", clock}, {"policy", policy.name}}));
        break;
      case sla::StageKind::kEscalation:
        if (a.level == 1 && folded != nullptr) continue;  // announced with the breach
        e.set_type(v1::SLA_ESCALATED);
        e.set_level(static_cast<uint32_t>(a.level));
        e.set_role(std::string(a.role));
        i18n::Describe(&e, i18n::T(i18n::K("event.sla_escalated"),
                                   {{"clock", clock}, {"level", a.level}, {"role", std::string(a.role)}}));
        break;
    }
    if (e.level() > t.sla().escalation_level()) {
      t.mutable_sla()->set_escalation_level(e.level());
      *changed = true;
    }
    rec.level = e.level();
    rec.clock = e.clock();
    rec.due_ms = a.due_ms;
    rec.role = e.role();
    bool marked = false;
    auto id = alerts_.Open(t, std::move(rec), std::move(e), &marked);
    if (!id.ok()) return id.status();
  }
  return Status::Ok();
}

}  // namespace aspirasi::server
