#include "broker/dispatch/dispatcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

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
  // The lease alone identifies an ack: a worker that leaves ticket_id unset is not ignored.
  Add(2, "PUPR");
  auto next = d_.Next(10);
  ASSERT_EQ(next.size(), 1u);
  AckResult by_lease = d_.Ack("w1", next[0].lease_id, 0, v1::DONE, "");
  EXPECT_EQ(by_lease.kind, AckResult::kDone);
  EXPECT_EQ(by_lease.ticket_id, 2u);
  EXPECT_EQ(by_lease.attempt, 1u);  // the attempt it ends, for TICKET_DELIVERED
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
  // Room for two entries and the first body only.
  Dispatcher d(Options{1000, 3, 100, 3, 2 * QueueBudget::kEntryBytes + QueueBudget::kBodyOverhead + 4},
               clock_, workers_, [&](uint64_t id) {
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

// ---- a queue as a window onto the store

// The store's pending items, as the broker's page loader reads them (queue order per OPD).
class FakeStore {
 public:
  void Add(const QueuedTicket& t) { items_[t.opd][Order(t)] = t; }
  void Remove(const QueuedTicket& t) { items_[t.opd].erase(Order(t)); }
  std::size_t size() const {
    std::size_t n = 0;
    for (const auto& [opd, m] : items_) n += m.size();
    return n;
  }
  Dispatcher::PageLoader Loader() {
    return [this](const std::string& opd, std::size_t limit) -> Result<std::vector<QueuedTicket>> {
      ++reads;
      std::vector<QueuedTicket> out;
      for (const auto& [key, t] : items_[opd]) {
        if (out.size() == limit) break;
        out.push_back(t);
        out.back().body.reset();
      }
      return out;
    };
  }
  int reads = 0;

 private:
  static std::tuple<int, int64_t, uint64_t> Order(const QueuedTicket& t) {
    return {t.urgency == v1::SANGAT_SEGERA ? 0 : t.urgency == v1::SEGERA ? 1 : 2, t.sla_due_ms, t.id};
  }
  std::map<std::string, std::map<std::tuple<int, int64_t, uint64_t>, QueuedTicket>> items_;
};

class PagedDispatcherTest : public DispatcherTest {
 protected:
  // Room for `entries` items without bodies.
  std::unique_ptr<Dispatcher> Make(std::size_t entries) {
    budget_ = std::make_unique<QueueBudget>(entries * QueueBudget::kEntryBytes);
    return std::make_unique<Dispatcher>(
        Options{1000, 3, 100, 3, 0}, clock_, workers_,
        [](uint64_t id) { return std::make_shared<const std::string>("body" + std::to_string(id)); },
        store_.Loader(), budget_.get());
  }
  // Commits a new item (the store first, as the broker does) and enqueues it.
  void Submit(Dispatcher& d, uint64_t id, const std::string& opd, v1::Urgency u = v1::BIASA,
              int64_t due = 0) {
    QueuedTicket t{id, opd, u, due, 0, std::make_shared<const std::string>(std::string(300, 'x'))};
    store_.Add(t);
    d.Enqueue(t);
  }
  // Takes what the worker may take, acks it, and the store records it: everything once, in order.
  std::vector<uint64_t> Drain(Dispatcher& d, const std::string& worker, std::size_t max_rounds = 100000) {
    std::vector<uint64_t> order;
    for (std::size_t round = 0; round < max_rounds; ++round) {
      auto out = d.Next(1000);
      if (out.empty()) break;
      for (auto& x : out) {
        order.push_back(x.ticket.id);
        EXPECT_EQ(d.Ack(worker, x.lease_id, x.ticket.id, v1::DONE, "").kind, AckResult::kDone);
        store_.Remove(x.ticket);
        d.Settled(x.ticket.id);
        max_memory_ = std::max(max_memory_, d.in_memory());
        max_bytes_ = std::max(max_bytes_, d.budget().used_bytes);
      }
    }
    return order;
  }

  FakeStore store_;
  std::unique_ptr<QueueBudget> budget_;
  std::size_t max_memory_ = 0;
  std::size_t max_bytes_ = 0;
};

TEST_F(PagedDispatcherTest, ABacklogBeyondTheBudgetWaitsInTheStoreAndDrainsOnceInOrder) {
  auto d = Make(600);
  std::mt19937 rng(7);
  const v1::Urgency urgencies[] = {v1::BIASA, v1::SEGERA, v1::SANGAT_SEGERA};
  std::map<uint64_t, std::tuple<int, int64_t, uint64_t>> key_of;
  for (uint64_t id = 1; id <= 20000; ++id) {
    v1::Urgency u = urgencies[rng() % 3];
    int64_t due = static_cast<int64_t>(rng() % 1000);
    key_of[id] = {u == v1::SANGAT_SEGERA ? 0 : u == v1::SEGERA ? 1 : 2, due, id};
    Submit(*d, id, id % 3 ? "PUPR" : "DINKES", u, due);
  }
  // The budget, and each queue's floor beyond it.
  const std::size_t most_items = 600 + 2 * Dispatcher::kFloor;
  const std::size_t most_bytes = d->budget().limit_bytes + 2 * Dispatcher::kFloor * QueueBudget::kEntryBytes;
  EXPECT_EQ(d->queued(), 20000u);
  EXPECT_LE(d->in_memory(), most_items);
  EXPECT_GT(d->in_store(), 19000u);
  EXPECT_LE(d->budget().used_bytes, most_bytes);
  Hello("w", {"PUPR", "DINKES"}, 50, d.get());
  std::vector<uint64_t> order = Drain(*d, "w");
  ASSERT_EQ(order.size(), 20000u);
  EXPECT_EQ(std::set<uint64_t>(order.begin(), order.end()).size(), 20000u) << "an item was delivered twice";
  EXPECT_EQ(d->queued(), 0u);
  EXPECT_EQ(store_.size(), 0u);
  EXPECT_LE(max_memory_, most_items);
  EXPECT_LE(max_bytes_, most_bytes);
  // The items came in queue order (a worker of both OPDs gets one global order).
  std::vector<std::tuple<int, int64_t, uint64_t>> keys;
  for (uint64_t id : order) keys.push_back(key_of[id]);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST_F(PagedDispatcherTest, AnAckedItemIsNotReadBackBeforeTheStoreRecordsIt) {
  auto d = Make(300);
  for (uint64_t id = 1; id <= 3000; ++id) Submit(*d, id, "PUPR");
  Hello("w", {"PUPR"}, 100, d.get());
  // The worker acks everything, but the store records the acks only later (the writer lags).
  std::vector<QueuedTicket> unrecorded;
  std::multiset<uint64_t> delivered;
  for (int round = 0; round < 1000; ++round) {
    auto out = d->Next(1000);
    if (out.empty()) break;
    for (auto& x : out) {
      delivered.insert(x.ticket.id);
      d->Ack("w", x.lease_id, x.ticket.id, v1::DONE, "");
      unrecorded.push_back(x.ticket);
    }
    if (round % 3 == 2) {  // now and then the writer catches up
      for (auto& t : unrecorded) {
        store_.Remove(t);
        d->Settled(t.id);
      }
      unrecorded.clear();
    }
  }
  for (auto& t : unrecorded) {
    store_.Remove(t);
    d->Settled(t.id);
  }
  while (true) {  // what is left after the last catch-up
    auto out = d->Next(1000);
    if (out.empty()) break;
    for (auto& x : out) {
      delivered.insert(x.ticket.id);
      d->Ack("w", x.lease_id, x.ticket.id, v1::DONE, "");
      store_.Remove(x.ticket);
      d->Settled(x.ticket.id);
    }
  }
  EXPECT_EQ(delivered.size(), 3000u);
  EXPECT_EQ(std::set<uint64_t>(delivered.begin(), delivered.end()).size(), 3000u);
}

TEST_F(PagedDispatcherTest, AnUnsettledAckIsReadBackAfterAMinuteIfTheStoreStillHasItPending) {
  // The ack of item 5 was never recorded (its write failed): the store still has it pending, and
  // after kAwayUs the store's word counts again.
  auto d = Make(300);
  for (uint64_t id = 1; id <= 1000; ++id) Submit(*d, id, "PUPR");
  Hello("w", {"PUPR"}, 1000, d.get());
  std::size_t delivered = 0;
  for (auto out = d->Next(1000); !out.empty(); out = d->Next(1000)) {
    for (auto& x : out) {
      ++delivered;
      EXPECT_NE(delivered > 1000 ? x.ticket.id : 0, 5u) << "read back before its minute was over";
      d->Ack("w", x.lease_id, x.ticket.id, v1::DONE, "");
      if (x.ticket.id == 5) continue;  // the write that records it fails
      store_.Remove(x.ticket);
      d->Settled(x.ticket.id);
    }
  }
  EXPECT_EQ(delivered, 1000u);
  d->MarkInStore("PUPR", 1);
  EXPECT_TRUE(d->Next(10).empty());
  clock_.AdvanceMs(Dispatcher::kAwayUs / 1000 + 1);
  auto out = d->Next(10);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].ticket.id, 5u);
}

TEST_F(PagedDispatcherTest, AMoreUrgentNewItemGoesAheadOfTheBacklog) {
  auto d = Make(300);
  for (uint64_t id = 1; id <= 2000; ++id) Submit(*d, id, "PUPR", v1::BIASA, 100);
  Submit(*d, 5000, "PUPR", v1::SANGAT_SEGERA, 900);
  Hello("w", {"PUPR"}, 1, d.get());
  auto out = d->Next(10);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].ticket.id, 5000u);
}

