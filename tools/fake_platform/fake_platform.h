// FakePlatform: one local HTTP server standing in for every platform's reply API at once, for tests
// and the demo. It answers each API aspirasi::egress calls with a plausible success body (ids from a
// deterministic counter), records every request, and fails or delays requests on demand.
//
//   /graph/...     Facebook / Instagram / WhatsApp Graph API ({id}/comments, {id}/replies, {id}/messages)
//   /telegram/...  Bot API (bot<token>/sendMessage)
//   /x/...         X API v2 (2/tweets, 2/dm_conversations/with/{id}/messages)
//   /youtube/...   YouTube Data API v3 (youtube/v3/comments)
//   /generic/...   configured channels ({anything}/replies)
//
// Control API (for other processes): GET /_fake/requests[?path_contains=S] (JSON list),
// POST /_fake/fail {path_contains, status, body, times, delay_ms, content_type}, POST /_fake/reset.
//
// Thread safety: every method may be called from any thread while the server runs. Start and Stop
// must not race each other. A FakePlatform starts once; after Stop, make a new one.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/status.h"
#include "tools/fake_platform/fail_rules.h"
#include "tools/fake_platform/request_log.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace aspirasi::fake_platform {

struct FakePlatformOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: a free port
  // Called on a server thread after each platform request is answered (not for /_fake/).
  std::function<void(const RecordedRequest&)> on_answer;
};

class FakePlatform {
 public:
  FakePlatform();
  explicit FakePlatform(FakePlatformOptions options);
  ~FakePlatform();  // Stop()
  FakePlatform(const FakePlatform&) = delete;
  FakePlatform& operator=(const FakePlatform&) = delete;

  // Binds and serves on a background thread. REQUIRES: not started before.
  Status Start();
  // Stops serving; held requests are released at once. Idempotent.
  void Stop();
  int port() const { return port_; }
  // "http://<host>:<port>" + prefix, e.g. BaseUrl("/graph").
  std::string BaseUrl(std::string_view prefix = {}) const;

  // Platform requests so far, oldest first; only those whose path contains `path_contains`.
  std::vector<RecordedRequest> Requests(std::string_view path_contains = {}) const;

  // Rules are tried in the order added; the first that matches a request (and has uses left) applies.
  void AddRule(FailRule rule);
  // The next `times` requests whose path contains `path_contains` get `status` and `body`.
  void FailNext(std::string path_contains, int status, std::string body, int times = 1);
  // Every request whose path contains `path_contains` gets `status` and `body`.
  void FailAlways(std::string path_contains, int status, std::string body);
  // Requests whose path contains `path_contains` wait `delay_ms` before their usual answer
  // (`times` of them; 0 = all).
  void Hold(std::string path_contains, int delay_ms, int times = 0);
  // Forgets recorded requests and rules. Sequence numbers and generated ids keep counting up.
  void Reset();

 private:
  void HandlePlatform(const httplib::Request& req, httplib::Response& res);
  void InstallControlApi();
  // Waits up to delay_ms; returns early when Stop() is called.
  void Delay(int delay_ms);

  FakePlatformOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  bool started_ = false;
  std::atomic<bool> listen_returned_{false};
  RequestLog log_;
  FailRules rules_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // GUARDED_BY(stop_mu_)
};

}  // namespace aspirasi::fake_platform
