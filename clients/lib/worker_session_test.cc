#include "clients/lib/worker_session.h"

#include <gtest/gtest.h>

#include <atomic>

#include "clients/lib/fake_broker_test_util.h"

namespace aspirasi {
namespace {

using testing::ErrorReply;
using testing::FakeRouter;
using testing::ReplyTo;

v1::Envelope Welcome(const v1::Envelope& req, uint32_t heartbeat_ms = 1000) {
  v1::Envelope r = ReplyTo(req);
  r.mutable_welcome()->set_heartbeat_ms(heartbeat_ms);
  r.mutable_welcome()->set_liveness(3);
  r.mutable_welcome()->set_lease_ms(30000);
  return r;
}

v1::Envelope Deliver(uint64_t lease, uint64_t ticket) {
  v1::Envelope r;
  r.set_request_id(lease);
  r.mutable_deliver()->set_lease_id(lease);
  r.mutable_deliver()->set_attempt(1);
  r.mutable_deliver()->mutable_ticket()->set_id(ticket);
  return r;
}

WorkerSessionOptions Options(const std::string& endpoint) {
  WorkerSessionOptions o;
  o.endpoint = endpoint;
  o.name = "test-worker";
  o.opds = {"PUPR", "DLH"};
  o.credit = 2;
  return o;
}

Result<std::optional<v1::Deliver>> PollFor(WorkerSession& s, int ms) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (true) {
    auto r = s.Poll(50);
    if (!r.ok() || r->has_value() || std::chrono::steady_clock::now() > until) return r;
  }
}

TEST(WorkerSessionTest, HelloWelcomeDeliverAck) {
  std::atomic<int> acks{0};
  FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.has_hello()) {
      EXPECT_EQ(req.hello().worker(), "test-worker");
      EXPECT_EQ(req.hello().opds_size(), 2);
      EXPECT_EQ(req.hello().credit(), 2u);
      return {Welcome(req), Deliver(100, 7)};
    }
    if (req.has_deliver_ack()) {
      EXPECT_EQ(req.deliver_ack().lease_id(), 100u);
      EXPECT_EQ(req.deliver_ack().ticket_id(), 7u);
      EXPECT_EQ(req.deliver_ack().outcome(), v1::DONE);
      EXPECT_EQ(req.deliver_ack().credit(), 1u);
      ++acks;
    }
    return {};
  });
  WorkerSession session(Options(router.endpoint()));
  auto d = PollFor(session, 3000);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_TRUE(d->has_value());
  EXPECT_TRUE(session.registered());
  EXPECT_EQ((*d)->ticket().id(), 7u);
  ASSERT_TRUE(session.Ack(**d, v1::DONE).ok());
  for (int i = 0; i < 100 && acks == 0; ++i) session.Poll(10);
  EXPECT_EQ(acks, 1);
  EXPECT_TRUE(session.Bye().ok());
}

TEST(WorkerSessionTest, RefusedHelloIsFinal) {
  FakeRouter router([](const v1::Envelope& req) {
    return std::vector<v1::Envelope>{ErrorReply(req, v1::INVALID_ARGUMENT, "unknown OPD 'XYZ'")};
  });
  WorkerSession session(Options(router.endpoint()));
  auto r = PollFor(session, 3000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(session.Poll(10).status().code(), v1::INVALID_ARGUMENT);
}

TEST(WorkerSessionTest, NotRegisteredGetsAnotherHello) {
  std::atomic<int> hellos{0};
  FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.has_hello()) {
      if (++hellos == 1) {
        v1::Envelope nr;
        nr.mutable_error()->set_code(v1::NOT_REGISTERED);
        return {Welcome(req), nr};  // as if the broker restarted right after welcoming us
      }
      return {Welcome(req), Deliver(5, 9)};
    }
    return {};
  });
  WorkerSession session(Options(router.endpoint()));
  auto d = PollFor(session, 3000);
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ(hellos, 2);
  EXPECT_EQ(session.stats().reconnects, 0u);
}

TEST(WorkerSessionTest, ManyNotRegisteredRepliesCauseOneHello) {
  std::atomic<int> hellos{0};
  std::atomic<bool> restarted{false};
  FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.has_hello()) {
      restarted = false;
      if (++hellos == 1) return {Welcome(req), Deliver(1, 1), Deliver(2, 2), Deliver(3, 3)};
      return {Welcome(req)};
    }
    if (req.has_deliver_ack() && restarted) return {ErrorReply(req, v1::NOT_REGISTERED, "say hello first")};
    return {};
  });
  WorkerSession session(Options(router.endpoint()));
  std::vector<v1::Deliver> got;
  while (got.size() < 3) {
    auto d = PollFor(session, 3000);
    ASSERT_TRUE(d.ok() && d->has_value());
    got.push_back(**d);
  }
  restarted = true;  // the broker forgot us: all three acks get NOT_REGISTERED
  for (const auto& d : got) ASSERT_TRUE(session.Ack(d, v1::DONE).ok());
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (std::chrono::steady_clock::now() < until) session.Poll(20);
  EXPECT_EQ(hellos, 2);
  EXPECT_TRUE(session.registered());
}

TEST(WorkerSessionTest, HeartbeatsWhenIdleAndReconnectsWhenTheBrokerIsSilent) {
  std::atomic<int> hellos{0}, heartbeats{0};
  std::atomic<bool> silent{false};
  FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.has_heartbeat()) ++heartbeats;
    if (silent) return {};
    if (req.has_hello()) {
      ++hellos;
      return {Welcome(req, 50)};
    }
    v1::Envelope hb;
    hb.mutable_heartbeat();
    return {hb};
  });
  WorkerSessionOptions options = Options(router.endpoint());
  options.welcome_timeout_ms = 300;
  WorkerSession session(options);
  PollFor(session, 500);
  EXPECT_TRUE(session.registered());
  EXPECT_GE(heartbeats, 4);
  silent = true;
  PollFor(session, 400);  // 3 x 50 ms of silence: dead
  EXPECT_GE(session.stats().reconnects, 1u);
  silent = false;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!session.registered() && std::chrono::steady_clock::now() < until) session.Poll(20);
  EXPECT_TRUE(session.registered());
  EXPECT_GE(hellos, 2);
}

}  // namespace
}  // namespace aspirasi
