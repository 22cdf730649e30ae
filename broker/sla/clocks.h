// Clocks: one ticket's SLA state and how it moves (pure functions, no I/O, no time source).
//
// A ticket has three clocks (first response, next response, resolution; see policy.h). Each is
// off, running, paused or stopped, and measures time in its target's basis (working time on the
// ticket's calendar, or around the clock). A running clock's elapsed time is consumed_ms plus the
// time since anchor_ms; a paused clock's is consumed_ms. So on resume the remaining time simply
// continues: due = AddWorking(resume, target - consumed).
//
// Each clock passes through stages, in order, at points of its elapsed time: the warnings
// (warn_at x target), the breach (target), then the escalation levels (target + after). `fired`
// counts the stages already announced; a stage is announced only when it is the next one, and only
// once, however often the state is recomputed or rebuilt. The next stage not yet fired over all
// clocks is the ticket's next timer: the tracker holds it (tracker.h) and the store keeps it in an
// indexed column. Deadlines that passed while the broker was down are due at once after a restart
// and fire once, because `fired` is stored in the same transaction as the alert.
//
// How events move the clocks (Apply first fires every stage due at or before the event):
//   received          first response and resolution start; the policy is the one matched now
//   replied           an answer to the citizen: first response and next response stop
//   waiting_citizen   every running clock pauses (the OPD asked the citizen for more)
//   resumed           paused clocks run again (back from WAITING_CITIZEN without a new message)
//   citizen_follow_up paused clocks resume; once first response is stopped, next response starts
//                     (if it is not already running: the oldest unanswered message counts)
//   transferred       the policy becomes event.policy; with on_transfer = restart (of the new
//                     policy) running and paused clocks start again from zero; with keep they run
//                     on, and stages the new policy would have reached already are not announced
//   reopened          resolution and next response start again from zero; paused clocks resume
//   resolved          every clock stops (also use it for a withdrawn ticket)
//
// Thread safety: values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "broker/sla/calendar.h"
#include "broker/sla/policy.h"

namespace aspirasi::sla {

enum class ClockPhase : uint8_t { kOff, kRunning, kPaused, kStopped };

// 56 bytes; kept in memory for open tickets and stored with the ticket. Indexed by SlaClock.
struct TicketSla {
  std::array<int64_t, kClockCount> anchor_ms{};    // running: since when; paused: since when
  std::array<int64_t, kClockCount> consumed_ms{};  // elapsed before anchor_ms, in the target's basis
  std::array<ClockPhase, kClockCount> phase{};
  std::array<uint8_t, kClockCount> fired{};  // stages already announced
  uint16_t policy = 0;                       // index in the PolicySet
};

enum class SlaEventKind : uint8_t {
  kReceived,
  kReplied,
  kWaitingCitizen,
  kResumed,
  kCitizenFollowUp,
  kTransferred,
  kReopened,
  kResolved,
};

struct SlaEvent {
  SlaEventKind kind = SlaEventKind::kReceived;
  int64_t at_ms = 0;
  uint16_t policy = 0;  // kReceived, kTransferred: PolicySet::MatchIndex for the ticket now
};

enum class StageKind : uint8_t { kWarning, kBreach, kEscalation };

// One announcement: what to store as an SLA event and tell the roles about.
struct SlaAlert {
  SlaClock clock = SlaClock::kFirstResponse;
  uint8_t stage = 0;  // index in the clock's stage list
  StageKind kind = StageKind::kBreach;
  double fraction = 1.0;  // kWarning: the warn_at fraction
  int level = 0;          // kEscalation: the level
  std::string_view role;  // kEscalation: who is told (points into the PolicySet)
  int64_t due_ms = 0;     // when it was due; the caller knows when it fired
};

struct SlaTimer {
  int64_t due_ms = 0;
  SlaClock clock = SlaClock::kFirstResponse;
  uint8_t stage = 0;
};

// Where the ticket's clocks and policy come from. The calendar is the one of the ticket's OPD.
struct SlaContext {
  const PolicySet& policies;
  const Calendar& calendar;
};

// Number of stages of a clock under a policy (0 when the policy does not track it).
int StageCount(const Policy& policy, SlaClock clock);

// Moves the state by one event. Returns the stages that were due at or before event.at_ms and had
// not fired (normally none: the tracker fires them on time), marked fired. Events must come in
// time order; one with an earlier at_ms than the clocks' anchors counts as at the anchor.
std::vector<SlaAlert> Apply(TicketSla* state, const SlaEvent& event, const SlaContext& ctx);

// Fires every stage due at or before now_ms, in order of due time, and returns them.
std::vector<SlaAlert> FireDue(TicketSla* state, int64_t now_ms, const SlaContext& ctx);

// The earliest stage not yet fired, or nullopt when nothing is pending (all clocks stopped, off or
// paused with nothing overdue).
std::optional<SlaTimer> NextTimer(const TicketSla& state, const SlaContext& ctx);

// When a clock breaches (its target's instant); nullopt unless it is running with a target.
std::optional<int64_t> BreachAt(const TicketSla& state, SlaClock clock, const SlaContext& ctx);

// Replays a history from an empty state (convenience for tests and for rebuilding from events).
TicketSla Replay(const std::vector<SlaEvent>& history, const SlaContext& ctx, std::vector<SlaAlert>* alerts);

}  // namespace aspirasi::sla
