// IngestClient: submits tickets to the broker's ingest endpoint (ROUTER) over one DEALER socket.
//
// Two ways to use it:
//  * Submit(): blocking, one request, retried after a timeout or an UNAVAILABLE reply.
//  * Send() + Poll(): pipelined. Many submits stay in flight on the one socket; replies may
//    come in any order and are matched by Envelope.request_id. Each Send is completed exactly
//    once through the Poll callback with its caller-chosen tag.
// SubmitAll() builds on the pipelined API and keeps re-sending everything not yet acked until
// it is acked, fails permanently, or the deadline passes (made for broker restarts under load).
//
// Retries always re-send the same Submit (same idempotency key), which the broker dedups: a
// repeat is acked with outcome DUPLICATE and the original ticket id. Retryable: no reply within
// timeout_ms, an UNAVAILABLE reply, a full send queue. Everything else is final, in particular
// INVALID_ARGUMENT, TOO_LARGE and MALFORMED. The DEALER reconnects to the same endpoint by
// itself (a restarted broker is found again); replies lost with the old connection are
// recovered by the timeout re-send.
//
// Thread safety: none. Use one IngestClient per thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>
#include <zmq.hpp>

#include "aspirasi/v1/wire.pb.h"
#include "clients/lib/client_keys.h"
#include "common/status.h"

namespace aspirasi {

namespace client_internal {
class WireSocket;
}

struct IngestOptions {
  int timeout_ms = 5000;                // a request without a reply after this is re-sent (or fails)
  int max_in_flight = 10000;            // Send() refuses more than this many outstanding requests
  int max_retries = 3;                  // re-sends for Submit()/Send() before giving up
  int64_t max_message_bytes = 1 << 20;  // a larger Submit fails locally with TOO_LARGE (the
                                        // broker would drop the connection)
  ClientKeys keys = {};                 // CURVE, for a broker with keys (docs/SECURITY.md)
};

class IngestClient {
 public:
  // Called once per Send(), from inside Poll().
  using Callback = std::function<void(uint64_t tag, Result<v1::SubmitAck> result)>;

  // Does not connect yet; the first request does. `ctx` may be shared (it must outlive the
  // client); nullptr gives the client its own context.
  explicit IngestClient(std::string endpoint, IngestOptions options = {}, zmq::context_t* ctx = nullptr);
  ~IngestClient();
  IngestClient(const IngestClient&) = delete;
  IngestClient& operator=(const IngestClient&) = delete;

  // Creates and connects the socket now (optional). INVALID_ARGUMENT for a bad endpoint.
  Status Connect();

  // Blocking: sends and waits for the ack, re-sending up to max_retries times. Replies to
  // pipelined requests that arrive meanwhile are kept for the next Poll().
  Result<v1::SubmitAck> Submit(const v1::Submit& submit);

  // Pipelined: queues one submit. Errors here are immediate and final for this submit
  // (TOO_LARGE, UNAVAILABLE when max_in_flight are outstanding, INVALID_ARGUMENT for a bad
  // endpoint); on OK the result arrives later through Poll().
  Status Send(const v1::Submit& submit, uint64_t tag);

  // Waits up to timeout_ms for at least one completion, then delivers every completion that is
  // ready. Also re-sends timed-out requests. Returns the number of callbacks made; returns 0
  // at once when nothing is in flight.
  int Poll(int timeout_ms, const Callback& callback);

  // Submits everything, keeping at most `window` in flight, and re-sends whatever is not acked
  // until it is acked, fails permanently, or `deadline_ms` (from now) passes; then the result
  // is the last retryable error (TIMEOUT or UNAVAILABLE). results[i] belongs to submits[i].
  // REQUIRES: in_flight() == 0 (the tags of pipelined requests would collide).
  std::vector<Result<v1::SubmitAck>> SubmitAll(const std::vector<v1::Submit>& submits, int64_t deadline_ms,
                                               int window = 0);

  std::size_t in_flight() const { return pending_.size(); }
  uint64_t resends() const { return resends_; }
  const std::string& endpoint() const { return endpoint_; }

 private:
  struct Pending {
    uint64_t tag = 0;
    bool sync = false;            // Submit()'s own request
    std::string encoded;          // the envelope, kept for re-sends
    int sends = 0;                // times sent so far
    bool awaiting_reply = false;  // false while waiting to re-send after UNAVAILABLE
    int64_t due_us = 0;           // when to re-send (or give up)
    int64_t deadline_us = 0;      // 0: limited by max_retries; else retry until this instant
    Status last_error;
  };
  using Completion = std::pair<uint64_t, Result<v1::SubmitAck>>;

  Status EnsureSocket();
  Status Enqueue(const v1::Submit& submit, uint64_t tag, bool sync, int64_t deadline_us);
  void Transmit(uint64_t request_id, Pending& p, int64_t now_us);
  bool CanRetry(const Pending& p, int64_t now_us) const;
  void Schedule(uint64_t request_id, Pending& p, int64_t due_us);
  // Receives and times out until at least one completion or timeout_ms; completions go to
  // `sink`. Returns the number of completions.
  int Pump(int timeout_ms, const std::function<void(Completion)>& sink);
  int HandleReplies(const std::function<void(Completion)>& sink);
  int HandleTimers(int64_t now_us, const std::function<void(Completion)>& sink);
  void Complete(std::unordered_map<uint64_t, Pending>::iterator it, Result<v1::SubmitAck> result,
                const std::function<void(Completion)>& sink);

  std::string endpoint_;
  IngestOptions options_;
  std::unique_ptr<zmq::context_t> own_ctx_;
  zmq::context_t* ctx_;
  std::unique_ptr<client_internal::WireSocket> socket_;
  uint64_t next_request_id_ = 1;
  std::unordered_map<uint64_t, Pending> pending_;  // by request_id
  // (due_us, request_id), earliest first; entries whose due_us no longer matches are stale.
  std::priority_queue<std::pair<int64_t, uint64_t>, std::vector<std::pair<int64_t, uint64_t>>, std::greater<>>
      timers_;
  std::deque<Completion> completed_;  // pipelined completions seen during Submit()
  std::optional<Result<v1::SubmitAck>> sync_result_;
  uint64_t resends_ = 0;
};

}  // namespace aspirasi
