#include "bench/bench_run.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "bench/drafts.h"
#include "clients/lib/ingest_client.h"
#include "clients/lib/worker_session.h"
#include "common/clock.h"

namespace aspirasi::bench {
namespace {

int64_t NowUs() { return RealClock().MonoUs(); }

// What the two threads record per ticket index.
struct Tracker {
  explicit Tracker(uint64_t n) : send_us(n), deliver_us(n), deliveries(n), ack_us(n, 0), acked(n, 0) {}

  std::vector<std::atomic<int64_t>> send_us;     // set before the submit is sent
  std::vector<std::atomic<int64_t>> deliver_us;  // first delivery
  std::vector<std::atomic<uint32_t>> deliveries;
  std::vector<int64_t> ack_us;  // submit thread only; read after submit_done
  std::vector<uint8_t> acked;   // submit thread only; read after submit_done

  std::atomic<uint64_t> acked_count{0}, failed_count{0}, delivered{0}, foreign{0}, resends{0};
  std::atomic<int64_t> first_send_us{0}, last_ack_us{0}, last_delivery_us{0};
  std::atomic<bool> submit_done{false}, stop_worker{false}, worker_failed{false}, abort{false};
  std::atomic<uint64_t> reconnects{0};
  double avg_draft_bytes = 0;
  std::mutex mu;
  std::string first_error;

  void Error(const std::string& e) {
    std::lock_guard lock(mu);
    if (first_error.empty()) first_error = e;
  }
};

void SubmitLoop(const BenchOptions& o, const std::string& prefix, uint64_t seed, Tracker& t) {
  IngestOptions io;
  io.timeout_ms = o.submit_timeout_ms;
  io.max_in_flight = o.window;
  io.max_retries = 30;
  io.keys = o.ingest_keys;
  IngestClient client(o.ingest_endpoint, io);
  auto on_reply = [&](uint64_t i, Result<v1::SubmitAck> r) {
    int64_t now = NowUs();
    if (r.ok()) {
      t.ack_us[i] = now;
      t.acked[i] = 1;
      t.acked_count.fetch_add(1, std::memory_order_relaxed);
      t.last_ack_us.store(now, std::memory_order_relaxed);
    } else {
      t.failed_count.fetch_add(1, std::memory_order_relaxed);
      t.Error("ticket " + std::to_string(i) + ": " + r.status().ToString());
    }
  };
  const int64_t t0 = NowUs();
  t.first_send_us = t0;
  const int64_t wall0 = RealClock().NowMs();
  uint64_t sampled_bytes = 0, samples = 0;
  for (uint64_t i = 0; i < o.tickets && !t.abort; ++i) {
    while (client.in_flight() >= static_cast<std::size_t>(o.window) && !t.abort) client.Poll(50, on_reply);
    int64_t send_at = NowUs();
    if (o.rate > 0) {
      int64_t due = t0 + static_cast<int64_t>(static_cast<double>(i) * 1e6 / o.rate);
      while ((send_at = NowUs()) < due) {
        int wait_ms = static_cast<int>((due - send_at) / 1000);
        if (client.in_flight() > 0) {
          client.Poll(wait_ms, on_reply);
        } else {
          std::this_thread::sleep_for(std::chrono::microseconds(due - send_at));
        }
      }
      send_at = due;  // measure from the schedule (no coordinated omission)
    }
    v1::Submit s = MakeBenchSubmit(seed, i, prefix, wall0 + (send_at - t0) / 1000);
    if (i % 64 == 0) {
      sampled_bytes += s.draft().ByteSizeLong();
      ++samples;
    }
    t.send_us[i].store(send_at, std::memory_order_release);
    if (Status st = client.Send(s, i); !st.ok()) {
      t.failed_count.fetch_add(1, std::memory_order_relaxed);
      t.Error("ticket " + std::to_string(i) + ": " + st.ToString());
    }
    if (i % 32 == 0) client.Poll(0, on_reply);
  }
  while (client.in_flight() > 0 && !t.abort) client.Poll(100, on_reply);
  t.resends = client.resends();
  t.avg_draft_bytes = samples ? static_cast<double>(sampled_bytes) / static_cast<double>(samples) : 0;
  t.submit_done.store(true, std::memory_order_release);
}

void WorkerLoop(const BenchOptions& o, const std::string& prefix, Tracker& t) {
  WorkerSessionOptions wo;
  wo.endpoint = o.worker_endpoint;
  wo.name = "bench-worker";
  wo.opds = o.opds;
  wo.credit = o.credit;
  wo.keys = o.worker_keys;
  WorkerSession session(wo);
  while (!t.stop_worker.load(std::memory_order_relaxed)) {
    auto next = session.Poll(50);
    if (!next.ok()) {
      t.Error("worker: " + next.status().ToString());
      t.worker_failed = true;
      break;
    }
    if (!next->has_value()) continue;
    const v1::Deliver& d = **next;
    int64_t now = NowUs();
    const std::string& key = d.ticket().source_key();
    uint64_t index = 0;
    bool ours =
        key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0 &&
        std::from_chars(key.data() + prefix.size(), key.data() + key.size(), index).ec == std::errc() &&
        index < o.tickets;
    if (ours) {
      if (t.deliveries[index].fetch_add(1, std::memory_order_relaxed) == 0) {
        t.deliver_us[index].store(now, std::memory_order_relaxed);
        t.delivered.fetch_add(1, std::memory_order_relaxed);
      }
      t.last_delivery_us.store(now, std::memory_order_relaxed);
    } else {
      t.foreign.fetch_add(1, std::memory_order_relaxed);
    }
    (void)session.Ack(d, v1::DONE, "");
  }
  (void)session.Bye();
  t.reconnects = session.stats().reconnects;
}

// Acked tickets not delivered yet. REQUIRES: submit_done.
uint64_t Undelivered(Tracker& t) {
  uint64_t n = 0;
  for (std::size_t i = 0; i < t.acked.size(); ++i) {
    if (t.acked[i] && t.deliveries[i].load(std::memory_order_relaxed) == 0) ++n;
  }
  return n;
}

}  // namespace

BenchResult RunBench(const BenchOptions& o) {
  Tracker t(o.tickets);
  const uint64_t seed = static_cast<uint64_t>(RealClock().NowMs());
  char run_id[32];
  std::snprintf(run_id, sizeof run_id, "%llx", static_cast<unsigned long long>(seed));
  const std::string prefix = std::string("bench:") + run_id + ":";

  std::thread worker;
  int64_t worker_start_us = 0;
  auto start_worker = [&] {
    worker_start_us = NowUs();
    worker = std::thread([&] { WorkerLoop(o, prefix, t); });
  };
  if (!o.backlog) start_worker();
  std::thread submitter([&] { SubmitLoop(o, prefix, seed, t); });

  BenchResult r;
  int64_t last_progress = NowUs(), last_change = NowUs();
  uint64_t last_seen = 0;
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    int64_t now = NowUs();
    uint64_t seen = t.acked_count + t.delivered + t.failed_count;
    if (seen != last_seen) {
      last_seen = seen;
      last_change = now;
    }
    if (o.progress && now - last_progress >= 2'000'000) {
      last_progress = now;
      std::fprintf(stderr, "  %5.1f s: %llu acked, %llu delivered, %llu failed\n",
                   static_cast<double>(now - t.first_send_us) / 1e6,
                   static_cast<unsigned long long>(t.acked_count.load()),
                   static_cast<unsigned long long>(t.delivered.load()),
                   static_cast<unsigned long long>(t.failed_count.load()));
    }
    if (t.worker_failed || (o.healthy && !o.healthy())) {
      r.aborted = true;
      break;
    }
    if (t.submit_done.load(std::memory_order_acquire)) {
      if (!worker.joinable()) {
        if (o.backlog_full) o.backlog_full();
        if (o.progress)
          std::fprintf(stderr, "  backlog of %llu tickets: the worker starts\n",
                       static_cast<unsigned long long>(t.acked_count.load()));
        start_worker();
        last_change = NowUs();
        continue;
      }
      if (Undelivered(t) == 0) break;
      if (now - last_change > int64_t{o.drain_timeout_ms} * 1000) break;  // the rest is lost
    }
  }
  if (r.aborted) {
    t.abort = true;
    t.stop_worker = true;
    if (worker.joinable()) worker.join();
    submitter.join();
  } else {
    submitter.join();
    t.stop_worker = true;
    if (worker.joinable()) worker.join();
  }

