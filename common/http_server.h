// The observability HTTP server every process can run: GET /metrics (Prometheus text),
// GET /healthz (200 "ok" while the health callback says so, else 503 with the reason).
//
// Thread safety: Start spawns one listener thread; Stop joins it. The callbacks are called on
// that thread and must be thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "common/metrics.h"
#include "common/status.h"

namespace httplib {
class Server;
}

namespace aspirasi {

class HttpServer {
 public:
  // Returns an empty string when healthy, else the reason.
  using HealthFn = std::function<std::string()>;

  HttpServer(Metrics& metrics, HealthFn health);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (port 0 picks a free one) and starts serving.
  Status Start(const std::string& host, int port);
  int port() const { return port_; }
  void Stop();

 private:
  Metrics& metrics_;
  HealthFn health_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace aspirasi
