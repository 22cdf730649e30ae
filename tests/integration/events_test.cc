// Events: every state change is stored and published with a sequence number; a subscriber that
// starts late, or loses the broker for a while (kill -9 and restart), still sees every event
// exactly once and in order.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "clients/lib/event_subscriber.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"

namespace aspirasi::testing {
namespace {

std::vector<v1::Submit> Submits(const std::string& prefix, int n) {
  std::vector<v1::Submit> out;
  for (int i = 0; i < n; ++i) {
    v1::Submit s;
    s.set_idempotency_key(prefix + std::to_string(i));
    s.mutable_draft()->set_channel("telegram");
    s.mutable_draft()->set_account("7712340098");
    s.mutable_draft()->set_text(i % 2 ? "sampah di TPS" : "jalan berlubang");
    out.push_back(std::move(s));
  }
  return out;
}

// Reads events until `count` have arrived or the time is up; checks order and uniqueness.
std::vector<v1::Event> Collect(EventSubscriber& sub, std::size_t count, uint64_t after) {
  std::vector<v1::Event> got;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (got.size() < count && std::chrono::steady_clock::now() < deadline) {
    auto next = sub.Next(200);
    if (!next.ok() || !next->has_value()) continue;
    EXPECT_EQ((*next)->seq(), after + got.size() + 1) << "out of order, duplicated or missing";
    got.push_back(**next);
  }
  return got;
}

TEST(Events, LateSubscriberCatchesUpThenFollowsLive) {
  BrokerFixture broker("events-late");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestClient ingest(broker.endpoints().ingest);
  for (const auto& r : ingest.SubmitAll(Submits("a", 300), 30000, 300)) ASSERT_TRUE(r.ok());

  EventSubscriber sub(broker.endpoints().api, broker.endpoints().events, {});
  ASSERT_TRUE(sub.Start(100).ok());
  std::thread more([&] {
    IngestClient second(broker.endpoints().ingest);
    for (const auto& r : second.SubmitAll(Submits("b", 300), 30000, 50)) EXPECT_TRUE(r.ok());
  });
  auto got = Collect(sub, 500, 100);  // 101..300 from the store, 301..600 live
  more.join();
  ASSERT_EQ(got.size(), 500u);
  EXPECT_EQ(got.front().type(), v1::TICKET_CREATED);
  EXPECT_FALSE(got.front().ticket_number().empty());
  EXPECT_FALSE(got.front().opd().empty());
}

TEST(Events, SubscriberSurvivesABrokerRestartWithoutGapsOrRepeats) {
  BrokerFixture broker("events-restart");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();
  EventSubscriber sub(broker.endpoints().api, broker.endpoints().events, {});
  ASSERT_TRUE(sub.Start(0).ok());
  IngestClient ingest(broker.endpoints().ingest);
  for (const auto& r : ingest.SubmitAll(Submits("c", 200), 30000, 200)) ASSERT_TRUE(r.ok());
  auto first = Collect(sub, 200, 0);
  ASSERT_EQ(first.size(), 200u);

  broker.Kill9();
  ASSERT_TRUE(broker.Start()) << broker.error();
  for (const auto& r : ingest.SubmitAll(Submits("d", 200), 60000, 200)) ASSERT_TRUE(r.ok());
  auto second = Collect(sub, 200, 200);
  EXPECT_EQ(second.size(), 200u);
}

TEST(Events, OpdFilterYieldsOnlyThatOpd) {
  BrokerFixture broker("events-opd");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestClient ingest(broker.endpoints().ingest);
  for (const auto& r : ingest.SubmitAll(Submits("e", 40), 30000, 40)) ASSERT_TRUE(r.ok());
  EventSubscriber sub(broker.endpoints().api, broker.endpoints().events, {"DLH"});
  ASSERT_TRUE(sub.Start(0).ok());
  std::set<uint64_t> seen;
  for (int i = 0; i < 20; ++i) {
    auto next = sub.Next(2000);
    ASSERT_TRUE(next.ok() && next->has_value()) << i;
    EXPECT_EQ((*next)->opd(), "DLH");
    EXPECT_TRUE(seen.insert((*next)->seq()).second);
  }
  auto none = sub.Next(300);
  EXPECT_TRUE(none.ok() && !none->has_value());
}

}  // namespace
}  // namespace aspirasi::testing
