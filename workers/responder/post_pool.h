// PostPool: posts replies on a few threads of its own, so that a platform slow to answer never
// holds up the responder's session. The session's thread keeps heartbeating, taking deliveries
// and acknowledging tickets while posts are in the air; a responder blocked in an HTTP post for
// longer than heartbeat_ms * liveness would otherwise be declared dead by the broker, its leases
// taken back and its posts marked as stopped.
//
// The caller submits a reply only when CanStart says a thread is free for it at once and no
// earlier reply of the same ticket is still being posted: the broker's go-ahead (REPLY_SENDING)
// is asked just before, so a reply is never recorded as "being posted" while it only waits in a
// queue, and one ticket's replies go out in the order they were delivered (an acknowledgement
// before the answer queued after it).
//
// Thread safety: Submit, CanStart, Take, in_flight are called from one thread (the session's);
// `post` runs on the pool's threads and must be safe to call concurrently.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi::responder {

class PostPool {
 public:
  using PostFn = std::function<v1::ReplyResult(const v1::OutboundReply&)>;
  struct Posted {
    v1::Deliver deliver;  // the reply's delivery (its lease and session)
    v1::ReplyResult result;
  };

  // threads >= 1 (0 is taken as 1).
  PostPool(std::size_t threads, PostFn post);
  // Finishes every submitted post (results not taken are dropped), then joins the threads.
  ~PostPool();
  PostPool(const PostPool&) = delete;
  PostPool& operator=(const PostPool&) = delete;

  // Whether a reply of `ticket_id` submitted now starts at once and keeps its ticket's order.
  bool CanStart(uint64_t ticket_id) const;
  // Posts a reply delivery (after the broker's go-ahead) on a free thread.
  void Submit(v1::Deliver deliver);
  // The posts finished since the last call, in the order they finished; never blocks.
  std::vector<Posted> Take();
  // Submitted and not yet taken.
  std::size_t in_flight() const;
  std::size_t threads() const { return threads_.size(); }

 private:
  void Run();

  PostFn post_;
  mutable std::mutex mu_;
  std::condition_variable work_;  // a job or stop
  std::deque<v1::Deliver> queue_;
  std::vector<Posted> results_;
  std::size_t posting_ = 0;                    // submitted, not finished
  std::unordered_map<uint64_t, int> tickets_;  // ticket id -> posts submitted, not finished
  std::size_t in_flight_ = 0;                  // submitted, not taken
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace aspirasi::responder