TEST_F(PagedDispatcherTest, AHeldItemIsNotReadBackUntilItIsEnqueuedAgain) {
  auto d = Make(300);
  for (uint64_t id = 1; id <= 1000; ++id) Submit(*d, id, "PUPR");
  // Item 1 is leased, fails "for now" and waits for its retry outside the dispatcher.
  Hello("w", {"PUPR"}, 1, d.get());
  auto first = d->Next(10);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(first[0].ticket.id, 1u);
  d->Hold(1);
  d->Ack("w", first[0].lease_id, 1, v1::DONE, "");
  d->Settled(1);  // the store recorded the failure; the item is still pending there
  workers_.Grow("w", 2000, clock_.MonoUs());
  std::vector<uint64_t> order = Drain(*d, "w");
  EXPECT_EQ(std::count(order.begin(), order.end(), 1u), 0) << "the held item was read back";
  EXPECT_EQ(order.size(), 999u);
  d->Enqueue({1, "PUPR", v1::BIASA, 0, 0, nullptr});
  auto again = d->Next(10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].ticket.id, 1u);
}

TEST_F(PagedDispatcherTest, AtStartTheStoreIsReadOnlyForQueuesSomeoneServes) {
  auto d = Make(300);
  for (uint64_t id = 1; id <= 700; ++id)
    store_.Add({id, id <= 500 ? "PUPR" : "DLH", v1::BIASA, 0, 0, nullptr});
  d->MarkInStore("PUPR", 500);
  d->MarkInStore("DLH", 200);
  EXPECT_EQ(d->queued(), 700u);
  EXPECT_EQ(d->queued("DLH"), 200u);
  EXPECT_EQ(d->in_memory(), 0u);
  Hello("w", {"PUPR"}, 2000, d.get());
  std::vector<uint64_t> order = Drain(*d, "w");
  EXPECT_EQ(order.size(), 500u);
  EXPECT_EQ(d->queued(), 200u);
  EXPECT_EQ(d->queued("PUPR"), 0u);
  const int reads = store_.reads;
  d->Next(10);
  EXPECT_EQ(store_.reads, reads) << "DLH has no worker: its items stay in the store unread";
}

