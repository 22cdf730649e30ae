// aspirasi-reply-bench: replies per second through one aspirasi-responder.
//   aspirasi-reply-bench [--replies N] [--platform-ms L] [--posters P] [--credit C] [--json]
//                        [--broker-bin PATH] [--responder-bin PATH] [--keep]
// Starts its own aspirasid (sample regency, automatic acknowledgements on, Telegram's API pointed at a
// fake platform inside this process that answers every sendMessage after L ms) and one
// aspirasi-responder for DLH; submits N Telegram tickets, each of which queues one acknowledgement;
// measures how fast the responder gets them posted: from the platform's first request to the
// broker counting the last one posted (aspirasi_replies_total{state="posted"}). Every reply must reach
// the platform exactly once. Exit codes: 0 all posted once, 1 not, 2 usage or a process would not start.
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bench/broker_process.h"
#include "clients/lib/http_probe.h"
#include "clients/lib/ingest_client.h"
#include "common/clock.h"
#include "common/command_line.h"

extern char** environ;

namespace {

using namespace aspirasi;
using namespace aspirasi::bench;
namespace fs = std::filesystem;

constexpr const char* kAccount = "8800000001";
constexpr const char* kTokenEnv = "ASPIRASI_REPLY_BENCH_TOKEN";
constexpr const char* kPosted = "aspirasi_replies_total{state=\"posted\"}";

double NowS() { return static_cast<double>(RealClock().MonoUs()) / 1e6; }

// Telegram's Bot API as far as sendMessage goes: answers after `latency_ms`, counts each chat.
class FakeTelegram {
 public:
  explicit FakeTelegram(int latency_ms) : latency_ms_(latency_ms) {
    server_.new_task_queue = [] { return new httplib::ThreadPool(64); };
    server_.Post(
        R"(/telegram/bot[^/]+/sendMessage)", [this](const httplib::Request& req, httplib::Response& res) {
          const double now = NowS();
          {
            std::lock_guard lock(mu_);
            if (first_s_ == 0) first_s_ = now;
            ++requests_;
            auto doc = nlohmann::json::parse(req.body, nullptr, false);
            std::string chat = doc.is_object() && doc.contains("chat_id") ? doc["chat_id"].dump() : "?";
            if (!chats_.insert(chat).second) ++repeated_;
          }
          if (latency_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency_ms_));
          res.set_content(R"({"ok":true,"result":{"message_id":)" + std::to_string(++ids_) + "}}",
                          "application/json");
        });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeTelegram() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  uint64_t requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  uint64_t repeated() {
    std::lock_guard lock(mu_);
    return repeated_;
  }
  double first_s() {
    std::lock_guard lock(mu_);
    return first_s_;
  }

