#include "tools/fake_platform/fake_platform.h"

#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "tools/fake_platform/platform_answers.h"

namespace aspirasi::fake_platform {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RecordedRequest Record(const httplib::Request& req) {
  RecordedRequest r;
  r.method = req.method;
  r.path = req.path;
  if (auto q = req.target.find('?'); q != std::string::npos) r.query = req.target.substr(q + 1);
  for (const auto& [name, value] : req.headers) {
    // cpp-httplib adds these to every request it parses; they are not the client's.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT")
      continue;
    r.headers.emplace_back(name, value);
  }
  r.body = req.body;
  r.at_ms = NowMs();
  return r;
}

}  // namespace

FakePlatform::FakePlatform() : FakePlatform(FakePlatformOptions{}) {}

FakePlatform::FakePlatform(FakePlatformOptions options)
    : options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {}

FakePlatform::~FakePlatform() { Stop(); }

Status FakePlatform::Start() {
  if (started_) return Status::Conflict("the fake platform was started before; make a new one");
  started_ = true;
  server_->set_payload_max_length(8 * 1024 * 1024);
  InstallControlApi();
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { HandlePlatform(req, res); };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Patch(".*", handler);
  server_->Delete(".*", handler);
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
    if (port_ <= 0) return Status::Io("cannot bind " + options_.host);
  } else {
    if (!server_->bind_to_port(options_.host, options_.port)) {
      return Status::Io("cannot bind " + options_.host + ":" + std::to_string(options_.port));
    }
    port_ = options_.port;
  }
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = false;
  }
  listen_returned_ = false;
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listen_returned_ = true;
  });
  // cpp-httplib's stop() does nothing until the listener runs: wait for it, so Stop() never hangs.
  while (!server_->is_running() && !listen_returned_)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!server_->is_running()) {
    thread_.join();
    return Status::Io("the HTTP listener on " + options_.host + ":" + std::to_string(port_) +
                      " stopped at once");
  }
  return Status::Ok();
}

void FakePlatform::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  server_->stop();
  thread_.join();
}

std::string FakePlatform::BaseUrl(std::string_view prefix) const {
  return "http://" + options_.host + ":" + std::to_string(port_) + std::string(prefix);
}

std::vector<RecordedRequest> FakePlatform::Requests(std::string_view path_contains) const {
  return log_.Find(path_contains);
}

void FakePlatform::AddRule(FailRule rule) { rules_.Add(std::move(rule)); }

void FakePlatform::FailNext(std::string path_contains, int status, std::string body, int times) {
  FailRule rule;
  rule.path_contains = std::move(path_contains);
  rule.status = status;
  rule.body = std::move(body);
  rule.times = times;
  rules_.Add(std::move(rule));
}

void FakePlatform::FailAlways(std::string path_contains, int status, std::string body) {
  FailNext(std::move(path_contains), status, std::move(body), /*times=*/0);
}

void FakePlatform::Hold(std::string path_contains, int delay_ms, int times) {
  FailRule rule;
  rule.path_contains = std::move(path_contains);
  rule.times = times;
  rule.delay_ms = delay_ms;
  rules_.Add(std::move(rule));
}

void FakePlatform::Reset() {
  log_.Clear();
  rules_.Clear();
}

void FakePlatform::Delay(int delay_ms) {
  std::unique_lock lock(stop_mu_);
  stop_cv_.wait_for(lock, std::chrono::milliseconds(delay_ms), [this] { return stopping_; });
}

void FakePlatform::HandlePlatform(const httplib::Request& req, httplib::Response& res) {
  RecordedRequest record = Record(req);
  uint64_t seq = log_.Add(record);
  std::optional<FailRule> rule = rules_.Take(req.path);
  if (rule && rule->delay_ms > 0) Delay(rule->delay_ms);
  if (rule && rule->status != 0) {
    res.status = rule->status;
    res.set_content(rule->body, rule->content_type.c_str());
  } else {
    Answer answer = PlatformAnswer(req.method, req.path, req.body, seq, record.at_ms);
    res.status = answer.status;
    res.set_content(answer.body, answer.content_type.c_str());
  }
  log_.SetStatus(seq, res.status);
  if (options_.on_answer) {
    record.seq = seq;
    record.status = res.status;
    options_.on_answer(record);
  }
}

void FakePlatform::InstallControlApi() {
  server_->Get("/_fake/requests", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_content(log_.FindJson(req.get_param_value("path_contains")), "application/json");
  });
  server_->Post("/_fake/fail", [this](const httplib::Request& req, httplib::Response& res) {
    std::string error;
    std::optional<FailRule> rule = FailRules::FromJson(req.body, error);
    if (!rule) {
      res.status = 400;
      res.set_content(nlohmann::json{{"ok", false}, {"error", error}}.dump(), "application/json");
      return;
    }
    rules_.Add(std::move(*rule));
    res.set_content("{\"ok\":true}", "application/json");
  });
  server_->Post("/_fake/reset", [this](const httplib::Request&, httplib::Response& res) {
    Reset();
    res.set_content("{\"ok\":true}", "application/json");
  });
}

}  // namespace aspirasi::fake_platform
