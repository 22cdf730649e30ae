// ElasticTaskQueue: cpp-httplib's task queue for servers that slow clients must not starve.
//
// cpp-httplib gives each connection a thread for as long as the connection lasts, and its read
// timeout bounds each read, not the whole request: a client that sends its headers a byte at a
// time holds a thread indefinitely. With a fixed pool, a few dozen such clients take every thread
// and the server stops answering anyone (the ingest's /healthz timed out under 100 of them).
//
// This queue keeps `core` threads and adds one whenever every thread is busy, up to `max`; a thread
// beyond `core` that has been idle for `idle_ms` ends. So `max` connections can be held at once
// (slow, idle or busy) while the others are served; beyond `max`, connections wait in the queue
// for a thread. Behind nginx (deploy/nginx/) slow clients never get this far.
//
// Thread safety: enqueue() from any thread (httplib's accept thread); shutdown() once.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

#include "common/metrics.h"

namespace aspirasi {

class ElasticTaskQueue : public httplib::TaskQueue {
 public:
  // `busy` (may be null) is set to the number of threads running a task.
  // REQUIRES: 1 <= core <= max.
  ElasticTaskQueue(std::size_t core, std::size_t max, Gauge* busy = nullptr, int idle_ms = 30000);
  ~ElasticTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  // Runs what is queued, then joins every thread.
  void shutdown() override;

  std::size_t threads() const;

 private:
  struct Worker {
    std::thread thread;
    bool done = false;  // GUARDED_BY(mu_): its loop has ended; join it
  };
  void Run(Worker* self);
  bool SpawnLocked();  // false when the system has no thread to give
  void ReapLocked();

  const std::size_t core_, max_;
  Gauge* busy_gauge_;
  const int idle_ms_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;      // GUARDED_BY(mu_)
  std::list<std::unique_ptr<Worker>> workers_;  // GUARDED_BY(mu_)
  std::size_t live_ = 0;                        // GUARDED_BY(mu_): workers not done
  std::size_t idle_ = 0;                        // GUARDED_BY(mu_): waiting for a job
  std::size_t running_ = 0;                     // GUARDED_BY(mu_)
  bool shutdown_ = false;                       // GUARDED_BY(mu_)
  bool spawn_failed_logged_ = false;            // GUARDED_BY(mu_)
};

}  // namespace aspirasi
