// The fake platform's usual answers: what each platform API returns on success, with ids made
// from a counter so runs are repeatable.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <string>

namespace aspirasi::fake_platform {

struct Answer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

// The answer to `method` `path` (with its prefix: /graph, /telegram, /x, /youtube, /generic) and
// `body`; `n` is the request's counter value (1, 2, ...) for generated ids; `now_ms` the clock.
// An unknown path gets that platform's 404-like error.
Answer PlatformAnswer(const std::string& method, const std::string& path, const std::string& body, uint64_t n,
                      int64_t now_ms);

}  // namespace aspirasi::fake_platform
