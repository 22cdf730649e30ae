#include "common/elastic_task_queue.h"

#include <algorithm>
#include <chrono>
#include <system_error>

#include "common/log.h"

namespace aspirasi {

ElasticTaskQueue::ElasticTaskQueue(std::size_t core, std::size_t max, Gauge* busy, int idle_ms)
    : core_(std::max<std::size_t>(core, 1)),
      max_(std::max(max, std::max<std::size_t>(core, 1))),
      busy_gauge_(busy),
      idle_ms_(idle_ms) {
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < core_; ++i) SpawnLocked();
}

ElasticTaskQueue::~ElasticTaskQueue() { shutdown(); }

std::size_t ElasticTaskQueue::threads() const {
  std::lock_guard lock(mu_);
  return live_;
}

bool ElasticTaskQueue::SpawnLocked() {
  auto w = std::make_unique<Worker>();
  Worker* raw = w.get();
  try {
    raw->thread = std::thread([this, raw] { Run(raw); });
  } catch (const std::system_error& e) {
    // Out of threads (the system's or the service's TasksMax): the job waits for a running thread
    // instead of the process ending inside the HTTP library's accept loop.
    if (!spawn_failed_logged_) {
      spawn_failed_logged_ = true;
      ModuleLogger("http")->error("cannot start another HTTP thread ({} running): {}; connections wait",
                                  live_, e.what());
    }
    return false;
  }
  ++live_;
  ++idle_;  // counted as ready from now, so that a burst does not start more threads than it needs
  workers_.push_back(std::move(w));
  return true;
}

void ElasticTaskQueue::ReapLocked() {
  for (auto it = workers_.begin(); it != workers_.end();) {
    if ((*it)->done) {
      (*it)->thread.join();  // its loop has returned: this does not wait
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
}

void ElasticTaskQueue::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(fn));
    ReapLocked();
    // Every thread busy with a connection: one more, so that this one is served now.
    if (!shutdown_ && idle_ < jobs_.size() && live_ < max_) SpawnLocked();
  }
  cv_.notify_one();
}

void ElasticTaskQueue::Run(Worker* self) {
  std::unique_lock lock(mu_);
  while (true) {
    bool got =
        cv_.wait_for(lock, std::chrono::milliseconds(idle_ms_), [&] { return !jobs_.empty() || shutdown_; });
    if (jobs_.empty()) {
      if (shutdown_ || (!got && live_ > core_)) break;  // idle beyond the core: end
      continue;
    }
    std::function<void()> fn = std::move(jobs_.front());
    jobs_.pop_front();
    --idle_;
    ++running_;
    if (busy_gauge_ != nullptr) busy_gauge_->Set(static_cast<double>(running_));
    lock.unlock();
    fn();
    fn = nullptr;  // the connection's state goes now, not at the next job
    lock.lock();
    --running_;
    ++idle_;
    if (busy_gauge_ != nullptr) busy_gauge_->Set(static_cast<double>(running_));
  }
  --idle_;
  --live_;
  self->done = true;
}

void ElasticTaskQueue::shutdown() {
  std::list<std::unique_ptr<Worker>> all;
  {
    std::lock_guard lock(mu_);
    if (shutdown_ && workers_.empty()) return;
    shutdown_ = true;
  }
  cv_.notify_all();
  // Threads may still be spawned by nothing (enqueue checks shutdown_), so the list is final.
  {
    std::lock_guard lock(mu_);
    all.swap(workers_);
  }
  for (auto& w : all) w->thread.join();
}

}  // namespace aspirasi
