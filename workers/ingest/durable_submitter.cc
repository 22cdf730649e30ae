#include "workers/ingest/durable_submitter.h"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "common/log.h"
#include "workers/ingest/signature.h"

namespace aspirasi::ingest {

bool IsPermanent(const Status& s) {
  switch (s.code()) {
    case v1::UNAVAILABLE:
    case v1::TIMEOUT:
    case v1::IO_ERROR:
    case v1::ERROR_UNKNOWN:
    // About our key, not the item (not listed yet, or revoked): kept until the key is fixed.
    case v1::PERMISSION_DENIED:
      return false;
    default:
      return !s.ok();
  }
}

DurableSubmitter::DurableSubmitter(BrokerLink& link, Spool& spool, Metrics& metrics, DrainOptions options)
    : link_(link),
      spool_(spool),
      options_(options),
      acked_(metrics.GetCounter("aspirasi_ingest_acked_total",
                                "submits acked by the broker (directly or from the spool)")),
      spooled_(metrics.GetCounter("aspirasi_ingest_spooled_total", "submits written to the local spool")),
      drained_(metrics.GetCounter("aspirasi_ingest_drained_total",
                                  "spooled submits acked by the broker and removed")),
      rejected_(metrics.GetCounter("aspirasi_ingest_rejected_submits_total",
                                   "submits the broker refused for good (logged with the reason)")),
      depth_(metrics.GetGauge("aspirasi_ingest_spool_depth", "submits waiting in the local spool")),
      broker_up_(
          metrics.GetGauge("aspirasi_ingest_broker_up", "1 while the broker acks, 0 after a failed submit")),
      key_refused_gauge_(
          metrics.GetGauge("aspirasi_ingest_key_refused",
                           "1 while the broker refuses this ingest's key (submits are spooled)")) {
  depth_.Set(static_cast<double>(spool_.size()));
  broker_up_.Set(1);
}

DurableSubmitter::~DurableSubmitter() { Stop(); }

void DurableSubmitter::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_) return;
  running_ = true;
  stop_ = false;
  drainer_ = std::thread([this] { DrainLoop(); });
}

void DurableSubmitter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    stop_ = true;
  }
  cv_.notify_all();
  drainer_.join();
  std::lock_guard<std::mutex> lock(mu_);
  running_ = false;
}

void DurableSubmitter::Reject(const v1::Submit& submit, const Status& why) {
  rejected_.Inc();
  // The key can hold a citizen's chat id (Telegram) or phone number (inside a WhatsApp wamid):
  // above debug only its digest is logged. The broker's reason never carries citizen data.
  auto log = ModuleLogger("ingest");
  log->warn("broker refused a {} item of account {} for good (key digest {}): {}", submit.draft().channel(),
            submit.draft().account(), ShortDigest(submit.idempotency_key()), why.ToString());
  log->debug("the refused item's key: {}", submit.idempotency_key());
}

void DurableSubmitter::NoteKey(const Status& denied, bool acked) {
  if (!denied.ok()) {
    if (!key_refused_.exchange(true)) {
      ModuleLogger("ingest")->error(
          "the broker refuses this ingest's key; submits are kept in the spool until it is fixed "
          "([[key]] with role \"ingest\", --key-file; docs/SECURITY.md): {}",
          denied.message());
    }
    key_refused_gauge_.Set(1);
  } else if (acked && key_refused_.exchange(false)) {
    ModuleLogger("ingest")->info("the broker accepts this ingest's key again");
    key_refused_gauge_.Set(0);
  }
}

Status DurableSubmitter::Hold(const std::vector<v1::Submit>& submits, OutcomeCounts* counts) {
  Status st = spool_.Append(submits);
  depth_.Set(static_cast<double>(spool_.size()));
  if (!st.ok()) {
    if (!spool_failing_.exchange(true))
      ModuleLogger("ingest")->error("spool write failed: {}", st.ToString());
    return st;
  }
  spool_failing_ = false;
  spooled_.Inc(submits.size());
  counts->spooled += static_cast<int>(submits.size());
  cv_.notify_all();
  return Status::Ok();
}

