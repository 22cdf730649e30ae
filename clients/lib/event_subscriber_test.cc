#include "clients/lib/event_subscriber.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "clients/lib/fake_broker_test_util.h"

namespace aspirasi {
namespace {

using testing::FakePub;
using testing::FakeRouter;
using testing::ReplyTo;

// An in-memory event store behind a fake api endpoint.
class FakeStore {
 public:
  FakeStore()
      : router_([this](const v1::Envelope& req) {
          std::lock_guard lock(mu_);
          v1::Envelope r = ReplyTo(req);
          auto* list = r.mutable_event_list();
          const auto& q = req.read_events();
          std::set<std::string> opds(q.opds().begin(), q.opds().end());
          uint32_t limit = q.limit() == 0 ? 500 : q.limit();
          for (const auto& e : events_) {
            if (e.seq() <= q.after_seq() || (!opds.empty() && !opds.count(e.opd()))) continue;
            if (static_cast<uint32_t>(list->events_size()) == limit) break;
            *list->add_events() = e;
          }
          list->set_last_seq(events_.size());
          return std::vector<v1::Envelope>{r};
        }) {}

  // Stores the next event; announces the new head unless `lose` is set.
  v1::Event Add(const std::string& opd, bool lose = false) {
    v1::Event e;
    {
      std::lock_guard lock(mu_);
      e.set_seq(events_.size() + 1);
      e.set_opd(opd);
      e.set_type(v1::TICKET_CREATED);
      events_.push_back(e);
    }
    if (!lose) pub_.PublishHead(e.seq());
    return e;
  }
  void PublishRaw(std::string_view topic, std::string_view body) { pub_.PublishRaw(topic, body); }
  std::string api() const { return router_.endpoint(); }
  std::string events() const { return pub_.endpoint(); }

 private:
  std::mutex mu_;
  std::vector<v1::Event> events_;
  FakeRouter router_;
  FakePub pub_;
};

std::vector<uint64_t> Take(EventSubscriber& sub, std::size_t n, int timeout_ms = 3000) {
  std::vector<uint64_t> out;
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (out.size() < n && std::chrono::steady_clock::now() < until) {
    auto r = sub.Next(100);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok() && r->has_value()) out.push_back((*r)->seq());
  }
  return out;
}

TEST(EventSubscriberTest, CatchUpLiveGapAndLostTail) {
  FakeStore store;
  for (int i = 0; i < 10; ++i) store.Add(i % 2 ? "PUPR" : "DINKES", /*lose=*/true);
  EventSubscriber sub(store.api(), store.events(), {}, {.read_limit = 4, .idle_check_ms = 200});
  ASSERT_TRUE(sub.Start(3).ok());
  EXPECT_EQ(Take(sub, 7), (std::vector<uint64_t>{4, 5, 6, 7, 8, 9, 10}));

  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the subscription settle
  store.Add("PUPR");
  store.Add("PUPR");
  EXPECT_EQ(Take(sub, 2), (std::vector<uint64_t>{11, 12}));

  store.Add("PUPR", /*lose=*/true);
  store.Add("DLH");
  EXPECT_EQ(Take(sub, 2), (std::vector<uint64_t>{13, 14}));

  store.Add("PUPR", /*lose=*/true);  // nothing follows it: found by the idle check
  EXPECT_EQ(Take(sub, 1), (std::vector<uint64_t>{15}));
  auto none = sub.Next(50);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(EventSubscriberTest, OpdFilter) {
  FakeStore store;
  for (int i = 0; i < 6; ++i) store.Add(i % 3 == 0 ? "DINKES" : "PUPR", true);  // DINKES: 1, 4
  EventSubscriber sub(store.api(), store.events(), {"DINKES"}, {.idle_check_ms = 200});
  ASSERT_TRUE(sub.Start(0).ok());
  EXPECT_EQ(Take(sub, 2), (std::vector<uint64_t>{1, 4}));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  store.Add("PUPR");
  store.Add("DINKES", true);
  store.Add("PUPR");
  store.Add("DINKES");
  EXPECT_EQ(Take(sub, 2), (std::vector<uint64_t>{8, 10}));
  EXPECT_EQ(sub.covered(), 10u);
}

TEST(EventSubscriberTest, GarbageOnTheEventsEndpointIsIgnored) {
  FakeStore store;
  EventSubscriber sub(store.api(), store.events(), {}, {.idle_check_ms = 200});
  ASSERT_TRUE(sub.Start(0).ok());
  EXPECT_TRUE(Take(sub, 0).empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  store.PublishRaw("head", "\xff\xff not a protobuf");
  store.PublishRaw("headx", EncodeHeadNotice(99));  // another topic that starts with "head"
  v1::EventList with_events;
  with_events.add_events()->set_seq(1);
  store.PublishRaw("head", with_events.SerializeAsString());  // a notice never carries events
  store.Add("PUPR");
  EXPECT_EQ(Take(sub, 1), (std::vector<uint64_t>{1}));
  EXPECT_EQ(sub.covered(), 1u);
}

TEST(EventSubscriberTest, ApiDownIsAnError) {
  FakePub pub;
  EventSubscriber sub("tcp://127.0.0.1:1", pub.endpoint(), {}, {.api_timeout_ms = 100});
  ASSERT_TRUE(sub.Start(0).ok());
  auto r = sub.Next(50);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::TIMEOUT);
}

}  // namespace
}  // namespace aspirasi
