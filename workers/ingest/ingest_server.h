// IngestServer: aspirasi-ingest's HTTP server (cpp-httplib). Serves
//   GET|POST /webhooks/<channel>/<account>   -> WebhookHandler
//   GET /metrics                             Prometheus text of the process's Metrics
//   GET /healthz                             200 "ok", or 503 with the reason from `health`
// Bodies over `max_body_bytes` (the largest endpoint limit) are refused by the server with 413
// before they are read; smaller per-endpoint limits are the handler's.
//
// Keep-alive connections hold one worker thread each while open: `threads` should exceed the
// number of connections platforms keep open at once.
//
// Thread safety: Start/Stop from one thread; handlers run on the pool's threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "common/metrics.h"
#include "common/status.h"
#include "workers/ingest/webhook_handler.h"

namespace httplib {
class Server;
}

namespace aspirasi::ingest {

struct IngestServerOptions {
  int threads = 32;            // kept ready
  int max_connections = 1024;  // served at once, a thread each (common/elastic_task_queue.h)
  int64_t max_body_bytes = 1 << 20;
};

class IngestServer {
 public:
  using HealthFn = std::function<std::string()>;  // "" when healthy, else the reason

  IngestServer(WebhookHandler& handler, Metrics& metrics, HealthFn health, IngestServerOptions options);
  ~IngestServer();
  IngestServer(const IngestServer&) = delete;
  IngestServer& operator=(const IngestServer&) = delete;

  // Binds host:port (0: any free port, see port()) and serves on a background thread.
  Status Start(const std::string& host, int port);
  int port() const { return port_; }
  // Stops accepting, finishes the requests being handled, joins.
  void Stop();

 private:
  WebhookHandler& handler_;
  Metrics& metrics_;
  HealthFn health_;
  IngestServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace aspirasi::ingest
