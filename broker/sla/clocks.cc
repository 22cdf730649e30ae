#include "broker/sla/clocks.h"

#include <cmath>

namespace aspirasi::sla {
namespace {

constexpr std::array<SlaClock, kClockCount> kClocks = {SlaClock::kFirstResponse, SlaClock::kNextResponse,
                                                       SlaClock::kResolution};

std::size_t Ix(SlaClock c) { return static_cast<std::size_t>(c); }

struct StageInfo {
  int64_t at_ms;  // elapsed time at which the stage is reached
  StageKind kind;
  double fraction;
  int level;
  std::string_view role;
};

StageInfo StageOf(const Policy& p, SlaClock clock, int stage) {
  int64_t within = p.targets[Ix(clock)].within_ms;
  int warnings = static_cast<int>(p.warn_at.size());
  if (stage < warnings) {
    double f = p.warn_at[static_cast<std::size_t>(stage)];
    return {std::llround(f * static_cast<double>(within)), StageKind::kWarning, f, 0, {}};
  }
  if (stage == warnings) return {within, StageKind::kBreach, 1.0, 0, {}};
  const Escalation& e = p.escalations[static_cast<std::size_t>(stage - warnings - 1)];
  return {within + e.after_ms, StageKind::kEscalation, 1.0, e.level, e.role};
}

int64_t Elapsed(TimeBasis basis, const Calendar& cal, int64_t from, int64_t to) {
  if (to <= from) return 0;
  return basis == TimeBasis::kWorking ? cal.WorkingBetween(from, to) : to - from;
}

int64_t Advance(TimeBasis basis, const Calendar& cal, int64_t from, int64_t amount) {
  return basis == TimeBasis::kWorking ? cal.AddWorking(from, amount) : from + amount;
}

// When stage `stage` of `clock` is due, or nullopt if the clock is not heading there now.
std::optional<int64_t> StageDue(const TicketSla& s, SlaClock clock, int stage, const SlaContext& ctx) {
  const Policy& p = ctx.policies.at(s.policy);
  std::size_t c = Ix(clock);
  int64_t at = StageOf(p, clock, stage).at_ms;
  switch (s.phase[c]) {
    case ClockPhase::kRunning:
      if (at <= s.consumed_ms[c]) return s.anchor_ms[c];  // overdue since the last resume
      return Advance(p.targets[c].basis, ctx.calendar, s.anchor_ms[c], at - s.consumed_ms[c]);
    case ClockPhase::kPaused:
      if (at <= s.consumed_ms[c]) return s.anchor_ms[c];  // reached before the pause
      return std::nullopt;
    case ClockPhase::kOff:
    case ClockPhase::kStopped:
      break;
  }
  return std::nullopt;
}

class Mover {
 public:
  Mover(TicketSla* s, int64_t at, const SlaContext& ctx) : s_(s), at_(at), ctx_(ctx) {}

  TimeBasis Basis(SlaClock c) const { return ctx_.policies.at(s_->policy).targets[Ix(c)].basis; }

  void Start(SlaClock c) {
    s_->phase[Ix(c)] = ClockPhase::kRunning;
    s_->anchor_ms[Ix(c)] = at_;
    s_->consumed_ms[Ix(c)] = 0;
    s_->fired[Ix(c)] = 0;
  }
  void Stop(SlaClock c) {
    ClockPhase& ph = s_->phase[Ix(c)];
    if (ph == ClockPhase::kRunning || ph == ClockPhase::kPaused) ph = ClockPhase::kStopped;
  }
  // Running: fold the time since the anchor into consumed_ms, anchor at the event.
  void Reanchor(SlaClock c) {
    std::size_t i = Ix(c);
    if (s_->phase[i] != ClockPhase::kRunning) return;
    s_->consumed_ms[i] += Elapsed(Basis(c), ctx_.calendar, s_->anchor_ms[i], at_);
    s_->anchor_ms[i] = std::max(s_->anchor_ms[i], at_);
  }
  void Pause(SlaClock c) {
    if (s_->phase[Ix(c)] != ClockPhase::kRunning) return;
    Reanchor(c);
    s_->phase[Ix(c)] = ClockPhase::kPaused;
  }
  void Resume(SlaClock c) {
    std::size_t i = Ix(c);
    if (s_->phase[i] != ClockPhase::kPaused) return;
    s_->phase[i] = ClockPhase::kRunning;
    s_->anchor_ms[i] = std::max(s_->anchor_ms[i], at_);
  }
  void PauseAll() {
    for (SlaClock c : kClocks) Pause(c);
  }
  void ResumeAll() {
    for (SlaClock c : kClocks) Resume(c);
  }
  void StopAll() {
    for (SlaClock c : kClocks) Stop(c);
  }

