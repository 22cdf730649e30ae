#include "common/http_server.h"

#include <httplib.h>

#include "common/log.h"

namespace aspirasi {

HttpServer::HttpServer(Metrics& metrics, HealthFn health)
    : metrics_(metrics), health_(std::move(health)), server_(std::make_unique<httplib::Server>()) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start(const std::string& host, int port) {
  auto& requests =
      metrics_.GetCounter("aspirasi_http_requests_total", "HTTP requests served", "path=\"/metrics\"");
  server_->set_payload_max_length(64 * 1024);
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
  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
    if (port_ <= 0) return Status::Io("cannot bind HTTP on " + host);
  } else {
    if (!server_->bind_to_port(host, port)) {
      return Status::Io("cannot bind HTTP on " + host + ":" + std::to_string(port));
    }
    port_ = port;
  }
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
