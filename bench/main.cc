// aspirasi-bench: end-to-end throughput and latency of submit -> broker -> worker ack.
//   aspirasi-bench [--tickets N] [--rate R] [--window W] [--credit C] [--backlog] [--json]
//                  [--broker-bin PATH] [--broker-set "key = value" ...] [--keep] [--curve]
//                  [--endpoint-ingest EP --endpoint-worker EP [--opd CODE ...]]
// Without --endpoint-*, it starts its own aspirasid (temporary config and database,
// tcp://127.0.0.1:* endpoints) and stops it at the end. With --json the last line of stdout is
// one JSON object. Exit codes: 0 nothing lost, 1 tickets lost/failed or the run aborted,
// 2 usage or the broker would not start.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "bench/bench_run.h"
#include "bench/broker_process.h"
#include "bench/drafts.h"
#include "common/command_line.h"
#include "common/curve_keys.h"

namespace {

// Key pairs for a broker, an ingest client and a worker in `dir`, and the [security] section that
// lists them: CURVE on every endpoint, as in production (docs/SECURITY.md).
aspirasi::Result<std::string> MakeCurveSetup(const std::string& dir, aspirasi::bench::BenchOptions* o) {
  std::map<std::string, aspirasi::CurveKeyPair> pairs;
  for (const char* name : {"broker", "ingest", "worker"}) {
    auto pair = aspirasi::GenerateCurveKeyPair();
    if (!pair.ok()) return pair.status();
    if (auto st = aspirasi::WriteCurveKeyPair(dir, name, *pair); !st.ok()) return st;
    pairs[name] = *pair;
  }
  const std::string server = pairs["broker"].public_key;
  o->ingest_keys = {server, pairs["ingest"].public_key, pairs["ingest"].secret_key};
  o->worker_keys = {server, pairs["worker"].public_key, pairs["worker"].secret_key};
  return "[security]\nserver_secret_file = \"" + dir +
         "/broker.key_secret\"\n\n[[key]]\nidentity = "
         "\"bench-ingest\"\nrole = \"ingest\"\npublic = \"" +
         pairs["ingest"].public_key +
         "\"\n\n[[key]]\nidentity = \"bench-worker\"\nrole = \"responder\"\nopds = [\"*\"]\npublic = \"" +
         pairs["worker"].public_key + "\"\n";
}

nlohmann::json PercentilesJson(const aspirasi::bench::Percentiles& p) {
  return {{"p50", p.p50}, {"p99", p.p99}, {"p999", p.p999}, {"max", p.max}};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aspirasi::bench;
  CLI::App app{"aspirasi-bench: end-to-end throughput and latency of the Aspirasi broker"};
  app.name("aspirasi-bench");
  aspirasi::AddVersionFlag(app);
  BenchOptions o;
  bool json = false, keep = false, quiet = false;
  std::string broker_bin;
  std::vector<std::string> broker_settings;
  app.add_option("--tickets", o.tickets, "tickets to submit")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000000));
  app.add_option("--rate", o.rate, "steady offered load, tickets/s (default: as fast as the window allows)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--window", o.window, "submits in flight at most")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--credit", o.credit, "the worker's delivery window")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--drain-timeout", o.drain_timeout_ms,
                 "ms without progress before undelivered tickets count as lost")
      ->capture_default_str();
  app.add_flag("--backlog", o.backlog,
               "submit every ticket before the worker connects; report the broker's RSS with the backlog "
               "queued and the time to drain it");
  app.add_flag("--json", json, "print one JSON object as the last line");
  app.add_flag("--quiet", quiet, "no progress lines on stderr");
  app.add_option("--broker-bin", broker_bin,
                 "aspirasid to start (default: ../broker/aspirasid next to this binary)");
  app.add_option("--broker-set", broker_settings,
                 "extra [broker] setting for the started broker, e.g. \"lease_ms = 60000\"");
  bool curve = false;
  app.add_flag("--curve", curve,
               "CURVE on the started broker's endpoints, with keys made for this run (measures its cost)");
  app.add_flag("--keep", keep, "keep the started broker's temporary directory (config, database, log)");
  app.add_option("--endpoint-ingest", o.ingest_endpoint, "use a running broker: its ingest endpoint");
  app.add_option("--endpoint-worker", o.worker_endpoint, "use a running broker: its worker endpoint");
  app.add_option("--opd", o.opds,
                 "with a running broker: OPD codes the worker serves (default: the sample regency's)");
  if (auto exit_code = aspirasi::ParseCommandLine(app, argc, argv)) return *exit_code;
  if (curve && !o.ingest_endpoint.empty()) {
    std::cerr << "aspirasi-bench: --curve applies to the broker it starts, not to --endpoint-*\n";
    return 2;
  }
  if (o.ingest_endpoint.empty() != o.worker_endpoint.empty()) {
    std::cerr << "aspirasi-bench: give both --endpoint-ingest and --endpoint-worker, or neither\n";
    return 2;
  }
  if (o.opds.empty()) o.opds = SampleOpds();
  o.progress = !quiet;

  std::optional<BrokerProcess> broker;
  std::string keys_dir;  // --curve: removed at the end
  if (o.ingest_endpoint.empty()) {
    broker.emplace();
    broker->keep_dir(keep);
    if (broker_bin.empty()) broker_bin = DefaultBrokerBinary();
    std::string security;
    if (curve) {
      char tmpl[] = "/tmp/aspirasi-bench-keys-XXXXXX";
      if (::mkdtemp(tmpl) == nullptr) {
        std::cerr << "aspirasi-bench: cannot make a key directory\n";
        return 2;
      }
      keys_dir = tmpl;
      auto setup = MakeCurveSetup(keys_dir + "/keys", &o);
      if (!setup.ok()) {
        std::cerr << "aspirasi-bench: cannot make keys: " << setup.status().message() << "\n";
        return 2;
      }
      security = *setup;
    }
    aspirasi::Status st = broker->Start(broker_bin, broker_settings, 30000, security);
    if (!st.ok()) {
      std::cerr << "aspirasi-bench: cannot start the broker: " << st.message() << "\n";
      return 2;
    }
    o.ingest_endpoint = broker->endpoints().ingest;
    o.worker_endpoint = broker->endpoints().worker;
    o.healthy = [&] { return broker->Running(); };
    if (!quiet)
      std::fprintf(stderr, "aspirasi-bench: started %s (pid %d) in %s\n", broker_bin.c_str(),
                   static_cast<int>(broker->pid()), broker->dir().c_str());
  }
  if (!quiet) {
    std::fprintf(stderr, "aspirasi-bench: %llu tickets, window %d, credit %u, rate %s\n",
                 static_cast<unsigned long long>(o.tickets), o.window, o.credit,
                 o.rate > 0 ? std::to_string(o.rate).c_str() : "max");
  }
  std::optional<double> backlog_rss;
  if (broker) o.backlog_full = [&] { backlog_rss = broker->RssMb(); };
  BenchResult r = RunBench(o);
  std::optional<double> rss;
  if (broker) {
    rss = broker->PeakRssMb();
    if (!broker->Running()) {
      r.aborted = true;
      std::cerr << "aspirasi-bench: the broker died during the run:\n" << broker->LogTail() << "\n";
    }
    broker->Stop();
  }
  if (!keys_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(keys_dir, ec);
  }
  std::printf("transport    %s\n",
              curve ? "CURVE (encrypted, keys checked by the broker)" : "plain TCP (no keys)");

  std::printf("tickets      %llu submitted, %llu acked, %llu failed (avg draft %.0f bytes)\n",
              static_cast<unsigned long long>(r.tickets), static_cast<unsigned long long>(r.acked),
              static_cast<unsigned long long>(r.failed), r.avg_draft_bytes);
  std::printf("delivered    %llu in %.2f s: %.0f tickets/s end to end (submits acked in %.2f s)\n",
              static_cast<unsigned long long>(r.delivered), r.seconds, r.throughput_tps, r.submit_seconds);
  std::printf("latency      p50 %.2f ms  p99 %.2f ms  p999 %.2f ms  max %.2f ms  (submit -> delivery)\n",
              r.latency_ms.p50, r.latency_ms.p99, r.latency_ms.p999, r.latency_ms.max);
  std::printf("ack latency  p50 %.2f ms  p99 %.2f ms  p999 %.2f ms  max %.2f ms  (submit -> durable ack)\n",
              r.ack_latency_ms.p50, r.ack_latency_ms.p99, r.ack_latency_ms.p999, r.ack_latency_ms.max);
  std::printf("integrity    lost %llu, duplicated %llu, foreign %llu, re-sent %llu, worker reconnects %llu\n",
              static_cast<unsigned long long>(r.lost), static_cast<unsigned long long>(r.duplicated),
              static_cast<unsigned long long>(r.foreign), static_cast<unsigned long long>(r.resends),
              static_cast<unsigned long long>(r.worker_reconnects));
  if (rss) std::printf("broker       peak RSS %.1f MB\n", *rss);
  if (o.backlog) {
    std::printf("backlog      %llu queued: broker RSS %s; drained in %.2f s (%.0f tickets/s)\n",
                static_cast<unsigned long long>(r.acked),
                backlog_rss ? (std::to_string(static_cast<int>(*backlog_rss)) + " MB").c_str() : "unknown",
                r.drain_seconds,
                r.drain_seconds > 0 ? static_cast<double>(r.delivered) / r.drain_seconds : 0.0);
  }
  if (!broker && r.lost > 0) {
    std::printf(
        "note         with an external broker, tickets taken by other workers of these OPDs count as lost\n");
  }
  if (!r.first_error.empty()) std::printf("first error  %s\n", r.first_error.c_str());
  if (json) {
    nlohmann::json j = {{"tickets", r.tickets},
                        {"acked", r.acked},
                        {"failed", r.failed},
                        {"delivered", r.delivered},
                        {"throughput_tps", r.throughput_tps},
                        {"seconds", r.seconds},
                        {"latency_ms", PercentilesJson(r.latency_ms)},
                        {"ack_latency_ms", PercentilesJson(r.ack_latency_ms)},
                        {"lost", r.lost},
                        {"duplicated", r.duplicated},
                        {"resends", r.resends},
                        {"rate", o.rate},
                        {"window", o.window},
                        {"avg_draft_bytes", r.avg_draft_bytes},
                        {"aborted", r.aborted},
                        {"curve", curve}};
    j["broker_peak_rss_mb"] = rss ? nlohmann::json(*rss) : nlohmann::json(nullptr);
    if (o.backlog) {
      j["backlog_rss_mb"] = backlog_rss ? nlohmann::json(*backlog_rss) : nlohmann::json(nullptr);
      j["drain_seconds"] = r.drain_seconds;
    }
    std::printf("%s\n", j.dump().c_str());
  }
  std::fflush(stdout);
  return (r.lost > 0 || r.failed > 0 || r.aborted) ? 1 : 0;
}
