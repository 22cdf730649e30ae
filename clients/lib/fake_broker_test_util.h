// Test helpers: a fake broker endpoint (ROUTER) and a fake events endpoint (PUB), bound to
// tcp://127.0.0.1:* with the chosen port read back.
//
// FakeRouter runs a thread that answers each decoded envelope with whatever the handler
// returns (nothing = drop the request). The handler runs on that thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "aspirasi/v1/event.pb.h"
#include "aspirasi/v1/wire.pb.h"
#include "common/frame.h"
#include "common/head_notice.h"
#include "common/zmq_io.h"

namespace aspirasi::testing {

class FakeRouter {
 public:
  using Handler = std::function<std::vector<v1::Envelope>(const v1::Envelope& request)>;

  // Binds "tcp://127.0.0.1:<port>" (0 = any free port).
  explicit FakeRouter(Handler handler, int port = 0) : handler_(std::move(handler)) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.bind("tcp://127.0.0.1:" + (port == 0 ? std::string("*") : std::to_string(port)));
    endpoint_ = LastEndpoint(socket_);
    thread_ = std::thread([this] { Run(); });
  }
  ~FakeRouter() {
    stop_ = true;
    thread_.join();
  }

  const std::string& endpoint() const { return endpoint_; }
  int port() const { return std::stoi(endpoint_.substr(endpoint_.rfind(':') + 1)); }
  int received() const { return received_.load(); }
  std::vector<v1::Envelope> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void Run() {
    while (!stop_) {
      zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, std::chrono::milliseconds(10));
      Received rec;
      while (RecvMultipart(socket_, 4, &rec)) {
        if (rec.frames.size() != 3) continue;
        std::string identity(rec.Frame(0));
        std::string_view frames[2] = {rec.Frame(1), rec.Frame(2)};
        v1::Envelope env;
        if (!DecodeEnvelope(frames, SIZE_MAX, &env).ok()) continue;
        {
          std::lock_guard lock(mu_);
          requests_.push_back(env);
        }
        ++received_;
        for (const auto& reply : handler_(env)) (void)SendEnvelope(socket_, identity, reply);
      }
    }
  }

  Handler handler_;
  zmq::context_t ctx_{1};
  zmq::socket_t socket_{ctx_, zmq::socket_type::router};
  std::string endpoint_;
  std::atomic<bool> stop_{false};
  std::atomic<int> received_{0};
  mutable std::mutex mu_;
  std::vector<v1::Envelope> requests_;
  std::thread thread_;
};

// A reply envelope for `request` with the same request_id.
inline v1::Envelope ReplyTo(const v1::Envelope& request) {
  v1::Envelope r;
  r.set_request_id(request.request_id());
  return r;
}

inline v1::Envelope ErrorReply(const v1::Envelope& request, v1::ErrorCode code, const std::string& message) {
  v1::Envelope r = ReplyTo(request);
  r.mutable_error()->set_code(code);
  r.mutable_error()->set_message(message);
  return r;
}

// The events endpoint: publishes head notices [topic, signature, EventList] from the test thread.
class FakePub {
 public:
  FakePub() {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.bind("tcp://127.0.0.1:*");
    endpoint_ = LastEndpoint(socket_);
  }
  const std::string& endpoint() const { return endpoint_; }
  void PublishHead(uint64_t last_seq) { PublishRaw(kHeadTopic, EncodeHeadNotice(last_seq)); }
  void PublishRaw(std::string_view topic, std::string_view body) {
    socket_.send(zmq::buffer(topic), zmq::send_flags::sndmore);
    socket_.send(zmq::buffer(kSignature), zmq::send_flags::sndmore);
    socket_.send(zmq::buffer(body), zmq::send_flags::none);
  }

 private:
  zmq::context_t ctx_{1};
  zmq::socket_t socket_{ctx_, zmq::socket_type::pub};
  std::string endpoint_;
};

}  // namespace aspirasi::testing
