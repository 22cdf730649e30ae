// DurableSubmitter: the Submitter of aspirasi-ingest. A request's submits go to the broker; those
// the broker cannot take now (no ack in time, UNAVAILABLE) go to the local Spool, and the request
// counts as accepted once they are on disk there. A drain thread re-submits the spool's rows in
// order when the broker is back and deletes each only after its ack.
//
// Order: while the spool holds anything, new requests are appended to it too (not sent directly),
// so items reach the broker in the order they were accepted. Nothing is lost (a row leaves the
// spool only after an ack) and nothing is duplicated (every submit carries its idempotency key;
// a re-sent one is answered DUPLICATE).
//
// Permanent broker errors (INVALID_ARGUMENT, TOO_LARGE, ...: the same submit would fail forever)
// are counted as `rejected`, logged with the key and the reason, and not retried.
//
// Thread safety: Submit/SubmitAll from any thread; Start/Stop from the owner.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "common/metrics.h"
#include "workers/ingest/broker_link.h"
#include "workers/ingest/outcome_counts.h"
#include "workers/ingest/spool.h"
#include "workers/ingest/submitter.h"

namespace aspirasi::ingest {

struct DrainOptions {
  int batch = 1000;          // spool rows submitted per round
  int backoff_min_ms = 100;  // after a failed round, doubling up to backoff_max_ms
  int backoff_max_ms = 5000;
};

class DurableSubmitter : public Submitter {
 public:
  DurableSubmitter(BrokerLink& link, Spool& spool, Metrics& metrics, DrainOptions options = {});
  ~DurableSubmitter() override;

  // Starts the drain thread (it drains what a previous run left in the spool).
  void Start();
  void Stop();

  // Outcome counts (spooled ones in `spooled`), or IO_ERROR when the broker could not take them
  // and the spool could not store them either: then nothing may be answered 2xx.
  Result<OutcomeCounts> Submit(const std::vector<v1::Submit>& submits);
  Status SubmitAll(const std::vector<v1::Submit>& submits) override { return Submit(submits).status(); }

  // True when the last spool write failed (health).
  bool spool_failing() const { return spool_failing_.load(); }
  // True while the broker refuses this ingest's key (PERMISSION_DENIED: not listed, revoked, or
  // not an ingest key): submits wait in the spool until the key is fixed (health).
  bool key_refused() const { return key_refused_.load(); }

 private:
  void DrainLoop();
  // One round: true when everything it took was acked (or rejected for good).
  bool DrainOnce();
  // Appends to the spool and counts them as spooled.
  Status Hold(const std::vector<v1::Submit>& submits, OutcomeCounts* counts);
  void Reject(const v1::Submit& submit, const Status& why);
  // Keeps key_refused() and its gauge and log line up to date after a round of results.
  void NoteKey(const Status& denied, bool acked);

  BrokerLink& link_;
  Spool& spool_;
  DrainOptions options_;
  Counter& acked_;
  Counter& spooled_;
  Counter& drained_;
  Counter& rejected_;
  Gauge& depth_;
  Gauge& broker_up_;
  Gauge& key_refused_gauge_;
  std::atomic<bool> spool_failing_{false};
  std::atomic<bool> key_refused_{false};

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;     // GUARDED_BY(mu_)
  bool running_ = false;  // GUARDED_BY(mu_)
  std::thread drainer_;
};

// True for broker errors that will not go away by retrying the same submit.
bool IsPermanent(const Status& s);

}  // namespace aspirasi::ingest
