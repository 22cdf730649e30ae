// ZeroMQ helpers shared by the broker, clients and workers: receive a bounded multipart
// message without throwing, send a protocol message.
//
// Thread safety: like the socket itself, one thread per socket.
#pragma once

#include <string>
#include <string_view>
#include <vector>
#include <zmq.hpp>

#include "aspirasi/v1/wire.pb.h"
#include "common/status.h"

namespace aspirasi {

// One received multipart message. Frames past `max_frames` are received and dropped
// (the message is still consumed whole) and `truncated` is set.
struct Received {
  std::vector<zmq::message_t> frames;
  std::size_t total_frames = 0;
  bool truncated = false;
  std::string_view Frame(std::size_t i) const {
    return {static_cast<const char*>(frames[i].data()), frames[i].size()};
  }
};

// Non-blocking. Returns false when nothing is waiting. Never throws except for ETERM.
bool RecvMultipart(zmq::socket_t& socket, std::size_t max_frames, Received* out);

// Sends [identity?, signature, envelope] without blocking. An empty identity sends no
// identity frame (DEALER side). Returns UNAVAILABLE when the peer is gone (ROUTER_MANDATORY)
// or the pipe is full.
Status SendEnvelope(zmq::socket_t& socket, std::string_view identity, const v1::Envelope& env);
Status SendEncoded(zmq::socket_t& socket, std::string_view identity, std::string_view encoded_envelope);

// Sets linger 0 and, where given, the inbound message size limit.
void ConfigureSocket(zmq::socket_t& socket, int64_t max_message_bytes);

// The endpoint actually bound ("tcp://127.0.0.1:41234" after binding "tcp://127.0.0.1:*").
std::string LastEndpoint(zmq::socket_t& socket);

}  // namespace aspirasi
