#include "workers/ingest/ingest_server.h"

#include <httplib.h>

#include "common/log.h"

namespace aspirasi::ingest {
namespace {

constexpr const char* kWebhookPath = R"(/webhooks/([^/]+)/([^/]+))";

// "/webhooks/<channel>/..." -> "<channel>", for requests refused before routing.
std::string ChannelOfPath(const std::string& path) {
  const std::string prefix = "/webhooks/";
  if (path.rfind(prefix, 0) != 0) return "";
  std::string rest = path.substr(prefix.size());
  return rest.substr(0, rest.find('/'));
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
  int threads = std::max(options_.threads, 1);
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
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
      HttpReply r = handler_.TooLarge(ChannelOfPath(req.path), options_.max_body_bytes);
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

  if (port == 0) {
    port_ = s.bind_to_any_port(host);
    if (port_ <= 0) return Status::Io("cannot bind HTTP on " + host);
  } else {
    if (!s.bind_to_port(host, port))
      return Status::Io("cannot bind HTTP on " + host + ":" + std::to_string(port));
    port_ = port;
  }
  thread_ = std::thread([this] {
    if (!server_->listen_after_bind()) ModuleLogger("ingest")->error("HTTP listener stopped unexpectedly");
  });
  ModuleLogger("ingest")->info("serving webhooks, /metrics and /healthz on {}:{} with {} threads", host,
                               port_, threads);
  return Status::Ok();
}

void IngestServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace aspirasi::ingest
