#include "tests/support/webhook_client.h"

#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace aspirasi::testing {

WebhookClient::WebhookClient(int port, int timeout_s)
    : client_(std::make_unique<httplib::Client>("127.0.0.1", port)) {
  client_->set_connection_timeout(5, 0);
  client_->set_read_timeout(timeout_s, 0);
  client_->set_write_timeout(timeout_s, 0);
  client_->set_keep_alive(true);
}

WebhookClient::~WebhookClient() = default;

WebhookResponse WebhookClient::Post(const std::string& path, const std::string& body,
                                    const std::map<std::string, std::string>& headers) {
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  auto res = client_->Post(path, h, body, "application/json");
  if (!res) return {};
  return {res->status, res->body};
}

WebhookResponse WebhookClient::Get(const std::string& path_and_query) {
  auto res = client_->Get(path_and_query);
  if (!res) return {};
  return {res->status, res->body};
}

std::map<std::string, int> ParseCounts(const std::string& body) {
  std::map<std::string, int> out;
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_number_integer() && v.get<int>() != 0) out[k] = v.get<int>();
  }
  return out;
}

std::string FormatCounts(const std::map<std::string, int>& counts) {
  std::string out;
  for (const auto& [k, v] : counts) out += (out.empty() ? "" : " ") + k + "=" + std::to_string(v);
  return out.empty() ? "(nothing)" : out;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace aspirasi::testing
