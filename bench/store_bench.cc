// aspirasi-store-bench: the broker's single SQLite writer on its own, without sockets.
// Applies N submits and N delivery acks in group-commit batches, as aspirasid's writer thread
// does, and prints microseconds per operation for applying and for committing; then walks the
// resulting audit chain (2 events per ticket) as `aspirasi audit verify` does, and times it.
//   aspirasi-store-bench [--tickets N] [--batch B] [--dir DIR] [--json]
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench/drafts.h"
#include "broker/store/chain_scan.h"
#include "broker/store/store.h"
#include "common/command_line.h"

namespace {

int64_t NowUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"aspirasi-store-bench: the broker's SQLite writer alone"};
  app.name("aspirasi-store-bench");
  aspirasi::AddVersionFlag(app);
  int tickets = 100000;
  int batch = 2048;
  std::string dir =
      std::filesystem::temp_directory_path() / ("aspirasi-store-bench-" + std::to_string(getpid()));
  bool json = false;
  app.add_option("--tickets", tickets, "tickets to create and then mark delivered")
      ->check(CLI::Range(1, 100000000));
  app.add_option("--batch", batch, "operations per transaction")->check(CLI::Range(1, 100000));
  app.add_option("--dir", dir, "scratch folder (removed afterwards)");
  app.add_flag("--json", json, "print one JSON object");
  if (auto exit_code = aspirasi::ParseCommandLine(app, argc, argv)) return *exit_code;

  std::filesystem::create_directories(dir);
  auto opened = aspirasi::store::OpenSqliteStore({dir + "/bench.db", "nusa-harapan", "NH", 7});
  if (!opened.ok()) {
    std::cerr << "aspirasi-store-bench: " << opened.status().ToString() << "\n";
    return 1;
  }
  auto store = std::move(opened).value();
  const auto& opds = aspirasi::bench::SampleOpds();

  std::vector<aspirasi::store::SubmitOp> ops(static_cast<std::size_t>(tickets));
  for (int i = 0; i < tickets; ++i) {
    auto& op = ops[static_cast<std::size_t>(i)];
    op.submit =
        aspirasi::bench::MakeBenchSubmit(7, static_cast<uint64_t>(i), "store-bench:", 1'780'000'000'000);
    op.opd = opds[static_cast<std::size_t>(i) % opds.size()];
    op.routing.set_reason(aspirasi::v1::ROUTE_RULE);
    op.routing.set_explanation("rule matched");
    op.now_ms = 1'780'000'000'000 + i;
    op.sla_due_ms = op.now_ms + 86'400'000;
    op.actor = "ingest";
  }

  int64_t apply_us = 0, commit_us = 0, commits = 0;
  auto run = [&](auto&& apply_one) {
    for (int start = 0; start < tickets; start += batch) {
      int64_t t0 = NowUs();
      if (!store->Begin().ok()) std::abort();
      for (int i = start; i < std::min(tickets, start + batch); ++i) apply_one(i);
      int64_t t1 = NowUs();
      auto s = store->Commit();
      if (!s.ok()) {
        std::cerr << "commit failed: " << s.ToString() << "\n";
        std::exit(1);
      }
      apply_us += t1 - t0;
      commit_us += NowUs() - t1;
      ++commits;
    }
  };
  int64_t started = NowUs();
  run([&](int i) {
    auto r = store->ApplySubmit(ops[static_cast<std::size_t>(i)]);
    if (!r.status.ok()) std::abort();
  });
  int64_t submits_done = NowUs();
  int64_t submit_apply = apply_us, submit_commit = commit_us;
  run([&](int i) {
    if (!store->ApplyDelivered({static_cast<uint64_t>(i + 1), "bench", 1'780'000'100'000}).ok()) std::abort();
  });
  int64_t finished = NowUs();
  store.reset();
  std::uintmax_t db_bytes = std::filesystem::file_size(dir + "/bench.db");
  int64_t verify_started = NowUs();
  auto chain = aspirasi::store::VerifyEventChain(dir + "/bench.db");
  double verify_s = static_cast<double>(NowUs() - verify_started) / 1e6;
  std::filesystem::remove_all(dir);
  if (!chain.ok() || !chain->ok()) {
    std::cerr << "aspirasi-store-bench: the audit chain does not verify: "
              << (chain.ok() ? std::string(aspirasi::audit::FaultName(chain->problem.fault))
                             : chain.status().ToString())
              << "\n";
    return 1;
  }

  double n = tickets;
  double submit_us = static_cast<double>(submit_apply) / n,
         delivered_us = static_cast<double>(apply_us - submit_apply) / n;
  double tps = n / (static_cast<double>(finished - started) / 1e6);
  if (json) {
    nlohmann::json j{{"tickets", tickets},
                     {"batch", batch},
                     {"submit_apply_us_per_op", submit_us},
                     {"delivered_apply_us_per_op", delivered_us},
                     {"commit_us_per_txn", static_cast<double>(commit_us) / static_cast<double>(commits)},
                     {"tickets_per_second", tps},
                     {"submits_per_second", n / (static_cast<double>(submits_done - started) / 1e6)},
                     {"db_bytes_per_ticket", static_cast<double>(db_bytes) / n},
                     {"audit_events", chain->events},
                     {"audit_verify_seconds", verify_s},
                     {"audit_events_per_second", static_cast<double>(chain->events) / verify_s}};
    std::cout << j.dump() << "\n";
  } else {
    std::printf("submit     %.2f us/op applying, %.0f us per commit of %d\n", submit_us,
                static_cast<double>(submit_commit) / static_cast<double>((tickets + batch - 1) / batch),
                batch);
    std::printf("delivered  %.2f us/op applying\n", delivered_us);
    std::printf(
        "overall    %.0f tickets/s (submit + delivered, durable), %.0f bytes of database per ticket\n", tps,
        static_cast<double>(db_bytes) / n);
    std::printf("audit      %llu events verified in %.2f s (%.0f events/s)\n",
                static_cast<unsigned long long>(chain->events), verify_s,
                static_cast<double>(chain->events) / verify_s);
  }
  return 0;
}
