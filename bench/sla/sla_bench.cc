// aspirasi-sla-bench: the SLA deadline tracker with a million open tickets.
// Measures the tracker's memory per open ticket (container capacity and RSS growth), the time to
// rebuild it at start (from the indexed column of (ticket, due) pairs, and from the tickets' SLA
// states), and the lateness of firing timers while a second thread applies a steady stream of
// ticket changes on real time.
//   aspirasi-sla-bench [--tickets N] [--rate CHANGES_PER_S] [--seconds S] [--json]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "bench/percentiles.h"
#include "broker/sla/clocks.h"
#include "broker/sla/tracker.h"
#include "common/command_line.h"

namespace {

using aspirasi::sla::Deadline;
using aspirasi::sla::Tracker;

int64_t MonoUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

int64_t RssBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

struct Lateness {
  std::vector<double> ms;
  int64_t changes = 0;
};

// Timers are kept in monotonic microseconds here, so lateness is measured to the microsecond.
Lateness MeasureLateness(int64_t tickets, int rate, int seconds) {
  aspirasi::ManualClock unused;  // PopDueAt is given the time explicitly
  Tracker tracker(unused);
  std::mutex mu;
  std::condition_variable wake;
  std::mt19937_64 rng(5);
  const int64_t horizon_us = 1000LL * 1'000'000;  // due instants spread over the next 1000 s
  const int64_t start = MonoUs();
  {
    std::vector<Deadline> all(static_cast<std::size_t>(tickets));
    for (int64_t i = 0; i < tickets; ++i) {
      all[static_cast<std::size_t>(i)] = {start + 1'000'000 + static_cast<int64_t>(rng() % horizon_us),
                                          static_cast<uint64_t>(i + 1)};
    }
    tracker.Rebuild(all);
  }
  const int64_t stop = MonoUs() + seconds * 1'000'000LL;
  std::atomic<bool> done{false};
  Lateness out;
  std::thread changes([&] {
    std::mt19937_64 r(9);
    const int64_t period_us = 1'000'000 / rate;
    int64_t next = MonoUs();
    while (next < stop) {
      std::this_thread::sleep_until(std::chrono::steady_clock::time_point(std::chrono::microseconds(next)));
      int64_t now = MonoUs();
      // Catch up if the thread slept late, so the average rate holds.
      for (; next <= now && next < stop; next += period_us) {
        uint64_t ticket = r() % static_cast<uint64_t>(tickets) + 1;
        int64_t due = now + 1'000'000 + static_cast<int64_t>(r() % horizon_us);
        if (r() % 8 == 0) due = now + static_cast<int64_t>(r() % 2'000'000);  // some fall due soon
        std::lock_guard<std::mutex> lock(mu);
        bool earlier = due < tracker.NextDueMs();
        tracker.Upsert(ticket, due);
        ++out.changes;
        if (earlier) wake.notify_one();
      }
    }
    done = true;
    wake.notify_one();
  });
  std::vector<Deadline> popped;
  std::mt19937_64 r2(13);
  std::unique_lock<std::mutex> lock(mu);
  while (!done) {
    int64_t due = tracker.NextDueMs();
    wake.wait_until(lock,
                    std::chrono::steady_clock::time_point(std::chrono::microseconds(std::min(due, stop))));
    popped.clear();
    int64_t now = MonoUs();
    tracker.PopDueAt(now, &popped);
    for (const Deadline& d : popped) {
      out.ms.push_back(static_cast<double>(now - d.due_ms) / 1000.0);
      // The ticket's next stage, as the broker would compute it.
      tracker.Upsert(d.ticket, now + 1'000'000 + static_cast<int64_t>(r2() % horizon_us));
    }
  }
  lock.unlock();
  changes.join();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"aspirasi-sla-bench: the SLA deadline tracker"};
  app.name("aspirasi-sla-bench");
  aspirasi::AddVersionFlag(app);
  int64_t tickets = 1'000'000;
  int rate = 5000;
  int seconds = 10;
  bool json = false;
  app.add_option("--tickets", tickets, "open tickets")->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  app.add_option("--rate", rate, "ticket changes per second during the lateness run")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--seconds", seconds, "length of the lateness run")->check(CLI::Range(1, 3600));
  app.add_flag("--json", json, "print one JSON object");
  if (auto exit_code = aspirasi::ParseCommandLine(app, argc, argv)) return *exit_code;
  const std::size_t n = static_cast<std::size_t>(tickets);

