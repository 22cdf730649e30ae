#include "broker/dispatch/dispatcher.h"

#include <gtest/gtest.h>

namespace aspirasi::dispatch {
namespace {

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest()
      : clock_(1'700'000'000'000), d_(Options{1000, 3, 100, 3, 1 << 20}, clock_, workers_, nullptr) {}

  void Add(uint64_t id, const std::string& opd, v1::Urgency u = v1::BIASA, int64_t due = 0) {
    d_.Enqueue({id, opd, u, due, 0, std::make_shared<const std::string>("t" + std::to_string(id))});
  }
  // Registers a worker in the table and in the dispatcher, as the broker does on a hello.
  void Hello(const std::string& id, const std::vector<std::string>& opds, uint32_t window,
             Dispatcher* d = nullptr) {
    workers_.Add(id, id, opds, window, 1, clock_.MonoUs());
    (d ? d : &d_)->AddWorker(id, opds);
  }

  ManualClock clock_;
  WorkerTable workers_;
  Dispatcher d_;
};

TEST_F(DispatcherTest, OrdersByUrgencyThenDeadlineThenAge) {
  Add(1, "PUPR", v1::BIASA, 500);
  Add(2, "PUPR", v1::SANGAT_SEGERA, 900);
  Add(3, "PUPR", v1::BIASA, 100);
  Add(4, "PUPR", v1::SEGERA, 900);
  Add(5, "PUPR", v1::BIASA, 100);
  Hello("w1", {"PUPR"}, 10);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 5u);
  std::vector<uint64_t> order;
  for (auto& x : out) order.push_back(x.ticket.id);
  EXPECT_EQ(order, (std::vector<uint64_t>{2, 4, 3, 5, 1}));
}

TEST_F(DispatcherTest, AWorkerOfSeveralOpdsGetsOneGlobalOrder) {
  Add(1, "DLH", v1::BIASA, 100);
  Add(2, "PUPR", v1::SEGERA, 900);
  Add(3, "DINKES", v1::BIASA, 50);
  Hello("w1", {"DLH", "PUPR", "DINKES"}, 10);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].ticket.id, 2u);  // SEGERA first, whatever its OPD
  EXPECT_EQ(out[1].ticket.id, 3u);  // then the earliest deadline
  EXPECT_EQ(out[2].ticket.id, 1u);
}

TEST_F(DispatcherTest, CreditLimitsDeliveriesAndOnlyServedOpds) {
  Add(1, "PUPR");
  Add(2, "PUPR");
  Add(3, "DINKES");
  Hello("w1", {"PUPR"}, 1);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].attempt, 1u);
  EXPECT_TRUE(d_.Next(10).empty());
  workers_.Grow("w1", 5, clock_.MonoUs());
  out = d_.Next(10);
  ASSERT_EQ(out.size(), 1u);  // only PUPR's second ticket; DINKES has no worker
  EXPECT_EQ(out[0].ticket.id, 2u);
  EXPECT_EQ(d_.queued("DINKES"), 1u);
}

TEST_F(DispatcherTest, ExpiredLeaseIsRedeliveredWithNextAttemptThenDeadLettered) {
  Add(1, "PUPR");
  Hello("w1", {"PUPR"}, 10);
  for (uint32_t attempt = 1; attempt <= 3; ++attempt) {
    auto out = d_.Next(10);
    ASSERT_EQ(out.size(), 1u) << attempt;
    EXPECT_EQ(out[0].attempt, attempt);
    clock_.AdvanceMs(1001);
    workers_.Touch("w1", clock_.MonoUs());
    auto failures = d_.ExpireLeases();
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].attempts, attempt);
    EXPECT_EQ(failures[0].dead_letter, attempt == 3);
  }
  EXPECT_TRUE(d_.Next(10).empty());
  EXPECT_EQ(d_.queued(), 0u);
}

TEST_F(DispatcherTest, AckDoneEndsLeaseAndStaleAckIsHarmless) {
  Add(1, "PUPR");
  Hello("w1", {"PUPR"}, 10);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(d_.Ack("w2", out[0].lease_id, 1, v1::DONE, "").kind, AckResult::kStale);   // not its lease
  EXPECT_EQ(d_.Ack("w1", out[0].lease_id, 99, v1::DONE, "").kind, AckResult::kStale);  // wrong ticket
  EXPECT_EQ(d_.Ack("w1", out[0].lease_id, 1, v1::DONE, "").kind, AckResult::kDone);
  EXPECT_EQ(d_.Ack("w1", out[0].lease_id, 1, v1::DONE, "").kind, AckResult::kStale);  // twice
  EXPECT_EQ(d_.leased(), 0u);
  clock_.AdvanceMs(5000);
  EXPECT_TRUE(d_.ExpireLeases().empty());
}

TEST_F(DispatcherTest, DeadWorkerLeasesGoToAnotherWorker) {
  Add(1, "PUPR");
  Add(2, "PUPR");
  Hello("w1", {"PUPR"}, 10);
  ASSERT_EQ(d_.Next(10).size(), 2u);
  Hello("w2", {"PUPR"}, 10);
  clock_.AdvanceMs(250);
  workers_.Touch("w2", clock_.MonoUs());
  clock_.AdvanceMs(100);
  auto dead = workers_.Silent(300'000, clock_.MonoUs());
  ASSERT_EQ(dead, std::vector<std::string>{"w1"});
  auto failures = d_.RemoveWorker("w1", true, "dead");
  workers_.Remove("w1");
  EXPECT_EQ(failures.size(), 2u);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].identity, "w2");
  EXPECT_EQ(out[0].attempt, 2u);
}

