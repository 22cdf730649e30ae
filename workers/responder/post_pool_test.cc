#include "workers/responder/post_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace aspirasi::responder {
namespace {

v1::Deliver ReplyDelivery(uint64_t reply_id, uint64_t ticket_id) {
  v1::Deliver d;
  d.set_lease_id(reply_id * 10);
  d.mutable_reply()->set_reply_id(reply_id);
  d.mutable_reply()->mutable_ticket()->set_id(ticket_id);
  return d;
}

// A post that blocks until released, counting how many are inside at once.
class Gate {
 public:
  v1::ReplyResult Post(const v1::OutboundReply& r) {
    std::unique_lock lock(mu_);
    ++inside_;
    max_inside_ = std::max(max_inside_, inside_);
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
    --inside_;
    v1::ReplyResult out;
    out.set_reply_id(r.reply_id());
    out.set_outcome(v1::EGRESS_SENT);
    return out;
  }
  bool WaitInside(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return inside_ >= n; });
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  int max_inside() {
    std::lock_guard lock(mu_);
    return max_inside_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int inside_ = 0;
  int max_inside_ = 0;
  bool open_ = false;
};

std::vector<PostPool::Posted> TakeAll(PostPool& pool, std::size_t n) {
  std::vector<PostPool::Posted> all;
  for (int i = 0; i < 1000 && all.size() < n; ++i) {
    for (auto& p : pool.Take()) all.push_back(std::move(p));
    if (all.size() < n) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return all;
}

TEST(PostPoolTest, PostsOfDifferentTicketsRunSideBySide) {
  Gate gate;
  PostPool pool(3, [&](const v1::OutboundReply& r) { return gate.Post(r); });
  for (uint64_t i = 1; i <= 3; ++i) {
    ASSERT_TRUE(pool.CanStart(i));
    pool.Submit(ReplyDelivery(i, i));
  }
  ASSERT_TRUE(gate.WaitInside(3)) << "three slow posts did not run at the same time";
  EXPECT_FALSE(pool.CanStart(4)) << "every thread is busy: a fourth would only wait in a queue";
  EXPECT_EQ(pool.in_flight(), 3u);
  EXPECT_TRUE(pool.Take().empty());
  gate.Open();
  auto done = TakeAll(pool, 3);
  ASSERT_EQ(done.size(), 3u);
  for (const auto& p : done) {
    EXPECT_EQ(p.result.outcome(), v1::EGRESS_SENT);
    EXPECT_EQ(p.result.reply_id(), p.deliver.reply().reply_id());
    EXPECT_EQ(p.deliver.lease_id(), p.deliver.reply().reply_id() * 10);
  }
  EXPECT_EQ(pool.in_flight(), 0u);
  EXPECT_TRUE(pool.CanStart(4));
  EXPECT_EQ(gate.max_inside(), 3);
}

TEST(PostPoolTest, ATicketWithAPostInTheAirWaitsForIt) {
  Gate gate;
  PostPool pool(4, [&](const v1::OutboundReply& r) { return gate.Post(r); });
  pool.Submit(ReplyDelivery(1, 7));
  ASSERT_TRUE(gate.WaitInside(1));
  EXPECT_FALSE(pool.CanStart(7)) << "the ticket's earlier reply is still being posted";
  EXPECT_TRUE(pool.CanStart(8));
  gate.Open();
  ASSERT_EQ(TakeAll(pool, 1).size(), 1u);
  EXPECT_TRUE(pool.CanStart(7));
}

TEST(PostPoolTest, DestructionFinishesWhatWasSubmitted) {
  std::atomic<int> posted{0};
  {
    PostPool pool(2, [&](const v1::OutboundReply& r) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      ++posted;
      v1::ReplyResult out;
      out.set_reply_id(r.reply_id());
      return out;
    });
    pool.Submit(ReplyDelivery(1, 1));
    pool.Submit(ReplyDelivery(2, 2));
  }
  EXPECT_EQ(posted, 2);
}

TEST(PostPoolTest, ZeroThreadsMeansOne) {
  PostPool pool(0, [](const v1::OutboundReply& r) {
    v1::ReplyResult out;
    out.set_reply_id(r.reply_id());
    return out;
  });
  EXPECT_EQ(pool.threads(), 1u);
  pool.Submit(ReplyDelivery(5, 5));
  ASSERT_EQ(TakeAll(pool, 1).size(), 1u);
}

}  // namespace
}  // namespace aspirasi::responder
