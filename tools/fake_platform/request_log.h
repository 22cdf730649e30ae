// RequestLog: what the fake platform received, in arrival order.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aspirasi::fake_platform {

struct RecordedRequest {
  uint64_t seq = 0;  // 1-based arrival order since the server was made (Clear does not restart it)
  std::string method;
  std::string path;                                          // without the query
  std::string query;                                         // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // as received (Authorization included)
  std::string body;
  int64_t at_ms = 0;  // wall clock on arrival
  int status = 0;     // the answer's status; 0 while the request is still held

  // The first header of that name (any case), or "".
  std::string Header(std::string_view name) const;
  // {"seq", "method", "path", "query", "headers": {name: value}, "body", "at_ms", "status"}
  std::string ToJson() const;
};

class RequestLog {
 public:
  // Stores the request with the next seq and returns that seq.
  uint64_t Add(RecordedRequest request);
  void SetStatus(uint64_t seq, int status);
  std::vector<RecordedRequest> Find(std::string_view path_contains) const;
  // A JSON array of Find(path_contains).
  std::string FindJson(std::string_view path_contains) const;
  void Clear();

 private:
  mutable std::mutex mu_;
  std::vector<RecordedRequest> requests_;  // GUARDED_BY(mu_)
  uint64_t last_seq_ = 0;                  // GUARDED_BY(mu_)
};

}  // namespace aspirasi::fake_platform
