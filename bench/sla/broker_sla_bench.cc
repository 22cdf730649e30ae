// aspirasi-sla-broker-bench: the SLA tracker inside a real aspirasid, with a million open tickets.
//
//   aspirasi-sla-broker-bench [--tickets N=1000000] [--rate CHANGES_PER_S=5000] [--fast-rate N=50]
//                             [--seconds S=120] [--json] [--broker-bin PATH] [--broker-set "k = v"] [--keep]
//
// 1. Starts aspirasid (a temporary folder, its own SQLite file, the sample regency) with two SLA
//    policies: "bench-fast" for SANGAT_SEGERA tickets (first response within 1 minute around the
//    clock, warnings at 25, 50 and 75%, escalation level 1 at the breach) and the LAPOR!-like
//    default for everything else (first response within 1 working day). The automatic
//    acknowledgement is off and no response worker connects: every ticket stays open.
// 2. Submits N open BIASA tickets, each the start of its own private conversation, durably acked.
// 3. Stops the broker (SIGTERM) and starts it again on the same database. Measures the time until it
//    serves, the SLA part of it (aspirasi_sla_rebuild_seconds: read the indexed column, heapify), the
//    tracker's memory (aspirasi_sla_tracker_bytes / aspirasi_sla_tracked_tickets) and the broker's RSS.
// 4. For S seconds applies a steady R ticket changes per second over the ingest endpoint: citizen
//    follow-ups appended to random open tickets (each moves that ticket's SLA clocks and timer) and,
//    during the first S - 62 seconds, --fast-rate new bench-fast tickets per second, whose four
//    stages fall due 15, 30, 45 and 60 s after they arrive. A subscriber reads every event. For each
//    SLA event: lateness = at_ms (when the broker fired the stage) - due_ms, and the lateness seen by
//    the subscriber (arrival after the commit and the publish - due_ms).
// 5. Checks exactly once: every fast ticket has its 3 warnings and its breach, none twice, and no
//    other ticket fired anything.
//
// Exit code: 0 when every check held, 1 when one did not (or the broker died), 2 usage / cannot start.
#include <httplib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "bench/broker_process.h"
#include "bench/drafts.h"
#include "bench/percentiles.h"
#include "clients/lib/api_client.h"
#include "clients/lib/event_subscriber.h"
#include "clients/lib/http_probe.h"
#include "clients/lib/ingest_client.h"
#include "common/command_line.h"

namespace {

using aspirasi::MetricOr;
using aspirasi::ScrapeMetrics;
using aspirasi::bench::BrokerProcess;
using aspirasi::bench::Percentiles;
namespace v1 = aspirasi::v1;

constexpr int kFastStages = 4;             // warnings at 25, 50, 75% and the breach
constexpr int64_t kFastTargetMs = 60'000;  // bench-fast: first response within 1 minute

constexpr const char* kSlaSection = R"(
[desk]
auto_ack = false

[sla]
working_day = "8h"
[sla.calendar]
timezone = "Asia/Jakarta"
mon = ["07:30-12:00", "12:30-16:00"]
tue = ["07:30-12:00", "12:30-16:00"]
wed = ["07:30-12:00", "12:30-16:00"]
thu = ["07:30-12:00", "12:30-16:00"]
fri = ["07:30-11:30", "13:00-16:30"]
[[sla.policy]]
name = "bench-fast"
urgency = ["SANGAT_SEGERA"]
mode = "clock"
first_response = "1m"
resolution = "3d"
warn_at = [0.25, 0.5, 0.75]
escalation = [ { level = 1, after = "0m", role = "opd_supervisor" } ]
[sla.default_policy]
first_response = "1d"
next_response = "1d"
resolution = "5d"
escalation = [ { level = 1, after = "0m", role = "opd_supervisor" },
               { level = 2, after = "1d", role = "diskominfo" } ]
)";

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t MonoUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string ConversationKey(const std::string& run, uint64_t i) {
  return "bench:" + run + ":conv:" + std::to_string(i);
}

// The broker's /metrics as name -> value (lines without labels only); empty when unreachable.
double Get(const std::map<std::string, double>& metrics, const std::string& name, double fallback = 0) {
  return MetricOr(metrics, name, fallback);
}