 private:
  int latency_ms_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  uint64_t requests_ = 0, repeated_ = 0;
  double first_s_ = 0;
  std::set<std::string> chats_;
  std::atomic<uint64_t> ids_{0};
};

// The responder binary of this build tree: the nearest <ancestor>/workers/responder/aspirasi-responder.
std::string DefaultResponderBinary() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  for (fs::path dir = self.parent_path(); !ec && dir.has_relative_path(); dir = dir.parent_path()) {
    fs::path candidate = dir / "workers" / "responder" / "aspirasi-responder";
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  return "aspirasi-responder";
}

pid_t Spawn(const std::vector<std::string>& args, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

v1::Submit Draft(uint64_t i) {
  v1::Submit s;
  const std::string chat = std::to_string(5'000'000'000ULL + i);
  s.set_idempotency_key("reply-bench:" + std::to_string(i));
  auto* d = s.mutable_draft();
  d->set_channel("telegram");
  d->set_account(kAccount);
  d->set_source_id(chat + ":1");
  d->set_thread_id(chat);
  d->set_conversation_key("telegram:" + chat);
  d->mutable_author()->set_platform_id(chat);
  d->mutable_author()->set_display_name("Warga " + std::to_string(i));
  d->set_opd("DLH");
  d->set_text("Sampah di TPS belum diangkut sejak Senin, mohon ditindaklanjuti.");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"aspirasi-reply-bench: replies per second through one aspirasi-responder"};
  app.name("aspirasi-reply-bench");
  aspirasi::AddVersionFlag(app);
  uint64_t replies = 20000;
  int platform_ms = 0, posters = 4, timeout_s = 300;
  uint32_t credit = 64;
  bool json = false, keep = false;
  std::string broker_bin, responder_bin;
  app.add_option("--replies", replies, "tickets to submit (each queues one acknowledgement)")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  app.add_option("--platform-ms", platform_ms, "how long the fake platform takes to answer")
      ->capture_default_str()
      ->check(CLI::Range(0, 60000));
  app.add_option("--posters", posters, "the responder's --posters")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--credit", credit, "the responder's --credit")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--timeout", timeout_s, "seconds without the last reply posted before giving up")
      ->capture_default_str();
  app.add_option("--broker-bin", broker_bin, "aspirasid to start (default: this build tree's)");
  app.add_option("--responder-bin", responder_bin,
                 "aspirasi-responder to start (default: this build tree's)");
  app.add_flag("--json", json, "print one JSON object as the last line");
  app.add_flag("--keep", keep, "keep the temporary directory (config, database, logs)");
  if (auto exit_code = aspirasi::ParseCommandLine(app, argc, argv)) return *exit_code;
  if (broker_bin.empty()) broker_bin = DefaultBrokerBinary();
  if (responder_bin.empty()) responder_bin = DefaultResponderBinary();

  FakeTelegram platform(platform_ms);
  if (platform.port() <= 0) {
    std::cerr << "aspirasi-reply-bench: cannot bind the fake platform\n";
    return 2;
  }
  const std::string extra =
      std::string("\n[[account]]\nchannel = \"telegram\"\nid = \"") + kAccount +
      "\"\nopd = \"DLH\"\ntoken_env = \"" + kTokenEnv +
      "\"\n\n[egress]\nbase_urls = { telegram = \"http://127.0.0.1:" + std::to_string(platform.port()) +
      "/telegram\" }\n\n[desk]\nauto_ack = true\n";
  BrokerProcess broker;
  broker.keep_dir(keep);
  if (Status st = broker.Start(broker_bin, {}, 30000, extra); !st.ok()) {
    std::cerr << "aspirasi-reply-bench: cannot start the broker: " << st.message() << "\n";
    return 2;
  }
  ::setenv(kTokenEnv, "123456:reply-bench", 1);
  const std::string responder_log = broker.dir() + "/responder.log";
  pid_t responder = Spawn({responder_bin, "--config", broker.dir() + "/bench.toml", "--opd", "DLH",
                           "--worker", broker.endpoints().worker, "--credit", std::to_string(credit),
                           "--posters", std::to_string(posters), "--log-level", "warn"},
                          responder_log);
  if (responder <= 0) {
    std::cerr << "aspirasi-reply-bench: cannot start " << responder_bin << "\n";
    return 2;
  }
  std::fprintf(stderr, "aspirasi-reply-bench: %llu replies, platform %d ms, %d posters, credit %u\n",
               static_cast<unsigned long long>(replies), platform_ms, posters, credit);

  // Submit everything (pipelined); the acknowledgements queue as the tickets are created.
  uint64_t acked = 0, failed = 0;
  {
    IngestClient ingest(broker.endpoints().ingest);
    auto on_reply = [&](uint64_t, Result<v1::SubmitAck> r) { (r.ok() ? acked : failed)++; };
    for (uint64_t i = 0; i < replies; ++i) {
      while (ingest.in_flight() >= 2000) ingest.Poll(50, on_reply);
      if (!ingest.Send(Draft(i), i).ok()) ++failed;
    }
    while (ingest.in_flight() > 0) ingest.Poll(100, on_reply);
  }
  // Wait for the broker to count them all posted.
  double posted = 0, last_change_s = NowS(), last_posted_s = 0;
  while (posted < static_cast<double>(acked) && NowS() - last_change_s < timeout_s) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    double now_posted = MetricOr(ScrapeMetrics(broker.endpoints().http), kPosted);
    if (now_posted > posted) {
      posted = now_posted;
      last_change_s = last_posted_s = NowS();
    }
  }
  const double seconds = last_posted_s > platform.first_s() ? last_posted_s - platform.first_s() : 0;
  const double per_s = seconds > 0 ? posted / seconds : 0;
  ::kill(responder, SIGTERM);
  int status = 0;
  ::waitpid(responder, &status, 0);
  broker.Stop();

  const uint64_t requests = platform.requests(), repeated = platform.repeated();
  const bool ok = failed == 0 && posted == static_cast<double>(acked) && requests == acked && repeated == 0;
  std::printf(
      "replies      %llu queued (%llu submits failed), %.0f posted, %llu platform requests, %llu repeated\n",
      static_cast<unsigned long long>(acked), static_cast<unsigned long long>(failed), posted,
      static_cast<unsigned long long>(requests), static_cast<unsigned long long>(repeated));
  std::printf("throughput   %.0f replies/s through one responder (%d posters, platform %d ms; %.2f s)\n",
              per_s, posters, platform_ms, seconds);
  if (json) {
    nlohmann::json j = {{"replies", acked},
                        {"posted", posted},
                        {"platform_requests", requests},
                        {"repeated", repeated},
                        {"replies_per_s", per_s},
                        {"seconds", seconds},
                        {"posters", posters},
                        {"platform_ms", platform_ms},
                        {"credit", credit},
                        {"ok", ok}};
    std::printf("%s\n", j.dump().c_str());
  }
  return ok ? 0 : 1;
}
