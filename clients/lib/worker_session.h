// WorkerSession: the response-worker side of the broker's worker endpoint.
//
// Connects a DEALER, sends hello {worker, opds, credit} and expects welcome (which sets the
// heartbeat interval and liveness, and numbers the session). Poll() then hands out deliveries one
// at a time; the caller answers each with Ack() (or, for a reply, BeginReply and AckReply). The
// credit is a window: the broker never has more than `credit` deliveries out with this worker;
// answering one makes room for the next. Meanwhile the session keeps itself alive:
//  * sends a heartbeat when it has sent nothing for heartbeat_ms;
//  * treats the broker as dead after liveness * heartbeat_ms without any message (before the
//    welcome: after welcome_timeout_ms), closes the socket and reconnects with a fresh DEALER
//    and a new hello, backing off 100 ms, doubling up to 5 s (+-20 % jitter), reset by a welcome;
//  * answers an error NOT_REGISTERED (e.g. the broker restarted) with a new hello.
// Leases held when the connection is lost are the broker's again; acking them later is
// harmless (the broker ignores stale acks). A delivery of an earlier session (sent before a
// reconnect or a broker restart, still in the socket) is dropped unseen: the broker has already
// taken it back. The caller must still dedup deliveries by ticket.id (a lease can expire).
// Reply reports survive a reconnect: the results of the last few seconds are reported again after
// the next welcome (the broker ignores repeats), and a reply this worker asked to post but never
// got the go-ahead for is reported EGRESS_NOT_SENT, so the broker queues it again.
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
#include "clients/lib/client_keys.h"
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
  ClientKeys keys = {};     // CURVE, for a broker with keys (docs/SECURITY.md)
};

struct WorkerSessionStats {
  uint64_t hellos = 0;      // hellos sent
  uint64_t reconnects = 0;  // sockets replaced after the broker was silent or failed
  uint64_t deliveries = 0;  // deliveries received
  uint64_t acks = 0;        // acks sent
  uint64_t heartbeats = 0;  // heartbeats sent
  uint64_t stale = 0;       // deliveries of an earlier session, dropped unworked
  uint64_t not_sent = 0;    // replies reported EGRESS_NOT_SENT
  uint64_t resent = 0;      // reply results reported again after a reconnect
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

  // Answers a delivery (its room in the window is free again).
  // UNAVAILABLE when there is no connection (the lease is the broker's again anyway).
  Status Ack(const v1::Deliver& deliver, v1::DeliveryOutcome outcome, const std::string& error = {});
  // ---- replies (Deliver.reply): posting at most once
  // Tells the broker this worker is about to post the reply and waits for its durable answer:
  // true = post it now; false = do not (another worker has it, or it is settled; the broker
  // ended the lease). Returns as soon as the answer arrives. Deliveries that arrive meanwhile are
  // kept for the next Poll(). An error (no answer in time, connection lost) means: do not post;
  // the session reports the reply EGRESS_NOT_SENT (now, or after the next welcome).
  Result<bool> BeginReply(const v1::Deliver& deliver, int timeout_ms);
  // Reports what the platform said about a reply (after BeginReply returned true, or instead of
  // it when the reply cannot be posted at all). Kept for a few seconds and reported again after a
  // reconnect. An error only means the report waits for the next welcome.
  Status AckReply(const v1::Deliver& deliver, const v1::ReplyResult& result);

  // Grows the window by `credit`.
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
  void Drop(int64_t now_us, std::string_view why);  // close the socket and back off
  // Handles one incoming envelope; may produce a delivery or a final error.
  Result<std::optional<v1::Deliver>> Handle(v1::Envelope env, int64_t now_us);
  // Poll() without the deliveries kept by BeginReply. Returns early once BeginReply's answer came.
  Result<std::optional<v1::Deliver>> PollSocket(int timeout_ms);
  // Is `d` from the current session (and not from before a reconnect)?
  bool Current(const v1::Deliver& d) const;
  // Sends a reply report now if registered, else keeps it for the next welcome; remembers it.
  Status Report(v1::Envelope env);
  // After a welcome: the reports of the last few seconds again, and those that waited.
  void ReportAgain(int64_t now_us);
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
  bool registered_before_ = false;  // a welcome came before: the next one follows a reconnect
  struct Sent {
    int64_t at_us = 0;
    v1::Envelope env;
  };
  std::deque<Sent> recent_reports_;           // reply reports of the last kReportMemoryUs
  std::deque<v1::Envelope> waiting_reports_;  // not sent yet (no connection)
};

}  // namespace aspirasi