// What the single writer did between two scrapes: transactions, operations, time applying and committing.
struct WriterFigures {
  double commits = 0, ops = 0, apply_ms_per_commit = 0, commit_ms_per_commit = 0, apply_us_per_op = 0,
         pages_per_op = 0;
};

WriterFigures WriterBetween(const std::map<std::string, double>& a, const std::map<std::string, double>& b) {
  WriterFigures w;
  w.commits = Get(b, "aspirasi_store_commits_total") - Get(a, "aspirasi_store_commits_total");
  w.ops = Get(b, "aspirasi_store_committed_ops_total") - Get(a, "aspirasi_store_committed_ops_total");
  double apply_us =
      (Get(b, "aspirasi_store_apply_seconds_total") - Get(a, "aspirasi_store_apply_seconds_total")) * 1e6;
  double commit_us =
      (Get(b, "aspirasi_store_commit_seconds_total") - Get(a, "aspirasi_store_commit_seconds_total")) * 1e6;
  if (w.commits > 0) {
    w.apply_ms_per_commit = apply_us / w.commits / 1000;
    w.commit_ms_per_commit = commit_us / w.commits / 1000;
  }
  if (w.ops > 0) {
    w.apply_us_per_op = apply_us / w.ops;
    w.pages_per_op =
        (Get(b, "aspirasi_store_pages_written_total") - Get(a, "aspirasi_store_pages_written_total")) / w.ops;
  }
  return w;
}

double VmRssMb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0;
}

// CPU seconds (user + system) used so far by the process, or by its threads named `thread` (e.g. the
// writer, "asp-writer"), from /proc.
double CpuSeconds(pid_t pid, const std::string& thread = "") {
  auto ticks = [](const std::string& stat_path) {
    std::ifstream in(stat_path);
    std::string text;
    std::getline(in, text);        // one line
    auto close = text.rfind(')');  // the name may hold spaces; fields 14 and 15 follow it
    if (close == std::string::npos || close + 2 > text.size()) return 0.0;
    std::istringstream fields(text.substr(close + 2));
    std::string f;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
      if (i == 14) utime = std::strtod(f.c_str(), nullptr);
      if (i == 15) stime = std::strtod(f.c_str(), nullptr);
    }
    return utime + stime;
  };
  const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
  const std::string proc = "/proc/" + std::to_string(pid);
  if (thread.empty()) return ticks(proc + "/stat") / hz;
  double total = 0;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(proc + "/task", ec)) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    if (name == thread) total += ticks((task.path() / "stat").string());
  }
  return total / hz;
}