Result<OutcomeCounts> DurableSubmitter::Submit(const std::vector<v1::Submit>& submits) {
  OutcomeCounts counts;
  if (submits.empty()) return counts;
  if (spool_.size() > 0) {  // keep the order: behind what waits already
    Status st = Hold(submits, &counts);
    if (!st.ok()) return st;
    return counts;
  }
  auto results = link_.Submit(submits);
  std::vector<v1::Submit> retry;
  Status last, denied;
  bool acked = false;
  for (std::size_t i = 0; i < submits.size(); ++i) {
    if (results[i].ok()) {
      counts.Add(*results[i]);
      acked_.Inc();
      acked = true;
    } else if (IsPermanent(results[i].status())) {
      Reject(submits[i], results[i].status());
      ++counts.rejected;
    } else {
      last = results[i].status();
      if (last.code() == v1::PERMISSION_DENIED) denied = last;
      retry.push_back(submits[i]);
    }
  }
  NoteKey(denied, acked);
  if (retry.empty()) return counts;
  if (broker_up_.Value() != 0)
    ModuleLogger("ingest")->warn("broker not acking ({}); spooling", last.ToString());
  broker_up_.Set(0);
  Status st = Hold(retry, &counts);
  if (!st.ok()) return st;
  return counts;
}

bool DurableSubmitter::DrainOnce() {
  auto entries = spool_.Peek(options_.batch);
  if (!entries.ok()) {
    ModuleLogger("ingest")->error("spool read failed: {}", entries.status().ToString());
    return false;
  }
  if (entries->empty()) return true;
  // A round is pipelined, so when some of its submits fail (a broker that died mid-round) the others
  // are applied first. That is harmless between different items, but an edit or a withdrawal must
  // never overtake its own item, nor another change of it: the round ends before the first submit
  // that targets an item the round already names, and that submit leads the next round.
  std::vector<v1::Submit> submits;
  submits.reserve(entries->size());
  std::unordered_set<std::string> keys;
  for (const auto& e : *entries) {
    const std::string& target = e.submit.target_key();
    if (!target.empty() && keys.count(target) > 0) break;
    keys.insert(e.submit.idempotency_key());
    if (!target.empty()) keys.insert(target);
    submits.push_back(e.submit);
  }
  entries->resize(submits.size());
  auto results = link_.Submit(submits);
  std::vector<int64_t> done;
  bool all = true, acked = false;
  Status denied;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].ok()) {
      done.push_back((*entries)[i].seq);
      acked_.Inc();
      acked = true;
    } else if (IsPermanent(results[i].status())) {
      Reject(submits[i], results[i].status());
      done.push_back((*entries)[i].seq);
    } else {
      all = false;
      if (results[i].status().code() == v1::PERMISSION_DENIED) denied = results[i].status();
    }
  }
  NoteKey(denied, acked);
  Status st = spool_.Remove(done);
  if (!st.ok()) {
    ModuleLogger("ingest")->error("spool remove failed: {}", st.ToString());
    all = false;
  } else {
    drained_.Inc(done.size());
  }
  depth_.Set(static_cast<double>(spool_.size()));
  return all;
}

void DurableSubmitter::DrainLoop() {
  auto log = ModuleLogger("ingest");
  if (spool_.size() > 0) log->info("spool holds {} submits from before; draining", spool_.size());
  int backoff_ms = 0;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (backoff_ms > 0) {
        cv_.wait_for(lock, std::chrono::milliseconds(backoff_ms), [&] { return stop_; });
      } else {
        cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_ || spool_.size() > 0; });
      }
      if (stop_) return;
    }
    if (spool_.size() == 0) continue;
    if (DrainOnce()) {
      if (backoff_ms > 0 || broker_up_.Value() == 0) {
        if (spool_.size() == 0) log->info("broker acks again; spool drained");
      }
      broker_up_.Set(1);
      backoff_ms = 0;
    } else {
      broker_up_.Set(0);
      backoff_ms =
          backoff_ms == 0 ? options_.backoff_min_ms : std::min(backoff_ms * 2, options_.backoff_max_ms);
    }
  }
}

}  // namespace aspirasi::ingest
