// BrokerLink: submits to the broker's ingest endpoint for many threads at once. One thread owns
// the IngestClient (a ZeroMQ DEALER is single-threaded) and pipelines every caller's submits on
// it; each caller blocks until each of its submits has an ack or an error.
//
// A submit without an ack after `timeout_ms` completes with TIMEOUT (no re-send: the caller
// decides, usually by spooling); an UNAVAILABLE reply completes at once. The broker applies
// submits in the order they arrive on the connection, so one caller's submits keep their order.
//
// Thread safety: Submit() from any thread; Start/Stop from the owner.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "clients/lib/client_keys.h"
#include "common/status.h"

namespace aspirasi::ingest {

struct BrokerLinkOptions {
  std::string endpoint;                 // the broker's ingest endpoint (tcp://...)
  int timeout_ms = 5000;                // ack wait per submit
  int64_t max_message_bytes = 1 << 20;  // larger submits fail locally with TOO_LARGE
  int max_in_flight = 100000;           // beyond it, submits fail at once with UNAVAILABLE
  ClientKeys keys = {};                 // CURVE, for a broker with keys (docs/SECURITY.md)
};

class BrokerLink {
 public:
  explicit BrokerLink(BrokerLinkOptions options);
  ~BrokerLink();
  BrokerLink(const BrokerLink&) = delete;
  BrokerLink& operator=(const BrokerLink&) = delete;

  void Start();
  // Completes everything outstanding with UNAVAILABLE and joins the thread.
  void Stop();

  // results[i] belongs to submits[i]. Blocks at most about timeout_ms. UNAVAILABLE for every
  // submit when the link is stopped.
  std::vector<Result<v1::SubmitAck>> Submit(const std::vector<v1::Submit>& submits);

 private:
  struct Job;
  void Loop();

  BrokerLinkOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Job>> queue_;  // GUARDED_BY(mu_)
  bool stop_ = false;                       // GUARDED_BY(mu_)
  bool running_ = false;                    // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace aspirasi::ingest
