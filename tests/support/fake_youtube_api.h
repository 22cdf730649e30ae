// A local YouTube Data API for integration tests: serves commentThreads.list from two recorded
// pages (page 1 without a pageToken, page 2 for page 1's nextPageToken, then empty pages) and
// comments.list (the replies of a thread) from one page, so aspirasi-ingest's youtube poller
// can run without the Internet.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace aspirasi::testing {

class FakeYoutubeApi {
 public:
  FakeYoutubeApi(std::string page1, std::string page2, std::string comments = R"({"items":[]})");
  ~FakeYoutubeApi();
  // The base URL for IngestFixture::SetYoutubeApi, e.g. "http://127.0.0.1:P/youtube/v3".
  std::string base_url() const;
  int requests() const { return requests_; }

 private:
  std::string page1_, page2_, comments_, token_;
  std::unique_ptr<httplib::Server> server_;
  std::atomic<int> requests_{0};
  int port_ = 0;
  std::thread thread_;
};

}  // namespace aspirasi::testing
