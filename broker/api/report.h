// The supervisors' report (issue 5, GetReport -> Report): service figures per OPD, per channel
// and per category over the tickets received in a range. See aspirasi.v1.ReportRow for the
// definitions; this is the one pass over the rows StoreReader::ReportTickets returns.
//
// Thread safety: a pure function of its arguments.
#pragma once

#include <cstdint>
#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "broker/sla/calendar_set.h"
#include "broker/store/store.h"

namespace aspirasi::api {

// `calendars`: the SLA's (first-response times are working time of the ticket's OPD's calendar);
// nullptr = around the clock. `now_ms`: the broker's clock (backlog ages, "past due").
v1::Report BuildReport(const std::vector<store::ReportTicket>& tickets, const sla::CalendarSet* calendars,
                       int64_t from_ms, int64_t to_ms, int64_t now_ms);

}  // namespace aspirasi::api