  r.tickets = o.tickets;
  r.acked = t.acked_count;
  r.failed = t.failed_count;
  r.delivered = t.delivered;
  r.foreign = t.foreign;
  r.resends = t.resends;
  r.worker_reconnects = t.reconnects;
  r.avg_draft_bytes = t.avg_draft_bytes;
  r.first_error = t.first_error;
  std::vector<double> latency, ack_latency;
  latency.reserve(o.tickets);
  ack_latency.reserve(o.tickets);
  for (std::size_t i = 0; i < o.tickets; ++i) {
    int64_t sent = t.send_us[i].load();
    uint32_t n = t.deliveries[i].load();
    if (n > 1) ++r.duplicated;
    if (t.acked[i]) {
      if (n == 0) ++r.lost;
      ack_latency.push_back(static_cast<double>(t.ack_us[i] - sent) / 1000.0);
    }
    if (n > 0) latency.push_back(static_cast<double>(t.deliver_us[i].load() - sent) / 1000.0);
  }
  r.latency_ms = ComputePercentiles(latency);
  r.ack_latency_ms = ComputePercentiles(ack_latency);
  int64_t end = std::max(t.last_delivery_us.load(), t.last_ack_us.load());
  r.seconds = end > t.first_send_us ? static_cast<double>(end - t.first_send_us) / 1e6 : 0;
  r.submit_seconds =
      t.last_ack_us > t.first_send_us ? static_cast<double>(t.last_ack_us - t.first_send_us) / 1e6 : 0;
  if (o.backlog && worker_start_us > 0 && t.last_delivery_us > worker_start_us) {
    r.drain_seconds = static_cast<double>(t.last_delivery_us - worker_start_us) / 1e6;
  }
  r.throughput_tps = r.seconds > 0 ? static_cast<double>(r.delivered) / r.seconds : 0;
  return r;
}

}  // namespace aspirasi::bench
