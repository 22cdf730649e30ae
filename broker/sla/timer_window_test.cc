#include "broker/sla/timer_window.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace aspirasi::sla {
namespace {

struct ByDue {
  bool operator()(const Deadline& a, const Deadline& b) const { return Tracker::Less(a, b); }
};

// The store's timers (tickets.sla_next_ms), read as the broker's loader reads them.
class FakeTimers {
 public:
  void Set(uint64_t ticket, int64_t due_ms) {
    Clear(ticket);
    due_[ticket] = due_ms;
    ordered_.insert({due_ms, ticket});
  }
  void Clear(uint64_t ticket) {
    auto it = due_.find(ticket);
    if (it == due_.end()) return;
    ordered_.erase({it->second, ticket});
    due_.erase(it);
  }
  TimerWindow::Loader Loader() {
    return [this](std::optional<Deadline> after, std::size_t limit) -> Result<std::vector<Deadline>> {
      std::vector<Deadline> out;
      auto it = after ? ordered_.upper_bound(*after) : ordered_.begin();
      for (; it != ordered_.end() && out.size() < limit; ++it) out.push_back(*it);
      return out;
    };
  }
  std::size_t size() const { return due_.size(); }

 private:
  std::map<uint64_t, int64_t> due_;
  std::set<Deadline, ByDue> ordered_;
};

TEST(TimerWindowTest, ManyMoreTimersThanItHoldsFireInOrderWithinItsCapacity) {
  ManualClock clock(0);
  FakeTimers store;
  std::mt19937_64 rng(3);
  for (uint64_t t = 1; t <= 5000; ++t) store.Set(t, static_cast<int64_t>(rng() % 100000));
  TimerWindow w(clock, store.Loader(), 200);
  ASSERT_TRUE(w.Load().ok());
  EXPECT_TRUE(w.spilled());
  EXPECT_LE(w.held(), 200u);
  std::vector<Deadline> fired;
  for (int64_t now = 0; now <= 100000; now += 250) {
    clock.SetMs(now);
    std::vector<Deadline> due;
    while (w.PopDue(&due, 64) > 0) {
    }
    for (const Deadline& d : due) store.Clear(d.ticket);  // fired: nothing more pending
    fired.insert(fired.end(), due.begin(), due.end());
    ASSERT_LE(w.held(), 200u);
  }
  ASSERT_EQ(fired.size(), 5000u);
  EXPECT_TRUE(std::is_sorted(fired.begin(), fired.end(), Tracker::Less));
  EXPECT_FALSE(w.spilled());
  EXPECT_GT(w.reads(), 20u);
}

// Against a tracker that holds everything: the same timers fire at the same times, whatever is
// moved, added or removed meanwhile (each change committed to the store first, as in the broker).
TEST(TimerWindowTest, FiresExactlyWhatAFullTrackerFires) {
  ManualClock clock(0);
  ManualClock full_clock(0);
  FakeTimers store;
  Tracker full(full_clock);
  std::mt19937_64 rng(11);
  for (uint64_t t = 1; t <= 3000; ++t) {
    int64_t due = static_cast<int64_t>(rng() % 50000);
    store.Set(t, due);
    full.Upsert(t, due);
  }
  TimerWindow w(clock, store.Loader(), 128);
  ASSERT_TRUE(w.Load().ok());
  uint64_t next_ticket = 3001;
  for (int64_t now = 0; now <= 60000; now += 100) {
    clock.SetMs(now);
    full_clock.SetMs(now);
    for (int i = 0; i < 20; ++i) {
      uint64_t ticket = rng() % 4 == 0 ? next_ticket++ : rng() % next_ticket + 1;
      switch (rng() % 4) {
        case 0: {  // resolved: nothing pending
          store.Clear(ticket);
          full.Remove(ticket);
          w.Remove(ticket);
          break;
        }
        default: {  // a new ticket, a paused or moved clock: its next instant is now elsewhere
          int64_t due = now + static_cast<int64_t>(rng() % 20000);
          store.Set(ticket, due);
          full.Upsert(ticket, due);
          w.Upsert(ticket, due);
        }
      }
    }
    std::vector<Deadline> a, b;
    full.PopDue(&a);
    while (w.PopDue(&b, 50) > 0) {
    }
    for (const Deadline& d : a) store.Clear(d.ticket);
    ASSERT_EQ(a.size(), b.size()) << "at " << now;
    for (std::size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(a[i].ticket, b[i].ticket) << "at " << now;
      ASSERT_EQ(a[i].due_ms, b[i].due_ms);
    }
    ASSERT_LE(w.held(), 128u);
  }
}

TEST(TimerWindowTest, ATimerBeyondTheHorizonWaitsInTheStore) {
  ManualClock clock(0);
  FakeTimers store;
  for (uint64_t t = 1; t <= 100; ++t) store.Set(t, static_cast<int64_t>(t) * 10);
  TimerWindow w(clock, store.Loader(), 40);  // holds the first 20
  ASSERT_TRUE(w.Load().ok());
  EXPECT_EQ(w.held(), 20u);
  store.Set(500, 5000);
  w.Upsert(500, 5000);  // far past the horizon: not held
  EXPECT_EQ(w.held(), 20u);
  store.Set(3, 900);
  w.Upsert(3, 900);  // a held timer moved past the horizon: let go
  EXPECT_EQ(w.held(), 19u);
  store.Set(501, 1);
  w.Upsert(501, 1);  // before the horizon: held, and first
  EXPECT_EQ(w.NextDueMs(), 1);
  // An empty store: nothing spilled, nothing due.
  FakeTimers none;
  TimerWindow empty(clock, none.Loader(), 40);
  ASSERT_TRUE(empty.Load().ok());
  EXPECT_FALSE(empty.spilled());
  EXPECT_EQ(empty.NextDueMs(), Tracker::kNever);
}

}  // namespace
}  // namespace aspirasi::sla
