// CalendarSet: the tenant's calendar and the OPDs that keep other hours or another time zone.
//
// Thread safety: immutable after Build; share freely.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "broker/sla/calendar.h"
#include "broker/sla/holidays.h"

namespace aspirasi::sla {

// A calendar before the holidays are added: a zone name and weekly hours.
struct CalendarSpec {
  std::string timezone = "Asia/Jakarta";
  WeekHours hours = StandardPemdaHours();
};

class CalendarSet {
 public:
  // Every calendar gets the same holidays (they are national). Errors name "sla.calendar" or
  // "sla.opd_calendar[i]".
  static Result<CalendarSet> Build(const CalendarSpec& tenant,
                                   const std::vector<std::pair<std::string, CalendarSpec>>& opds,
                                   const std::vector<Holiday>& holidays);

  // The OPD's calendar, or the tenant's when the OPD has none of its own.
  const Calendar& For(std::string_view opd) const;
  const Calendar& tenant() const { return tenant_; }

 private:
  Calendar tenant_ = Calendar::AroundTheClock();
  std::map<std::string, Calendar, std::less<>> opds_;
};

}  // namespace aspirasi::sla