TEST_F(DispatcherTest, ByeReturnsLeasesWithoutCountingAnAttempt) {
  Add(1, "PUPR");
  Hello("w1", {"PUPR"}, 10);
  ASSERT_EQ(d_.Next(10).size(), 1u);
  EXPECT_TRUE(d_.RemoveWorker("w1", false, "bye").empty());
  workers_.Remove("w1");
  Hello("w2", {"PUPR"}, 10);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].attempt, 1u);
}

TEST_F(DispatcherTest, BodiesOverBudgetAreLoadedOnDelivery) {
  int loads = 0;
  Dispatcher d(Options{1000, 3, 100, 3, 4}, clock_, workers_, [&](uint64_t id) {
    ++loads;
    return std::make_shared<const std::string>("loaded" + std::to_string(id));
  });
  d.Enqueue({1, "PUPR", v1::BIASA, 0, 0, std::make_shared<const std::string>("abc")});
  d.Enqueue({2, "PUPR", v1::BIASA, 0, 0, std::make_shared<const std::string>("defgh")});
  Hello("w", {"PUPR"}, 10, &d);
  auto out = d.Next(10);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(*out[0].ticket.body, "abc");
  EXPECT_EQ(*out[1].ticket.body, "loaded2");
  EXPECT_EQ(loads, 1);
}

// One window for both kinds of delivery: a worker that asked for 3 holds 3, tickets and replies
// together, never 3 of each.
TEST_F(DispatcherTest, TicketsAndRepliesShareTheWorkersWindow) {
  Dispatcher replies(Options{1000, 3, 100, 3, 1 << 20}, clock_, workers_, nullptr);
  for (uint64_t id = 1; id <= 5; ++id) {
    Add(id, "PUPR");
    replies.Enqueue({id, "PUPR", v1::BIASA, 0, 0, std::make_shared<const std::string>("r")});
  }
  workers_.Add("w", "w", {"PUPR"}, 3, 1, clock_.MonoUs());
  d_.AddWorker("w", {"PUPR"});
  replies.AddWorker("w", {"PUPR"});
  auto r = replies.Next(10);
  auto t = d_.Next(10);
  EXPECT_EQ(r.size() + t.size(), 3u);
  EXPECT_EQ(workers_.Find("w")->outstanding, 3u);
  // An ack frees one room; the next delivery may be of either kind.
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(replies.Ack("w", r[0].lease_id, r[0].ticket.id, v1::DONE, "").kind, AckResult::kDone);
  EXPECT_EQ(d_.Next(10).size(), 1u);
  EXPECT_TRUE(replies.Next(10).empty());
}

// Acks of leases the broker does not hold (from before a restart, twice, of an expired lease) add
// no room: the window stays what the worker asked for.
TEST_F(DispatcherTest, StaleAcksNeverGrowTheWindow) {
  for (uint64_t id = 1; id <= 10; ++id) Add(id, "PUPR");
  Hello("w", {"PUPR"}, 2);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 2u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(d_.Ack("w", 12345 + i, 1, v1::DONE, "").kind, AckResult::kStale);
  }
  EXPECT_TRUE(d_.Next(10).empty());
  EXPECT_EQ(d_.Ack("w", out[0].lease_id, out[0].ticket.id, v1::DONE, "").kind, AckResult::kDone);
  EXPECT_EQ(d_.Ack("w", out[0].lease_id, out[0].ticket.id, v1::DONE, "").kind, AckResult::kStale);
  EXPECT_EQ(d_.Next(10).size(), 1u);
  EXPECT_TRUE(d_.Next(10).empty());
  // An expired lease frees its room; its late ack frees nothing more.
  clock_.AdvanceMs(1001);
  workers_.Touch("w", clock_.MonoUs());
  EXPECT_EQ(d_.ExpireLeases().size(), 2u);
  EXPECT_EQ(workers_.Find("w")->outstanding, 0u);
  EXPECT_EQ(d_.Ack("w", out[1].lease_id, out[1].ticket.id, v1::DONE, "").kind, AckResult::kStale);
  EXPECT_EQ(d_.Next(10).size(), 2u);
  EXPECT_EQ(workers_.Find("w")->outstanding, 2u);
}

TEST(WorkerTableTest, WindowIsBounded) {
  WorkerTable t;
  t.Add("w", "w", {"PUPR"}, 5'000'000, 1, 0);
  EXPECT_EQ(t.Find("w")->window, WorkerTable::kMaxWindow);
  t.Add("v", "v", {"PUPR"}, 1, 1, 0);
  EXPECT_TRUE(t.Grow("v", 4'000'000'000u, 0));
  EXPECT_EQ(t.Find("v")->window, WorkerTable::kMaxWindow);
  EXPECT_FALSE(t.Grow("nobody", 1, 0));
  EXPECT_FALSE(t.HasRoom("nobody"));
}

}  // namespace
}  // namespace aspirasi::dispatch
