// Publishes the audit chain's head where it leaves the server: a log line and an info metric
// (`aspirasi_audit_chain_head_info{seq,hash}`), at start, at most once an interval while events
// are recorded ([broker] audit_head_interval_s, a minute by default), and at stop. Whoever keeps those lines
// (the journal shipped to another host, a Prometheus server) holds an outside copy against which `aspirasi
// audit verify --expect` detects a chain cut short or recomputed (docs/AUDIT.md).
//
// Thread safety: Observe and Final from one thread at a time (the writer; Final after it stopped).
#pragma once

#include <cstdint>
#include <memory>

#include "broker/audit/event_chain.h"
#include "common/metrics.h"

namespace spdlog {
class logger;
}

namespace aspirasi::audit {

class HeadReporter {
 public:
  HeadReporter(Metrics& metrics, std::shared_ptr<spdlog::logger> log, int64_t interval_ms)
      : metrics_(metrics), log_(std::move(log)), interval_ms_(interval_ms) {}

  // After a commit (and once at start): publishes `head` when it changed and the interval has
  // passed since the last publication (at once the first time).
  void Observe(const ChainHead& head, int64_t now_ms);
  // At stop: publishes the last head (always: the line that closes a run).
  void Final(const ChainHead& head);

 private:
  void Publish(const ChainHead& head, const char* when);

  Metrics& metrics_;
  std::shared_ptr<spdlog::logger> log_;
  int64_t interval_ms_;
  bool published_ = false;
  ChainHead last_;
  int64_t last_ms_ = 0;
};

}  // namespace aspirasi::audit
