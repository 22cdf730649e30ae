#include "tests/support/fake_youtube_api.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace aspirasi::testing {

FakeYoutubeApi::FakeYoutubeApi(std::string page1, std::string page2, std::string comments)
    : page1_(std::move(page1)),
      page2_(std::move(page2)),
      comments_(std::move(comments)),
      server_(std::make_unique<httplib::Server>()) {
  token_ = nlohmann::json::parse(page1_).value("nextPageToken", "");
  server_->Get("/youtube/v3/commentThreads", [this](const httplib::Request& req, httplib::Response& res) {
    ++requests_;
    std::string token = req.get_param_value("pageToken");
    res.set_content(token.empty() ? page1_ : token == token_ ? page2_ : "{\"items\":[]}", "application/json");
  });
  server_->Get("/youtube/v3/comments", [this](const httplib::Request&, httplib::Response& res) {
    ++requests_;
    res.set_content(comments_, "application/json");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

FakeYoutubeApi::~FakeYoutubeApi() {
  server_->stop();
  thread_.join();
}

std::string FakeYoutubeApi::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/youtube/v3";
}

}  // namespace aspirasi::testing
