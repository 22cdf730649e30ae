// A raw DEALER for integration tests: sends arbitrary frames, receives replies with a timeout.
// Deliberately independent of the client library, so tests check the wire itself.
#pragma once

#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi::testing {

class RawPeer {
 public:
  RawPeer(zmq::context_t& ctx, const std::string& endpoint);
  void SendFrames(const std::vector<std::string>& frames);
  void Send(const v1::Envelope& env);
  // The next reply's envelope, or nullopt after timeout_ms.
  std::optional<v1::Envelope> Receive(int timeout_ms = 5000);
  std::optional<v1::Envelope> Request(const v1::Envelope& env, int timeout_ms = 5000);
  zmq::socket_t& socket() { return socket_; }

 private:
  zmq::socket_t socket_;
};

}  // namespace aspirasi::testing
