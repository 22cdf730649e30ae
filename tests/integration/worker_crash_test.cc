// kill -9 a response worker that holds leases: the broker notices the missed heartbeats, another
// worker gets those tickets (with the next attempt number), and none is lost.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/ticket_counts.h"

namespace aspirasi::testing {
namespace {

constexpr int kTickets = 3000;

// One run: kill -9 the first worker in the middle of the stream; nothing may be lost. *failed: the
// deliveries the killed worker held (DELIVERY_FAILED), 0 when it happened to hold none at the kill.
void KillAWorkerMidStream(int run, uint64_t* failed_out) {
  // Long leases: the tickets come back because the worker's heartbeats stop, not by lease expiry.
  BrokerFixture broker("workercrash" + std::to_string(run),
                       "heartbeat_ms = 100\nliveness = 3\nlease_ms = 600000");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();

  std::vector<v1::Submit> submits;
  for (int i = 0; i < kTickets; ++i) {
    v1::Submit s;
    s.set_idempotency_key("workercrash:" + std::to_string(i));
    s.mutable_draft()->set_channel("whatsapp");
    s.mutable_draft()->set_account("412093385561207");
    s.mutable_draft()->set_opd("PUPR");
    s.mutable_draft()->set_text("Jalan rusak di RT " + std::to_string(i % 50));
    submits.push_back(std::move(s));
  }
  IngestClient ingest(broker.endpoints().ingest);
  for (const auto& r : ingest.SubmitAll(submits, 60000, 1000)) ASSERT_TRUE(r.ok()) << r.status().ToString();

  ApiClient api(broker.endpoints().api);
  std::string dir = broker.dir().string();
  Process first;
  ASSERT_TRUE(first.Start({ResponderBinary(), "--config", broker.config_path(), "--opd", "PUPR", "--name",
                           "first", "--credit", "200"},
                          dir + "/first.log"));
  // Kill it in the middle of the stream, while it holds deliveries it has not acknowledged.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  uint64_t delivered = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    delivered = CountDelivery(api, v1::DELIVERED);
    if (delivered >= 100) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  first.Kill9();
  ASSERT_GE(delivered, 100u);
  ASSERT_LT(CountDelivery(api, v1::DELIVERED), static_cast<uint64_t>(kTickets)) << "finished before the kill";

  Process second;
  ASSERT_TRUE(second.Start({ResponderBinary(), "--config", broker.config_path(), "--opd", "PUPR", "--name",
                            "second", "--credit", "200"},
                           dir + "/second.log"));
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline && CountDelivery(api, v1::DELIVERED) < kTickets) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(CountDelivery(api, v1::DELIVERED), static_cast<uint64_t>(kTickets));
  EXPECT_EQ(CountDelivery(api, v1::PENDING), 0u);
  EXPECT_EQ(CountDelivery(api, v1::DEAD_LETTER), 0u);
  // The dead worker's leases were counted as failed attempts and redelivered to the second one.
  uint64_t failed = 0, delivered_by_second = 0, after = 0;
  while (true) {
    auto events = api.ReadEvents(after, 5000);
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    if (events->events().empty()) break;
    for (const auto& e : events->events()) {
      if (e.type() == v1::DELIVERY_FAILED) ++failed;
      if (e.type() == v1::TICKET_DELIVERED && e.actor() == "worker:second") ++delivered_by_second;
      after = e.seq();
    }
  }
  EXPECT_GE(delivered_by_second, failed);
  *failed_out = failed;
  EXPECT_EQ(second.Terminate(), 0);
  EXPECT_EQ(broker.Stop(), 0);
}

TEST(WorkerCrash, Kill9OfAWorkerHoldingLeasesLosesNothing) {
  // Whether the worker holds leases at the instant of the kill is a race (on a loaded machine it can
  // have acknowledged its whole window while the broker refills it): run again until a kill hit
  // held leases, so the test always proves what it says.
  uint64_t failed = 0;
  for (int run = 0; run < 5 && failed == 0 && !::testing::Test::HasFailure(); ++run)
    KillAWorkerMidStream(run, &failed);
  EXPECT_GE(failed, 1u) << "in 5 runs the killed worker never held a lease; the test proved nothing";
}

}  // namespace
}  // namespace aspirasi::testing
