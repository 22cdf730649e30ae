#include "clients/lib/worker_session.h"

#include <gtest/gtest.h>

#include <atomic>

#include "clients/lib/fake_broker_test_util.h"

namespace aspirasi {
namespace {

using testing::ErrorReply;
using testing::FakeRouter;
using testing::ReplyTo;

v1::Envelope Welcome(const v1::Envelope& req, uint32_t heartbeat_ms = 1000, uint64_t session = 0) {
  v1::Envelope r = ReplyTo(req);
  r.mutable_welcome()->set_session(session);
  r.mutable_welcome()->set_heartbeat_ms(heartbeat_ms);
  r.mutable_welcome()->set_liveness(3);
  r.mutable_welcome()->set_lease_ms(30000);
  return r;
}

v1::Envelope Deliver(uint64_t lease, uint64_t ticket, uint64_t session = 0) {
  v1::Envelope r;
  r.set_request_id(lease);
  r.mutable_deliver()->set_session(session);
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
      EXPECT_EQ(req.deliver_ack().credit(), 0u);  // an ack frees its room; it grants nothing
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

v1::Envelope ReplyDeliver(uint64_t lease, uint64_t reply, uint64_t session) {
  v1::Envelope r;
  r.set_request_id(lease);
  r.mutable_deliver()->set_session(session);
  r.mutable_deliver()->set_lease_id(lease);
  r.mutable_deliver()->set_attempt(1);
  r.mutable_deliver()->mutable_reply()->set_reply_id(reply);
  return r;
}

// Deliveries of an earlier session (still in the socket after a broker restart) are dropped unseen.
TEST(WorkerSessionTest, DeliveriesOfAnotherSessionAreDropped) {
  FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.has_hello()) return {Deliver(1, 1, 6), Welcome(req, 1000, 7), Deliver(2, 2, 6), Deliver(3, 3, 7)};
    return {};
  });
  WorkerSession session(Options(router.endpoint()));
  auto d = PollFor(session, 3000);
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ((*d)->ticket().id(), 3u);
  EXPECT_EQ((*d)->session(), 7u);
  EXPECT_EQ(session.stats().stale, 2u);
  EXPECT_EQ(session.stats().deliveries, 1u);
  ASSERT_TRUE(session.Ack(**d, v1::DONE).ok());
  for (int i = 0; i < 100 && router.requests().size() < 2; ++i) session.Poll(10);
  auto reqs = router.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].deliver_ack().session(), 7u);
}

// BeginReply returns when the go-ahead arrives, not at the end of a polling slice: 20 replies in a
// row take a few round trips each (the earlier session spent at least 100 ms on every one).
TEST(WorkerSessionTest, BeginReplyReturnsAsSoonAsTheGoAheadArrives) {
  FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.has_hello()) return {Welcome(req, 1000, 9)};
    if (req.has_reply_sending()) {
      v1::Envelope r = ReplyTo(req);
      r.mutable_reply_sending_ack()->set_reply_id(req.reply_sending().reply_id());
      r.mutable_reply_sending_ack()->set_proceed(true);
      return {r};
    }
    return {};
  });
  WorkerSession session(Options(router.endpoint()));
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!session.registered() && std::chrono::steady_clock::now() < until) session.Poll(20);
  ASSERT_TRUE(session.registered());
  auto start = std::chrono::steady_clock::now();
  for (uint64_t i = 1; i <= 20; ++i) {
    v1::Deliver d = ReplyDeliver(i, 100 + i, 9).deliver();
    auto go = session.BeginReply(d, 10000);
    ASSERT_TRUE(go.ok()) << go.status().ToString();
    EXPECT_TRUE(*go);
  }
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::milliseconds(1500))
      << "20 go-aheads took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
}

