// FailRules: the fake platform's failures and delays on demand.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aspirasi::fake_platform {

struct FailRule {
  std::string path_contains;  // "" matches every request
  int status = 0;             // 0: the usual answer (a pure delay)
  std::string body;           // the answer's body when status != 0
  std::string content_type = "application/json";
  int times = 1;     // how many requests it applies to; 0 = all
  int delay_ms = 0;  // wait this long before answering
};

class FailRules {
 public:
  void Add(FailRule rule);
  // The first rule matching `path` with uses left (one use is taken), or nullopt.
  std::optional<FailRule> Take(std::string_view path);
  void Clear();

  // Parses the control API's JSON {path_contains, status, body, times, delay_ms, content_type};
  // `body` may be a string or any JSON value (sent serialised). Returns nullopt and sets `error`
  // when it does not fit.
  static std::optional<FailRule> FromJson(std::string_view json, std::string& error);

 private:
  std::mutex mu_;
  std::vector<FailRule> rules_;  // GUARDED_BY(mu_); times < 0: used up
};

}  // namespace aspirasi::fake_platform
