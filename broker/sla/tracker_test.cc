#include "broker/sla/tracker.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace aspirasi::sla {
namespace {

TEST(IdMapTest, InsertFindEraseAgainstStdMap) {
  IdMap m;
  std::map<uint64_t, uint32_t> oracle;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    uint64_t id = rng() % 5000 + (i % 3 == 0 ? 1'000'000'000'000ULL : 0);
    switch (rng() % 3) {
      case 0:
      case 1:
        m.Put(id, static_cast<uint32_t>(i));
        oracle[id] = static_cast<uint32_t>(i);
        break;
      default:
        ASSERT_EQ(m.Erase(id), oracle.erase(id) == 1);
    }
    ASSERT_EQ(m.size(), oracle.size());
  }
  for (const auto& [id, v] : oracle) {
    ASSERT_NE(m.Find(id), nullptr);
    EXPECT_EQ(*m.Find(id), v);
  }
  EXPECT_EQ(m.Find(123456789), nullptr);
}

TEST(TrackerTest, UpsertRemovePopAgainstOrderedSet) {
  ManualClock clock(0);
  Tracker t(clock);
  std::set<std::pair<int64_t, uint64_t>> oracle;
  std::map<uint64_t, int64_t> due;
  std::mt19937_64 rng(11);
  std::vector<Deadline> popped;
  for (int i = 0; i < 100000; ++i) {
    uint64_t id = rng() % 3000 + 1;
    int op = static_cast<int>(rng() % 10);
    if (op < 6) {
      int64_t d = clock.NowMs() + static_cast<int64_t>(rng() % 100000);
      if (due.count(id)) oracle.erase({due[id], id});
      due[id] = d;
      oracle.insert({d, id});
      t.Upsert(id, d);
    } else if (op < 8) {
      bool there = due.count(id) > 0;
      if (there) oracle.erase({due[id], id}), due.erase(id);
      ASSERT_EQ(t.Remove(id), there);
    } else {
      clock.AdvanceMs(static_cast<int64_t>(rng() % 2000));
      popped.clear();
      t.PopDue(&popped);
      for (const Deadline& d : popped) {
        ASSERT_FALSE(oracle.empty());
        ASSERT_EQ(*oracle.begin(), std::make_pair(d.due_ms, d.ticket));
        ASSERT_LE(d.due_ms, clock.NowMs());
        oracle.erase(oracle.begin());
        due.erase(d.ticket);
      }
      ASSERT_TRUE(oracle.empty() || oracle.begin()->first > clock.NowMs());
    }
    ASSERT_EQ(t.size(), oracle.size());
    ASSERT_EQ(t.NextDueMs(), oracle.empty() ? Tracker::kNever : oracle.begin()->first);
  }
  for (const auto& [id, d] : due) EXPECT_EQ(*t.DueOf(id), d);
}

TEST(TrackerTest, RebuildHeapifiesAndKeepsTheLastOfDuplicates) {
  ManualClock clock(1000);
  Tracker t(clock);
  t.Upsert(5000, 5);  // gone after the rebuild
  std::vector<Deadline> all;
  for (uint64_t i = 1; i <= 1000; ++i) all.push_back({static_cast<int64_t>((i * 7919) % 1000) * 10, i});
  all.push_back({5000, 3});
  t.Rebuild(all);
  EXPECT_EQ(t.size(), 1000u);
  EXPECT_FALSE(t.DueOf(5000));
  EXPECT_EQ(*t.DueOf(3), 5000);
  std::vector<Deadline> out;
  EXPECT_EQ(t.PopDueAt(Tracker::kNever - 1, &out), 1000u);
  for (std::size_t i = 1; i < out.size(); ++i) ASSERT_LE(out[i - 1].due_ms, out[i].due_ms);
  EXPECT_EQ(t.WaitMs(500), 500);  // empty: the caller's maximum
  t.Upsert(1, 1200);
  EXPECT_EQ(t.WaitMs(500), 200);
  clock.AdvanceMs(300);
  EXPECT_EQ(t.WaitMs(500), 0);
}

TEST(TrackerTest, MemoryPerTicketIsSmall) {
  ManualClock clock(0);
  Tracker t(clock);
  std::vector<Deadline> all;
  for (uint64_t i = 0; i < 100000; ++i) all.push_back({static_cast<int64_t>(i % 977), i * 3 + 1});
  t.Rebuild(all);
  EXPECT_LT(static_cast<double>(t.MemoryBytes()) / 100000.0, 60.0);
  for (uint64_t i = 0; i < 100000; ++i) t.Upsert(1'000'000 + i, 5);  // growth doubles capacity
  EXPECT_LT(static_cast<double>(t.MemoryBytes()) / 200000.0, 90.0);
}

}  // namespace
}  // namespace aspirasi::sla
