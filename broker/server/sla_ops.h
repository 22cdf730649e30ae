// Writer-thread side of SLA tracking (issue 5): turns the events of a transaction into moves of the
// tickets' SLA clocks (broker/sla/clocks.h), fires the stages the tracker found due, and
// acknowledges alerts.
//
// What moves a clock (an event of the same transaction, in seq order):
//   TICKET_CREATED                 received (the policy is matched on urgency, kind, channel, OPD)
//   TICKET_APPENDED                citizen follow-up (resumes paused clocks, starts next response)
//   REPLY_POSTED                   replied, unless it was the automatic acknowledgement
//   TICKET_WAITING                 waiting on the citizen (clocks pause)
//   TICKET_TRANSFERRED             transferred (the policy is matched again for the new OPD)
//   TICKET_REOPENED                reopened
//   TICKET_RESOLVED, _WITHDRAWN    resolved (every clock stops)
//   WAIT_EXPIRED                   (recorded here) the waiting limit passed: closed or back in the queue
// Each stage fired becomes an event (SLA_WARNING level 0, SLA_BREACHED level 1, SLA_ESCALATED
// level 2..; an escalation level 1 at the breach itself is part of SLA_BREACHED) and an alert row.
// The state and the next instant (tickets.sla_state, tickets.sla_next_ms) are stored in the same
// transaction, and the ticket's Sla message (deadlines, escalation level, policy) is updated.
//
// Alerts (alert_ops.h): each stage fired opens one, for the role of its escalation level (or the
// OPD's desk); a reply posted closes the response clocks' alerts, a resolution or withdrawal all of
// them, a transfer those of the OPD the ticket left.
//
// Waiting for the citizen: a ticket in WAITING_CITIZEN has, besides its paused clocks, the policy's
// waiting limit counted from when the question reached the platform (Sla.paused_at_ms); its next
// instant is the earlier of the two. When the limit passes the ticket is closed (RESOLVED,
// resolution_code "no_answer_from_citizen") or put back in the queue (OPEN, clocks running), as
// the policy says, with a WAIT_EXPIRED event.
//
// Thread safety: used by the broker's writer thread only, inside its transactions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "broker/server/alert_ops.h"
#include "broker/sla/calendar_set.h"
#include "broker/sla/clocks.h"
#include "broker/sla/policy.h"
#include "broker/store/store.h"
#include "common/config.h"

namespace aspirasi::server {

// Calendars and policies from the [sla] section; immutable, shared by the event loop, the writer
// and the query thread.
struct SlaSetup {
  sla::PolicySet policies;
  sla::CalendarSet calendars;
  int64_t working_day_ms = 8 * 3'600'000;
  bool has_holidays = false;       // [sla] holidays_dir is set
  std::vector<int> holiday_years;  // the years it has a file for
  int utc_offset_min = 7 * 60;     // the tenant calendar's zone

  sla::TicketFacts Facts(const v1::Ticket& t) const;
  sla::SlaContext Context(std::string_view opd) const { return {policies, calendars.For(opd)}; }
};

// A data subject's request to the PPID (UU 27/2022): done (resolved) within 3 x 24 hours around
// the clock (the resolution clock; the response clocks are not tracked), warnings at half and three quarters
// of it, the PPID OPD's supervisor at the breach and the Sekda a day later. Not configurable: the law sets
// it.
sla::Policy DataRequestPolicy();

// How far the holiday files reach: a date past them has no holidays, and the SLA would count a
// national holiday as a working day (docs/OPERATIONS.md, "Holiday calendars").
struct HolidayCoverage {
  int year = 0;          // the current year in the tenant's zone
  int through = 0;       // every year from `year` to this one has a file (year - 1: not even this one)
  int64_t until_ms = 0;  // local midnight starting the first year without a file (Unix ms)
  std::string warning;   // "" when this year and the next are covered, else what to do (English, logs)
};
// nullopt when no holidays_dir is configured (the operator chose none).
std::optional<HolidayCoverage> HolidaysCoverage(const SlaSetup& setup, const std::string& holidays_dir,
                                                int64_t now_ms);

// Parses config.sla.toml and loads the holidays. Errors are CONFIG_INVALID naming the key.
// The policies are [sla]'s, then DataRequestPolicy() for data subjects' requests.
Result<std::shared_ptr<const SlaSetup>> LoadSlaSetup(const Config& config);

// The first-response deadline and policy name of a ticket received now (for the created ticket).
// A new ticket's visible deadlines, computed when it is routed so the writer stores them with the
// ticket (and SlaOps finds nothing to rewrite).
struct FirstDeadline {
  int64_t due_ms = 0;  // first response
  int64_t resolution_due_ms = 0;
  std::string policy;
};
FirstDeadline FirstResponseDeadline(const SlaSetup& setup, const sla::TicketFacts& facts, int64_t now_ms);

// 57 bytes: a version byte and the fields of TicketSla, little-endian.
std::string EncodeSla(const sla::TicketSla& state);
bool DecodeSla(std::string_view bytes, sla::TicketSla* state);

// The ticket's next SLA instant after a write (0: none; remove it from the tracker).
struct SlaNext {
  uint64_t ticket_id = 0;
  int64_t next_ms = 0;
  bool fired = false;  // the answer to an SlaFireOp
};

struct SlaFireOp {
  uint64_t ticket_id = 0;
};

class SlaOps {
 public:
  SlaOps(const Config& config, std::shared_ptr<const SlaSetup> setup, store::Store& store)
      : config_(config), setup_(std::move(setup)), store_(store), alerts_(config, store) {}

  // Applies the events recorded since Begin (store.events()) and fires what is due at now_ms for
  // the tickets in `fire`. Appends each touched ticket's next instant to *next. Errors are the
  // store's (the batch must roll back).
  Status Process(const std::vector<uint64_t>& fire, int64_t now_ms, std::vector<SlaNext>* next);

  AckAlertResult Ack(const AckAlertOp& op) { return alerts_.Ack(op); }

 private:
  Status Ticket(uint64_t id, const std::vector<const v1::Event*>& events, bool fire, int64_t now_ms,
                std::vector<SlaNext>* next);
  Status Announce(v1::Ticket& t, const std::vector<sla::SlaAlert>& alerts, const sla::Policy& policy,
                  int64_t at_ms, bool* changed);
  // The waiting limit passed: closes the ticket or puts it back in the queue, as `policy` says.
  Status ExpireWait(v1::Ticket& t, sla::TicketSla* state, const sla::Policy& policy, int64_t now_ms,
                    bool* changed);

  const Config& config_;
  std::shared_ptr<const SlaSetup> setup_;
  store::Store& store_;
  AlertOps alerts_;
};

}  // namespace aspirasi::server
