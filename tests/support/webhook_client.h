// Webhook requests to a running aspirasi-ingest over real HTTP (cpp-httplib), for integration
// tests. One WebhookClient per thread.
#pragma once

#include <map>
#include <memory>
#include <string>

namespace httplib {
class Client;
}

namespace aspirasi::testing {

struct WebhookResponse {
  int status = 0;  // 0: no HTTP response (connection refused or reset)
  std::string body;
};

class WebhookClient {
 public:
  explicit WebhookClient(int port, int timeout_s = 30);
  ~WebhookClient();
  WebhookResponse Post(const std::string& path, const std::string& body,
                       const std::map<std::string, std::string>& headers = {});
  WebhookResponse Get(const std::string& path_and_query);

 private:
  std::unique_ptr<httplib::Client> client_;
};

// The ingest's 200 body {"new":1,...} as a map; keys with 0 are left out. Empty on bad JSON.
std::map<std::string, int> ParseCounts(const std::string& body);
// "new=1 appended=1" (sorted), for messages.
std::string FormatCounts(const std::map<std::string, int>& counts);
// A file's bytes exactly.
std::string ReadBytes(const std::string& path);

}  // namespace aspirasi::testing
