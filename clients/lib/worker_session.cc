#include "clients/lib/worker_session.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "clients/lib/wire_socket.h"
#include "common/clock.h"
#include "common/frame.h"
#include "common/log.h"

namespace aspirasi {
namespace {

using client_internal::Incoming;
using client_internal::WireSocket;

// Our own requests (hello) use ids with the top bit set so they never equal a lease id.
constexpr uint64_t kHelloIdBase = uint64_t{1} << 63;
constexpr uint64_t kReplyIdBase = uint64_t{1} << 62;  // BeginReply requests (acks use lease ids)
// How long reply reports are kept to be reported again after a reconnect: a report sent to a
// broker that died a moment later may never have reached its store.
constexpr int64_t kReportMemoryUs = 10'000'000;
constexpr std::size_t kMaxWaitingReports = 100000;

int64_t NowUs() { return RealClock().MonoUs(); }

}  // namespace

WorkerSession::WorkerSession(WorkerSessionOptions options, zmq::context_t* ctx)
    : options_(std::move(options)),
      ctx_(ctx),
      backoff_ms_(options_.backoff_min_ms),
      jitter_state_(static_cast<uint64_t>(RealClock().MonoUs()) ^ reinterpret_cast<uintptr_t>(this)) {
  if (ctx_ == nullptr) {
    own_ctx_ = std::make_unique<zmq::context_t>(1);
    ctx_ = own_ctx_.get();
  }
}

WorkerSession::~WorkerSession() = default;

int WorkerSession::HeartbeatMs() const {
  if (state_ == State::kRegistered && welcome_.heartbeat_ms() > 0)
    return static_cast<int>(welcome_.heartbeat_ms());
  return options_.heartbeat_ms;
}

int64_t WorkerSession::SilenceLimitUs() const {
  if (state_ != State::kRegistered) return int64_t{options_.welcome_timeout_ms} * 1000;
  int liveness = options_.liveness;
  if (state_ == State::kRegistered && welcome_.liveness() > 0)
    liveness = static_cast<int>(welcome_.liveness());
  return int64_t{HeartbeatMs()} * liveness * 1000;
}

Status WorkerSession::SendNow(const v1::Envelope& env, int64_t now_us) {
  if (!socket_) return Status::Unavailable("not connected to " + options_.endpoint);
  Status st = socket_->Send(env);
  if (st.ok()) last_send_us_ = now_us;
  return st;
}

Status WorkerSession::SendHello(int64_t now_us) {
  v1::Envelope env;
  env.set_request_id(kHelloIdBase | ++stats_.hellos);
  auto* hello = env.mutable_hello();
  hello->set_worker(options_.name);
  for (const auto& opd : options_.opds) hello->add_opds(opd);
  hello->set_credit(options_.credit);
  state_ = State::kHelloSent;
  last_recv_us_ = now_us;  // the welcome has a full liveness period to arrive
  return SendNow(env, now_us);
}

Status WorkerSession::Connect(int64_t now_us) {
  client_internal::WireSocketOptions wo;
  wo.keys = options_.keys;
  auto s = WireSocket::Dealer(*ctx_, options_.endpoint, wo);
  if (!s.ok()) return s.status();
  socket_ = std::move(s).value();
  return SendHello(now_us);
}

void WorkerSession::Drop(int64_t now_us, std::string_view why) {
  ModuleLogger("worker")->warn("worker {}: {}; reconnecting to {} in {} ms", options_.name, why,
                               options_.endpoint, backoff_ms_);
  socket_.reset();
  state_ = State::kBackoff;
  // +-20 % jitter so that many workers do not reconnect in step after a broker restart.
  jitter_state_ = jitter_state_ * 6364136223846793005ULL + 1442695040888963407ULL;
  int64_t jitter_permille = static_cast<int64_t>((jitter_state_ >> 33) % 401) - 200;
  reconnect_at_us_ = now_us + int64_t{backoff_ms_} * (1000 + jitter_permille);
  backoff_ms_ = std::min(backoff_ms_ * 2, options_.backoff_max_ms);
  ++stats_.reconnects;
}

Result<std::optional<v1::Deliver>> WorkerSession::Handle(v1::Envelope env, int64_t now_us) {
  switch (env.body_case()) {
    case v1::Envelope::kWelcome:
      welcome_ = env.welcome();
      state_ = State::kRegistered;
      backoff_ms_ = options_.backoff_min_ms;
      ModuleLogger("worker")->info("worker {} registered at {} (heartbeat {} ms, lease {} ms, session {})",
                                   options_.name, options_.endpoint, welcome_.heartbeat_ms(),
                                   welcome_.lease_ms(), welcome_.session());
      ReportAgain(now_us);
      registered_before_ = true;
      return std::optional<v1::Deliver>();
    case v1::Envelope::kReplySendingAck:
      if (env.request_id() == awaited_request_) sending_ack_ = env.reply_sending_ack();
      return std::optional<v1::Deliver>();
    case v1::Envelope::kDeliver:
      if (!Current(env.deliver())) {
        // Sent before our latest hello (the broker restarted, or took us for gone): it has taken
        // the lease back already; working on it would only hold up the deliveries that count.
        ++stats_.stale;
        return std::optional<v1::Deliver>();
      }
      ++stats_.deliveries;
      return std::optional<v1::Deliver>(std::move(*env.mutable_deliver()));
    case v1::Envelope::kError: {
      Status st = Status::FromProto(env.error());
      if (st.code() == v1::NOT_REGISTERED) {
        // Every message sent before our hello gets one of these (e.g. a window of acks across a
        // broker restart); the hello already on its way answers them all.
        if (state_ == State::kHelloSent) return std::optional<v1::Deliver>();
        ModuleLogger("worker")->info("worker {}: broker does not know us; saying hello again", options_.name);
        if (Status s = SendHello(now_us); !s.ok()) Drop(now_us, "hello could not be sent");
        return std::optional<v1::Deliver>();
      }
      if (st.code() == v1::UNAVAILABLE) {
        Drop(now_us, "broker unavailable");
        return std::optional<v1::Deliver>();
      }
      if ((env.request_id() & kHelloIdBase) != 0 && state_ == State::kHelloSent) {
        // The broker refused our hello: retrying cannot help.
        socket_.reset();
        state_ = State::kFailed;
        failure_ = st;
        return failure_;
      }
      ModuleLogger("worker")->debug("worker {}: broker reported {}", options_.name, st.ToString());
      return std::optional<v1::Deliver>();
    }
    default:
      return std::optional<v1::Deliver>();  // heartbeat, or something newer we ignore
  }
}

bool WorkerSession::Current(const v1::Deliver& d) const {
  // A broker older than sessions numbers none (0): then only the registration state tells.
  return state_ == State::kRegistered && d.session() == welcome_.session();
}

Result<std::optional<v1::Deliver>> WorkerSession::Poll(int timeout_ms) {
  while (!kept_.empty()) {
    v1::Deliver d = std::move(kept_.front());
    kept_.pop_front();
    if (!Current(d)) {
      ++stats_.stale;
      continue;
    }
    return std::optional<v1::Deliver>(std::move(d));
  }
  return PollSocket(timeout_ms);
}

Status WorkerSession::Report(v1::Envelope env) {
  const int64_t now = NowUs();
  while (!recent_reports_.empty() && now - recent_reports_.front().at_us > kReportMemoryUs) {
    recent_reports_.pop_front();
  }
  Status st = state_ == State::kRegistered ? SendNow(env, now) : Status::Unavailable("not connected");
  if (st.ok()) {
    recent_reports_.push_back({now, std::move(env)});
    return st;
  }
  if (waiting_reports_.size() < kMaxWaitingReports) waiting_reports_.push_back(std::move(env));
  return st;
}

void WorkerSession::ReportAgain(int64_t now_us) {
  if (!registered_before_ && waiting_reports_.empty()) return;
  std::deque<Sent> again;
  again.swap(recent_reports_);
  for (auto& r : again) {
    if (now_us - r.at_us > kReportMemoryUs) continue;
    if (SendNow(r.env, now_us).ok()) ++stats_.resent;
    recent_reports_.push_back(std::move(r));
  }
  while (!waiting_reports_.empty()) {
    if (!SendNow(waiting_reports_.front(), now_us).ok()) break;
    recent_reports_.push_back({now_us, std::move(waiting_reports_.front())});
    waiting_reports_.pop_front();
  }
}

namespace {

// The DeliverAck that reports what became of reply delivery `deliver` (it ends the delivery's lease).
v1::Envelope ReplyReport(const v1::Deliver& deliver, const v1::ReplyResult& result) {
  v1::Envelope env;
  env.set_request_id(deliver.lease_id());
  auto* ack = env.mutable_deliver_ack();
  ack->set_lease_id(deliver.lease_id());
  ack->set_session(deliver.session());
  ack->set_outcome(v1::DONE);
  *ack->mutable_reply() = result;
  ack->mutable_reply()->set_reply_id(deliver.reply().reply_id());
  return env;
}

}  // namespace

Result<bool> WorkerSession::BeginReply(const v1::Deliver& deliver, int timeout_ms) {
  if (state_ != State::kRegistered) return Status::Unavailable("not connected to the broker");
  v1::Envelope env;
  awaited_request_ = kReplyIdBase | ++reply_requests_;
  env.set_request_id(awaited_request_);
  env.mutable_reply_sending()->set_lease_id(deliver.lease_id());
  env.mutable_reply_sending()->set_reply_id(deliver.reply().reply_id());
  sending_ack_.reset();
  // Whatever keeps the go-ahead from coming, the reply is not posted, and the broker hears so.
  auto not_sent = [&](Status why) {
    awaited_request_ = 0;
    v1::ReplyResult result;
    result.set_outcome(v1::EGRESS_NOT_SENT);
    result.set_reason(why.message());
    ++stats_.not_sent;
    (void)Report(ReplyReport(deliver, result));
    return why;
  };
  if (Status st = SendNow(env, NowUs()); !st.ok()) return not_sent(st);
  const uint64_t hellos = stats_.hellos;
  const int64_t deadline = NowUs() + int64_t{std::max(timeout_ms, 0)} * 1000;
  while (!sending_ack_) {
    int64_t left_ms = (deadline - NowUs() + 999) / 1000;
    if (left_ms <= 0) {
      return not_sent(Status::Timeout("the broker did not confirm the reply in time; not posting it"));
    }
    auto next = PollSocket(static_cast<int>(left_ms));
    if (!next.ok()) return not_sent(next.status());
    if (next->has_value()) kept_.push_back(std::move(**next));
    if (stats_.hellos != hellos || state_ != State::kRegistered) {
      return not_sent(Status::Unavailable("lost the broker while waiting to post the reply; not posting it"));
    }
  }
  awaited_request_ = 0;
  bool proceed = sending_ack_->proceed();
  if (!proceed) {
    ModuleLogger("worker")->info("worker {}: reply {} is not ours to post: {}", options_.name,
                                 deliver.reply().reply_id(), sending_ack_->reason());
  }
  sending_ack_.reset();
  return proceed;
}

Status WorkerSession::AckReply(const v1::Deliver& deliver, const v1::ReplyResult& result) {
  Status st = Report(ReplyReport(deliver, result));
  if (st.ok()) ++stats_.acks;
  return st;
}

Result<std::optional<v1::Deliver>> WorkerSession::PollSocket(int timeout_ms) {
  const int64_t deadline = NowUs() + int64_t{std::max(timeout_ms, 0)} * 1000;
  const uint64_t hellos = stats_.hellos;
  while (true) {
    int64_t now = NowUs();
    if (state_ == State::kFailed) return failure_;
    // BeginReply waits on one answer: it returns at once when the answer came or the session it
    // asked in is gone (the go-ahead cannot come any more).
    if (awaited_request_ != 0 && (sending_ack_ || state_ != State::kRegistered || stats_.hellos != hellos)) {
      return std::optional<v1::Deliver>();
    }
    if (state_ == State::kIdle || (state_ == State::kBackoff && now >= reconnect_at_us_)) {
      Status st = Connect(now);
      if (st.code() == v1::INVALID_ARGUMENT) {
        state_ = State::kFailed;
        failure_ = st;
        return failure_;
      }
      if (!st.ok()) Drop(now, "cannot connect");
    }
    if (socket_) {
      Incoming in = socket_->Receive();
      if (in.kind != Incoming::kNothing) {
        last_recv_us_ = now;
        if (in.kind != Incoming::kEnvelope) continue;
        auto r = Handle(std::move(in.envelope), now);
        if (!r.ok() || r->has_value()) return r;
        continue;
      }
      if (now - last_recv_us_ > SilenceLimitUs()) {
        // A broker that refused our key never answers: the log says so, not just "no welcome".
        Status refused = socket_->HandshakeRefusal();
        Drop(now, !refused.ok()                  ? refused.message()
                  : state_ == State::kRegistered ? std::string("broker silent")
                                                 : std::string("no welcome"));
        continue;
      }
      if (state_ == State::kRegistered && now - last_send_us_ >= int64_t{HeartbeatMs()} * 1000) {
        v1::Envelope hb;
        hb.mutable_heartbeat();
        if (SendNow(hb, now).ok()) ++stats_.heartbeats;
      }
    }
    if (now >= deadline) return std::optional<v1::Deliver>();
    int64_t wake = deadline;
    if (socket_) {
      wake = std::min(wake, last_recv_us_ + SilenceLimitUs() + 1000);
      if (state_ == State::kRegistered) wake = std::min(wake, last_send_us_ + int64_t{HeartbeatMs()} * 1000);
      int wait_ms = static_cast<int>(std::max<int64_t>((wake - now + 999) / 1000, 0));
      socket_->WaitReadable(wait_ms);
    } else {
      wake = std::min(wake, reconnect_at_us_);
      std::this_thread::sleep_for(std::chrono::microseconds(std::max<int64_t>(wake - now, 0)));
    }
  }
}

Status WorkerSession::Ack(const v1::Deliver& deliver, v1::DeliveryOutcome outcome, const std::string& error) {
  v1::Envelope env;
  env.set_request_id(deliver.lease_id());
  auto* ack = env.mutable_deliver_ack();
  ack->set_lease_id(deliver.lease_id());
  ack->set_session(deliver.session());
  ack->set_ticket_id(deliver.ticket().id());
  ack->set_outcome(outcome);
  ack->set_error(error);
  Status st = SendNow(env, NowUs());
  if (st.ok()) ++stats_.acks;
  return st;
}

Status WorkerSession::AddCredit(uint32_t credit) {
  v1::Envelope env;
  env.mutable_credit()->set_credit(credit);
  return SendNow(env, NowUs());
}

Status WorkerSession::Bye() {
  if (!socket_) return Status::Ok();
  v1::Envelope env;
  env.mutable_bye();
  Status st = SendNow(env, NowUs());
  socket_->SetLinger(options_.bye_linger_ms);
  socket_.reset();
  state_ = State::kIdle;
  return st;
}

}  // namespace aspirasi