  // 1. Rebuild from the indexed column, and what the tracker holds.
  std::mt19937_64 rng(1);
  const int64_t base = 1'780'000'000'000;
  std::vector<Deadline> column(n);
  for (std::size_t i = 0; i < n; ++i)
    column[i] = {base + static_cast<int64_t>(rng() % 2'592'000'000ULL), i + 1};
  aspirasi::ManualClock clock(base);
  int64_t rss_before = RssBytes();
  auto tracker = std::make_unique<Tracker>(clock);
  int64_t t0 = MonoUs();
  tracker->Rebuild(column);
  int64_t rebuild_us = MonoUs() - t0;
  int64_t rss_delta = RssBytes() - rss_before;
  double container_bytes = static_cast<double>(tracker->MemoryBytes()) / static_cast<double>(n);
  // Worst case of growth: the same tickets inserted one by one (vectors double).
  Tracker grown(clock);
  t0 = MonoUs();
  for (const Deadline& d : column) grown.Upsert(d.ticket, d.due_ms);
  int64_t upsert_ns = (MonoUs() - t0) * 1000 / tickets;
  double grown_bytes = static_cast<double>(grown.MemoryBytes()) / static_cast<double>(n);
  tracker.reset();

  // 2. Rebuild from the tickets' SLA states: NextTimer for each, then heapify.
  using namespace aspirasi::sla;
  Calendar cal = std::move(Calendar::Create(7 * 60, StandardPemdaHours(), {})).value();
  PolicySet policies = DefaultPolicySet();
  SlaContext ctx{policies, cal};
  std::vector<TicketSla> states(n);
  for (std::size_t i = 0; i < n; ++i) {
    uint16_t p = static_cast<uint16_t>(rng() % policies.size());
    Apply(&states[i], {SlaEventKind::kReceived, column[i].due_ms - 5 * kDayMs, p}, ctx);
  }
  t0 = MonoUs();
  std::vector<Deadline> next;
  next.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (auto t = NextTimer(states[i], ctx)) next.push_back({t->due_ms, i + 1});
  }
  Tracker from_states(clock);
  from_states.Rebuild(next);
  int64_t rebuild_states_us = MonoUs() - t0;
  states.clear();
  states.shrink_to_fit();

  // 3. Lateness under a steady stream of changes, on real time.
  Lateness late = MeasureLateness(tickets, rate, seconds);
  aspirasi::bench::Percentiles p = aspirasi::bench::ComputePercentiles(late.ms);
  double change_rate = static_cast<double>(late.changes) / seconds;

  if (json) {
    nlohmann::json j{{"tickets", tickets},
                     {"tracker_bytes_per_ticket", container_bytes},
                     {"tracker_bytes_per_ticket_grown", grown_bytes},
                     {"rss_bytes_per_ticket", static_cast<double>(rss_delta) / static_cast<double>(n)},
                     {"rebuild_ms", static_cast<double>(rebuild_us) / 1000.0},
                     {"rebuild_from_states_ms", static_cast<double>(rebuild_states_us) / 1000.0},
                     {"upsert_ns", upsert_ns},
                     {"changes_per_second", change_rate},
                     {"fired", p.count},
                     {"lateness_p50_ms", p.p50},
                     {"lateness_p99_ms", p.p99},
                     {"lateness_max_ms", p.max}};
    std::cout << j.dump() << "\n";
  } else {
    std::printf("tickets      %lld open\n", static_cast<long long>(tickets));
    std::printf(
        "memory       %.1f bytes/ticket held by the tracker after a rebuild (RSS grew %.1f), %.1f "
        "after one-by-one inserts\n",
        container_bytes, static_cast<double>(rss_delta) / static_cast<double>(n), grown_bytes);
    std::printf(
        "rebuild      %.1f ms from (ticket, due) pairs, %.1f ms from SLA states (NextTimer + heapify)\n",
        static_cast<double>(rebuild_us) / 1000.0, static_cast<double>(rebuild_states_us) / 1000.0);
    std::printf("upsert       %lld ns each (growing)\n", static_cast<long long>(upsert_ns));
    std::printf(
        "lateness     p50 %.3f ms, p99 %.3f ms, max %.3f ms over %zu timers, with %.0f changes/s for %d s\n",
        p.p50, p.p99, p.max, p.count, change_rate, seconds);
  }
  return 0;
}
