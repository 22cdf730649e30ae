// kill -9 of aspirasi-ingest, or of the broker, during a replay of thousands of webhook requests:
// every request answered 2xx is a ticket exactly once. Senders retry each request until it is
// answered 200 (as platforms do), so at the end every item was answered and the broker must hold
// exactly one ticket per item: none lost (answered, then killed before reaching the broker) and
// none doubled (re-sent after a crash).
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "clients/lib/api_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/ingest_fixture.h"
#include "tests/support/ticket_counts.h"
#include "tests/support/webhook_client.h"
#include "workers/ingest/signature.h"

namespace aspirasi::testing {
namespace {

constexpr int kItems = 3000;
constexpr int kSenders = 8;
const char* kSecret = "form-fixture-secret-4f9c2a";

enum class Victim { kIngest, kBroker };

std::string Body(int i) {
  nlohmann::json j = {{"event", "submitted"},
                      {"submission",
                       {{"id", "crash-" + std::to_string(i)},
                        {"submitted_at", 1767600000 + i},
                        {"isi", "Aduan nomor " + std::to_string(i) + ": lampu jalan mati"}}}};
  return j.dump();
}

uint64_t CountForm(const BrokerFixture& broker) {
  ApiClient api(broker.endpoints().api);
  v1::TicketFilter form;
  form.add_channels("form");
  return CountMatching(api, form);
}

void Replay(Victim victim) {
  SetSampleSecrets();
  BrokerFixture broker(victim == Victim::kIngest ? "ingest-crash-ingest" : "ingest-crash-broker");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();
  IngestFixture ingest(broker, {{"submit_timeout_ms", "1000"}, {"threads", "16"}});
  ASSERT_TRUE(ingest.Start()) << ingest.error();
  ingest.PinPort();
  const int port = ingest.port();

  // Generous bounds so a broken build fails instead of hanging; the assertions are about counts.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  std::atomic<bool> give_up{false};
  auto late = [&] { return give_up || std::chrono::steady_clock::now() > deadline; };
  std::atomic<int> next{0}, answered{0}, unexpected{0}, retries{0}, abandoned{0};
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&] {
      auto client = std::make_unique<WebhookClient>(port, 30);
      for (int i = next++; i < kItems; i = next++) {
        std::string body = Body(i);
        std::map<std::string, std::string> sig = {
            {"X-Form-Signature", "sha256=" + ingest::HmacSha256Hex(kSecret, body)}};
        bool ok = false;
        while (true) {
          WebhookResponse r = client->Post("/webhooks/form/lapor-bupati", body, sig);
          if (r.status == 200) {
            ok = true;
            break;
          }
          if (r.status != 0 && r.status != 503) ++unexpected;  // never a refusal of a valid request
          if (late()) {
            ++abandoned;
            break;
          }
          ++retries;
          client = std::make_unique<WebhookClient>(port, 30);
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (ok) ++answered;
      }
    });
  }

  // The crash, a third of the way through.
  while (answered < kItems / 3 && !late()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  bool restarted;
  std::string restart_error;
  if (victim == Victim::kIngest) {
    ingest.Kill9();
    restarted = ingest.Start();
    restart_error = ingest.error();
  } else {
    broker.Kill9();
    while (answered < kItems / 2 && !late())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // spooling
    restarted = broker.Start();
    restart_error = broker.error();
  }
  if (!restarted) give_up = true;
  for (auto& t : senders) t.join();
  ASSERT_TRUE(restarted) << restart_error;
  EXPECT_EQ(answered, kItems);
  EXPECT_EQ(abandoned, 0);
  EXPECT_EQ(unexpected, 0);

  // Everything answered is (or, from the spool, becomes) a ticket exactly once.
  WebhookClient client(port);
  bool drained = false;
  for (int i = 0; i < 1200 && !drained; ++i) {
    drained = client.Get("/metrics").body.find("aspirasi_ingest_spool_depth 0\n") != std::string::npos;
    if (!drained) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(drained) << ingest.Log();
  EXPECT_EQ(CountForm(broker), static_cast<uint64_t>(kItems)) << "retries: " << retries << "\n"
                                                              << ingest.Log();
  if (victim == Victim::kBroker) {
    EXPECT_NE(client.Get("/metrics").body.find("aspirasi_ingest_drained_total"), std::string::npos);
  }
}

TEST(IngestCrash, KillNineOfTheIngestLosesAndDoublesNothing) { Replay(Victim::kIngest); }
TEST(IngestCrash, KillNineOfTheBrokerLosesAndDoublesNothing) { Replay(Victim::kBroker); }

}  // namespace
}  // namespace aspirasi::testing
