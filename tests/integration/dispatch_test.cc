// Dispatch over real sockets: the worker's window, priority order, lease expiry with attempt numbers, and
// dead letters after max_attempts failures (kept, flagged and announced, never dropped).
#include <gtest/gtest.h>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/raw_peer.h"

namespace aspirasi::testing {
namespace {

v1::Submit Draft(const std::string& key, v1::Urgency urgency = v1::BIASA) {
  v1::Submit s;
  s.set_idempotency_key(key);
  s.mutable_draft()->set_channel("telegram");
  s.mutable_draft()->set_account("7712340098");
  s.mutable_draft()->set_opd("DLH");
  s.mutable_draft()->set_urgency(urgency);
  s.mutable_draft()->set_text("sampah menumpuk di TPS");
  return s;
}

// A raw worker: hello, then reads deliveries (skipping heartbeats).
class RawWorker {
 public:
  RawWorker(zmq::context_t& ctx, const std::string& endpoint, uint32_t credit) : peer_(ctx, endpoint) {
    v1::Envelope hello;
    hello.set_request_id(1);
    hello.mutable_hello()->set_worker("raw");
    hello.mutable_hello()->add_opds("DLH");
    hello.mutable_hello()->set_credit(credit);
    auto welcome = peer_.Request(hello);
    EXPECT_TRUE(welcome && welcome->has_welcome());
  }
  std::optional<v1::Deliver> Next(int timeout_ms = 5000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
      auto env = peer_.Receive(100);
      if (env && env->has_deliver()) return env->deliver();
      if (env && env->has_heartbeat()) Send(v1::Envelope());  // stay alive
    }
    return std::nullopt;
  }
  void Ack(const v1::Deliver& d, v1::DeliveryOutcome outcome, uint32_t credit) {
    v1::Envelope ack;
    ack.mutable_deliver_ack()->set_lease_id(d.lease_id());
    ack.mutable_deliver_ack()->set_ticket_id(d.ticket().id());
    ack.mutable_deliver_ack()->set_outcome(outcome);
    ack.mutable_deliver_ack()->set_error(outcome == v1::FAILED ? "platform down" : "");
    ack.mutable_deliver_ack()->set_credit(credit);
    peer_.Send(ack);
  }
  void Send(v1::Envelope env) {
    if (env.body_case() == v1::Envelope::BODY_NOT_SET) env.mutable_heartbeat();
    peer_.Send(env);
  }

 private:
  RawPeer peer_;
};

TEST(Dispatch, WindowAndUrgencyOrder) {
  BrokerFixture broker("dispatch-order");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestClient ingest(broker.endpoints().ingest);
  ASSERT_TRUE(ingest.Submit(Draft("o:1")).ok());
  ASSERT_TRUE(ingest.Submit(Draft("o:2", v1::SEGERA)).ok());
  ASSERT_TRUE(ingest.Submit(Draft("o:3", v1::SANGAT_SEGERA)).ok());
  zmq::context_t ctx;
  RawWorker worker(ctx, broker.endpoints().worker, 1);
  auto first = worker.Next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->ticket().urgency(), v1::SANGAT_SEGERA);
  EXPECT_EQ(first->attempt(), 1u);
  EXPECT_FALSE(worker.Next(500)) << "a second delivery beyond a window of one";
  // The ack frees its place in the window; the credit an older worker puts on it grants nothing.
  worker.Ack(*first, v1::DONE, 2);
  auto second = worker.Next();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->ticket().urgency(), v1::SEGERA);
  EXPECT_FALSE(worker.Next(500)) << "the window is still one";
  // Credit grows the window: the third comes while the second is still held.
  v1::Envelope grow;
  grow.mutable_credit()->set_credit(1);
  worker.Send(grow);
  auto third = worker.Next();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->ticket().urgency(), v1::BIASA);
}

