#include "broker/sla/policy_config.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>

#include "broker/sla/duration.h"

namespace aspirasi::sla {
namespace {

constexpr std::array<std::string_view, 7> kWeekdayKeys = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

Status Invalid(const std::string& key, const std::string& what) {
  return Status::ConfigInvalid(key, key + ": " + what);
}

std::string Join(const std::string& path, std::string_view key) { return path + "." + std::string(key); }

Status CheckKeys(const toml::table& t, const std::string& path,
                 std::initializer_list<std::string_view> known) {
  for (const auto& [k, v] : t) {
    if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
      return Invalid(Join(path, k.str()), "is not a known setting");
    }
  }
  return Status::Ok();
}

// A string, or nullopt when absent.
Result<std::optional<std::string>> OptString(const toml::table& t, std::string_view key,
                                             const std::string& path) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::optional<std::string>();
  if (!n->is_string() || n->as_string()->get().empty())
    return Invalid(Join(path, key), "must be a non-empty string");
  return std::optional<std::string>(n->as_string()->get());
}

// A string or an array of strings.
Result<std::vector<std::string>> StringOrList(const toml::table& t, std::string_view key,
                                              const std::string& path) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (n == nullptr) return out;
  if (const auto* s = n->as_string()) {
    out.push_back(s->get());
    return out;
  }
  const auto* arr = n->as_array();
  if (arr == nullptr) return Invalid(Join(path, key), "must be a string or an array of strings");
  for (const auto& item : *arr) {
    if (!item.is_string() || item.as_string()->get().empty()) {
      return Invalid(Join(path, key), "must be a string or an array of non-empty strings");
    }
    out.push_back(item.as_string()->get());
  }
  return out;
}

Result<TimeBasis> ParseMode(const std::string& text, const std::string& key) {
  if (text == "working") return TimeBasis::kWorking;
  if (text == "clock") return TimeBasis::kAroundTheClock;
  return Invalid(key, "must be \"working\" or \"clock\", got \"" + text + "\"");
}

Result<int64_t> DurationAt(const toml::node* n, const std::string& key, int64_t day_ms) {
  if (n == nullptr || !n->is_string()) return Invalid(key, "must be a duration string such as \"4h\"");
  auto d = ParseDuration(n->as_string()->get(), day_ms);
  if (!d.ok()) return Invalid(key, d.status().message());
  return d;
}

// "first_response = "4h"" or "first_response = { within = "4h", mode = "clock" }".
Status ParseTarget(const toml::table& t, std::string_view key, const std::string& path,
                   TimeBasis default_mode, int64_t working_day_ms, Target* out) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return Status::Ok();
  std::string k = Join(path, key);
  const toml::node* within = n;
  out->basis = default_mode;
  if (const auto* inner = n->as_table()) {
    if (auto s = CheckKeys(*inner, k, {"within", "mode"}); !s.ok()) return s;
    if (auto mode = OptString(*inner, "mode", k); !mode.ok()) {
      return mode.status();
    } else if (mode->has_value()) {
      auto basis = ParseMode(**mode, Join(k, "mode"));
      if (!basis.ok()) return basis.status();
      out->basis = *basis;
    }
    within = inner->get("within");
    k = Join(k, "within");
  }
  auto d = DurationAt(within, k, out->basis == TimeBasis::kWorking ? working_day_ms : kDayMs);
  if (!d.ok()) return d.status();
  out->within_ms = *d;
  return Status::Ok();
}

template <class Enum>
Result<std::vector<Enum>> EnumList(const toml::table& t, std::string_view key, const std::string& path,
                                   bool (*parse)(const std::string&, Enum*), Enum unspecified) {
  auto names = StringOrList(t, key, path);
  if (!names.ok()) return names.status();
  std::vector<Enum> out;
  for (const std::string& name : *names) {
    Enum e{};
    if (!parse(name, &e) || e == unspecified)
      return Invalid(Join(path, key), "unknown value \"" + name + "\"");
    out.push_back(e);
  }
  return out;
}

Status ParseEscalations(const toml::table& t, const std::string& path, TimeBasis basis,
                        int64_t working_day_ms, std::vector<Escalation>* out) {
  const toml::node* n = t.get("escalation");
  if (n == nullptr) return Status::Ok();
  const auto* arr = n->as_array();
  std::string key = Join(path, "escalation");
  if (arr == nullptr || !arr->is_array_of_tables()) {
    return Invalid(key,
                   "must be an array of tables { level = 1, after = \"0m\", role = \"opd_supervisor\" }");
  }
  out->clear();
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::table& e = *arr->get(i)->as_table();
    std::string k = key + "[" + std::to_string(i) + "]";
    if (auto s = CheckKeys(e, k, {"level", "after", "role"}); !s.ok()) return s;
    Escalation level;
    const toml::node* lv = e.get("level");
    if (lv == nullptr || !lv->is_integer() || lv->as_integer()->get() < 1 || lv->as_integer()->get() > 99) {
      return Invalid(Join(k, "level"), "must be an integer from 1 to 99");
    }
    level.level = static_cast<int>(lv->as_integer()->get());
    auto after =
        DurationAt(e.get("after"), Join(k, "after"), basis == TimeBasis::kWorking ? working_day_ms : kDayMs);
    if (!after.ok()) return after.status();
    level.after_ms = *after;
    auto role = OptString(e, "role", k);
    if (!role.ok()) return role.status();
    if (!role->has_value()) return Invalid(Join(k, "role"), "is required");
    level.role = **role;
    out->push_back(std::move(level));
  }
  return Status::Ok();
}

