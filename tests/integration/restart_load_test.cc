// Broker restarts under load with healthy responders (issue 14): with the automatic
// acknowledgement on, a responder of 64 credits and the broker stopped and killed every few
// seconds while 100 tickets a second arrive, every ticket is delivered, its acknowledgement reaches
// the platform exactly once, and nothing is dead-lettered. (On the earlier main a responder spent
// at least 100 ms on every reply, credit grew across restarts, and leases expired behind the
// backlog until healthy tickets were dead-lettered.)
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <thread>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/ticket_counts.h"
#include "tools/fake_platform/fake_platform.h"

namespace aspirasi::testing {
namespace {

constexpr int kSeconds = 24;     // of load
constexpr int kPerSecond = 100;  // tickets
constexpr int kRestarts = 8;     // one every 3 seconds, alternating SIGTERM and kill -9
constexpr int kCredit = 64;

v1::Submit Draft(int i) {
  v1::Submit s;
  s.set_idempotency_key("restart:" + std::to_string(i));
  auto* d = s.mutable_draft();
  d->set_channel("facebook");
  d->set_account("104582736190254");
  d->set_source_id("restart-comment-" + std::to_string(i));  // the acknowledgement goes to its own path
  d->set_public_item(true);
  d->set_opd("PUPR");
  d->mutable_author()->set_display_name("Warga " + std::to_string(i));
  d->set_text("Lampu jalan mati di gang " + std::to_string(i));
  return s;
}

TEST(RestartLoad, HealthyRespondersLoseNothingAcrossBrokerRestarts) {
  fake_platform::FakePlatform fake;
  ASSERT_TRUE(fake.Start().ok());
  BrokerFixture broker("restartload", "heartbeat_ms = 200\nliveness = 3\nlease_ms = 3000\nmax_attempts = 3",
                       {{"base_urls", "={ facebook = \"" + fake.BaseUrl() + "/graph\" }"},
                        {"auto_ack", "=true"},
                        {"reply_retry_ms", "=200"}});
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();
  ::setenv("ASPIRASI_FACEBOOK_PAGE_TOKEN", "EAAtest-facebook-page", 1);
  Process responder;
  const std::string log = (broker.dir() / "responder.log").string();
  ASSERT_TRUE(responder.Start({ResponderBinary(), "--config", broker.config_path(), "--opd", "PUPR", "--name",
                               "healthy", "--credit", std::to_string(kCredit)},
                              log));

  // The load: 100 tickets a second, each submit re-sent until the broker (whichever run of it) acks.
  std::atomic<bool> failed_submit{false};
  std::thread load([&] {
    IngestClient ingest(broker.endpoints().ingest);
    auto start = std::chrono::steady_clock::now();
    for (int second = 0; second < kSeconds; ++second) {
      std::vector<v1::Submit> batch;
      for (int i = 0; i < kPerSecond; ++i) batch.push_back(Draft(second * kPerSecond + i));
      for (const auto& r : ingest.SubmitAll(batch, 60000, 200)) {
        if (!r.ok()) failed_submit = true;
      }
      std::this_thread::sleep_until(start + std::chrono::seconds(second + 1));
    }
  });
  for (int i = 0; i < kRestarts; ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    if (i % 2 == 0) {
      EXPECT_EQ(broker.Stop(), 0);
    } else {
      broker.Kill9();
    }
    ASSERT_TRUE(broker.Start()) << broker.error();
  }
  load.join();
  ASSERT_FALSE(failed_submit) << "a submit was never acknowledged";

  const uint64_t total = uint64_t{kSeconds} * kPerSecond;
  ApiClient api(broker.endpoints().api);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  auto settled = [&] {
    v1::CountTickets all;
    auto n = api.CountTickets(all);
    if (!n.ok() || n->total() != total ||
        CountDelivery(api, v1::DELIVERED) + CountDelivery(api, v1::DEAD_LETTER) != total) {
      return false;
    }
    return fake.Requests("/comments").size() >= total;
  };
  while (std::chrono::steady_clock::now() < deadline && !settled()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(CountDelivery(api, v1::DEAD_LETTER), 0u) << "healthy tickets were dead-lettered";
  EXPECT_EQ(CountDelivery(api, v1::DELIVERED), total);

  // Every acknowledgement reached the platform exactly once, and every reply is SENT.
  std::map<std::string, int> posts;
  for (const auto& r : fake.Requests("/comments")) ++posts[r.path];
  EXPECT_EQ(posts.size(), total);
  int twice = 0;
  for (const auto& [path, n] : posts) twice += n > 1;
  EXPECT_EQ(twice, 0) << "acknowledgements posted more than once";
  v1::ListTickets list;
  list.set_limit(1000);
  uint64_t sent = 0, other = 0;
  while (true) {
    auto page = api.ListTickets(list);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const auto& t : page->tickets()) {
      for (const auto& m : t.messages()) {
        if (m.direction() != v1::OUTBOUND) continue;
        (m.reply_state() == v1::REPLY_SENT ? sent : other) += 1;
      }
    }
    if (page->next_after_id() == 0) break;
    list.set_after_id(page->next_after_id());
  }
  EXPECT_EQ(sent, total);
  EXPECT_EQ(other, 0u) << "replies not SENT";

  // What it cost: failed attempts (leases that expired or whose worker vanished) stay few.
  uint64_t failed_attempts = 0, after = 0;
  while (true) {
    auto events = api.ReadEvents(after, 5000);
    ASSERT_TRUE(events.ok());
    if (events->events().empty()) break;
    for (const auto& e : events->events()) failed_attempts += e.type() == v1::DELIVERY_FAILED;
    after = events->events(events->events_size() - 1).seq();
  }
  std::cout << "tickets " << total << ", failed delivery attempts " << failed_attempts << ", platform posts "
            << fake.Requests("/comments").size() << "\n";
  responder.Terminate();
}

}  // namespace
}  // namespace aspirasi::testing
