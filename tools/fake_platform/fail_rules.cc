#include "tools/fake_platform/fail_rules.h"

#include <nlohmann/json.hpp>
#include <utility>

namespace aspirasi::fake_platform {

void FailRules::Add(FailRule rule) {
  std::lock_guard lock(mu_);
  rules_.push_back(std::move(rule));
}

std::optional<FailRule> FailRules::Take(std::string_view path) {
  std::lock_guard lock(mu_);
  for (FailRule& rule : rules_) {
    if (rule.times < 0 || path.find(rule.path_contains) == std::string_view::npos) continue;
    FailRule taken = rule;
    if (rule.times > 0 && --rule.times == 0) rule.times = -1;
    return taken;
  }
  return std::nullopt;
}

void FailRules::Clear() {
  std::lock_guard lock(mu_);
  rules_.clear();
}

std::optional<FailRule> FailRules::FromJson(std::string_view json, std::string& error) {
  using Json = nlohmann::json;
  Json doc = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = "expected a JSON object {path_contains, status, body, times, delay_ms}";
    return std::nullopt;
  }
  FailRule rule;
  rule.times = 0;  // over the control API, "times" absent or 0 means always
  auto read_int = [&](const char* key, int& out, int min, int max) {
    if (!doc.contains(key)) return true;
    if (!doc[key].is_number_integer() || doc[key].get<int64_t>() < min || doc[key].get<int64_t>() > max) {
      error = std::string(key) + ": expected an integer from " + std::to_string(min) + " to " +
              std::to_string(max);
      return false;
    }
    out = static_cast<int>(doc[key].get<int64_t>());
    return true;
  };
  if (!read_int("status", rule.status, 0, 599) || !read_int("times", rule.times, 0, 1'000'000) ||
      !read_int("delay_ms", rule.delay_ms, 0, 600'000)) {
    return std::nullopt;
  }
  if (rule.status != 0 && rule.status < 100) {
    error = "status: expected 0 (no failure) or an HTTP status from 100 to 599";
    return std::nullopt;
  }
  for (const char* key : {"path_contains", "content_type"}) {
    if (doc.contains(key) && !doc[key].is_string()) {
      error = std::string(key) + ": expected a string";
      return std::nullopt;
    }
  }
  if (doc.contains("path_contains")) rule.path_contains = doc["path_contains"].get<std::string>();
  if (doc.contains("content_type")) rule.content_type = doc["content_type"].get<std::string>();
  if (doc.contains("body")) {
    const Json& body = doc["body"];
    rule.body = body.is_string() ? body.get<std::string>() : body.dump();
  }
  return rule;
}

}  // namespace aspirasi::fake_platform
