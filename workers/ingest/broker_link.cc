#include "workers/ingest/broker_link.h"

#include <unordered_map>

#include "clients/lib/ingest_client.h"

namespace aspirasi::ingest {

struct BrokerLink::Job {
  const std::vector<v1::Submit>* submits = nullptr;
  std::vector<std::optional<Result<v1::SubmitAck>>> results;
  std::size_t remaining = 0;
  bool done = false;  // GUARDED_BY(BrokerLink::mu_)
};

BrokerLink::BrokerLink(BrokerLinkOptions options) : options_(std::move(options)) {}

BrokerLink::~BrokerLink() { Stop(); }

void BrokerLink::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_) return;
  running_ = true;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void BrokerLink::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  running_ = false;
}

std::vector<Result<v1::SubmitAck>> BrokerLink::Submit(const std::vector<v1::Submit>& submits) {
  auto job = std::make_shared<Job>();
  job->submits = &submits;
  job->results.resize(submits.size());
  job->remaining = submits.size();
  std::unique_lock<std::mutex> lock(mu_);
  if (!submits.empty() && running_ && !stop_) {
    queue_.push_back(job);
    cv_.notify_all();
    cv_.wait(lock, [&] { return job->done; });
  }
  std::vector<Result<v1::SubmitAck>> out;
  out.reserve(submits.size());
  for (auto& r : job->results) {
    out.push_back(r ? std::move(*r)
                    : Result<v1::SubmitAck>(Status::Unavailable("the broker link is stopped")));
  }
  return out;
}

void BrokerLink::Loop() {
  IngestOptions io;
  io.timeout_ms = options_.timeout_ms;
  io.max_retries = 0;
  io.max_in_flight = options_.max_in_flight;
  io.max_message_bytes = options_.max_message_bytes;
  io.keys = options_.keys;
  IngestClient client(options_.endpoint, io);
  (void)client.Connect();

  struct Slot {
    std::shared_ptr<Job> job;
    std::size_t index;
  };
  std::unordered_map<uint64_t, Slot> slots;
  uint64_t next_tag = 1;
  std::vector<std::shared_ptr<Job>> finished;

  auto complete = [&](const Slot& slot, Result<v1::SubmitAck> r) {
    slot.job->results[slot.index] = std::move(r);
    if (--slot.job->remaining == 0) finished.push_back(slot.job);
  };
  auto publish = [&] {
    if (finished.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& j : finished) j->done = true;
    }
    finished.clear();
    cv_.notify_all();
  };

  while (true) {
    std::deque<std::shared_ptr<Job>> incoming;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (queue_.empty() && slots.empty()) cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) break;
      incoming.swap(queue_);
    }
    for (auto& job : incoming) {
      for (std::size_t i = 0; i < job->submits->size(); ++i) {
        uint64_t tag = next_tag++;
        Status st = client.Send((*job->submits)[i], tag);
        if (st.ok()) {
          slots.emplace(tag, Slot{job, i});
        } else {
          complete(Slot{job, i}, st);
        }
      }
    }
    publish();
    if (!slots.empty()) {
      client.Poll(1, [&](uint64_t tag, Result<v1::SubmitAck> r) {
        auto it = slots.find(tag);
        if (it == slots.end()) return;
        complete(it->second, std::move(r));
        slots.erase(it);
      });
      publish();
    }
  }

  // Stopping: nothing outstanding may wait forever.
  std::unique_lock<std::mutex> lock(mu_);
  for (auto& [tag, slot] : slots) {
    if (!slot.job->results[slot.index])
      slot.job->results[slot.index] = Status::Unavailable("ingest is stopping");
    slot.job->done = true;
  }
  for (auto& job : queue_) job->done = true;
  queue_.clear();
  lock.unlock();
  cv_.notify_all();
}

}  // namespace aspirasi::ingest
