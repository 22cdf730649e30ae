// The [sla] section of the configuration: calendars and policies, parsed from a toml::table.
//
//   [sla]
//   working_day = "8h"               # what "1d" means in working time (default 8h)
//   holidays_dir = "calendars"       # read by common/config.h, not here: the folder of YYYY.toml
//                                    # holiday files, relative to the configuration file; without
//                                    # it there are no holidays (the broker's LoadSlaSetup loads it)
//   [sla.calendar]                   # the tenant's hours
//   timezone = "Asia/Jakarta"        # default: [tenant] timezone
//   mon = ["07:30-12:00", "12:30-16:00"]   # mon tue wed thu fri sat sun; "22:00-06:00" runs overnight
//   fri = ["07:30-11:30", "13:00-16:30"]   # no weekday key at all: StandardPemdaHours();
//                                          # some keys: the others are days off
//   [[sla.opd_calendar]]             # an OPD with other hours or zone (e.g. an RSUD open 24x7)
//   opd = "RSUD"
//   timezone = "Asia/Jakarta"        # default: the tenant calendar's
//   mon = ["00:00-24:00"]            # ... same weekday keys; none: the tenant's hours
//   [[sla.policy]]                   # tried in order, first match wins
//   name = "darurat"
//   urgency = ["SANGAT_SEGERA"]      # BIASA SEGERA SANGAT_SEGERA; a string or a list; absent = any
//   kind = ["PENGADUAN"]             # ASPIRASI PENGADUAN PERMINTAAN_INFORMASI APRESIASI LAINNYA
//   channel = ["whatsapp"]           # channel names
//   opd = ["BPBD"]                   # OPD codes
//   mode = "clock"                   # default for the targets: "working" (default) or "clock" (24x7)
//   first_response = "1h"            # a duration (duration.h), or { within = "1h", mode = "clock" };
//   next_response = "1h"             # absent: the clock is not tracked
//   resolution = { within = "3d", mode = "clock" }
//   warn_at = [0.5, 0.75]            # fractions of the target; default [0.75]; [] = no warnings
//   on_transfer = "keep"             # or "restart"
//   waiting_limit = "10d"            # how long a question to the citizen may go unanswered (default
//                                    # 10 working days; a duration or { within, mode }; "off" = no limit)
//   on_waiting_limit = "close"       # then: "close" (resolved, reason recorded) or "requeue"
//   escalation = [ { level = 1, after = "0m", role = "opd_supervisor" },   # "1d" = a day of `mode`
//                  { level = 2, after = "1h", role = "diskominfo" },
//                  { level = 3, after = "2h", role = "sekda" } ]
//   [sla.default_policy]             # when no policy matches; same keys without the match keys
//
// No [[sla.policy]] at all: the LAPOR!-like DefaultRules(); no [sla.default_policy]: DefaultPolicy().
// The provisional keys first_response_minutes_{biasa,segera,sangat_segera} are accepted and
// ignored. Unknown keys, wrong types and bad values are CONFIG_INVALID naming the key, e.g.
// "sla.policy[2].first_response: duration "1x" must look like 90m, 4h, 1d or 1d4h30m".
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "broker/sla/calendar_set.h"
#include "broker/sla/policy.h"

namespace aspirasi::sla {

struct SlaSpec {
  int64_t working_day_ms = 8 * kHourMs;
  CalendarSpec calendar;
  std::vector<std::pair<std::string, CalendarSpec>> opd_calendars;
  std::vector<Policy> policies;
  Policy default_policy;
};

// `sla` is the [sla] table (an empty table gives every default). `tenant_timezone` is the
// [tenant] timezone, the default of the calendars.
Result<SlaSpec> ParseSlaTable(const toml::table& sla, std::string_view tenant_timezone);

}  // namespace aspirasi::sla
