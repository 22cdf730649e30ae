// Slow clients must not take service from others: 500 connections that send their headers a byte
// at a time hold aspirasi-ingest's connections open while signed webhooks go on being answered at
// their usual latency and /healthz stays up (a fixed pool of 32 threads used to be taken by 100 of
// them). Real processes, real sockets.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "tests/support/broker_fixture.h"
#include "tests/support/ingest_fixture.h"
#include "tests/support/wait.h"
#include "tests/support/webhook_client.h"
#include "workers/ingest/signature.h"

namespace aspirasi::testing {
namespace {

using Clock = std::chrono::steady_clock;

const char* kFormSecret = "form-fixture-secret-4f9c2a";
const char* kFormPath = "/webhooks/form/lapor-bupati";
constexpr int kSlowClients = 500;

std::string FormBody(const std::string& id) {
  nlohmann::json j = {{"event", "submitted"},
                      {"submission",
                       {{"id", id},
                        {"revision", 1},
                        {"submitted_at", "2026-01-05T08:30:00+07:00"},
                        {"isi", "Lampu jalan mati di Jalan Kenanga"}}}};
  return j.dump();
}

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Signed webhooks, one after another: the slowest answer in milliseconds, and whether all were 200.
std::pair<double, bool> PostWebhooks(int port, const std::string& prefix, int n) {
  WebhookClient client(port, 10);
  double slowest = 0;
  bool all_ok = true;
  for (int i = 0; i < n; ++i) {
    std::string body = FormBody(prefix + std::to_string(i));
    auto start = Clock::now();
    WebhookResponse r = client.Post(
        kFormPath, body, {{"X-Form-Signature", "sha256=" + ingest::HmacSha256Hex(kFormSecret, body)}});
    slowest = std::max(slowest, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    all_ok = all_ok && r.status == 200;
  }
  return {slowest, all_ok};
}

TEST(IngestSlowClients, FiveHundredSlowConnectionsDoNotDelaySignedWebhooksOrHealth) {
  SetSampleSecrets();
  BrokerFixture broker("ingest-slow");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestFixture ingest(broker, {{"threads", "8"}});  // fewer ready threads than slow clients, on purpose
  ASSERT_TRUE(ingest.Start()) << ingest.error();

  auto [usual_ms, usual_ok] = PostWebhooks(ingest.port(), "slow-test-before-", 20);
  ASSERT_TRUE(usual_ok);

  // 500 clients start a request and then send one header byte every second, never finishing.
  std::vector<int> slow;
  auto connect_start = Clock::now();
  for (int i = 0; i < kSlowClients; ++i) {
    int fd = Connect(ingest.port());
    ASSERT_GE(fd, 0) << "connection " << i;
    const std::string start = "POST " + std::string(kFormPath) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    ASSERT_EQ(::send(fd, start.data(), start.size(), MSG_NOSIGNAL), static_cast<ssize_t>(start.size()));
    slow.push_back(fd);
  }
  // Connecting takes moments (a burst must not overflow the listen backlog): the first slow
  // clients would otherwise time out before the last one arrives.
  const double connect_s = std::chrono::duration<double>(Clock::now() - connect_start).count();
  EXPECT_LT(connect_s, 5.0);
  std::atomic<bool> stop{false};
  std::atomic<int> still_open{kSlowClients};
  double served = 0;
  struct Joiner {
    std::thread t;
    std::atomic<bool>* stop;
    ~Joiner() {
      *stop = true;
      if (t.joinable()) t.join();
    }
  } trickle{{}, &stop};
  trickle.t = std::thread([&] {
    while (!stop) {
      int open = 0;
      for (int fd : slow) open += ::send(fd, "a", 1, MSG_NOSIGNAL) == 1 ? 1 : 0;
      still_open = open;
      for (int i = 0; i < 10 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  // Let every slow connection reach the server and take its thread.
  ASSERT_TRUE(WaitFor(
      [&] {
        WebhookClient probe(ingest.port(), 10);
        WebhookResponse m = probe.Get("/metrics");
        const std::string name = "\naspirasi_ingest_http_connections ";
        auto at = m.body.find(name);
        served = at == std::string::npos ? 0 : std::stod(m.body.substr(at + name.size()));
        return served >= kSlowClients;
      },
      30))
      << "the slow connections never all reached the server: " << served << " served";

  auto [during_ms, during_ok] = PostWebhooks(ingest.port(), "slow-test-during-", 20);
  WebhookClient health(ingest.port(), 10);
  auto start = Clock::now();
  WebhookResponse h = health.Get("/healthz");
  double health_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  stop = true;
  trickle.t.join();
  for (int fd : slow) ::close(fd);

  EXPECT_TRUE(during_ok);
  EXPECT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(still_open.load(), kSlowClients) << "the test's slow clients were dropped, so it proves nothing";
  // "Usual latency": no slower than a generous multiple of the same webhooks without the slow
  // clients (the machine is shared with 500 more threads), and never the seconds of a wait.
  const double limit_ms = std::max(1000.0, 20 * usual_ms);
  EXPECT_LT(during_ms, limit_ms) << "usual " << usual_ms << " ms";
  EXPECT_LT(health_ms, limit_ms);
  std::cerr << kSlowClients << " slow clients connected in " << connect_s
            << " s; slowest signed webhook: " << usual_ms << " ms alone, " << during_ms << " ms beside "
            << kSlowClients << " slow clients; /healthz " << health_ms << " ms\n";
}

}  // namespace
}  // namespace aspirasi::testing
