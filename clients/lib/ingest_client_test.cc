#include "clients/lib/ingest_client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "clients/lib/fake_broker_test_util.h"

namespace aspirasi {
namespace {

using testing::ErrorReply;
using testing::FakeRouter;
using testing::ReplyTo;

v1::Submit MakeSubmit(const std::string& key) {
  v1::Submit s;
  s.set_idempotency_key(key);
  s.mutable_draft()->set_channel("facebook");
  s.mutable_draft()->set_text("Jalan rusak di depan pasar");
  return s;
}

// Acks with ticket_id = the number after "k" in the idempotency key.
v1::Envelope Ack(const v1::Envelope& req) {
  v1::Envelope r = ReplyTo(req);
  r.mutable_submit_ack()->set_ticket_id(std::stoull(req.submit().idempotency_key().substr(1)));
  r.mutable_submit_ack()->set_outcome(v1::OUTCOME_CREATED);
  return r;
}

TEST(IngestClientTest, PipelinedRepliesInAnyOrderAreMatchedByRequestId) {
  std::vector<v1::Envelope> held;
  FakeRouter router([&](const v1::Envelope& req) {
    held.push_back(req);
    std::vector<v1::Envelope> replies;
    if (held.size() == 100) {
      for (auto it = held.rbegin(); it != held.rend(); ++it) replies.push_back(Ack(*it));
    }
    return replies;
  });
  IngestClient client(router.endpoint(), {.timeout_ms = 5000});
  for (uint64_t i = 0; i < 100; ++i)
    ASSERT_TRUE(client.Send(MakeSubmit("k" + std::to_string(i + 1000)), i).ok());
  EXPECT_EQ(client.in_flight(), 100u);
  std::map<uint64_t, uint64_t> got;  // tag -> ticket id
  while (client.in_flight() > 0) {
    client.Poll(1000, [&](uint64_t tag, Result<v1::SubmitAck> r) {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_TRUE(got.emplace(tag, r->ticket_id()).second) << "tag completed twice";
    });
  }
  ASSERT_EQ(got.size(), 100u);
  for (auto [tag, id] : got) EXPECT_EQ(id, tag + 1000);
  EXPECT_EQ(client.resends(), 0u);
}

TEST(IngestClientTest, TimeoutResendsTheSameSubmit) {
  std::map<uint64_t, int> seen;
  FakeRouter router([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (++seen[req.request_id()] == 1) return {};  // the first attempt is lost
    return {Ack(req)};
  });
  // The lost attempt costs one timeout; long enough that a slow answer to the second is not re-sent.
  IngestClient client(router.endpoint(), {.timeout_ms = 1000, .max_retries = 2});
  auto r = client.Submit(MakeSubmit("k7"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->ticket_id(), 7u);
  EXPECT_EQ(client.resends(), 1u);
  auto reqs = router.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].submit().idempotency_key(), reqs[1].submit().idempotency_key());
}

TEST(IngestClientTest, GivesUpAfterMaxRetriesWithTimeout) {
  FakeRouter router([](const v1::Envelope&) { return std::vector<v1::Envelope>{}; });
  IngestClient client(router.endpoint(), {.timeout_ms = 50, .max_retries = 2});
  auto r = client.Submit(MakeSubmit("k1"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::TIMEOUT);
  // The last re-send may still be on its way to the router when the client gives up.
  for (int i = 0; i < 1000 && router.received() < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(router.received(), 3);
}

TEST(IngestClientTest, PermanentErrorsAreNotRetried) {
  FakeRouter router([](const v1::Envelope& req) {
    return std::vector<v1::Envelope>{ErrorReply(req, v1::INVALID_ARGUMENT, "draft.channel is required")};
  });
  IngestClient client(router.endpoint(), {.timeout_ms = 1000, .max_retries = 3});
  auto r = client.Submit(MakeSubmit("k1"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(r.status().message(), "draft.channel is required");
  EXPECT_EQ(router.received(), 1);
}

TEST(IngestClientTest, UnavailableIsRetried) {
  std::atomic<int> n{0};
  FakeRouter router([&](const v1::Envelope& req) {
    if (++n < 3) return std::vector<v1::Envelope>{ErrorReply(req, v1::UNAVAILABLE, "store busy")};
    return std::vector<v1::Envelope>{Ack(req)};
  });
  IngestClient client(router.endpoint(), {.timeout_ms = 1000, .max_retries = 3});
  auto r = client.Submit(MakeSubmit("k5"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(router.received(), 3);
}

TEST(IngestClientTest, UnavailableBecomesFinalAfterMaxRetries) {
  FakeRouter router([&](const v1::Envelope& req) {
    return std::vector<v1::Envelope>{ErrorReply(req, v1::UNAVAILABLE, "shutting down")};
  });
  IngestClient client(router.endpoint(), {.timeout_ms = 1000, .max_retries = 1});
  auto r = client.Submit(MakeSubmit("k5"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::UNAVAILABLE);
  EXPECT_EQ(router.received(), 2);
}

TEST(IngestClientTest, DuplicateReplyCompletesOnce) {
  FakeRouter router([](const v1::Envelope& req) { return std::vector<v1::Envelope>{Ack(req), Ack(req)}; });
  IngestClient client(router.endpoint());
  ASSERT_TRUE(client.Send(MakeSubmit("k1"), 1).ok());
  ASSERT_TRUE(client.Send(MakeSubmit("k2"), 2).ok());
  int calls = 0;
  while (client.in_flight() > 0) client.Poll(1000, [&](uint64_t, Result<v1::SubmitAck>) { ++calls; });
  client.Poll(100, [&](uint64_t, Result<v1::SubmitAck>) { ++calls; });
  EXPECT_EQ(calls, 2);
}

TEST(IngestClientTest, PipelinedCompletionsSurviveABlockingSubmit) {
  FakeRouter router([](const v1::Envelope& req) { return std::vector<v1::Envelope>{Ack(req)}; });
  IngestClient client(router.endpoint());
  ASSERT_TRUE(client.Send(MakeSubmit("k1"), 11).ok());
  auto r = client.Submit(MakeSubmit("k2"));
  ASSERT_TRUE(r.ok());
  std::vector<uint64_t> tags;
  while (client.in_flight() > 0 || tags.empty()) {
    client.Poll(1000, [&](uint64_t tag, Result<v1::SubmitAck> a) {
      EXPECT_TRUE(a.ok());
      tags.push_back(tag);
    });
  }
  EXPECT_EQ(tags, std::vector<uint64_t>{11});
}

TEST(IngestClientTest, LocalLimits) {
  FakeRouter router([](const v1::Envelope&) { return std::vector<v1::Envelope>{}; });
  IngestClient client(router.endpoint(), {.max_in_flight = 2, .max_message_bytes = 1024});
  v1::Submit big = MakeSubmit("k1");
  big.mutable_draft()->set_text(std::string(2000, 'x'));
  EXPECT_EQ(client.Send(big, 1).code(), v1::TOO_LARGE);
  EXPECT_TRUE(client.Send(MakeSubmit("k1"), 1).ok());
  EXPECT_TRUE(client.Send(MakeSubmit("k2"), 2).ok());
  EXPECT_EQ(client.Send(MakeSubmit("k3"), 3).code(), v1::UNAVAILABLE);
}

TEST(IngestClientTest, BadEndpointIsInvalidArgument) {
  IngestClient client("nonsense://x");
  EXPECT_EQ(client.Connect().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(client.Submit(MakeSubmit("k1")).status().code(), v1::INVALID_ARGUMENT);
}

// The broker dies (its socket and every unanswered request with it) and comes back on the same
// port: SubmitAll keeps re-sending until everything is acked.
TEST(IngestClientTest, SubmitAllSurvivesABrokerRestart) {
  std::atomic<int> answered{0};
  auto first = std::make_unique<FakeRouter>([&](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (answered.load() >= 300) return {};  // then it hangs, and dies
    ++answered;
    return {Ack(req)};
  });
  int port = first->port();
  std::vector<v1::Submit> submits;
  for (int i = 0; i < 1000; ++i) submits.push_back(MakeSubmit("k" + std::to_string(i)));

  IngestClient client(first->endpoint(), {.timeout_ms = 300});
  std::thread restarter([&] {
    while (answered.load() < 300) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    first.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    first = std::make_unique<FakeRouter>(
        [](const v1::Envelope& req) { return std::vector<v1::Envelope>{Ack(req)}; }, port);
  });
  auto results = client.SubmitAll(submits, 20000, 200);
  restarter.join();
  ASSERT_EQ(results.size(), submits.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status().ToString();
    EXPECT_EQ(results[i]->ticket_id(), i);
  }
  EXPECT_GT(client.resends(), 0u);
  EXPECT_EQ(client.in_flight(), 0u);
}

TEST(IngestClientTest, SubmitAllStopsAtTheDeadline) {
  FakeRouter router([](const v1::Envelope& req) -> std::vector<v1::Envelope> {
    if (req.submit().idempotency_key() == "k1") return {ErrorReply(req, v1::TOO_LARGE, "text too long")};
    if (req.submit().idempotency_key() == "k2") return {Ack(req)};
    return {};
  });
  IngestClient client(router.endpoint(), {.timeout_ms = 100});
  auto start = std::chrono::steady_clock::now();
  auto results = client.SubmitAll({MakeSubmit("k1"), MakeSubmit("k2"), MakeSubmit("k3")}, 500);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(results[0].status().code(), v1::TOO_LARGE);
  EXPECT_TRUE(results[1].ok());
  EXPECT_EQ(results[2].status().code(), v1::TIMEOUT);
  EXPECT_LT(took, std::chrono::milliseconds(2000));
  EXPECT_GE(router.received(), 4);  // k3 was re-sent
}

}  // namespace
}  // namespace aspirasi
