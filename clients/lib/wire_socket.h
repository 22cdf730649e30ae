// WireSocket: one ZeroMQ socket speaking aspirasi.v1 frames, without exceptions.
//
// Internal to clients/lib (the clients and the worker session share it); other modules use
// the public clients instead. Wraps a DEALER or SUB socket: create/connect, send an envelope
// without blocking, wait for input, receive and decode one message. cppzmq exceptions are
// caught here and become a Status (ETERM included: the clients own their contexts).
//
// Thread safety: none; one thread per WireSocket, like the socket itself.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <zmq.hpp>

#include "aspirasi/v1/wire.pb.h"
#include "clients/lib/client_keys.h"
#include "common/status.h"

namespace aspirasi::client_internal {

struct WireSocketOptions {
  int64_t max_message_bytes = 64LL << 20;  // inbound limit (ZMQ_MAXMSGSIZE); 0 = none
  int high_water_mark = 100000;            // ZMQ_SNDHWM and ZMQ_RCVHWM, messages
  int reconnect_ivl_ms = 100;              // ZMQ_RECONNECT_IVL
  int reconnect_ivl_max_ms = 1000;         // ZMQ_RECONNECT_IVL_MAX
  ClientKeys keys = {};                    // CURVE when enabled (docs/SECURITY.md)
};

// What one receive produced.
struct Incoming {
  enum Kind { kNothing, kEnvelope, kHead, kBad };
  Kind kind = kNothing;
  v1::Envelope envelope;  // kEnvelope
  uint64_t head_seq = 0;  // kHead (SUB sockets: a head notice, common/head_notice.h)
  Status error;           // kBad: why the message was rejected
};

class WireSocket {
 public:
  // A DEALER connected to `endpoint`. Errors: INVALID_ARGUMENT (bad endpoint), IO_ERROR.
  static Result<std::unique_ptr<WireSocket>> Dealer(zmq::context_t& ctx, const std::string& endpoint,
                                                    const WireSocketOptions& options);
  // A SUB connected to `endpoint`, subscribed to `topic_prefix`.
  static Result<std::unique_ptr<WireSocket>> Sub(zmq::context_t& ctx, const std::string& endpoint,
                                                 std::string_view topic_prefix,
                                                 const WireSocketOptions& options);

  // Sends [signature, envelope] without blocking. UNAVAILABLE when the pipe is full (HWM) or
  // the socket failed.
  Status Send(std::string_view encoded_envelope);
  Status Send(const v1::Envelope& env);

  // Waits up to timeout_ms (0 = just check) for input. False on timeout or EINTR.
  bool WaitReadable(int timeout_ms);

  // Receives and decodes one waiting message, never blocking.
  Incoming Receive();

  // With keys: PERMISSION_DENIED (keys.refused) when the broker refused our key at the last
  // handshake (ZAP status 400: not listed, or revoked); OK otherwise. For a clear error where a
  // refused client would only see a timeout.
  Status HandshakeRefusal();

  // Sets ZMQ_LINGER (e.g. before closing after a last goodbye message).
  void SetLinger(int ms);

  // For zmq_poll.
  void* handle() { return socket_.handle(); }

 private:
  explicit WireSocket(zmq::socket_t socket, bool is_sub) : socket_(std::move(socket)), is_sub_(is_sub) {}
  static Result<std::unique_ptr<WireSocket>> Make(zmq::context_t& ctx, zmq::socket_type type,
                                                  const std::string& endpoint, std::string_view topic_prefix,
                                                  const WireSocketOptions& options);

  zmq::socket_t socket_;
  bool is_sub_;
  std::unique_ptr<zmq::socket_t> monitor_;  // handshake events, with keys (closes before socket_)
  std::string public_key_;
  bool refused_ = false;
};

// Waits up to timeout_ms for a message on either socket (b may be null). Returns a bitmask:
// 1 = a readable, 2 = b readable; 0 on timeout or EINTR.
int WaitEither(WireSocket& a, WireSocket* b, int timeout_ms);

}  // namespace aspirasi::client_internal
