// Broker: aspirasid's event loop. Owns the four endpoints (ingest, worker, api ROUTERs and the
// events PUB), the router, the dispatcher, the writer stage (single SQLite writer, group commit)
// and the query stage. See docs/PROTOCOL.md for the wire behaviour and docs/DESIGN.md for
// the threads.
//
// Thread safety: Run() is the event loop and must be called from one thread; RequestStop() and
// RequestReload() may be called from any thread or a signal handler.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/config.h"
#include "common/metrics.h"
#include "common/status.h"

namespace aspirasi::server {

struct BoundEndpoints {
  std::string ingest, worker, api, events, http;
};

class Broker {
 public:
  Broker(Config config, const Clock& clock);
  ~Broker();
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  // Opens the store, binds every endpoint, loads pending tickets. After it returns OK,
  // endpoints() holds the actual addresses (a "*" port is resolved).
  Status Start();
  const BoundEndpoints& endpoints() const;

  // Serves until RequestStop(); then drains the writer and returns.
  Status Run();
  void RequestStop();
  // Reads the configuration's [[key]] table again at the loop's next turn (SIGHUP; Gatekeeper::Reload).
  void RequestReload();

  Metrics& metrics();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aspirasi::server
