// WorkerSession: the response-worker side of the broker's worker endpoint.
//
// Connects a DEALER, sends hello {worker, opds, credit} and expects welcome (which sets the
// heartbeat interval and liveness). Poll() then hands out deliveries one at a time; the caller
// answers each with Ack(). Meanwhile the session keeps itself alive:
//  * sends a heartbeat when it has sent nothing for heartbeat_ms;
//  * treats the broker as dead after liveness * heartbeat_ms without any message (before the
//    welcome: after welcome_timeout_ms), closes the socket and reconnects with a fresh DEALER
//    and a new hello, backing off 100 ms, doubling up to 5 s (+-20 % jitter), reset by a welcome;
//  * answers an error NOT_REGISTERED (e.g. the broker restarted) with a new hello.
// Leases held when the connection is lost are the broker's again; acking them later is
// harmless (the broker ignores stale acks). The caller must dedup deliveries by ticket.id.
//
// Thread safety: none. Use it from one thread.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "aspirasi/v1/wire.pb.h"
#include "common/status.h"

namespace aspirasi {

namespace client_internal {
class WireSocket;
}

struct WorkerSessionOptions {
  std::string endpoint;           // required: the broker's worker endpoint
  std::string name;               // required: a stable worker name (logs, events)
  std::vector<std::string> opds;  // required: OPD codes served
  uint32_t credit = 1;            // deliveries outstanding at once (sent with every hello)
  int heartbeat_ms = 1000;        // until the welcome says otherwise
  int liveness = 3;               // until the welcome says otherwise
  int welcome_timeout_ms = 5000;  // no welcome after a hello for this long: reconnect
  int backoff_min_ms = 100;       // reconnect backoff: doubles from min to max, +-20 % jitter
  int backoff_max_ms = 5000;
  int bye_linger_ms = 200;  // how long Bye() lets the goodbye drain before closing
};

struct WorkerSessionStats {
  uint64_t hellos = 0;      // hellos sent
  uint64_t reconnects = 0;  // sockets replaced after the broker was silent or failed
  uint64_t deliveries = 0;  // deliveries received
  uint64_t acks = 0;        // acks sent
  uint64_t heartbeats = 0;  // heartbeats sent
};

class WorkerSession {
 public:
  // `ctx` may be shared (it must outlive the session); nullptr gives the session its own.
  explicit WorkerSession(WorkerSessionOptions options, zmq::context_t* ctx = nullptr);
  ~WorkerSession();
  WorkerSession(const WorkerSession&) = delete;
  WorkerSession& operator=(const WorkerSession&) = delete;

  // Waits up to timeout_ms for the next delivery, doing connection upkeep meanwhile.
  // nullopt: none in time. Errors are final for this session: the broker refused the hello
  // (e.g. INVALID_ARGUMENT for an unknown OPD) or the endpoint is invalid.
  Result<std::optional<v1::Deliver>> Poll(int timeout_ms);

  // Answers a delivery. `credit` is granted on top (normally 1, keeping the window full).
  // UNAVAILABLE when there is no connection (the lease is the broker's again anyway).
  Status Ack(const v1::Deliver& deliver, v1::DeliveryOutcome outcome, const std::string& error = {},
             uint32_t credit = 1);
  // ---- replies (Deliver.reply): posting at most once
  // Tells the broker this worker is about to post the reply and waits for its durable answer:
  // true = post it now; false = do not (another worker has it, or it is settled; the broker
  // ended the lease). Deliveries that arrive meanwhile are kept for the next Poll(). An error
  // (no answer in time, connection lost) means: do not post; the lease is the broker's again.
  Result<bool> BeginReply(const v1::Deliver& deliver, int timeout_ms);
  // Reports what the platform said about a reply (after BeginReply returned true, or instead of
  // it when the reply cannot be posted at all), granting `credit` more.
  Status AckReply(const v1::Deliver& deliver, const v1::ReplyResult& result, uint32_t credit = 1);

  // Grants more credit outside an ack.
  Status AddCredit(uint32_t credit);
  // Leaves gracefully (the broker requeues our leases without counting an attempt) and closes
  // the socket. A later Poll() would connect again.
  Status Bye();

  // True between a welcome and the loss of the connection.
  bool registered() const { return state_ == State::kRegistered; }
  const v1::Welcome& welcome() const { return welcome_; }
  const WorkerSessionStats& stats() const { return stats_; }

 private:
  enum class State { kIdle, kBackoff, kHelloSent, kRegistered, kFailed };

  Status Connect(int64_t now_us);
  Status SendHello(int64_t now_us);
  Status SendNow(const v1::Envelope& env, int64_t now_us);
  void Drop(int64_t now_us, const char* why);  // close the socket and back off
  // Handles one incoming envelope; may produce a delivery or a final error.
  Result<std::optional<v1::Deliver>> Handle(v1::Envelope env, int64_t now_us);
  // Poll() without the deliveries kept by BeginReply.
  Result<std::optional<v1::Deliver>> PollSocket(int timeout_ms);
  int64_t SilenceLimitUs() const;
  int HeartbeatMs() const;

  WorkerSessionOptions options_;
  std::unique_ptr<zmq::context_t> own_ctx_;
  zmq::context_t* ctx_;
  std::unique_ptr<client_internal::WireSocket> socket_;
  State state_ = State::kIdle;
  Status failure_;
  v1::Welcome welcome_;
  int backoff_ms_;
  uint64_t jitter_state_;
  int64_t reconnect_at_us_ = 0;
  int64_t last_recv_us_ = 0;
  int64_t last_send_us_ = 0;
  WorkerSessionStats stats_;
  std::deque<v1::Deliver> kept_;  // arrived while BeginReply waited
  uint64_t awaited_request_ = 0;  // BeginReply's request id
  uint64_t reply_requests_ = 0;
  std::optional<v1::ReplySendingAck> sending_ack_;
};

}  // namespace aspirasi
