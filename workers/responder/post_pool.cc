#include "workers/responder/post_pool.h"

#include <algorithm>

namespace aspirasi::responder {

PostPool::PostPool(std::size_t threads, PostFn post) : post_(std::move(post)) {
  threads = std::max<std::size_t>(threads, 1);
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

PostPool::~PostPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  for (auto& t : threads_) t.join();
}

bool PostPool::CanStart(uint64_t ticket_id) const {
  std::lock_guard lock(mu_);
  return posting_ < threads_.size() && tickets_.count(ticket_id) == 0;
}

void PostPool::Submit(v1::Deliver deliver) {
  {
    std::lock_guard lock(mu_);
    ++tickets_[deliver.reply().ticket().id()];
    ++posting_;
    ++in_flight_;
    queue_.push_back(std::move(deliver));
  }
  work_.notify_one();
}

std::vector<PostPool::Posted> PostPool::Take() {
  std::lock_guard lock(mu_);
  std::vector<Posted> out;
  out.swap(results_);
  in_flight_ -= out.size();
  return out;
}

std::size_t PostPool::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_;
}

void PostPool::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // stopping, and every submitted post is done
    v1::Deliver deliver = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    v1::ReplyResult result = post_(deliver.reply());
    lock.lock();
    const uint64_t ticket = deliver.reply().ticket().id();
    if (--tickets_[ticket] == 0) tickets_.erase(ticket);
    --posting_;
    results_.push_back({std::move(deliver), std::move(result)});
  }
}

}  // namespace aspirasi::responder