Status ParsePolicy(const toml::table& t, const std::string& path, bool with_match, int64_t working_day_ms,
                   Policy* p) {
  Status keys = with_match
                    ? CheckKeys(t, path,
                                {"name", "urgency", "kind", "channel", "opd", "mode", "first_response",
                                 "next_response", "resolution", "warn_at", "on_transfer", "escalation",
                                 "waiting_limit", "on_waiting_limit"})
                    : CheckKeys(t, path,
                                {"name", "mode", "first_response", "next_response", "resolution", "warn_at",
                                 "on_transfer", "escalation", "waiting_limit", "on_waiting_limit"});
  if (!keys.ok()) return keys;
  auto name = OptString(t, "name", path);
  if (!name.ok()) return name.status();
  if (with_match && !name->has_value()) return Invalid(Join(path, "name"), "is required");
  p->name = name->value_or("default");
  if (with_match) {
    auto urgencies = EnumList<v1::Urgency>(t, "urgency", path, v1::Urgency_Parse, v1::URGENCY_UNSPECIFIED);
    if (!urgencies.ok()) return urgencies.status();
    p->urgencies = *urgencies;
    auto kinds = EnumList<v1::Kind>(t, "kind", path, v1::Kind_Parse, v1::KIND_UNSPECIFIED);
    if (!kinds.ok()) return kinds.status();
    p->kinds = *kinds;
    auto channels = StringOrList(t, "channel", path);
    if (!channels.ok()) return channels.status();
    p->channels = *channels;
    auto opds = StringOrList(t, "opd", path);
    if (!opds.ok()) return opds.status();
    p->opds = *opds;
  }
  TimeBasis mode = TimeBasis::kWorking;
  if (auto m = OptString(t, "mode", path); !m.ok()) {
    return m.status();
  } else if (m->has_value()) {
    auto basis = ParseMode(**m, Join(path, "mode"));
    if (!basis.ok()) return basis.status();
    mode = *basis;
  }
  p->targets = {};
  constexpr std::array<SlaClock, kClockCount> kAll = {SlaClock::kFirstResponse, SlaClock::kNextResponse,
                                                      SlaClock::kResolution};
  for (SlaClock c : kAll) {
    Status s =
        ParseTarget(t, ClockName(c), path, mode, working_day_ms, &p->targets[static_cast<std::size_t>(c)]);
    if (!s.ok()) return s;
  }
  if (const toml::node* w = t.get("warn_at")) {
    const auto* arr = w->as_array();
    if (arr == nullptr) return Invalid(Join(path, "warn_at"), "must be an array of fractions, e.g. [0.75]");
    p->warn_at.clear();
    for (const auto& f : *arr) {
      auto v = f.value<double>();
      if (!v) return Invalid(Join(path, "warn_at"), "must be an array of fractions, e.g. [0.75]");
      p->warn_at.push_back(*v);
    }
  }
  if (auto tr = OptString(t, "on_transfer", path); !tr.ok()) {
    return tr.status();
  } else if (tr->has_value()) {
    if (**tr == "keep") {
      p->on_transfer = OnTransfer::kKeep;
    } else if (**tr == "restart") {
      p->on_transfer = OnTransfer::kRestart;
    } else {
      return Invalid(Join(path, "on_transfer"), "must be \"keep\" or \"restart\"");
    }
  }
  // A day of an escalation delay is a day of the policy's mode.
  if (auto s = ParseEscalations(t, path, mode, working_day_ms, &p->escalations); !s.ok()) return s;
  // Waiting for the citizen: 10 working days, then closed, unless the policy says otherwise;
  // waiting_limit = "off" waits without limit.
  p->waiting_limit = {10 * working_day_ms, TimeBasis::kWorking};
  if (const toml::node* w = t.get("waiting_limit");
      w != nullptr && w->is_string() && w->as_string()->get() == "off") {
    p->waiting_limit.within_ms = 0;
  } else if (Status s = ParseTarget(t, "waiting_limit", path, mode, working_day_ms, &p->waiting_limit);
             !s.ok()) {
    return s;
  }
  if (auto w = OptString(t, "on_waiting_limit", path); !w.ok()) {
    return w.status();
  } else if (w->has_value()) {
    if (**w == "close") {
      p->on_waiting_limit = OnWaitingLimit::kClose;
    } else if (**w == "requeue") {
      p->on_waiting_limit = OnWaitingLimit::kRequeue;
    } else {
      return Invalid(Join(path, "on_waiting_limit"), "must be \"close\" or \"requeue\"");
    }
  }
  return ValidatePolicy(*p, path);
}

