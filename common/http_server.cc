#include "common/http_server.h"

#include <httplib.h>

#include "common/elastic_task_queue.h"
#include "common/http_bind.h"
#include "common/log.h"

namespace aspirasi {

HttpServer::HttpServer(Metrics& metrics, HealthFn health)
    : metrics_(metrics), health_(std::move(health)), server_(std::make_unique<httplib::Server>()) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start(const std::string& host, int port) {
  auto& requests =
      metrics_.GetCounter("aspirasi_http_requests_total", "HTTP requests served", "path=\"/metrics\"");
  server_->set_payload_max_length(64 * 1024);
  // Scrapes are few; a slow or idle client gets a thread of its own instead of a scraper's.
  server_->new_task_queue = [] { return new ElasticTaskQueue(2, 256); };
  server_->set_read_timeout(5, 0);
  server_->Get("/metrics", [this, &requests](const httplib::Request&, httplib::Response& res) {
    requests.Inc();
    res.set_content(metrics_.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    std::string reason = health_ ? health_() : std::string();
    if (reason.empty()) {
      res.set_content("ok\n", "text/plain");
    } else {
      res.status = 503;
      res.set_content(reason + "\n", "text/plain");
    }
  });
  auto bound = BindHttp(*server_, host, port);
  if (!bound.ok()) return bound.status();
  port_ = *bound;
  thread_ = std::thread([this] {
    if (!server_->listen_after_bind()) ModuleLogger("http")->error("HTTP listener stopped unexpectedly");
  });
  ModuleLogger("http")->info("serving /metrics and /healthz on {}:{}", host, port_);
  return Status::Ok();
}

void HttpServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace aspirasi