// PROTOCOL.md 3.6: the broker matches acks by lease_id. A worker that sends only the lease id (no
// ticket_id) has its ticket delivered, not dead-lettered.
TEST(Dispatch, AnAckWithTheLeaseIdAloneDelivers) {
  BrokerFixture broker("dispatch-lease-only", "lease_ms = 400\nheartbeat_ms = 100\nmax_attempts = 2");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestClient ingest(broker.endpoints().ingest);
  auto ack = ingest.Submit(Draft("lo:1"));
  ASSERT_TRUE(ack.ok());
  zmq::context_t ctx;
  RawWorker worker(ctx, broker.endpoints().worker, 5);
  auto d = worker.Next();
  ASSERT_TRUE(d);
  v1::Deliver lease_only = *d;
  lease_only.mutable_ticket()->set_id(0);  // the ack carries no ticket_id
  worker.Ack(lease_only, v1::DONE, 0);
  ApiClient api(broker.endpoints().api);
  for (int i = 0; i < 100; ++i) {
    auto t = api.GetTicket(ack->ticket_id());
    ASSERT_TRUE(t.ok());
    if (t->ticket().delivery().state() == v1::DELIVERED) {
      EXPECT_EQ(t->ticket().delivery().attempts(), 0u);
      EXPECT_FALSE(worker.Next(1000)) << "delivered again after the ack";
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL() << "an ack without ticket_id was ignored";
}

TEST(Dispatch, ExpiredLeaseComesBackWithTheNextAttempt) {
  BrokerFixture broker("dispatch-lease", "lease_ms = 300\nheartbeat_ms = 100");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestClient ingest(broker.endpoints().ingest);
  ASSERT_TRUE(ingest.Submit(Draft("l:1")).ok());
  zmq::context_t ctx;
  RawWorker worker(ctx, broker.endpoints().worker, 5);
  auto first = worker.Next();
  ASSERT_TRUE(first);
  auto again = worker.Next();  // never acked: the lease expires and it comes back
  ASSERT_TRUE(again);
  EXPECT_EQ(again->ticket().id(), first->ticket().id());
  EXPECT_EQ(again->attempt(), 2u);
  EXPECT_NE(again->lease_id(), first->lease_id());
  worker.Ack(*first, v1::DONE, 0);  // stale: harmless
  worker.Ack(*again, v1::DONE, 0);
  ApiClient api(broker.endpoints().api);
  for (int i = 0; i < 50; ++i) {
    auto t = api.GetTicket(first->ticket().id());
    ASSERT_TRUE(t.ok());
    if (t->ticket().delivery().state() == v1::DELIVERED) {
      EXPECT_EQ(t->ticket().delivery().attempts(), 1u);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL() << "never marked delivered";
}

TEST(Dispatch, FailedAttemptsEndInADeadLetterThatIsKeptAndAnnounced) {
  BrokerFixture broker("dispatch-dead", "max_attempts = 3");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestClient ingest(broker.endpoints().ingest);
  auto ack = ingest.Submit(Draft("d:1"));
  ASSERT_TRUE(ack.ok());
  zmq::context_t ctx;
  RawWorker worker(ctx, broker.endpoints().worker, 10);
  for (uint32_t attempt = 1; attempt <= 3; ++attempt) {
    auto d = worker.Next();
    ASSERT_TRUE(d) << attempt;
    EXPECT_EQ(d->attempt(), attempt);
    worker.Ack(*d, v1::FAILED, 1);
  }
  EXPECT_FALSE(worker.Next(700)) << "delivered after max_attempts";
  ApiClient api(broker.endpoints().api);
  auto t = api.GetTicket(ack->ticket_id(), true);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ticket().delivery().state(), v1::DEAD_LETTER);
  EXPECT_EQ(t->ticket().delivery().attempts(), 3u);
  EXPECT_EQ(t->ticket().delivery().last_error(), "platform down");
  bool announced = false;
  for (const auto& e : t->events()) announced |= e.type() == v1::TICKET_DEAD_LETTERED;
  EXPECT_TRUE(announced);
  // Still there after a restart, and not delivered again.
  broker.PinEndpoints();
  broker.Kill9();
  ASSERT_TRUE(broker.Start()) << broker.error();
  RawWorker fresh(ctx, broker.endpoints().worker, 10);
  EXPECT_FALSE(fresh.Next(700));
}

}  // namespace
}  // namespace aspirasi::testing
