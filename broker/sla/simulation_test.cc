// A month of SLA for 100,000 open tickets on simulated time: every warning, breach and escalation
// fires exactly once, at its due instant, as computed by a brute-force oracle that shares no code
// with the calendar arithmetic; and after a restart deadlines that passed while down fire once.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>

#include "broker/sla/clocks.h"
#include "broker/sla/test_util.h"
#include "broker/sla/tracker.h"

namespace aspirasi::sla {
namespace {

using testing::Wib;

constexpr int64_t kM = kMinuteMs, kH = kHourMs;
const int64_t kStart = Wib(2026, 2, 1, 0, 0);
const int64_t kEnd = Wib(2026, 3, 3, 0, 0);

// Absolute working intervals from the shipped holidays and the Pemda hours, built day by day
// with std::chrono's weekday (not civil_day.h's).
std::vector<std::pair<int64_t, int64_t>> NaiveWorkingIntervals() {
  std::set<int64_t> off;
  for (const auto& h : testing::ShippedHolidays()) off.insert(h.day);
  const WeekHours hours = StandardPemdaHours();
  std::vector<std::pair<int64_t, int64_t>> out;
  for (int64_t day = DayNumber(2026, 1, 25); day < DayNumber(2026, 5, 1); ++day) {
    if (off.count(day)) continue;
    unsigned iso = std::chrono::weekday{std::chrono::sys_days{std::chrono::days{day}}}.iso_encoding();
    for (const auto& iv : hours[iso - 1]) {
      out.emplace_back(day * kDayMs + iv.begin_min * kM - 7 * kH, day * kDayMs + iv.end_min * kM - 7 * kH);
    }
  }
  return out;
}

struct History {
  int64_t received = 0, reply1 = -1, pause = -1, follow_up = -1, reply2 = -1, resolve = -1;
  v1::Urgency urgency = v1::BIASA;
};

using Key = std::tuple<uint64_t, int, int>;  // ticket, clock, stage

class Oracle {
 public:
  explicit Oracle(const PolicySet& policies) : policies_(policies), working_(NaiveWorkingIntervals()) {}

  // Every stage that must fire before kEnd (and before its clock stops), with its instant.
  void Expect(uint64_t ticket, const History& h, uint16_t policy, std::map<Key, int64_t>* out) const {
    const Policy& p = policies_.at(policy);
    auto cut = [](int64_t t) { return t < 0 ? kEnd : std::min(t, kEnd); };
    std::vector<std::pair<int64_t, int64_t>> paused;
    if (h.pause >= 0) paused.push_back({h.pause, cut(h.follow_up)});
    // First response: received until the first reply (or resolution).
    int64_t first_stop = std::min(cut(h.reply1), cut(h.resolve));
    Clock(ticket, 0, p, Segments(h.received, first_stop, paused), first_stop, out);
    if (h.reply1 >= 0 && h.follow_up >= 0 && h.follow_up < kEnd) {
      int64_t stop = std::min(cut(h.reply2), cut(h.resolve));
      Clock(ticket, 1, p, Segments(h.follow_up, stop, {}), stop, out);
    }
    Clock(ticket, 2, p, Segments(h.received, cut(h.resolve), paused), cut(h.resolve), out);
  }

 private:
  static std::vector<std::pair<int64_t, int64_t>> Segments(
      int64_t from, int64_t to, const std::vector<std::pair<int64_t, int64_t>>& paused) {
    std::vector<std::pair<int64_t, int64_t>> out;
    int64_t t = from;
    for (const auto& [a, b] : paused) {
      if (a >= to) break;
      if (a > t) out.push_back({t, a});
      t = std::max(t, b);
    }
    if (t < to) out.push_back({t, to});
    return out;
  }

  void Clock(uint64_t ticket, int c, const Policy& p, const std::vector<std::pair<int64_t, int64_t>>& active,
             int64_t stop, std::map<Key, int64_t>* out) const {
    const Target& target = p.targets[static_cast<std::size_t>(c)];
    if (target.within_ms == 0) return;
    std::vector<int64_t> thresholds;
    for (double f : p.warn_at) thresholds.push_back(std::llround(f * static_cast<double>(target.within_ms)));
    thresholds.push_back(target.within_ms);
    for (const auto& e : p.escalations) thresholds.push_back(target.within_ms + e.after_ms);
    // Pieces of counted time: the active segments, intersected with working time if it counts.
    std::vector<std::pair<int64_t, int64_t>> pieces;
    for (const auto& [a, b] : active) {
      if (target.basis == TimeBasis::kAroundTheClock) {
        pieces.push_back({a, b});
        continue;
      }
      auto it =
          std::lower_bound(working_.begin(), working_.end(), a,
                           [](const std::pair<int64_t, int64_t>& w, int64_t t) { return w.second <= t; });
      for (; it != working_.end() && it->first < b; ++it) {
        int64_t lo = std::max(a, it->first), hi = std::min(b, it->second);
        if (lo < hi) pieces.push_back({lo, hi});
      }
    }
    for (std::size_t s = 0; s < thresholds.size(); ++s) {
      int64_t left = thresholds[s];
      for (const auto& [a, b] : pieces) {
        if (left <= b - a) {
          if (a + left <= stop) (*out)[{ticket, c, static_cast<int>(s)}] = a + left;
          break;
        }
        left -= b - a;
      }
    }
  }

