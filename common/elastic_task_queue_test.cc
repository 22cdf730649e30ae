#include "common/elastic_task_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace aspirasi {
namespace {

// Tasks that hold their thread until released, like a slow client's connection.
class Gate {
 public:
  std::function<void()> Task() {
    return [this] {
      std::unique_lock lock(mu_);
      ++running_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return open_; });
      --running_;
      ++finished_;
      cv_.notify_all();
    };
  }
  bool WaitRunning(int n, int ms = 5000) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return running_ >= n; });
  }
  bool WaitFinished(int n, int ms = 5000) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return finished_ >= n; });
  }
  int running() {
    std::lock_guard lock(mu_);
    return running_;
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0, finished_ = 0;
  bool open_ = false;
};

TEST(ElasticTaskQueue, GrowsBeyondTheCoreWhileEveryThreadIsHeld) {
  Gauge busy;
  ElasticTaskQueue q(2, 64, &busy);
  Gate gate;
  for (int i = 0; i < 40; ++i) q.enqueue(gate.Task());
  ASSERT_TRUE(gate.WaitRunning(40));  // all at once: none waits for another to finish
  EXPECT_EQ(q.threads(), 40u);
  EXPECT_EQ(busy.Value(), 40);
  gate.Open();
  ASSERT_TRUE(gate.WaitFinished(40));
  q.shutdown();
}

TEST(ElasticTaskQueue, BeyondTheMaximumTasksWaitTheirTurn) {
  ElasticTaskQueue q(1, 4);
  Gate gate;
  for (int i = 0; i < 6; ++i) q.enqueue(gate.Task());
  ASSERT_TRUE(gate.WaitRunning(4));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(gate.running(), 4);
  EXPECT_EQ(q.threads(), 4u);
  gate.Open();
  EXPECT_TRUE(gate.WaitFinished(6));  // the waiting two ran afterwards
  q.shutdown();
}

TEST(ElasticTaskQueue, IdleThreadsBeyondTheCoreEnd) {
  ElasticTaskQueue q(2, 32, nullptr, /*idle_ms=*/50);
  Gate gate;
  for (int i = 0; i < 10; ++i) q.enqueue(gate.Task());
  ASSERT_TRUE(gate.WaitRunning(10));
  gate.Open();
  ASSERT_TRUE(gate.WaitFinished(10));
  for (int i = 0; i < 100 && q.threads() > 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(q.threads(), 2u);
  // And it grows again when needed.
  Gate again;
  for (int i = 0; i < 5; ++i) q.enqueue(again.Task());
  ASSERT_TRUE(again.WaitRunning(5));
  again.Open();
  ASSERT_TRUE(again.WaitFinished(5));
  q.shutdown();
}

TEST(ElasticTaskQueue, ShutdownRunsWhatIsQueuedAndIsRepeatable) {
  std::atomic<int> ran{0};
  {
    ElasticTaskQueue q(1, 1);
    for (int i = 0; i < 50; ++i) q.enqueue([&] { ++ran; });
    q.shutdown();
    EXPECT_EQ(ran.load(), 50);
    q.shutdown();  // httplib shuts down, then the destructor does again
  }
  EXPECT_EQ(ran.load(), 50);
}

}  // namespace
}  // namespace aspirasi
