// SLA policies: which targets apply to a ticket, and what happens when they are missed.
//
// A policy matches a ticket by urgency, kind, channel and OPD; an empty list matches anything.
// Policies are tried in order, the first match wins, and the default applies when none matches.
// A policy sets, for each of the three clocks (first response, next response, resolution), a
// target counted in working time on the OPD's calendar or around the clock; warnings at fractions
// of the target (default 75%); escalation levels after a breach, each with a delay (counted like
// its clock's target) and the role that is told; and whether a transfer keeps or restarts clocks.
//
// Thread safety: values; a PolicySet is immutable after Create.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aspirasi/v1/ticket.pb.h"
#include "common/status.h"

namespace aspirasi::sla {

enum class SlaClock : uint8_t { kFirstResponse = 0, kNextResponse = 1, kResolution = 2 };
inline constexpr int kClockCount = 3;
// "first_response", "next_response", "resolution".
std::string_view ClockName(SlaClock clock);

enum class TimeBasis : uint8_t {
  kWorking,         // working time on the ticket's calendar
  kAroundTheClock,  // wall-clock time, 24x7
};

struct Target {
  int64_t within_ms = 0;  // 0: this clock is not tracked by the policy
  TimeBasis basis = TimeBasis::kWorking;
};

struct Escalation {
  int level = 1;         // 1, 2, 3, ... strictly increasing within a policy
  int64_t after_ms = 0;  // after the breach, counted like the clock's target; non-decreasing
  std::string role;      // who is told: "opd_supervisor", "diskominfo", "sekda", ...
};

// What happens when the citizen has not answered the OPD's question within the waiting limit.
enum class OnWaitingLimit : uint8_t {
  kClose,    // closed with a recorded reason (LAPOR! closes reports left incomplete)
  kRequeue,  // back in the OPD's queue with its clocks running again
};

enum class OnTransfer : uint8_t {
  kKeep,     // the clocks run on: time already spent counts against the new OPD
  kRestart,  // running and paused clocks start again from zero at the transfer
};

struct Policy {
  std::string name;
  // Match (empty = any). URGENCY_UNSPECIFIED is matched as BIASA.
  std::vector<v1::Urgency> urgencies;
  std::vector<v1::Kind> kinds;
  std::vector<std::string> channels;
  std::vector<std::string> opds;
  // Indexed by SlaClock.
  std::array<Target, kClockCount> targets;
  std::vector<double> warn_at = {0.75};  // fractions in (0, 1), increasing
  std::vector<Escalation> escalations;
  OnTransfer on_transfer = OnTransfer::kKeep;
  // How long a ticket may wait for the citizen's answer (WAITING_CITIZEN, from the moment the
  // question reached the platform); within_ms 0 = without limit.
  Target waiting_limit;
  OnWaitingLimit on_waiting_limit = OnWaitingLimit::kClose;
};

// What a policy is matched on.
struct TicketFacts {
  v1::Urgency urgency = v1::BIASA;
  v1::Kind kind = v1::KIND_UNSPECIFIED;
  std::string_view channel;
  std::string_view opd;
  bool data_request = false;  // a data subject's request to the PPID (Ticket.data_request)
};

bool Matches(const Policy& policy, const TicketFacts& ticket);

// Checks one policy; errors are CONFIG_INVALID naming `key` + the field ("sla.policy[2].warn_at").
Status ValidatePolicy(const Policy& policy, const std::string& key);

class PolicySet {
 public:
  // `rules` are tried in order; `fallback` applies when none matches. `data_requests`, when
  // given, applies to data subjects' requests (TicketFacts.data_request) and to nothing else; the
  // rules and the default are not tried for them. Validates every policy (keys "sla.policy[i]",
  // "sla.default_policy", "data_requests"). At most 65534 policies.
  static Result<PolicySet> Create(std::vector<Policy> rules, Policy fallback,
                                  std::optional<Policy> data_requests = std::nullopt);

  // Index of the first matching rule, or of the default (default_index()); of the data requests'
  // policy for a data request. Indexes are what a ticket's SLA state stores: the rules come first,
  // then the default, then the data requests' policy, so that the last does not move the others.
  uint16_t MatchIndex(const TicketFacts& ticket) const;
  uint16_t default_index() const { return default_index_; }
  // The data requests' policy's index, or -1 without one.
  int data_request_index() const { return data_requests_ ? default_index_ + 1 : -1; }
  const Policy& Match(const TicketFacts& ticket) const { return at(MatchIndex(ticket)); }
  // REQUIRES: index < size().
  const Policy& at(uint16_t index) const { return policies_[index]; }
  std::size_t size() const { return policies_.size(); }

 private:
  std::vector<Policy> policies_;  // rules, then the default, then the data requests' policy
  uint16_t default_index_ = 0;
  bool data_requests_ = false;
};

// LAPOR!-like defaults, with 1 working day = `working_day_ms` (8 h by default):
//  sangat_segera (SANGAT_SEGERA: disasters, fraud in an official's name): first and next response
//    within 1 h, resolution within 3 days, all around the clock; escalations at breach, +1 h, +2 h.
//  segera (SEGERA): first and next response within 4 working hours, resolution within 3 working
//    days; escalations at breach, +4 working hours, +1 working day.
//  biasa (the default, BIASA and anything else): first and next response within 1 working day,
//    resolution within 5 working days; escalations at breach, +1 and +3 working days.
// Every policy warns at 75%; escalation level 1 tells "opd_supervisor", level 2 "diskominfo",
// level 3 "sekda" (Sekda / Kepala Daerah); transfers keep the clocks. A question the citizen leaves
// unanswered closes the ticket after 10 working days (biasa, segera), and puts a sangat_segera
// ticket back in the queue after 24 hours around the clock (a disaster report is never closed
// for silence).
std::vector<Policy> DefaultRules(int64_t working_day_ms = 8 * 3'600'000);
Policy DefaultPolicy(int64_t working_day_ms = 8 * 3'600'000);
PolicySet DefaultPolicySet(int64_t working_day_ms = 8 * 3'600'000);

}  // namespace aspirasi::sla
