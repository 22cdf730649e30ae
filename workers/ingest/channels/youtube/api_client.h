// GET requests to the YouTube Data API (cpp-httplib, HTTPS with OpenSSL, or plain HTTP for a local
// fake in tests). The API key goes in the `key` query parameter and is never logged.
//
// Thread safety: Get() from one thread; Cancel() from any thread (it aborts a Get in progress so a
// stopping poller returns promptly; later Gets work again).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace httplib {
class Client;
}

namespace aspirasi::ingest::youtube {

struct ApiResponse {
  int status = 0;
  std::string body;
};

class ApiClient {
 public:
  // `base_url` like "https://www.googleapis.com/youtube/v3" (scheme, host, optional port and path).
  // INVALID_ARGUMENT (field api_base_url) when it is not one.
  static Result<std::unique_ptr<ApiClient>> Create(const std::string& base_url, std::string api_key,
                                                   int timeout_s);
  ~ApiClient();

  // GET <base path>/<resource>?<params>&key=<api key>. Any HTTP status is a response; UNAVAILABLE
  // when there is none (connection refused, timeout, TLS failure, cancelled).
  Result<ApiResponse> Get(const std::string& resource,
                          const std::vector<std::pair<std::string, std::string>>& params);
  void Cancel();

 private:
  ApiClient(std::unique_ptr<httplib::Client> client, std::string path_prefix, std::string api_key);

  std::unique_ptr<httplib::Client> client_;
  std::string path_prefix_;  // "/youtube/v3", or ""
  std::string api_key_;
};

}  // namespace aspirasi::ingest::youtube
