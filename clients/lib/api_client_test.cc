#include "clients/lib/api_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "clients/lib/fake_broker_test_util.h"

namespace aspirasi {
namespace {

using testing::ErrorReply;
using testing::FakeRouter;
using testing::ReplyTo;

std::vector<v1::Envelope> Answer(const v1::Envelope& req) {
  v1::Envelope r = ReplyTo(req);
  if (req.has_get_ticket()) {
    if (req.get_ticket().ticket_id() == 42 || req.get_ticket().number() == "NH-2026-000042") {
      r.mutable_ticket()->mutable_ticket()->set_id(42);
      r.mutable_ticket()->mutable_ticket()->set_number("NH-2026-000042");
      if (req.get_ticket().with_events()) r.mutable_ticket()->add_events()->set_seq(1);
    } else {
      return {ErrorReply(req, v1::NOT_FOUND,
                         "ticket " + std::to_string(req.get_ticket().ticket_id()) + " not found")};
    }
  } else if (req.has_ping()) {
    r.mutable_pong()->set_broker_version("test");
    r.mutable_pong()->set_last_seq(9);
  } else if (req.has_read_events()) {
    for (uint64_t s = req.read_events().after_seq() + 1; s <= 5; ++s)
      r.mutable_event_list()->add_events()->set_seq(s);
    r.mutable_event_list()->set_last_seq(5);
  } else if (req.has_count_tickets()) {
    r.mutable_counts()->set_total(3);
    (*r.mutable_counts()->mutable_groups())["PUPR"] = 3;
  } else if (req.has_list_tickets()) {
    r.mutable_ticket_list()->add_tickets()->set_id(1);
  }
  return {r};
}

TEST(ApiClientTest, RequestsAndReplies) {
  FakeRouter router(Answer);
  ApiClient api(router.endpoint(), 2000);
  auto t = api.GetTicket(42, true);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->ticket().number(), "NH-2026-000042");
  EXPECT_EQ(t->events_size(), 1);
  auto byNumber = api.GetTicketByNumber("NH-2026-000042");
  ASSERT_TRUE(byNumber.ok());
  EXPECT_EQ(byNumber->ticket().id(), 42u);

  auto pong = api.Ping();
  ASSERT_TRUE(pong.ok());
  EXPECT_EQ(pong->last_seq(), 9u);

  auto events = api.ReadEvents(2, 10, {"PUPR"});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->events_size(), 3);
  EXPECT_EQ(router.requests().back().read_events().opds(0), "PUPR");

  auto counts = api.CountTickets({});
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->total(), 3u);
  auto list = api.ListTickets({});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->tickets_size(), 1);
}

TEST(ApiClientTest, ErrorReplyBecomesStatus) {
  FakeRouter router(Answer);
  ApiClient api(router.endpoint(), 2000);
  auto t = api.GetTicket(7);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), v1::NOT_FOUND);
  EXPECT_EQ(t.status().message(), "ticket 7 not found");
}

TEST(ApiClientTest, UnexpectedReplyIsInternal) {
  FakeRouter router([](const v1::Envelope& req) {
    v1::Envelope r = ReplyTo(req);
    r.mutable_pong();
    return std::vector<v1::Envelope>{r};
  });
  ApiClient api(router.endpoint(), 2000);
  auto t = api.GetTicket(1);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), v1::INTERNAL);
}

TEST(ApiClientTest, LateReplyNeverAnswersTheNextRequest) {
  std::atomic<int> calls{0};
  std::atomic<bool> release{false};
  FakeRouter router([&](const v1::Envelope& req) {
    // The first answer is held until the client gave up on it. The router answers in order, so
    // the late answer goes out before the next request's.
    while (++calls == 1 && !release) {
      --calls;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return Answer(req);
  });
  ApiClient api(router.endpoint(), 300);
  auto first = api.GetTicket(42);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().code(), v1::TIMEOUT);
  release = true;
  api.set_timeout_ms(10000);  // generous from here: a loaded machine answers late, not wrong
  auto second = api.Ping();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->broker_version(), "test");
  auto third = api.GetTicket(7);
  EXPECT_EQ(third.status().code(), v1::NOT_FOUND);
}

TEST(ApiClientTest, NoBrokerIsTimeout) {
  ApiClient api("tcp://127.0.0.1:1", 100);
  EXPECT_EQ(api.Ping().status().code(), v1::TIMEOUT);
}

}  // namespace
}  // namespace aspirasi
