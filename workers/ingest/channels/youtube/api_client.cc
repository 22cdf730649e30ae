#include "workers/ingest/channels/youtube/api_client.h"

#include <httplib.h>

#include <exception>

namespace aspirasi::ingest::youtube {

ApiClient::ApiClient(std::unique_ptr<httplib::Client> client, std::string path_prefix, std::string api_key)
    : client_(std::move(client)), path_prefix_(std::move(path_prefix)), api_key_(std::move(api_key)) {}

ApiClient::~ApiClient() = default;

Result<std::unique_ptr<ApiClient>> ApiClient::Create(const std::string& base_url, std::string api_key,
                                                     int timeout_s) {
  std::size_t scheme_end = base_url.find("://");
  std::string scheme = scheme_end == std::string::npos ? std::string() : base_url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    return Status::InvalidArgument("api_base_url",
                                   "youtube: api_base_url must start with http:// or https://");
  }
  std::size_t path_start = base_url.find('/', scheme_end + 3);
  std::string origin = base_url.substr(0, path_start);
  std::string prefix = path_start == std::string::npos ? std::string() : base_url.substr(path_start);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (origin.size() <= scheme_end + 3)
    return Status::InvalidArgument("api_base_url", "youtube: api_base_url has no host");
  try {
    auto client = std::make_unique<httplib::Client>(origin);
    if (!client->is_valid()) return Status::InvalidArgument("api_base_url", "youtube: cannot use " + origin);
    client->set_connection_timeout(timeout_s, 0);
    client->set_read_timeout(timeout_s, 0);
    client->set_write_timeout(timeout_s, 0);
    client->set_keep_alive(true);
    client->set_follow_location(false);
    return std::unique_ptr<ApiClient>(
        new ApiClient(std::move(client), std::move(prefix), std::move(api_key)));
  } catch (const std::exception& e) {
    return Status::InvalidArgument("api_base_url", std::string("youtube: ") + e.what());
  }
}

Result<ApiResponse> ApiClient::Get(const std::string& resource,
                                   const std::vector<std::pair<std::string, std::string>>& params) {
  httplib::Params query(params.begin(), params.end());
  query.emplace("key", api_key_);
  try {
    httplib::Result r =
        client_->Get(path_prefix_ + "/" + resource, query, httplib::Headers{{"Accept", "application/json"}});
    if (!r) {
      return Status::Unavailable("youtube: GET " + resource +
                                 " got no response: " + httplib::to_string(r.error()));
    }
    return ApiResponse{r->status, r->body};
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("youtube: GET ") + resource + " failed: " + e.what());
  }
}

void ApiClient::Cancel() { client_->stop(); }

}  // namespace aspirasi::ingest::youtube
