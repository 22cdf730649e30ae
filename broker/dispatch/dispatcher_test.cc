#include "broker/dispatch/dispatcher.h"

#include <gtest/gtest.h>

namespace aspirasi::dispatch {
namespace {

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() : clock_(1'700'000'000'000), d_(Options{1000, 3, 100, 3, 1 << 20}, clock_, nullptr) {}

  void Add(uint64_t id, const std::string& opd, v1::Urgency u = v1::BIASA, int64_t due = 0) {
    d_.Enqueue({id, opd, u, due, 0, std::make_shared<const std::string>("t" + std::to_string(id))});
  }

  ManualClock clock_;
  Dispatcher d_;
};

TEST_F(DispatcherTest, OrdersByUrgencyThenDeadlineThenAge) {
  Add(1, "PUPR", v1::BIASA, 500);
  Add(2, "PUPR", v1::SANGAT_SEGERA, 900);
  Add(3, "PUPR", v1::BIASA, 100);
  Add(4, "PUPR", v1::SEGERA, 900);
  Add(5, "PUPR", v1::BIASA, 100);
  d_.AddWorker("w1", "w1", {"PUPR"}, 10);
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
  d_.AddWorker("w1", "w1", {"DLH", "PUPR", "DINKES"}, 10);
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
  d_.AddWorker("w1", "w1", {"PUPR"}, 1);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].attempt, 1u);
  EXPECT_TRUE(d_.Next(10).empty());
  d_.AddCredit("w1", 5);
  out = d_.Next(10);
  ASSERT_EQ(out.size(), 1u);  // only PUPR's second ticket; DINKES has no worker
  EXPECT_EQ(out[0].ticket.id, 2u);
  EXPECT_EQ(d_.queued("DINKES"), 1u);
}

TEST_F(DispatcherTest, ExpiredLeaseIsRedeliveredWithNextAttemptThenDeadLettered) {
  Add(1, "PUPR");
  d_.AddWorker("w1", "w1", {"PUPR"}, 10);
  for (uint32_t attempt = 1; attempt <= 3; ++attempt) {
    auto out = d_.Next(10);
    ASSERT_EQ(out.size(), 1u) << attempt;
    EXPECT_EQ(out[0].attempt, attempt);
    clock_.AdvanceMs(1001);
    d_.Touch("w1");
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
  d_.AddWorker("w1", "w1", {"PUPR"}, 10);
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
  d_.AddWorker("w1", "w1", {"PUPR"}, 10);
  ASSERT_EQ(d_.Next(10).size(), 2u);
  d_.AddWorker("w2", "w2", {"PUPR"}, 10);
  clock_.AdvanceMs(250);
  d_.Touch("w2");
  clock_.AdvanceMs(100);
  auto dead = d_.DeadWorkers();
  ASSERT_EQ(dead, std::vector<std::string>{"w1"});
  auto failures = d_.RemoveWorker("w1", true, "dead");
  EXPECT_EQ(failures.size(), 2u);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].identity, "w2");
  EXPECT_EQ(out[0].attempt, 2u);
}

TEST_F(DispatcherTest, ByeReturnsLeasesWithoutCountingAnAttempt) {
  Add(1, "PUPR");
  d_.AddWorker("w1", "w1", {"PUPR"}, 10);
  ASSERT_EQ(d_.Next(10).size(), 1u);
  EXPECT_TRUE(d_.RemoveWorker("w1", false, "bye").empty());
  d_.AddWorker("w2", "w2", {"PUPR"}, 10);
  auto out = d_.Next(10);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].attempt, 1u);
}

TEST_F(DispatcherTest, BodiesOverBudgetAreLoadedOnDelivery) {
  int loads = 0;
  Dispatcher d(Options{1000, 3, 100, 3, 4}, clock_, [&](uint64_t id) {
    ++loads;
    return std::make_shared<const std::string>("loaded" + std::to_string(id));
  });
  d.Enqueue({1, "PUPR", v1::BIASA, 0, 0, std::make_shared<const std::string>("abc")});
  d.Enqueue({2, "PUPR", v1::BIASA, 0, 0, std::make_shared<const std::string>("defgh")});
  d.AddWorker("w", "w", {"PUPR"}, 10);
  auto out = d.Next(10);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(*out[0].ticket.body, "abc");
  EXPECT_EQ(*out[1].ticket.body, "loaded2");
  EXPECT_EQ(loads, 1);
}

}  // namespace
}  // namespace aspirasi::dispatch
