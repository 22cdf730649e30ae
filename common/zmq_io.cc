#include "common/zmq_io.h"

#include "common/frame.h"

namespace aspirasi {

bool RecvMultipart(zmq::socket_t& socket, std::size_t max_frames, Received* out) {
  out->frames.clear();
  out->total_frames = 0;
  out->truncated = false;
  try {
    zmq::message_t msg;
    if (!socket.recv(msg, zmq::recv_flags::dontwait)) return false;
    while (true) {
      bool more = msg.more();
      ++out->total_frames;
      if (out->frames.size() < max_frames) {
        out->frames.push_back(std::move(msg));
      } else {
        out->truncated = true;
      }
      if (!more) break;
      msg = zmq::message_t();
      // The rest of a multipart message is already here (ZeroMQ delivers it atomically).
      if (!socket.recv(msg, zmq::recv_flags::none)) break;
    }
    return true;
  } catch (const zmq::error_t& e) {
    if (e.num() == ETERM) throw;
    return !out->frames.empty();
  }
}

Status SendEncoded(zmq::socket_t& socket, std::string_view identity, std::string_view encoded) {
  try {
    if (!identity.empty()) {
      if (!socket.send(zmq::buffer(identity), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
        return Status::Unavailable("peer pipe is full");
      }
    }
    // Once the first frame is queued the rest of the message is accepted atomically.
    socket.send(zmq::buffer(kSignature), zmq::send_flags::sndmore);
    socket.send(zmq::buffer(encoded), zmq::send_flags::none);
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    if (e.num() == ETERM) throw;
    return Status::Unavailable(std::string("send failed: ") + e.what());
  }
}

Status SendEnvelope(zmq::socket_t& socket, std::string_view identity, const v1::Envelope& env) {
  return SendEncoded(socket, identity, EncodeEnvelope(env));
}

void ConfigureSocket(zmq::socket_t& socket, int64_t max_message_bytes) {
  socket.set(zmq::sockopt::linger, 0);
  if (max_message_bytes > 0) socket.set(zmq::sockopt::maxmsgsize, max_message_bytes);
}

std::string LastEndpoint(zmq::socket_t& socket) { return socket.get(zmq::sockopt::last_endpoint); }

}  // namespace aspirasi