Status ParseCalendar(const toml::table& t, const std::string& path, bool with_opd, CalendarSpec* spec,
                     std::string* opd) {
  Status keys = with_opd
                    ? CheckKeys(t, path, {"opd", "timezone", "mon", "tue", "wed", "thu", "fri", "sat", "sun"})
                    : CheckKeys(t, path, {"timezone", "mon", "tue", "wed", "thu", "fri", "sat", "sun"});
  if (!keys.ok()) return keys;
  if (with_opd) {
    auto code = OptString(t, "opd", path);
    if (!code.ok()) return code.status();
    if (!code->has_value()) return Invalid(Join(path, "opd"), "is required");
    *opd = **code;
  }
  auto zone = OptString(t, "timezone", path);
  if (!zone.ok()) return zone.status();
  if (zone->has_value()) {
    if (auto off = UtcOffsetMinutes(**zone); !off.ok())
      return Invalid(Join(path, "timezone"), off.status().message());
    spec->timezone = **zone;
  }
  bool any_day = std::any_of(kWeekdayKeys.begin(), kWeekdayKeys.end(),
                             [&](std::string_view k) { return t.contains(k); });
  if (!any_day) return Status::Ok();
  spec->hours = {};
  for (std::size_t d = 0; d < kWeekdayKeys.size(); ++d) {
    auto specs = StringOrList(t, kWeekdayKeys[d], path);
    if (!specs.ok()) return specs.status();
    for (const std::string& s : *specs) {
      if (auto st = AddHours(&spec->hours, static_cast<int>(d), s); !st.ok()) {
        return Invalid(Join(path, kWeekdayKeys[d]), st.message());
      }
    }
  }
  if (auto c = Calendar::Create(0, spec->hours, {}); !c.ok()) return Invalid(path, c.status().message());
  return Status::Ok();
}

}  // namespace

Result<SlaSpec> ParseSlaTable(const toml::table& sla, std::string_view tenant_timezone) {
  SlaSpec spec;
  const std::string root = "sla";
  Status keys = CheckKeys(sla, root,
                          {"working_day", "holidays_dir", "calendar", "opd_calendar", "policy",
                           "default_policy", "first_response_minutes_biasa", "first_response_minutes_segera",
                           "first_response_minutes_sangat_segera"});
  if (!keys.ok()) return keys;
  if (const toml::node* wd = sla.get("working_day")) {
    auto d = DurationAt(wd, "sla.working_day", kDayMs);
    if (!d.ok()) return d.status();
    if (*d < kHourMs || *d > kDayMs) return Invalid("sla.working_day", "must be between 1h and 24h");
    spec.working_day_ms = *d;
  }
  if (!tenant_timezone.empty()) spec.calendar.timezone = std::string(tenant_timezone);

  if (const toml::node* c = sla.get("calendar")) {
    if (!c->is_table()) return Invalid("sla.calendar", "must be a table ([sla.calendar])");
    if (auto s = ParseCalendar(*c->as_table(), "sla.calendar", false, &spec.calendar, nullptr); !s.ok())
      return s;
  }
  if (const toml::node* oc = sla.get("opd_calendar")) {
    const auto* arr = oc->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      return Invalid("sla.opd_calendar", "must be an array of tables ([[sla.opd_calendar]])");
    }
    for (std::size_t i = 0; i < arr->size(); ++i) {
      std::string path = "sla.opd_calendar[" + std::to_string(i) + "]";
      CalendarSpec one = spec.calendar;
      std::string opd;
      if (auto s = ParseCalendar(*arr->get(i)->as_table(), path, true, &one, &opd); !s.ok()) return s;
      for (const auto& [code, unused] : spec.opd_calendars) {
        if (code == opd) return Invalid(Join(path, "opd"), "OPD " + opd + " has a calendar already");
      }
      spec.opd_calendars.emplace_back(opd, std::move(one));
    }
  }

  if (const toml::node* pol = sla.get("policy")) {
    const auto* arr = pol->as_array();
    if (arr == nullptr || !arr->is_array_of_tables())
      return Invalid("sla.policy", "must be an array of tables ([[sla.policy]])");
    for (std::size_t i = 0; i < arr->size(); ++i) {
      Policy p;
      std::string path = "sla.policy[" + std::to_string(i) + "]";
      if (auto s = ParsePolicy(*arr->get(i)->as_table(), path, true, spec.working_day_ms, &p); !s.ok())
        return s;
      spec.policies.push_back(std::move(p));
    }
  } else {
    spec.policies = DefaultRules(spec.working_day_ms);
  }
  spec.default_policy = DefaultPolicy(spec.working_day_ms);
  if (const toml::node* dp = sla.get("default_policy")) {
    if (!dp->is_table()) return Invalid("sla.default_policy", "must be a table ([sla.default_policy])");
    Policy p;
    if (auto s = ParsePolicy(*dp->as_table(), "sla.default_policy", false, spec.working_day_ms, &p); !s.ok())
      return s;
    spec.default_policy = std::move(p);
  }
  return spec;
}

}  // namespace aspirasi::sla
