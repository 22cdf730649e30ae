#include "clients/lib/wire_socket.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <string>

#include "common/frame.h"
#include "common/head_notice.h"
#include "common/i18n/catalogue.h"
#include "common/zmq_io.h"

namespace aspirasi::client_internal {
namespace {

Status FromZmq(const zmq::error_t& e, std::string_view what, const std::string& endpoint) {
  std::string msg = std::string(what) + " " + endpoint + ": " + e.what();
  if (e.num() == EINVAL || e.num() == EPROTONOSUPPORT || e.num() == ENOCOMPATPROTO) {
    return Status::InvalidArgument("endpoint", msg);
  }
  return Status::Io(msg);
}

void Configure(zmq::socket_t& s, const WireSocketOptions& o) {
  s.set(zmq::sockopt::linger, 0);
  if (o.keys.enabled()) {
    s.set(zmq::sockopt::curve_serverkey, o.keys.server_public);
    s.set(zmq::sockopt::curve_publickey, o.keys.public_key);
    s.set(zmq::sockopt::curve_secretkey, o.keys.secret_key);
  }
  if (o.max_message_bytes > 0) s.set(zmq::sockopt::maxmsgsize, o.max_message_bytes);
  s.set(zmq::sockopt::sndhwm, o.high_water_mark);
  s.set(zmq::sockopt::rcvhwm, o.high_water_mark);
  s.set(zmq::sockopt::reconnect_ivl, o.reconnect_ivl_ms);
  s.set(zmq::sockopt::reconnect_ivl_max, o.reconnect_ivl_max_ms);
}

}  // namespace

Result<std::unique_ptr<WireSocket>> WireSocket::Make(zmq::context_t& ctx, zmq::socket_type type,
                                                     const std::string& endpoint,
                                                     std::string_view topic_prefix,
                                                     const WireSocketOptions& options) {
  const bool sub = type == zmq::socket_type::sub;
  try {
    zmq::socket_t s(ctx, type);
    Configure(s, options);
    if (sub) s.set(zmq::sockopt::subscribe, topic_prefix);
    std::unique_ptr<zmq::socket_t> monitor;
    if (options.keys.enabled()) {
      // Watch the handshakes before connecting, so that a refusal is never missed.
      static std::atomic<uint64_t> monitors{0};
      const std::string address = "inproc://aspirasi-handshake-" + std::to_string(++monitors);
      if (zmq_socket_monitor(s.handle(), address.c_str(),
                             ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                                 ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL) == 0) {
        monitor = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::pair);
        monitor->set(zmq::sockopt::linger, 0);
        monitor->connect(address);
      }
    }
    s.connect(endpoint);
    std::unique_ptr<WireSocket> w(new WireSocket(std::move(s), sub));
    w->monitor_ = std::move(monitor);
    w->public_key_ = options.keys.public_key;
    return w;
  } catch (const zmq::error_t& e) {
    return FromZmq(e, sub ? "cannot subscribe to" : "cannot connect to", endpoint);
  }
}

Result<std::unique_ptr<WireSocket>> WireSocket::Dealer(zmq::context_t& ctx, const std::string& endpoint,
                                                       const WireSocketOptions& options) {
  return Make(ctx, zmq::socket_type::dealer, endpoint, {}, options);
}

Result<std::unique_ptr<WireSocket>> WireSocket::Sub(zmq::context_t& ctx, const std::string& endpoint,
                                                    std::string_view topic_prefix,
                                                    const WireSocketOptions& options) {
  return Make(ctx, zmq::socket_type::sub, endpoint, topic_prefix, options);
}

Status WireSocket::HandshakeRefusal() {
  if (!monitor_) return Status::Ok();
  try {
    zmq::message_t event, address;
    while (monitor_->recv(event, zmq::recv_flags::dontwait)) {
      if (event.more()) (void)monitor_->recv(address, zmq::recv_flags::dontwait);
      if (event.size() < 6) continue;
      uint16_t id = 0;
      std::memcpy(&id, event.data(), sizeof id);
      if (id == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) refused_ = false;
      if (id == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) refused_ = true;
    }
  } catch (const zmq::error_t&) {
  }
  if (!refused_) return Status::Ok();
  return Status::PermissionDenied(i18n::T(i18n::K("keys.refused"), {{"public", public_key_}}));
}

