// BenchRun: drives tickets through submit -> broker -> worker ack over real sockets and
// measures what happened to each one.
//
// One thread submits with IngestClient (pipelined, at most `window` in flight, optionally at a
// steady `rate`), one thread is a response worker (WorkerSession, acks DONE; each ack frees its place in the
// window). Each ticket's idempotency key is "bench:<run id>:<index>"; the delivered ticket's source_key gives
// the index back, so every delivery is matched to its submit.
//
// With `backlog`, the worker starts only once every submit is acked, and drains what piled up.
//
// End-to-end latency is from the submit (with --rate: from its scheduled time, so a stalled
// broker is not hidden by a stalled sender) to the delivery's arrival at the worker.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/percentiles.h"
#include "clients/lib/client_keys.h"

namespace aspirasi::bench {

struct BenchOptions {
  std::string ingest_endpoint;
  std::string worker_endpoint;
  std::vector<std::string> opds;  // the worker serves these
  uint64_t tickets = 200000;
  double rate = 0;         // tickets/s; 0 = as fast as the window allows
  int window = 5000;       // submits in flight at most
  uint32_t credit = 1000;  // the worker's delivery window
  int submit_timeout_ms = 10000;
  int drain_timeout_ms = 30000;  // after the last ack, wait this long without progress for deliveries
  bool progress = true;          // a progress line on stderr every 2 s
  // Backlog mode: no worker until every submit is acked (the tickets pile up in the broker's
  // queues), then `backlog_full` is called (e.g. to read the broker's RSS) and the worker drains them.
  bool backlog = false;
  std::function<void()> backlog_full;
  // Called between progress checks; returns false to abort (e.g. the broker died).
  std::function<bool()> healthy;
  ClientKeys ingest_keys;  // CURVE keys of the submitting clients (empty: none)
  ClientKeys worker_keys;  // and of the worker
};

struct BenchResult {
  uint64_t tickets = 0;
  uint64_t acked = 0;
  uint64_t failed = 0;      // submits that ended in an error (not acked)
  uint64_t delivered = 0;   // distinct tickets delivered
  uint64_t lost = 0;        // acked but never delivered
  uint64_t duplicated = 0;  // delivered more than once
  uint64_t foreign = 0;     // deliveries of tickets not from this run (an external broker's backlog)
  uint64_t resends = 0;     // submits re-sent after a timeout
  uint64_t worker_reconnects = 0;
  double seconds = 0;         // first submit to last delivery
  double submit_seconds = 0;  // first submit to last ack
  double throughput_tps = 0;  // delivered / seconds
  double drain_seconds = 0;   // backlog mode: worker start to last delivery
  double avg_draft_bytes = 0;
  Percentiles latency_ms;      // submit -> delivery
  Percentiles ack_latency_ms;  // submit -> ack
  std::string first_error;     // the first submit error, for the report
  bool aborted = false;
};

BenchResult RunBench(const BenchOptions& options);

}  // namespace aspirasi::bench
