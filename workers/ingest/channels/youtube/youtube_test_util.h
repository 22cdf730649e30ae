// Test helpers: fixture bytes, a temporary directory, a fake YouTube Data API (cpp-httplib on
// 127.0.0.1, a random free port) serving scripted replies, and a Submitter that records batches.
#pragma once

#include <httplib.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "workers/ingest/submitter.h"

namespace aspirasi::ingest::youtube_test {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string Testdata(const std::string& name) {
  return ReadFile(std::string(YOUTUBE_TESTDATA) + "/" + name);
}

// A fresh directory under the system's temp dir, removed with the object.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("aspirasi-youtube-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Serves GET /youtube/v3/<resource> from per-resource queues of scripted replies, in order; an
// unscripted request gets HTTP 418 (no test expects one).
class FakeYoutubeApi {
 public:
  struct Reply {
    int status = 200;
    std::string body;
  };
  struct Request {
    std::string resource;
    std::multimap<std::string, std::string> params;
    std::string Param(const std::string& name) const {
      auto it = params.find(name);
      return it == params.end() ? std::string() : it->second;
    }
    bool Has(const std::string& name) const { return params.count(name) > 0; }
  };

  FakeYoutubeApi() {
    server_.Get(R"(/youtube/v3/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      Request r{req.matches[1], {req.params.begin(), req.params.end()}};
      requests_.push_back(r);
      auto& queue = queues_[r.resource];
      if (queue.empty()) {
        res.status = 418;
        res.set_content(R"({"error":{"code":418,"message":"unscripted request","errors":[]}})",
                        "application/json");
        return;
      }
      res.status = queue.front().status;
      res.set_content(queue.front().body, "application/json; charset=UTF-8");
      queue.pop_front();
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ > 0) {
      thread_ = std::thread([this] { server_.listen_after_bind(); });
      while (!server_.is_running()) std::this_thread::yield();
    }
  }
  ~FakeYoutubeApi() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_) + "/youtube/v3"; }
  void Enqueue(const std::string& resource, Reply reply) {
    std::lock_guard lock(mu_);
    queues_[resource].push_back(std::move(reply));
  }
  void EnqueueFile(const std::string& resource, const std::string& body, int status = 200) {
    Enqueue(resource, Reply{status, body});
  }
  std::vector<Request> Requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::size_t Pending() const {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (const auto& [resource, queue] : queues_) n += queue.size();
    return n;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::map<std::string, std::deque<Reply>> queues_;
  std::vector<Request> requests_;
};

// Records every accepted batch; fails the next `fail_next` calls with UNAVAILABLE.
class RecordingSubmitter : public Submitter {
 public:
  Status SubmitAll(const std::vector<v1::Submit>& submits) override {
    std::lock_guard lock(mu_);
    if (fail_next > 0) {
      --fail_next;
      return Status::Unavailable("broker unreachable and spool full (test)");
    }
    batches.push_back(submits);
    return Status::Ok();
  }
  std::vector<v1::Submit> All() const {
    std::lock_guard lock(mu_);
    std::vector<v1::Submit> all;
    for (const auto& b : batches) all.insert(all.end(), b.begin(), b.end());
    return all;
  }
  std::size_t Batches() const {
    std::lock_guard lock(mu_);
    return batches.size();
  }

  int fail_next = 0;
  std::vector<std::vector<v1::Submit>> batches;

 private:
  mutable std::mutex mu_;
};

}  // namespace aspirasi::ingest::youtube_test
