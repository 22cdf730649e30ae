#include "workers/responder/responder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "clients/lib/fake_broker_test_util.h"
#include "common/clock.h"
#include "workers/responder/egress/egress_test_util.h"

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

// A platform that takes 1.2 s to answer the reply whose text says "lambat" (slow).
class SlowPlatform : public egress::Sender {
 public:
  egress::HttpResponse Send(const egress::HttpRequest& request) override {
    if (request.body.find("lambat") != std::string::npos) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    }
    egress::HttpResponse r;
    r.status = 200;
    r.body = R"({"id":"c1"})";
    return r;
  }
};

TEST(RunResponderTest, ASlowPlatformHoldsUpNeitherHeartbeatsNorOtherTicketsAndKeepsATicketsOrder) {
  // Heartbeat 100 ms x liveness 3: a responder stuck 1.2 s in one post would be taken for dead.
  Config config;
  AccountConfig account;
  account.channel = "facebook";
  account.id = "page1";
  account.token_env = "TOKEN";
  config.accounts.push_back(account);
  config.egress.base_urls["facebook"] = "http://127.0.0.1:9/graph";
  auto poster = ReplyPoster::Create(
      config, [](const char*) { return "tok"; }, std::make_unique<SlowPlatform>());
  ASSERT_TRUE(poster.ok());

  auto reply = [](uint64_t reply_id, uint64_t ticket_id, const std::string& text) {
    v1::Envelope d;
    v1::OutboundReply r = egress::testing::MakeReply("facebook", "page1", /*public_item=*/true);
    egress::testing::AddMessage(r, v1::INBOUND, "post_" + std::to_string(ticket_id));
    r.set_reply_id(reply_id);
    r.set_text(text);
    r.mutable_ticket()->set_id(ticket_id);
    *d.mutable_deliver()->mutable_reply() = r;
    d.mutable_deliver()->set_lease_id(reply_id * 10);
    d.mutable_deliver()->set_session(9);
    d.set_request_id(reply_id * 10);
    return d;
  };
  std::mutex mu;
  std::vector<std::string> seen;  // "send:<reply>", "ack:<reply>", "hb" in the order they arrived
  testing::FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    std::lock_guard lock(mu);
    if (req.has_hello()) {
      v1::Envelope w = testing::ReplyTo(req);
      w.mutable_welcome()->set_heartbeat_ms(100);
      w.mutable_welcome()->set_liveness(3);
      w.mutable_welcome()->set_session(9);
      // Ticket 1's slow reply, then ticket 1's next reply, then ticket 2's reply.
      return {w, reply(1, 1, "lambat"), reply(2, 1, "kedua"), reply(3, 2, "lain")};
    }
    if (req.has_heartbeat()) {
      seen.push_back("hb");
      v1::Envelope hb;
      hb.mutable_heartbeat();
      return {hb};
    }
    if (req.has_reply_sending()) {
      seen.push_back("send:" + std::to_string(req.reply_sending().reply_id()));
      v1::Envelope a = testing::ReplyTo(req);
      a.mutable_reply_sending_ack()->set_reply_id(req.reply_sending().reply_id());
      a.mutable_reply_sending_ack()->set_proceed(true);
      return {a};
    }
    if (req.has_deliver_ack()) {
      seen.push_back("ack:" + std::to_string(req.deliver_ack().reply().reply_id()) + ":" +
                     v1::EgressOutcome_Name(req.deliver_ack().reply().outcome()));
    }
    return {};
  });
  WorkerSessionOptions o;
  o.endpoint = router.endpoint();
  o.name = "t";
  o.opds = {"PUPR"};
  o.credit = 3;
  WorkerSession session(o);
  CountingHandler h;
  Responder r(h);
  std::atomic<bool> stop{false};
  ASSERT_TRUE(
      RunResponder(session, r, stop, {.poll_ms = 50, .exit_after = 3, .posters = 4}, poster->get()).ok());
  EXPECT_EQ(session.stats().reconnects, 0u) << "the session was taken for dead while a post was slow";
  // The last report is on its way to the router.
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(mu);
      if (std::count(seen.begin(), seen.end(), "ack:2:EGRESS_SENT") > 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  std::lock_guard lock(mu);
  auto at = [&](const std::string& what) { return std::find(seen.begin(), seen.end(), what) - seen.begin(); };
  std::string all;
  for (const auto& s : seen) all += s + " ";
  ASSERT_LT(at("ack:1:EGRESS_SENT"), static_cast<long>(seen.size())) << all;
  ASSERT_LT(at("ack:2:EGRESS_SENT"), static_cast<long>(seen.size())) << all;
  ASSERT_LT(at("ack:3:EGRESS_SENT"), static_cast<long>(seen.size())) << all;
  // Ticket 2 did not wait for ticket 1's slow post ...
  EXPECT_LT(at("ack:3:EGRESS_SENT"), at("ack:1:EGRESS_SENT")) << all;
  // ... ticket 1's second reply did: its go-ahead was asked only after the first was posted.
  EXPECT_LT(at("ack:1:EGRESS_SENT"), at("send:2")) << all;
  // Heartbeats went on while the slow post was in the air.
  long heartbeats = std::count(seen.begin() + at("send:1"), seen.begin() + at("ack:1:EGRESS_SENT"), "hb");
  EXPECT_GE(heartbeats, 5) << all;
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