Status WireSocket::Send(std::string_view encoded) {
  try {
    if (!socket_.send(zmq::buffer(kSignature), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
      return Status::Unavailable("send queue is full");
    }
    // Once the first frame is queued the rest of the message is accepted atomically.
    socket_.send(zmq::buffer(encoded), zmq::send_flags::none);
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string("send failed: ") + e.what());
  }
}

Status WireSocket::Send(const v1::Envelope& env) { return Send(EncodeEnvelope(env)); }

bool WireSocket::WaitReadable(int timeout_ms) { return (WaitEither(*this, nullptr, timeout_ms) & 1) != 0; }

Incoming WireSocket::Receive() {
  Incoming in;
  Received rec;
  try {
    if (!RecvMultipart(socket_, 4, &rec)) return in;
  } catch (const zmq::error_t& e) {
    in.kind = Incoming::kBad;
    in.error = Status::Io(std::string("receive failed: ") + e.what());
    return in;
  }
  if (is_sub_) {
    // [topic, signature, EventList{last_seq}]
    if (rec.total_frames != 3 || rec.truncated) {
      in.kind = Incoming::kBad;
      in.error =
          Status::BadFrame("event message has " + std::to_string(rec.total_frames) + " frames, expected 3");
      return in;
    }
    if (rec.Frame(1) != kSignature) {
      in.kind = Incoming::kBad;
      in.error = Status::BadFrame("event message has a wrong signature frame");
      return in;
    }
    std::string_view body = rec.Frame(2);
    v1::EventList head;
    if (rec.Frame(0) != kHeadTopic || !head.ParseFromArray(body.data(), static_cast<int>(body.size())) ||
        head.events_size() != 0) {
      in.kind = Incoming::kBad;
      in.error = Status::Malformed("not a head notice (topic \"head\", an EventList with no events)");
      return in;
    }
    in.head_seq = head.last_seq();
    in.kind = Incoming::kHead;
    return in;
  }
  if (rec.truncated) {
    in.kind = Incoming::kBad;
    in.error = Status::BadFrame("message has " + std::to_string(rec.total_frames) + " frames, expected 2");
    return in;
  }
  std::array<std::string_view, 4> frames;
  for (std::size_t i = 0; i < rec.frames.size(); ++i) frames[i] = rec.Frame(i);
  std::size_t n = rec.frames.size();
  Status st = DecodeEnvelope(std::span<const std::string_view>(frames.data(), n), SIZE_MAX, &in.envelope);
  if (!st.ok()) {
    in.kind = Incoming::kBad;
    in.error = st;
    return in;
  }
  in.kind = Incoming::kEnvelope;
  return in;
}

void WireSocket::SetLinger(int ms) {
  try {
    socket_.set(zmq::sockopt::linger, ms);
  } catch (const zmq::error_t&) {
  }
}

int WaitEither(WireSocket& a, WireSocket* b, int timeout_ms) {
  std::array<zmq::pollitem_t, 2> items{};
  items[0] = {a.handle(), 0, ZMQ_POLLIN, 0};
  std::size_t n = 1;
  if (b != nullptr) {
    items[1] = {b->handle(), 0, ZMQ_POLLIN, 0};
    n = 2;
  }
  try {
    if (zmq::poll(items.data(), n, std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms)) <= 0) return 0;
  } catch (const zmq::error_t&) {
    return 0;  // EINTR (a signal) or a closing context: the caller's loop decides
  }
  int mask = 0;
  if (items[0].revents & ZMQ_POLLIN) mask |= 1;
  if (n == 2 && (items[1].revents & ZMQ_POLLIN)) mask |= 2;
  return mask;
}

}  // namespace aspirasi::client_internal