  const PolicySet& policies_;
  std::vector<std::pair<int64_t, int64_t>> working_;
};

struct TimedEvent {
  int64_t at;
  uint64_t ticket;
  SlaEventKind kind;
};

class SimulationTest : public ::testing::Test {
 protected:
  Calendar cal_ = testing::PemdaCalendar();
  PolicySet policies_ = DefaultPolicySet();
  SlaContext ctx_{policies_, cal_};

  uint16_t PolicyOf(const History& h) {
    return policies_.MatchIndex({h.urgency, v1::PENGADUAN, "whatsapp", "DPUPR"});
  }

  std::vector<History> Generate(std::size_t n, uint64_t seed, int64_t received_before, bool only_pauses) {
    std::mt19937_64 rng(seed);
    auto in = [&](int64_t lo, int64_t hi) {
      return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo));
    };
    std::vector<History> out(n);
    for (History& h : out) {
      uint64_t u = rng() % 10;
      h.urgency = u < 6 ? v1::BIASA : (u < 9 ? v1::SEGERA : v1::SANGAT_SEGERA);
      h.received = in(kStart, received_before);
      int64_t cursor = h.received;
      if (!only_pauses && rng() % 10 < 6) cursor = h.reply1 = in(cursor + 10 * kM, cursor + 3 * kDayMs);
      if (rng() % 10 < 3) {
        h.pause = in(cursor + 10 * kM, cursor + 2 * kDayMs);
        cursor = h.follow_up = in(h.pause + kH, h.pause + 4 * kDayMs);
        if (only_pauses && h.follow_up >= received_before) h.pause = h.follow_up = -1, cursor = h.received;
        if (!only_pauses && h.reply1 >= 0 && rng() % 2)
          cursor = h.reply2 = in(cursor + 10 * kM, cursor + 2 * kDayMs);
      }
      if (!only_pauses && rng() % 2) h.resolve = in(cursor + kH, cursor + 10 * kDayMs);
    }
    return out;
  }

  static std::vector<TimedEvent> Events(const std::vector<History>& hs) {
    std::vector<TimedEvent> ev;
    for (std::size_t i = 0; i < hs.size(); ++i) {
      const History& h = hs[i];
      uint64_t id = i + 1;
      ev.push_back({h.received, id, SlaEventKind::kReceived});
      if (h.reply1 >= 0) ev.push_back({h.reply1, id, SlaEventKind::kReplied});
      if (h.pause >= 0) ev.push_back({h.pause, id, SlaEventKind::kWaitingCitizen});
      if (h.follow_up >= 0) ev.push_back({h.follow_up, id, SlaEventKind::kCitizenFollowUp});
      if (h.reply2 >= 0) ev.push_back({h.reply2, id, SlaEventKind::kReplied});
      if (h.resolve >= 0) ev.push_back({h.resolve, id, SlaEventKind::kResolved});
    }
    std::stable_sort(ev.begin(), ev.end(),
                     [](const TimedEvent& a, const TimedEvent& b) { return a.at < b.at; });
    return ev;
  }

  // The broker's loop on simulated time: timers due first, then the next change. Stops at `until`.
  void Run(ManualClock* clock, Tracker* tracker, std::vector<TicketSla>* states,
           const std::vector<History>& hs, const std::vector<TimedEvent>& events, std::size_t* next_event,
           int64_t until) {
    std::vector<Deadline> popped;
    for (;;) {
      int64_t event_at = *next_event < events.size() ? events[*next_event].at : Tracker::kNever;
      int64_t now = std::max(clock->NowMs(), std::min(event_at, tracker->NextDueMs()));
      if (now > until) break;
      clock->SetMs(now);
      if (tracker->NextDueMs() <= event_at) {
        popped.clear();
        tracker->PopDue(&popped);
        for (const Deadline& d : popped) {
          TicketSla& s = (*states)[d.ticket - 1];
          for (const SlaAlert& a : FireDue(&s, clock->NowMs(), ctx_)) Record(d.ticket, a, clock->NowMs());
          Reschedule(tracker, d.ticket, s);
        }
        continue;
      }
      const TimedEvent& e = events[(*next_event)++];
      TicketSla& s = (*states)[e.ticket - 1];
      uint16_t policy = e.kind == SlaEventKind::kReceived ? PolicyOf(hs[e.ticket - 1]) : s.policy;
      for (const SlaAlert& a : Apply(&s, {e.kind, e.at, policy}, ctx_)) Record(e.ticket, a, e.at);
      Reschedule(tracker, e.ticket, s);
    }
    clock->SetMs(until);
  }

