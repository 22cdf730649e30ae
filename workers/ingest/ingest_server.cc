#include "workers/ingest/ingest_server.h"

#include <httplib.h>

#include "common/elastic_task_queue.h"
#include "common/http_bind.h"
#include "common/log.h"

namespace aspirasi::ingest {
namespace {

constexpr const char* kWebhookPath = R"(/webhooks/([^/]+)/([^/]+))";

// "/webhooks/<channel>/..." -> "<channel>", for requests refused before routing.
// "/webhooks/<channel>/<account>" -> {channel, account}; empty parts for another path.
std::pair<std::string, std::string> PartsOfPath(const std::string& path) {
  const std::string prefix = "/webhooks/";
  if (path.rfind(prefix, 0) != 0) return {};
  std::string rest = path.substr(prefix.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string::npos) return {rest, ""};
  std::string account = rest.substr(slash + 1);
  return {rest.substr(0, slash), account.substr(0, account.find('/'))};
}

}  // namespace

IngestServer::IngestServer(WebhookHandler& handler, Metrics& metrics, HealthFn health,
                           IngestServerOptions options)
    : handler_(handler),
      metrics_(metrics),
      health_(std::move(health)),
      options_(options),
      server_(std::make_unique<httplib::Server>()) {}

IngestServer::~IngestServer() { Stop(); }

Status IngestServer::Start(const std::string& host, int port) {
  auto& s = *server_;
  // A thread per connection while it lasts, up to max_connections: slow or idle clients hold
  // threads of their own, not the ones the platforms' webhooks need.
  const auto core = static_cast<std::size_t>(std::max(options_.threads, 1));
  const auto max = std::max(static_cast<std::size_t>(std::max(options_.max_connections, 1)), core);
  Gauge* busy = &metrics_.GetGauge("aspirasi_ingest_http_connections",
                                   "HTTP connections being served (each holds a thread)");
  s.new_task_queue = [core, max, busy] { return new ElasticTaskQueue(core, max, busy); };
  s.set_payload_max_length(static_cast<size_t>(options_.max_body_bytes));
  s.set_keep_alive_max_count(100000);
  s.set_keep_alive_timeout(5);  // also bounds how long Stop() waits for idle connections
  s.set_read_timeout(10, 0);
  s.set_write_timeout(30, 0);
  s.set_tcp_nodelay(true);

  auto webhook = [this](const httplib::Request& req, httplib::Response& res) {
    HttpRequestView view;
    view.method = req.method;
    view.path = req.path;
    view.header = [&req](std::string_view name) { return req.get_header_value(std::string(name)); };
    view.query = [&req](std::string_view name) { return req.get_param_value(std::string(name)); };
    view.body = req.body;
    HttpReply reply = handler_.Handle(req.matches[1].str(), req.matches[2].str(), view);
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type);
  };
  s.Post(kWebhookPath, webhook);
  s.Get(kWebhookPath, webhook);
  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  s.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    std::string reason = health_ ? health_() : std::string();
    if (reason.empty()) {
      res.set_content("ok\n", "text/plain");
    } else {
      res.status = 503;
      res.set_content(reason + "\n", "text/plain");
    }
  });
  // Responses the server makes itself (413 before the body is read, 404 for other paths).
  s.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 413) {
      auto [channel, account] = PartsOfPath(req.path);
      HttpReply r = handler_.TooLarge(channel, account, options_.max_body_bytes);
      res.set_content(r.body, r.content_type);
    } else if (res.body.empty()) {
      res.set_content(ErrorJson("no such path; webhooks are POST /webhooks/<channel>/<account>"),
                      "application/json");
    }
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(ErrorJson("internal error"), "application/json");
  });

  auto bound = BindHttp(s, host, port);
  if (!bound.ok()) return bound.status();
  port_ = *bound;
  thread_ = std::thread([this] {
    if (!server_->listen_after_bind()) ModuleLogger("ingest")->error("HTTP listener stopped unexpectedly");
  });
  ModuleLogger("ingest")->info(
      "serving webhooks, /metrics and /healthz on {}:{} with {} threads ready, up to {} connections at once",
      host, port_, core, max);
  return Status::Ok();
}

void IngestServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace aspirasi::ingest