TEST_F(PagedDispatcherTest, AnItemBackFromALeaseStaysInMemoryThoughTheStoreDoesNotShowItYet) {
  // A reply its worker did not post comes back while the store still shows it "being posted" (the
  // undo is on its way to the writer): the queue must not leave it to the store.
  auto d = Make(300);
  for (uint64_t id = 1; id <= 2000; ++id) Submit(*d, id, "PUPR", v1::BIASA, static_cast<int64_t>(id));
  Hello("w", {"PUPR"}, 1, d.get());
  auto first = d->Next(10);
  ASSERT_EQ(first.size(), 1u);
  const QueuedTicket x = first[0].ticket;
  store_.Remove(x);  // the store: REPLY_SENDING, not pending
  ASSERT_TRUE(d->Release("w", first[0].lease_id, x.id));
  // More urgent items arrive past the budget: the queue's last ones go back to the store, not x.
  for (uint64_t id = 5000; id < 5600; ++id) Submit(*d, id, "PUPR", v1::SEGERA, 0);
  workers_.Grow("w", 5000, clock_.MonoUs());
  std::vector<uint64_t> order = Drain(*d, "w");
  EXPECT_EQ(std::count(order.begin(), order.end(), x.id), 1) << "the released item was stranded";
  EXPECT_EQ(order.size(), 2000u + 600u);
  EXPECT_EQ(std::set<uint64_t>(order.begin(), order.end()).size(), order.size());
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
