#include "clients/lib/ingest_client.h"

#include <algorithm>

#include "clients/lib/wire_socket.h"
#include "common/clock.h"
#include "common/frame.h"
#include "common/log.h"

namespace aspirasi {
namespace {

using client_internal::Incoming;
using client_internal::WireSocket;

constexpr int64_t kBackoffMinUs = 100'000;  // after an UNAVAILABLE reply

int64_t NowUs() { return RealClock().MonoUs(); }

bool Retryable(const Status& s) { return s.code() == v1::UNAVAILABLE || s.code() == v1::TIMEOUT; }

}  // namespace

IngestClient::IngestClient(std::string endpoint, IngestOptions options, zmq::context_t* ctx)
    : endpoint_(std::move(endpoint)), options_(options), ctx_(ctx) {
  if (ctx_ == nullptr) {
    own_ctx_ = std::make_unique<zmq::context_t>(1);
    ctx_ = own_ctx_.get();
  }
  options_.timeout_ms = std::max(options_.timeout_ms, 1);
  options_.max_in_flight = std::max(options_.max_in_flight, 1);
  options_.max_retries = std::max(options_.max_retries, 0);
}

IngestClient::~IngestClient() = default;

Status IngestClient::Connect() { return EnsureSocket(); }

Status IngestClient::EnsureSocket() {
  if (socket_) return Status::Ok();
  client_internal::WireSocketOptions wo;
  wo.high_water_mark = std::max(options_.max_in_flight * 2, 1000);
  wo.keys = options_.keys;
  auto s = WireSocket::Dealer(*ctx_, endpoint_, wo);
  if (!s.ok()) return s.status();
  socket_ = std::move(s).value();
  return Status::Ok();
}

Status IngestClient::Enqueue(const v1::Submit& submit, uint64_t tag, bool sync, int64_t deadline_us) {
  if (Status st = EnsureSocket(); !st.ok()) return st;
  if (!sync && pending_.size() >= static_cast<std::size_t>(options_.max_in_flight)) {
    return Status::Unavailable(std::to_string(pending_.size()) + " submits in flight (max_in_flight)");
  }
  uint64_t request_id = next_request_id_++;
  v1::Envelope env;
  env.set_request_id(request_id);
  *env.mutable_submit() = submit;
  Pending p;
  p.tag = tag;
  p.sync = sync;
  p.encoded = EncodeEnvelope(env);
  p.deadline_us = deadline_us;
  if (static_cast<int64_t>(p.encoded.size()) + 8 > options_.max_message_bytes) {
    return Status::TooLarge("submit", "submit of " + std::to_string(p.encoded.size()) +
                                          " bytes exceeds max_message_bytes " +
                                          std::to_string(options_.max_message_bytes));
  }
  auto [it, inserted] = pending_.emplace(request_id, std::move(p));
  Transmit(request_id, it->second, NowUs());
  return Status::Ok();
}

void IngestClient::Transmit(uint64_t request_id, Pending& p, int64_t now_us) {
  // A full send queue is treated like a lost request: the timer re-sends it.
  (void)socket_->Send(p.encoded);
  ++p.sends;
  p.awaiting_reply = true;
  int64_t due = now_us + int64_t{options_.timeout_ms} * 1000;
  if (p.deadline_us != 0) due = std::min(due, std::max(p.deadline_us, now_us));
  Schedule(request_id, p, due);
}

void IngestClient::Schedule(uint64_t request_id, Pending& p, int64_t due_us) {
  p.due_us = due_us;
  timers_.emplace(due_us, request_id);
}

bool IngestClient::CanRetry(const Pending& p, int64_t now_us) const {
  if (p.deadline_us != 0) return now_us < p.deadline_us;
  return p.sends <= options_.max_retries;
}

void IngestClient::Complete(std::unordered_map<uint64_t, Pending>::iterator it, Result<v1::SubmitAck> result,
                            const std::function<void(Completion)>& sink) {
  bool sync = it->second.sync;
  uint64_t tag = it->second.tag;
  pending_.erase(it);
  if (sync) {
    sync_result_ = std::move(result);
  } else {
    sink({tag, std::move(result)});
  }
}

int IngestClient::HandleReplies(const std::function<void(Completion)>& sink) {
  int done = 0;
  while (true) {
    Incoming in = socket_->Receive();
    if (in.kind == Incoming::kNothing) break;
    if (in.kind != Incoming::kEnvelope) continue;  // a broken reply cannot be matched; the timer re-sends
    auto it = pending_.find(in.envelope.request_id());
    if (it == pending_.end()) {
      // A late reply to a request already completed, or (request_id 0) the broker could not
      // read something we sent: a bug on our side worth a log line; the request times out.
      if (in.envelope.request_id() == 0 && in.envelope.has_error()) {
        ModuleLogger("ingest")->warn("{} rejected a message: {}", endpoint_,
                                     Status::FromProto(in.envelope.error()).ToString());
      }
      continue;
    }
    const v1::Envelope& env = in.envelope;
    int64_t now = NowUs();
    if (env.has_submit_ack()) {
      Complete(it, env.submit_ack(), sink);
      ++done;
    } else if (env.has_error()) {
      Status st = Status::FromProto(env.error());
      Pending& p = it->second;
      if (Retryable(st) && CanRetry(p, now)) {
        p.last_error = st;
        int64_t backoff =
            std::min<int64_t>(kBackoffMinUs << std::min(p.sends - 1, 6), int64_t{options_.timeout_ms} * 1000);
        int64_t due = now + backoff;
        if (p.deadline_us != 0) due = std::min(due, std::max(p.deadline_us, now));
        p.awaiting_reply = false;  // the timer re-sends rather than times out
        Schedule(it->first, p, due);
      } else {
        Complete(it, st, sink);
        ++done;
      }
    } else {
      Complete(it, Status::Internal("unexpected reply '" + std::string(BodyName(env)) + "' to submit"), sink);
      ++done;
    }
  }
  return done;
}

int IngestClient::HandleTimers(int64_t now_us, const std::function<void(Completion)>& sink) {
  int done = 0;
  while (!timers_.empty() && timers_.top().first <= now_us) {
    auto [due, request_id] = timers_.top();
    timers_.pop();
    auto it = pending_.find(request_id);
    if (it == pending_.end() || it->second.due_us != due) continue;  // stale timer
    Pending& p = it->second;
    if (p.awaiting_reply && socket_ && !(p.last_error = socket_->HandshakeRefusal()).ok()) {
      // The broker refused our key: re-sending cannot help.
      Complete(it, p.last_error, sink);
      ++done;
      continue;
    }
    if (p.awaiting_reply) {
      p.last_error = Status::Timeout("no ack from " + endpoint_ + " after " + std::to_string(p.sends) +
                                     " attempt(s) of " + std::to_string(options_.timeout_ms) + " ms");
    }
    if (CanRetry(p, now_us)) {
      ++resends_;
      Transmit(request_id, p, now_us);
      continue;
    }
    Complete(it, p.last_error, sink);
    ++done;
  }
  return done;
}

int IngestClient::Pump(int timeout_ms, const std::function<void(Completion)>& sink) {
  int64_t deadline = NowUs() + int64_t{std::max(timeout_ms, 0)} * 1000;
  int done = 0;
  while (true) {
    done += HandleReplies(sink);
    int64_t now = NowUs();
    done += HandleTimers(now, sink);
    if (done > 0 || pending_.empty() || now >= deadline) return done;
    int64_t wake = deadline;
    if (!timers_.empty()) wake = std::min(wake, timers_.top().first);
    int wait_ms = static_cast<int>(std::max<int64_t>((wake - now + 999) / 1000, 0));
    socket_->WaitReadable(wait_ms);
  }
}

Status IngestClient::Send(const v1::Submit& submit, uint64_t tag) { return Enqueue(submit, tag, false, 0); }

int IngestClient::Poll(int timeout_ms, const Callback& callback) {
  int done = 0;
  while (!completed_.empty()) {
    Completion c = std::move(completed_.front());
    completed_.pop_front();
    callback(c.first, std::move(c.second));
    ++done;
  }
  if (done > 0) timeout_ms = 0;
  if (pending_.empty()) return done;
  return done + Pump(timeout_ms, [&](Completion c) { callback(c.first, std::move(c.second)); });
}

Result<v1::SubmitAck> IngestClient::Submit(const v1::Submit& submit) {
  sync_result_.reset();
  if (Status st = Enqueue(submit, 0, true, 0); !st.ok()) return st;
  while (!sync_result_) {
    Pump(options_.timeout_ms, [&](Completion c) { completed_.push_back(std::move(c)); });
  }
  Result<v1::SubmitAck> r = std::move(*sync_result_);
  sync_result_.reset();
  return r;
}

std::vector<Result<v1::SubmitAck>> IngestClient::SubmitAll(const std::vector<v1::Submit>& submits,
                                                           int64_t deadline_ms, int window) {
  std::vector<Result<v1::SubmitAck>> results(
      submits.size(), Status::Timeout("the deadline passed before this submit was sent"));
  if (!pending_.empty() || !completed_.empty()) {
    Status busy = Status::InvalidArgument("client", "SubmitAll needs a client with nothing in flight");
    std::fill(results.begin(), results.end(), busy);
    return results;
  }
  if (window <= 0) window = options_.max_in_flight;
  int64_t deadline_us = NowUs() + deadline_ms * 1000;
  std::size_t next = 0;
  std::size_t open = submits.size();
  auto sink = [&](Completion c) {
    results[c.first] = std::move(c.second);
    --open;
  };
  while (open > 0) {
    while (next < submits.size() && pending_.size() < static_cast<std::size_t>(window) &&
           NowUs() < deadline_us) {
      Status st = Enqueue(submits[next], next, false, deadline_us);
      if (!st.ok()) {
        results[next] = st;
        --open;
      }
      ++next;
    }
    if (pending_.empty()) {
      // Nothing in flight: either all done, or the deadline passed with submits never sent.
      open -= submits.size() - next;
      next = submits.size();
      break;
    }
    Pump(100, sink);
  }
  return results;
}

}  // namespace aspirasi
