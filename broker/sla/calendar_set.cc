#include "broker/sla/calendar_set.h"

namespace aspirasi::sla {
namespace {

Result<Calendar> BuildOne(const CalendarSpec& spec, const std::vector<int64_t>& days_off,
                          const std::string& key) {
  auto offset = UtcOffsetMinutes(spec.timezone);
  if (!offset.ok())
    return Status::ConfigInvalid(key + ".timezone", key + ".timezone: " + offset.status().message());
  auto cal = Calendar::Create(*offset, spec.hours, days_off);
  if (!cal.ok()) return Status::ConfigInvalid(key, key + ": " + cal.status().message());
  return cal;
}

}  // namespace

Result<CalendarSet> CalendarSet::Build(const CalendarSpec& tenant,
                                       const std::vector<std::pair<std::string, CalendarSpec>>& opds,
                                       const std::vector<Holiday>& holidays) {
  std::vector<int64_t> days_off = DayNumbers(holidays);
  CalendarSet set;
  auto t = BuildOne(tenant, days_off, "sla.calendar");
  if (!t.ok()) return t.status();
  set.tenant_ = *t;
  for (std::size_t i = 0; i < opds.size(); ++i) {
    auto c = BuildOne(opds[i].second, days_off, "sla.opd_calendar[" + std::to_string(i) + "]");
    if (!c.ok()) return c.status();
    set.opds_.insert_or_assign(opds[i].first, *c);
  }
  return set;
}

const Calendar& CalendarSet::For(std::string_view opd) const {
  auto it = opds_.find(opd);
  return it == opds_.end() ? tenant_ : it->second;
}

}  // namespace aspirasi::sla