  void Reschedule(Tracker* tracker, uint64_t ticket, const TicketSla& s) {
    if (auto next = NextTimer(s, ctx_)) {
      tracker->Upsert(ticket, next->due_ms);
    } else {
      tracker->Remove(ticket);
    }
  }

  void Record(uint64_t ticket, const SlaAlert& a, int64_t fired_at) {
    Key k{ticket, static_cast<int>(a.clock), a.stage};
    if (!fired_.emplace(k, fired_at).second) ++duplicates_;
    if (fired_at != a.due_ms) late_.emplace(k, fired_at - a.due_ms);
  }

  std::map<Key, int64_t> fired_;
  std::map<Key, int64_t> late_;
  int duplicates_ = 0;
};

TEST_F(SimulationTest, AMonthOfHundredThousandTickets) {
  const std::size_t n = 100000;
  std::vector<History> hs = Generate(n, 42, Wib(2026, 2, 22, 0, 0), false);
  std::vector<TimedEvent> events = Events(hs);
  ManualClock clock(kStart);
  Tracker tracker(clock);
  std::vector<TicketSla> states(n);
  std::size_t next_event = 0;
  Run(&clock, &tracker, &states, hs, events, &next_event, kEnd);

  Oracle oracle(policies_);
  std::map<Key, int64_t> expected;
  for (std::size_t i = 0; i < n; ++i) oracle.Expect(i + 1, hs[i], PolicyOf(hs[i]), &expected);
  EXPECT_EQ(duplicates_, 0);
  EXPECT_TRUE(late_.empty()) << late_.size() << " alerts fired off their due instant";
  EXPECT_GT(expected.size(), 500000u);  // warnings, breaches and escalations of a month
  ASSERT_EQ(fired_.size(), expected.size());
  int mismatches = 0;
  for (const auto& [k, at] : expected) {
    auto it = fired_.find(k);
    if (it == fired_.end() || it->second != at) {
      if (++mismatches <= 5) {
        ADD_FAILURE() << "ticket " << std::get<0>(k) << " clock " << std::get<1>(k) << " stage "
                      << std::get<2>(k) << ": expected " << testing::Local(at) << ", fired "
                      << (it == fired_.end() ? "never" : testing::Local(it->second));
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST_F(SimulationTest, DeadlinesThatPassWhileDownFireOnceAfterRestart) {
  const std::size_t n = 20000;
  const int64_t crash = Wib(2026, 2, 10, 0, 0), restart = Wib(2026, 2, 12, 12, 0);
  std::vector<History> hs = Generate(n, 7, crash, true);
  std::vector<TimedEvent> events = Events(hs);
  for (const TimedEvent& e : events) ASSERT_LT(e.at, crash);
  ManualClock clock(kStart);
  std::vector<TicketSla> states(n);  // what the store keeps, updated in each alert's transaction
  std::size_t next_event = 0;
  {
    Tracker tracker(clock);
    Run(&clock, &tracker, &states, hs, events, &next_event, crash);
  }  // kill -9: the in-memory timers are gone
  clock.SetMs(restart);
  auto boot = [&](int64_t until) {
    Tracker tracker(clock);
    std::vector<Deadline> column;  // the indexed column of next instants
    for (std::size_t i = 0; i < n; ++i) {
      if (auto t = NextTimer(states[i], ctx_)) column.push_back({t->due_ms, i + 1});
    }
    tracker.Rebuild(column);
    Run(&clock, &tracker, &states, hs, events, &next_event, until);
  };
  boot(restart);  // everything that passed while down fires now
  std::size_t after_first = fired_.size();
  boot(restart);  // and a second restart at once fires none of it again
  EXPECT_EQ(fired_.size(), after_first);
  boot(kEnd);
  Oracle oracle(policies_);
  std::map<Key, int64_t> expected;
  for (std::size_t i = 0; i < n; ++i) oracle.Expect(i + 1, hs[i], PolicyOf(hs[i]), &expected);
  EXPECT_EQ(duplicates_, 0);
  ASSERT_EQ(fired_.size(), expected.size());
  std::size_t caught_up = 0;
  for (const auto& [k, at] : expected) {
    auto it = fired_.find(k);
    ASSERT_NE(it, fired_.end());
    if (at > crash && at <= restart) {
      ASSERT_EQ(it->second, restart);  // passed while down: fired once, at the restart
      ++caught_up;
    } else {
      ASSERT_EQ(it->second, at);
    }
  }
  EXPECT_GT(caught_up, 1000u);
}

}  // namespace
}  // namespace aspirasi::sla
