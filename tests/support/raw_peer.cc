#include "tests/support/raw_peer.h"

#include "common/frame.h"

namespace aspirasi::testing {

RawPeer::RawPeer(zmq::context_t& ctx, const std::string& endpoint) : socket_(ctx, zmq::socket_type::dealer) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.connect(endpoint);
}

void RawPeer::SendFrames(const std::vector<std::string>& frames) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    socket_.send(zmq::buffer(frames[i]),
                 i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
}

void RawPeer::Send(const v1::Envelope& env) {
  SendFrames({std::string(kSignature), env.SerializeAsString()});
}

std::optional<v1::Envelope> RawPeer::Receive(int timeout_ms) {
  zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, std::chrono::milliseconds(timeout_ms)) <= 0) return std::nullopt;
  std::vector<zmq::message_t> frames;
  while (true) {
    zmq::message_t m;
    if (!socket_.recv(m, zmq::recv_flags::none)) return std::nullopt;
    bool more = m.more();
    frames.push_back(std::move(m));
    if (!more) break;
  }
  if (frames.size() != 2) return std::nullopt;
  v1::Envelope env;
  if (!env.ParseFromArray(frames[1].data(), static_cast<int>(frames[1].size()))) return std::nullopt;
  return env;
}

std::optional<v1::Envelope> RawPeer::Request(const v1::Envelope& env, int timeout_ms) {
  Send(env);
  return Receive(timeout_ms);
}

}  // namespace aspirasi::testing
