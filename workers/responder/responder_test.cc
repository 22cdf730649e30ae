#include "workers/responder/responder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "clients/lib/fake_broker_test_util.h"

namespace aspirasi::responder {
namespace {

class CountingHandler : public DeliveryHandler {
 public:
  HandleResult Handle(const v1::Deliver& d) override {
    calls.push_back(d.ticket().id());
    if (fail_next) {
      fail_next = false;
      return HandleResult::Failed("platform API unavailable");
    }
    return HandleResult::Done();
  }
  std::vector<uint64_t> calls;
  bool fail_next = false;
};

v1::Deliver Deliver(uint64_t ticket, uint32_t attempt = 1, v1::TicketStatus status = v1::NEW) {
  v1::Deliver d;
  d.set_lease_id(ticket * 100 + attempt);
  d.set_attempt(attempt);
  d.mutable_ticket()->set_id(ticket);
  d.mutable_ticket()->set_status(status);
  return d;
}

TEST(ResponderTest, HandlesOnceAndAcksRedeliveriesWithoutHandling) {
  CountingHandler h;
  Responder r(h);
  EXPECT_EQ(r.Process(Deliver(1)).outcome, v1::DONE);
  EXPECT_EQ(r.Process(Deliver(2)).outcome, v1::DONE);
  EXPECT_EQ(r.Process(Deliver(1, 2)).outcome, v1::DONE);  // a redelivery
  EXPECT_EQ(h.calls, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(r.stats().handled, 2u);
  EXPECT_EQ(r.stats().duplicates, 1u);
}

TEST(ResponderTest, FailedTicketsAreTriedAgain) {
  CountingHandler h;
  Responder r(h);
  h.fail_next = true;
  HandleResult first = r.Process(Deliver(5));
  EXPECT_EQ(first.outcome, v1::FAILED);
  EXPECT_EQ(first.error, "platform API unavailable");
  EXPECT_EQ(r.Process(Deliver(5, 2)).outcome, v1::DONE);
  EXPECT_EQ(h.calls, (std::vector<uint64_t>{5, 5}));
  EXPECT_EQ(r.stats().failed, 1u);
}

TEST(ResponderTest, WithdrawnTicketsAreAckedWithoutHandling) {
  CountingHandler h;
  Responder r(h);
  EXPECT_EQ(r.Process(Deliver(9, 1, v1::WITHDRAWN)).outcome, v1::DONE);
  EXPECT_TRUE(h.calls.empty());
  EXPECT_EQ(r.stats().withdrawn, 1u);
}

TEST(ResponderTest, ForgetsTheOldestBeyondItsMemory) {
  CountingHandler h;
  Responder r(h, /*remember=*/2);
  r.Process(Deliver(1));
  r.Process(Deliver(2));
  r.Process(Deliver(3));  // forgets 1
  r.Process(Deliver(1));
  r.Process(Deliver(3));
  EXPECT_EQ(h.calls, (std::vector<uint64_t>{1, 2, 3, 1}));
}

TEST(RunResponderTest, AcksEveryDeliveryThenSaysBye) {
  std::mutex mu;
  std::vector<v1::DeliverAck> acks;
  std::atomic<int> byes{0};
  testing::FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.has_hello()) {
      v1::Envelope w = testing::ReplyTo(req);
      w.mutable_welcome()->set_heartbeat_ms(1000);
      w.mutable_welcome()->set_liveness(3);
      std::vector<v1::Envelope> out{w};
      for (uint64_t id : {1, 2, 1}) {
        v1::Envelope d;
        *d.mutable_deliver() = Deliver(id, static_cast<uint32_t>(out.size()));
        d.set_request_id(d.deliver().lease_id());
        out.push_back(d);
      }
      return out;
    }
    if (req.has_deliver_ack()) {
      std::lock_guard lock(mu);
      acks.push_back(req.deliver_ack());
    }
    if (req.has_bye()) ++byes;
    return {};
  });
  WorkerSessionOptions o;
  o.endpoint = router.endpoint();
  o.name = "t";
  o.opds = {"PUPR"};
  WorkerSession session(o);
  CountingHandler h;
  Responder r(h);
  std::atomic<bool> stop{false};
  ASSERT_TRUE(RunResponder(session, r, stop, {.poll_ms = 50, .exit_after = 3}).ok());
  for (int i = 0; i < 100 && byes == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(byes, 1);
  std::lock_guard lock(mu);
  ASSERT_EQ(acks.size(), 3u);
  for (const auto& a : acks) {
    EXPECT_EQ(a.outcome(), v1::DONE);
    EXPECT_EQ(a.credit(), 0u);  // the window stays as the hello set it: acks grant nothing
  }
  EXPECT_EQ(h.calls, (std::vector<uint64_t>{1, 2}));
}

TEST(RunResponderTest, RefusedHelloEndsTheRun) {
  testing::FakeRouter router([](const v1::Envelope& req) {
    return std::vector<v1::Envelope>{testing::ErrorReply(req, v1::INVALID_ARGUMENT, "unknown OPD")};
  });
  WorkerSessionOptions o;
  o.endpoint = router.endpoint();
  o.name = "t";
  o.opds = {"NOPE"};
  WorkerSession session(o);
  CountingHandler h;
  Responder r(h);
  std::atomic<bool> stop{false};
  Status st = RunResponder(session, r, stop, {.poll_ms = 50});
  EXPECT_EQ(st.code(), v1::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace aspirasi::responder
