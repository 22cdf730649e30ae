#include "broker/sla/policy.h"

#include <algorithm>

#include "broker/sla/calendar.h"

namespace aspirasi::sla {
namespace {

template <class T, class U>
bool AnyOrContains(const std::vector<T>& list, const U& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<Escalation> StandardLevels(int64_t l2_ms, int64_t l3_ms) {
  return {{1, 0, "opd_supervisor"}, {2, l2_ms, "diskominfo"}, {3, l3_ms, "sekda"}};
}

}  // namespace

std::string_view ClockName(SlaClock clock) {
  switch (clock) {
    case SlaClock::kFirstResponse:
      return "first_response";
    case SlaClock::kNextResponse:
      return "next_response";
    case SlaClock::kResolution:
      return "resolution";
  }
  return "unknown";
}

bool Matches(const Policy& p, const TicketFacts& t) {
  v1::Urgency urgency = t.urgency == v1::URGENCY_UNSPECIFIED ? v1::BIASA : t.urgency;
  return AnyOrContains(p.urgencies, urgency) && AnyOrContains(p.kinds, t.kind) &&
         AnyOrContains(p.channels, t.channel) && AnyOrContains(p.opds, t.opd);
}

Status ValidatePolicy(const Policy& p, const std::string& key) {
  auto fail = [&](const std::string& field, const std::string& what) {
    std::string k = key + "." + field;
    return Status::ConfigInvalid(k, k + ": " + what);
  };
  bool any = false;
  for (int c = 0; c < kClockCount; ++c) {
    const Target& t = p.targets[static_cast<std::size_t>(c)];
    if (t.within_ms < 0)
      return fail(std::string(ClockName(static_cast<SlaClock>(c))), "must not be negative");
    any = any || t.within_ms > 0;
  }
  if (!any) return fail("first_response", "a policy needs at least one target");
  if (p.warn_at.size() > 8) return fail("warn_at", "at most 8 warnings");
  for (std::size_t i = 0; i < p.warn_at.size(); ++i) {
    double f = p.warn_at[i];
    if (!(f > 0.0 && f < 1.0)) return fail("warn_at", "each fraction must be between 0 and 1 (exclusive)");
    if (i > 0 && f <= p.warn_at[i - 1]) return fail("warn_at", "fractions must increase");
  }
  if (p.escalations.size() > 16) return fail("escalation", "at most 16 levels");
  for (std::size_t i = 0; i < p.escalations.size(); ++i) {
    const Escalation& e = p.escalations[i];
    std::string field = "escalation[" + std::to_string(i) + "]";
    if (e.level < 1 || (i > 0 && e.level <= p.escalations[i - 1].level)) {
      return fail(field + ".level", "levels must start at 1 or more and increase");
    }
    if (e.after_ms < 0 || (i > 0 && e.after_ms < p.escalations[i - 1].after_ms)) {
      return fail(field + ".after", "delays must not be negative and must not decrease");
    }
    if (e.role.empty()) return fail(field + ".role", "must not be empty");
  }
  return Status::Ok();
}

Result<PolicySet> PolicySet::Create(std::vector<Policy> rules, Policy fallback,
                                    std::optional<Policy> data_requests) {
  if (rules.size() >= 65535) return Status::ConfigInvalid("sla.policy", "sla.policy: at most 65534 policies");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (auto s = ValidatePolicy(rules[i], "sla.policy[" + std::to_string(i) + "]"); !s.ok()) return s;
  }
  if (auto s = ValidatePolicy(fallback, "sla.default_policy"); !s.ok()) return s;
  if (data_requests) {
    if (auto s = ValidatePolicy(*data_requests, "data_requests"); !s.ok()) return s;
  }
  PolicySet set;
  set.default_index_ = static_cast<uint16_t>(rules.size());
  set.policies_ = std::move(rules);
  set.policies_.push_back(std::move(fallback));
  if (data_requests) {
    set.policies_.push_back(std::move(*data_requests));
    set.data_requests_ = true;
  }
  return set;
}

uint16_t PolicySet::MatchIndex(const TicketFacts& ticket) const {
  if (ticket.data_request && data_requests_) return static_cast<uint16_t>(default_index_ + 1);
  for (std::size_t i = 0; i < default_index_; ++i) {
    if (Matches(policies_[i], ticket)) return static_cast<uint16_t>(i);
  }
  return default_index_;
}

std::vector<Policy> DefaultRules(int64_t working_day_ms) {
  Policy urgent;
  urgent.name = "sangat_segera";
  urgent.urgencies = {v1::SANGAT_SEGERA};
  urgent.targets = {Target{kHourMs, TimeBasis::kAroundTheClock}, Target{kHourMs, TimeBasis::kAroundTheClock},
                    Target{3 * kDayMs, TimeBasis::kAroundTheClock}};
  urgent.escalations = StandardLevels(kHourMs, 2 * kHourMs);
  urgent.waiting_limit = {24 * kHourMs, TimeBasis::kAroundTheClock};
  urgent.on_waiting_limit = OnWaitingLimit::kRequeue;

  Policy soon;
  soon.name = "segera";
  soon.urgencies = {v1::SEGERA};
  soon.targets = {Target{4 * kHourMs, TimeBasis::kWorking}, Target{4 * kHourMs, TimeBasis::kWorking},
                  Target{3 * working_day_ms, TimeBasis::kWorking}};
  soon.escalations = StandardLevels(4 * kHourMs, working_day_ms);
  soon.waiting_limit = {10 * working_day_ms, TimeBasis::kWorking};
  return {urgent, soon};
}

Policy DefaultPolicy(int64_t working_day_ms) {
  Policy p;
  p.name = "biasa";
  p.targets = {Target{working_day_ms, TimeBasis::kWorking}, Target{working_day_ms, TimeBasis::kWorking},
               Target{5 * working_day_ms, TimeBasis::kWorking}};
  p.escalations = StandardLevels(working_day_ms, 3 * working_day_ms);
  p.waiting_limit = {10 * working_day_ms, TimeBasis::kWorking};
  return p;
}

PolicySet DefaultPolicySet(int64_t working_day_ms) {
  return std::move(PolicySet::Create(DefaultRules(working_day_ms), DefaultPolicy(working_day_ms))).value();
}

}  // namespace aspirasi::sla