  void Transfer(uint16_t new_policy) {
    const Policy& next = ctx_.policies.at(new_policy);
    if (next.on_transfer == OnTransfer::kRestart) {
      s_->policy = new_policy;
      for (SlaClock c : kClocks) {
        std::size_t i = Ix(c);
        if (s_->phase[i] != ClockPhase::kRunning && s_->phase[i] != ClockPhase::kPaused) continue;
        s_->anchor_ms[i] = at_;
        s_->consumed_ms[i] = 0;
        s_->fired[i] = 0;
      }
      return;
    }
    if (new_policy == s_->policy) return;
    for (SlaClock c : kClocks) Reanchor(c);
    s_->policy = new_policy;
    for (SlaClock c : kClocks) {
      std::size_t i = Ix(c);
      int n = StageCount(next, c), passed = 0;
      while (passed < n && StageOf(next, c, passed).at_ms <= s_->consumed_ms[i]) ++passed;
      s_->fired[i] = static_cast<uint8_t>(passed);
    }
  }

 private:
  TicketSla* s_;
  int64_t at_;
  const SlaContext& ctx_;
};

}  // namespace

int StageCount(const Policy& policy, SlaClock clock) {
  if (policy.targets[Ix(clock)].within_ms <= 0) return 0;
  return static_cast<int>(policy.warn_at.size() + 1 + policy.escalations.size());
}

std::optional<SlaTimer> NextTimer(const TicketSla& state, const SlaContext& ctx) {
  const Policy& p = ctx.policies.at(state.policy);
  std::optional<SlaTimer> best;
  for (SlaClock c : kClocks) {
    int stage = state.fired[Ix(c)];
    if (stage >= StageCount(p, c)) continue;
    auto due = StageDue(state, c, stage, ctx);
    if (due && (!best || *due < best->due_ms)) best = SlaTimer{*due, c, static_cast<uint8_t>(stage)};
  }
  return best;
}

std::vector<SlaAlert> FireDue(TicketSla* state, int64_t now_ms, const SlaContext& ctx) {
  std::vector<SlaAlert> out;
  while (auto t = NextTimer(*state, ctx)) {
    if (t->due_ms > now_ms) break;
    StageInfo info = StageOf(ctx.policies.at(state->policy), t->clock, t->stage);
    out.push_back({t->clock, t->stage, info.kind, info.fraction, info.level, info.role, t->due_ms});
    ++state->fired[Ix(t->clock)];
  }
  return out;
}

std::optional<int64_t> BreachAt(const TicketSla& state, SlaClock clock, const SlaContext& ctx) {
  const Policy& p = ctx.policies.at(state.policy);
  if (StageCount(p, clock) == 0 || state.phase[Ix(clock)] != ClockPhase::kRunning) return std::nullopt;
  return StageDue(state, clock, static_cast<int>(p.warn_at.size()), ctx);
}

std::vector<SlaAlert> Apply(TicketSla* state, const SlaEvent& event, const SlaContext& ctx) {
  std::vector<SlaAlert> alerts = FireDue(state, event.at_ms, ctx);
  Mover m(state, event.at_ms, ctx);
  switch (event.kind) {
    case SlaEventKind::kReceived:
      *state = TicketSla{};
      state->policy = event.policy;
      m.Start(SlaClock::kFirstResponse);
      m.Start(SlaClock::kResolution);
      break;
    case SlaEventKind::kReplied:
      m.Stop(SlaClock::kFirstResponse);
      m.Stop(SlaClock::kNextResponse);
      break;
    case SlaEventKind::kWaitingCitizen:
      m.PauseAll();
      break;
    case SlaEventKind::kResumed:
      m.ResumeAll();
      break;
    case SlaEventKind::kCitizenFollowUp:
      m.ResumeAll();
      if (state->phase[Ix(SlaClock::kFirstResponse)] == ClockPhase::kStopped &&
          state->phase[Ix(SlaClock::kNextResponse)] != ClockPhase::kRunning) {
        m.Start(SlaClock::kNextResponse);
      }
      break;
    case SlaEventKind::kTransferred:
      m.Transfer(event.policy);
      break;
    case SlaEventKind::kReopened:
      m.ResumeAll();
      m.Start(SlaClock::kResolution);
      m.Start(SlaClock::kNextResponse);
      break;
    case SlaEventKind::kResolved:
      m.StopAll();
      break;
  }
  return alerts;
}

TicketSla Replay(const std::vector<SlaEvent>& history, const SlaContext& ctx, std::vector<SlaAlert>* alerts) {
  TicketSla state;
  for (const SlaEvent& e : history) {
    auto fired = Apply(&state, e, ctx);
    if (alerts != nullptr) alerts->insert(alerts->end(), fired.begin(), fired.end());
  }
  return state;
}

}  // namespace aspirasi::sla