// No go-ahead in time: the reply is not posted, and the broker hears EGRESS_NOT_SENT with the
// delivery's session and lease.
TEST(WorkerSessionTest, NoGoAheadIsReportedNotSent) {
  FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.has_hello()) return {Welcome(req, 1000, 11)};
    return {};  // never answers reply_sending
  });
  WorkerSession session(Options(router.endpoint()));
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!session.registered() && std::chrono::steady_clock::now() < until) session.Poll(20);
  ASSERT_TRUE(session.registered());
  v1::Deliver d = ReplyDeliver(42, 500, 11).deliver();
  auto go = session.BeginReply(d, 200);
  ASSERT_FALSE(go.ok());
  EXPECT_EQ(go.status().code(), v1::TIMEOUT);
  EXPECT_EQ(session.stats().not_sent, 1u);
  std::optional<v1::DeliverAck> report;
  for (int i = 0; i < 200 && !report; ++i) {
    session.Poll(10);
    for (const auto& r : router.requests()) {
      if (r.has_deliver_ack()) report = r.deliver_ack();
    }
  }
  ASSERT_TRUE(report);
  EXPECT_EQ(report->lease_id(), 42u);
  EXPECT_EQ(report->session(), 11u);
  EXPECT_EQ(report->reply().reply_id(), 500u);
  EXPECT_EQ(report->reply().outcome(), v1::EGRESS_NOT_SENT);
}

// A result sent just before the broker forgot us (it restarted) is reported again after the next
// welcome; the go-ahead lost with the broker is reported NOT_SENT once it is back.
TEST(WorkerSessionTest, ReplyReportsSurviveABrokerRestart) {
  std::atomic<int> hellos{0};
  std::atomic<bool> restarted{false};
  FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.has_hello()) {
      restarted = false;
      ++hellos;
      return {Welcome(req, 1000, 20 + hellos)};
    }
    if (restarted) return {ErrorReply(req, v1::NOT_REGISTERED, "say hello first")};
    if (req.has_reply_sending() && req.reply_sending().reply_id() == 1) {
      v1::Envelope r = ReplyTo(req);
      r.mutable_reply_sending_ack()->set_reply_id(1);
      r.mutable_reply_sending_ack()->set_proceed(true);
      return {r};
    }
    if (req.has_reply_sending()) restarted = true;  // reply 2: the broker dies before it answers
    return {};
  });
  WorkerSession session(Options(router.endpoint()));
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!session.registered() && std::chrono::steady_clock::now() < until) session.Poll(20);
  ASSERT_TRUE(session.registered());
  v1::Deliver one = ReplyDeliver(1, 1, 21).deliver();
  ASSERT_TRUE(*session.BeginReply(one, 5000));
  v1::ReplyResult sent;
  sent.set_outcome(v1::EGRESS_SENT);
  sent.set_platform_message_id("m1");
  ASSERT_TRUE(session.AckReply(one, sent).ok());
  v1::Deliver two = ReplyDeliver(2, 2, 21).deliver();
  auto go = session.BeginReply(two, 5000);  // answered NOT_REGISTERED: a new hello, so no go-ahead
  ASSERT_FALSE(go.ok());
  auto count = [&](uint64_t reply, v1::EgressOutcome outcome) {
    int n = 0;
    for (const auto& r : router.requests()) {
      n += r.has_deliver_ack() && r.deliver_ack().reply().reply_id() == reply &&
           r.deliver_ack().reply().outcome() == outcome;
    }
    return n;
  };
  until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while ((count(1, v1::EGRESS_SENT) < 2 || count(2, v1::EGRESS_NOT_SENT) < 1) &&
         std::chrono::steady_clock::now() < until) {
    session.Poll(20);
  }
  EXPECT_EQ(hellos, 2);
  EXPECT_EQ(count(1, v1::EGRESS_SENT), 2);  // once, and again after the new welcome
  EXPECT_GE(count(2, v1::EGRESS_NOT_SENT), 1);
  EXPECT_EQ(count(2, v1::EGRESS_SENT), 0);
  EXPECT_GE(session.stats().resent, 1u);
}

}  // namespace
}  // namespace aspirasi