// Step 2: N open tickets, in chunks so the bench's own memory stays small.
aspirasi::Status Preload(const std::string& endpoint, const std::string& run, uint64_t tickets,
                         bool progress) {
  aspirasi::IngestOptions io;
  io.timeout_ms = 30000;
  aspirasi::IngestClient client(endpoint, io);
  const uint64_t chunk = 20000;
  const int64_t start = MonoUs();
  for (uint64_t first = 0; first < tickets; first += chunk) {
    std::vector<v1::Submit> submits;
    for (uint64_t i = first; i < std::min(tickets, first + chunk); ++i) {
      v1::Submit s = aspirasi::bench::MakeBenchSubmit(1, i, "bench:" + run + ":pre:", NowMs());
      s.mutable_draft()->set_urgency(v1::BIASA);
      s.mutable_draft()->set_conversation_key(ConversationKey(run, i));
      s.mutable_draft()->set_public_item(false);
      submits.push_back(std::move(s));
    }
    auto results = client.SubmitAll(submits, 300'000, 5000);
    for (const auto& r : results) {
      if (!r.ok()) return aspirasi::Status::Unavailable("preload submit failed: " + r.status().message());
      if (r->outcome() != v1::OUTCOME_CREATED) {
        return aspirasi::Status::Internal("preload: a ticket was not created (outcome " +
                                          v1::SubmitOutcome_Name(r->outcome()) + ")");
      }
    }
    if (progress && (first / chunk) % 10 == 9) {
      double s = static_cast<double>(MonoUs() - start) / 1e6;
      std::fprintf(stderr, "  preloaded %llu tickets (%.0f/s)\n",
                   static_cast<unsigned long long>(first + chunk), static_cast<double>(first + chunk) / s);
    }
  }
  return aspirasi::Status::Ok();
}

struct ChangeStats {
  uint64_t sent = 0, acked = 0, failed = 0, fast_created = 0, followups_appended = 0;
  std::string first_error;
  std::unordered_set<uint64_t> fast_ids;  // ticket ids of the bench-fast tickets
  int64_t last_fast_received_ms = 0;
};

// Step 4, the sender: a steady `rate` of changes for `seconds`. fast_ids and last_fast_received_ms
// are written under *mu (the subscriber reads them).
void SendChanges(const std::string& endpoint, const std::string& run, uint64_t tickets, int rate,
                 int fast_rate, int seconds, std::mutex* mu, ChangeStats* stats) {
  ChangeStats& out = *stats;
  aspirasi::IngestOptions io;
  io.timeout_ms = 10000;
  io.max_in_flight = 100000;
  aspirasi::IngestClient client(endpoint, io);
  std::mt19937_64 rng(7);
  const int64_t period_us = 1'000'000 / rate;
  const int64_t fast_every = std::max<int64_t>(1, rate / std::max(1, fast_rate));
  const int64_t start = MonoUs();
  const int64_t stop = start + int64_t{seconds} * 1'000'000;
  const int64_t fast_stop = start + int64_t{seconds - 62} * 1'000'000;
  int64_t next = start;
  uint64_t n = 0;
  auto on_done = [&](uint64_t tag, aspirasi::Result<v1::SubmitAck> r) {
    if (!r.ok()) {
      ++out.failed;
      if (out.first_error.empty()) out.first_error = r.status().ToString();
      return;
    }
    ++out.acked;
    if (tag & 1) {
      std::lock_guard<std::mutex> lock(*mu);
      out.fast_ids.insert(r->ticket_id());
      ++out.fast_created;
      out.last_fast_received_ms = NowMs();
    } else if (r->outcome() == v1::OUTCOME_APPENDED) {
      ++out.followups_appended;
    }
  };
  while (true) {
    int64_t now = MonoUs();
    if (now >= stop) break;
    for (; next <= now && next < stop; next += period_us, ++n) {
      bool fast = next < fast_stop && n % static_cast<uint64_t>(fast_every) == 0;
      v1::Submit s;
      if (fast) {
        s = aspirasi::bench::MakeBenchSubmit(2, n, "bench:" + run + ":fast:", NowMs());
        s.mutable_draft()->set_urgency(v1::SANGAT_SEGERA);
      } else {
        uint64_t target = rng() % tickets;
        s.set_idempotency_key("bench:" + run + ":fu:" + std::to_string(n));
        s.set_action(v1::CREATE);
        auto* d = s.mutable_draft();
        d->set_channel("whatsapp");
        d->set_account("412093385561207");
        d->set_source_id("wamid.bench." + run + "." + std::to_string(n));
        d->set_conversation_key(ConversationKey(run, target));
        d->set_text("Mohon info perkembangannya, terima kasih.");
        d->set_urgency(v1::BIASA);
        d->set_written_at_ms(NowMs());
      }
      aspirasi::Status st = client.Send(s, n * 2 + (fast ? 1 : 0));
      ++out.sent;
      if (!st.ok()) {
        ++out.failed;
        if (out.first_error.empty()) out.first_error = st.ToString();
      }
    }
    int64_t wait_ms = std::max<int64_t>(0, (next - MonoUs()) / 1000);
    client.Poll(static_cast<int>(std::min<int64_t>(wait_ms, 5)), on_done);
  }
  const int64_t drain_until = MonoUs() + 30'000'000;
  while (client.in_flight() > 0 && MonoUs() < drain_until) client.Poll(100, on_done);
  out.failed += client.in_flight();
}

struct FireStats {
  std::vector<double> fired_ms, seen_ms;  // lateness samples
  uint64_t events = 0, sla_events = 0, duplicates = 0, foreign = 0;
  std::map<uint64_t, int> per_fast_ticket;
  std::string error;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"aspirasi-sla-broker-bench: SLA timers inside a real aspirasid with many open tickets"};
  app.name("aspirasi-sla-broker-bench");
  aspirasi::AddVersionFlag(app);
  uint64_t tickets = 1'000'000;
  int rate = 5000, fast_rate = 50, seconds = 120;
  bool json = false, keep = false;
  std::string broker_bin;
  std::vector<std::string> broker_settings;
  app.add_option("--tickets", tickets, "open tickets to preload")
      ->check(CLI::Range(uint64_t{1}, uint64_t{50'000'000}));
  app.add_option("--rate", rate, "ticket changes per second during the timing run")
      ->check(CLI::Range(10, 100000));
  app.add_option("--fast-rate", fast_rate, "of those, new 1-minute-SLA tickets per second")
      ->check(CLI::Range(1, 10000));
  app.add_option("--seconds", seconds, "length of the timing run (at least 70)")->check(CLI::Range(70, 3600));
  app.add_option("--broker-bin", broker_bin,
                 "aspirasid to start (default: ../broker/aspirasid beside this binary)");
  app.add_option("--broker-set", broker_settings, "a \"key = value\" line added to [broker] (repeatable)");
  app.add_flag("--keep", keep, "keep the temporary folder (database, config, log)");
  app.add_flag("--json", json, "print one JSON object as the last line");
  if (auto exit_code = aspirasi::ParseCommandLine(app, argc, argv)) return *exit_code;
  if (fast_rate > rate) {
    std::cerr << "aspirasi-sla-broker-bench: --fast-rate must not exceed --rate\n";
    return 2;
  }
  auto fail = [](const std::string& what, int code) {
    std::cerr << "aspirasi-sla-broker-bench: " << what << "\n";
    return code;
  };
  const std::string run = std::to_string(NowMs());
  BrokerProcess broker;
  broker.keep_dir(keep);
  if (broker_bin.empty()) broker_bin = aspirasi::bench::DefaultBrokerBinary();
  broker_settings.insert(broker_settings.begin(), "lease_ms = 600000");
  aspirasi::Status st = broker.Start(broker_bin, broker_settings, 30000, kSlaSection);
  if (!st.ok()) return fail("cannot start the broker: " + st.message(), 2);
  std::fprintf(stderr, "aspirasi-sla-broker-bench: broker in %s; preloading %llu open tickets\n",
               broker.dir().c_str(), static_cast<unsigned long long>(tickets));

  // 2. Preload.
  int64_t t0 = MonoUs();
  st = Preload(broker.endpoints().ingest, run, tickets, true);
  if (!st.ok()) return fail(st.message() + "\n" + broker.LogTail(), 1);
  const double preload_s = static_cast<double>(MonoUs() - t0) / 1e6;

  // 3. Restart on the same database.
  if (broker.Stop(60000) != 0) return fail("the broker did not stop cleanly:\n" + broker.LogTail(), 1);
  t0 = MonoUs();
  st = broker.Restart(300000);
  if (!st.ok()) return fail("cannot restart the broker: " + st.message(), 1);
  const double start_s = static_cast<double>(MonoUs() - t0) / 1e6;
  const std::string http = broker.endpoints().http;
  const auto at_start = ScrapeMetrics(http);
  const double rebuild_s = Get(at_start, "aspirasi_sla_rebuild_seconds", -1);
  const double tracked = Get(at_start, "aspirasi_sla_tracked_tickets");
  const double tracker_bytes = Get(at_start, "aspirasi_sla_tracker_bytes");
  const double rss_after_start_mb = VmRssMb(broker.pid());
  std::fprintf(stderr, "aspirasi-sla-broker-bench: restarted in %.2f s (SLA rebuild %.3f s, %.0f timers)\n",
               start_s, rebuild_s, tracked);

  // 4. The timing run.
  aspirasi::ApiClient api(broker.endpoints().api, 10000);
  auto pong = api.Ping();
  if (!pong.ok()) return fail("ping: " + pong.status().ToString(), 1);
  std::mutex mu;
  ChangeStats changes;
  std::atomic<bool> sender_done{false};
  FireStats fire;
  std::thread subscriber([&] {
    aspirasi::EventSubscriber sub(broker.endpoints().api, broker.endpoints().events, {});
    aspirasi::Status s = sub.Start(pong->last_seq());
    if (!s.ok()) {
      fire.error = "subscribe: " + s.ToString();
      return;
    }
    std::set<std::tuple<uint64_t, int, uint32_t, int64_t>> seen;  // (ticket, event type, level, due)
    int64_t quiet_since = 0;
    while (true) {
      auto ev = sub.Next(200);
      int64_t now = NowMs();
      if (!ev.ok()) {
        fire.error = "events: " + ev.status().ToString();
        if (sender_done) return;
        continue;
      }
      if (!ev->has_value()) {
        if (!sender_done) continue;
        std::lock_guard<std::mutex> lock(mu);
        bool all = true;
        for (uint64_t id : changes.fast_ids) {
          auto it = fire.per_fast_ticket.find(id);
          all = all && it != fire.per_fast_ticket.end() && it->second >= kFastStages;
        }
        if (all) return;
        if (quiet_since == 0) quiet_since = now;
        // Every stage is due at most 60 s after the last fast ticket; allow 15 s beyond that.
        if (now > changes.last_fast_received_ms + kFastTargetMs + 15'000 && now - quiet_since > 2000) return;
        continue;
      }
      quiet_since = 0;
      const v1::Event& e = **ev;
      ++fire.events;
      if (e.type() != v1::SLA_WARNING && e.type() != v1::SLA_BREACHED && e.type() != v1::SLA_ESCALATED)
        continue;
      ++fire.sla_events;
      fire.fired_ms.push_back(static_cast<double>(e.at_ms() - e.due_ms()));
      fire.seen_ms.push_back(static_cast<double>(now - e.due_ms()));
      if (!seen.insert({e.ticket_id(), e.type(), e.level(), e.due_ms()}).second) ++fire.duplicates;
      std::lock_guard<std::mutex> lock(mu);
      // A stage of a fast ticket can be announced before its ack reaches the sender only if the
      // ack took 15 s; count by id and sort out foreign ones at the end.
      ++fire.per_fast_ticket[e.ticket_id()];
    }
  });
  const double cpu_start = CpuSeconds(broker.pid()),
               writer_cpu_start = CpuSeconds(broker.pid(), "asp-writer");
  const int64_t run_start_us = MonoUs();
  std::fprintf(stderr,
               "aspirasi-sla-broker-bench: %d changes/s for %d s (%d/s new 1-minute tickets for %d s)\n",
               rate, seconds, fast_rate, seconds - 62);
  SendChanges(broker.endpoints().ingest, run, tickets, rate, fast_rate, seconds, &mu, &changes);
  {
    std::lock_guard<std::mutex> lock(mu);
    sender_done = true;
  }
  subscriber.join();
  const double run_s = static_cast<double>(MonoUs() - run_start_us) / 1e6;
  const double broker_cpu = CpuSeconds(broker.pid()) - cpu_start;
  const double writer_cpu = CpuSeconds(broker.pid(), "asp-writer") - writer_cpu_start;
  const auto at_end = ScrapeMetrics(http);
  const double tracked_end = Get(at_end, "aspirasi_sla_tracked_tickets");
  const double tracker_bytes_end = Get(at_end, "aspirasi_sla_tracker_bytes");
  const WriterFigures writer = WriterBetween(at_start, at_end);
  const double peak_rss_mb = broker.PeakRssMb();
  const bool broker_alive = broker.Running();
  broker.Stop(60000);

  // 5. Exactly once.
  uint64_t missing = 0, extra = 0;
  for (uint64_t id : changes.fast_ids) {
    auto it = fire.per_fast_ticket.find(id);
    int n = it == fire.per_fast_ticket.end() ? 0 : it->second;
    if (n < kFastStages) missing += static_cast<uint64_t>(kFastStages - n);
    if (n > kFastStages) extra += static_cast<uint64_t>(n - kFastStages);
  }
  for (const auto& [id, n] : fire.per_fast_ticket) {
    if (!changes.fast_ids.count(id)) fire.foreign += static_cast<uint64_t>(n);
  }
  Percentiles fired = aspirasi::bench::ComputePercentiles(fire.fired_ms);
  Percentiles seen = aspirasi::bench::ComputePercentiles(fire.seen_ms);
  const double per_ticket = tracked > 0 ? tracker_bytes / tracked : 0;
  const double change_rate = static_cast<double>(changes.acked) / seconds;
  const bool ok = broker_alive && changes.failed == 0 && missing == 0 && extra == 0 && fire.duplicates == 0 &&
                  fire.foreign == 0 && fire.error.empty();

  std::printf("open tickets  %llu preloaded in %.1f s (%.0f/s)\n", static_cast<unsigned long long>(tickets),
              preload_s, static_cast<double>(tickets) / preload_s);
  std::printf("restart       serving %.2f s after start; SLA timers rebuilt in %.3f s (%.0f timers)\n",
              start_s, rebuild_s, tracked);
  std::printf(
      "tracker       %.1f bytes per open ticket (%.1f MiB); %.1f at the end (%.0f timers); broker RSS %.0f "
      "MiB "
      "after start, peak %.0f MiB\n",
      per_ticket, tracker_bytes / 1048576.0, tracked_end > 0 ? tracker_bytes_end / tracked_end : 0,
      tracked_end, rss_after_start_mb, peak_rss_mb);
  std::printf(
      "changes       %.0f/s acked (%llu follow-ups appended, %llu new 1-minute tickets), %llu failed\n",
      change_rate, static_cast<unsigned long long>(changes.followups_appended),
      static_cast<unsigned long long>(changes.fast_created), static_cast<unsigned long long>(changes.failed));
  std::printf(
      "lateness      fired: p50 %.0f ms, p99 %.0f ms, max %.0f ms; seen by a subscriber: p50 %.0f ms, "
      "p99 %.0f ms, max %.0f ms (%zu stages)\n",
      fired.p50, fired.p99, fired.max, seen.p50, seen.p99, seen.max, fired.count);
  std::printf(
      "writer        %.0f transactions of %.0f operations on average: %.1f ms applying (%.1f us and %.1f "
      "pages written an operation) and %.1f ms committing each\n",
      writer.commits, writer.commits > 0 ? writer.ops / writer.commits : 0, writer.apply_ms_per_commit,
      writer.apply_us_per_op, writer.pages_per_op, writer.commit_ms_per_commit);
  const double applied = changes.acked > 0 ? static_cast<double>(changes.acked) : 1;
  std::printf(
      "cpu           broker %.0f%% of a core (%.0f us a change), its writer thread %.0f%% (%.0f us a "
      "change)\n",
      100 * broker_cpu / run_s, 1e6 * broker_cpu / applied, 100 * writer_cpu / run_s,
      1e6 * writer_cpu / applied);
  std::printf("exactly once  %s: %llu missing, %llu extra, %llu repeated, %llu from other tickets\n",
              ok ? "yes" : "NO", static_cast<unsigned long long>(missing),
              static_cast<unsigned long long>(extra), static_cast<unsigned long long>(fire.duplicates),
              static_cast<unsigned long long>(fire.foreign));
  if (!changes.first_error.empty()) std::printf("first error   %s\n", changes.first_error.c_str());
  if (!fire.error.empty()) std::printf("events error  %s\n", fire.error.c_str());
  if (!broker_alive) std::printf("the broker died during the run\n");
  if (json) {
    auto pct = [](const Percentiles& p) {
      return nlohmann::json{
          {"p50", p.p50}, {"p99", p.p99}, {"p999", p.p999}, {"max", p.max}, {"count", p.count}};
    };
    nlohmann::json j{{"tickets", tickets},
                     {"preload_s", preload_s},
                     {"start_s", start_s},
                     {"rebuild_s", rebuild_s},
                     {"tracked", tracked},
                     {"tracker_bytes_per_ticket", per_ticket},
                     {"broker_rss_after_start_mb", rss_after_start_mb},
                     {"broker_peak_rss_mb", peak_rss_mb},
                     {"changes_per_s", change_rate},
                     {"fast_tickets", changes.fast_created},
                     {"lateness_fired_ms", pct(fired)},
                     {"lateness_seen_ms", pct(seen)},
                     {"broker_cpu_us_per_change", 1e6 * broker_cpu / applied},
                     {"writer_cpu_us_per_change", 1e6 * writer_cpu / applied},
                     {"writer_busy", writer_cpu / run_s},
                     {"writer",
                      {{"commits", writer.commits},
                       {"ops", writer.ops},
                       {"apply_ms_per_commit", writer.apply_ms_per_commit},
                       {"apply_us_per_op", writer.apply_us_per_op},
                       {"pages_per_op", writer.pages_per_op},
                       {"commit_ms_per_commit", writer.commit_ms_per_commit}}},
                     {"missing", missing},
                     {"extra", extra},
                     {"repeated", fire.duplicates},
                     {"foreign", fire.foreign},
                     {"failed", changes.failed},
                     {"ok", ok}};
    std::cout << j.dump() << "\n";
  }
  return ok ? 0 : 1;
}
