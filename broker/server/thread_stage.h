// ThreadStage: a background thread that takes work in batches from the event loop and hands
// results back, waking the loop through an inproc ZeroMQ PUSH/PULL pair.
//
// The writer (group commit: one transaction per batch) and the query thread are stages.
// Push/Take are called by the event-loop thread; `process` runs on the stage's thread.
// Thread safety: Push, PushAll and Take are safe against the stage's thread; a stage has one
// event-loop caller.
#pragma once

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

namespace aspirasi::server {

template <class In, class Out>
class ThreadStage {
 public:
  // Processes up to max_batch inputs; appends results to *out.
  using Process = std::function<void(std::vector<In>& batch, std::vector<Out>* out)>;

  // `name` names the thread for top -H, ps -L and /proc (at most 15 characters are kept).
  ThreadStage(zmq::context_t& ctx, std::string name, std::string notify_endpoint, std::size_t max_batch,
              Process process)
      : ctx_(ctx),
        name_(std::move(name)),
        endpoint_(std::move(notify_endpoint)),
        max_batch_(max_batch),
        process_(std::move(process)) {}
  ~ThreadStage() { Stop(); }

  // REQUIRES: the event loop has bound a PULL socket at notify_endpoint.
  void Start() {
    thread_ = std::thread([this] { Run(); });
  }

  // Processes everything already pushed, then ends the thread.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  void Push(In item) {
    {
      std::lock_guard lock(mu_);
      in_.push_back(std::move(item));
    }
    cv_.notify_one();
  }

  void PushAll(std::vector<In>& items) {
    if (items.empty()) return;
    {
      std::lock_guard lock(mu_);
      for (auto& i : items) in_.push_back(std::move(i));
    }
    items.clear();
    cv_.notify_one();
  }

  std::vector<Out> Take() {
    std::vector<Out> out;
    std::lock_guard lock(mu_);
    out.swap(out_);
    return out;
  }

  std::size_t backlog() const {
    std::lock_guard lock(mu_);
    return in_.size();
  }

 private:
  void Run() {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    zmq::socket_t notify(ctx_, zmq::socket_type::push);
    notify.set(zmq::sockopt::linger, 0);
    notify.connect(endpoint_);
    std::vector<In> batch;
    std::vector<Out> results;
    while (true) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !in_.empty(); });
        if (in_.empty()) break;  // stopping, and nothing left
        // A deque: taking a batch off the front of a long backlog moves only the batch.
        auto end = in_.begin() + static_cast<std::ptrdiff_t>(std::min(in_.size(), max_batch_));
        batch.assign(std::make_move_iterator(in_.begin()), std::make_move_iterator(end));
        in_.erase(in_.begin(), end);
      }
      process_(batch, &results);
      batch.clear();
      bool wake;
      {
        std::lock_guard lock(mu_);
        wake = out_.empty();
        if (out_.empty()) {
          out_.swap(results);
        } else {
          for (auto& r : results) out_.push_back(std::move(r));
        }
      }
      results.clear();
      // One wake-up per burst: the loop takes everything at once.
      if (wake) notify.send(zmq::message_t(), zmq::send_flags::dontwait);
    }
  }

  zmq::context_t& ctx_;
  std::string name_;
  std::string endpoint_;
  std::size_t max_batch_;
  Process process_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<In> in_;
  std::vector<Out> out_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace aspirasi::server
