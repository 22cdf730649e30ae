#include "tools/fake_platform/request_log.h"

#include <strings.h>

#include <nlohmann/json.hpp>

namespace aspirasi::fake_platform {
namespace {

using Json = nlohmann::json;

Json ToJsonValue(const RecordedRequest& r) {
  Json headers = Json::object();
  for (const auto& [name, value] : r.headers) headers[name] = value;
  return {{"seq", r.seq},       {"method", r.method}, {"path", r.path},   {"query", r.query},
          {"headers", headers}, {"body", r.body},     {"at_ms", r.at_ms}, {"status", r.status}};
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

std::string RecordedRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return {};
}

std::string RecordedRequest::ToJson() const { return Dump(ToJsonValue(*this)); }

uint64_t RequestLog::Add(RecordedRequest request) {
  std::lock_guard lock(mu_);
  request.seq = ++last_seq_;
  requests_.push_back(std::move(request));
  return requests_.back().seq;
}

void RequestLog::SetStatus(uint64_t seq, int status) {
  std::lock_guard lock(mu_);
  for (auto it = requests_.rbegin(); it != requests_.rend(); ++it) {
    if (it->seq == seq) {
      it->status = status;
      return;
    }
  }
}

std::vector<RecordedRequest> RequestLog::Find(std::string_view path_contains) const {
  std::lock_guard lock(mu_);
  std::vector<RecordedRequest> out;
  for (const RecordedRequest& r : requests_) {
    if (r.path.find(path_contains) != std::string::npos) out.push_back(r);
  }
  return out;
}

std::string RequestLog::FindJson(std::string_view path_contains) const {
  Json list = Json::array();
  for (const RecordedRequest& r : Find(path_contains)) list.push_back(ToJsonValue(r));
  return Dump(list);
}

void RequestLog::Clear() {
  std::lock_guard lock(mu_);
  requests_.clear();
}

}  // namespace aspirasi::fake_platform
