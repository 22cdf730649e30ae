// aspirasi-responder: a response worker for one or more OPDs.
//   aspirasi-responder --config FILE --opd CODE [--opd CODE2 ...] [--name NAME] [--credit N]
//                      [--posters N] [--worker ENDPOINT] [--exit-after N] [--log-level LEVEL]
//                      [--http-listen HOST:PORT]
// Takes each delivered ticket, logs it (ids at info, text at debug) and acknowledges it DONE;
// posts each delivered reply on its platform ([egress] base URLs, [[account]] tokens).
// With --http-listen (or $ASPIRASI_RESPONDER_HTTP_LISTEN) it serves /metrics and /healthz (200 while
// registered with the broker, else 503 with the reason).
// SIGINT/SIGTERM: says bye to the broker (which requeues unacked leases) and exits 0.
// Exit codes: 0 stopped, 1 the broker refused us or the session failed, 2 usage/configuration.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "common/command_line.h"
#include "common/host_port.h"
#include "common/http_server.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/version.h"
#include "workers/responder/log_handler.h"
#include "workers/responder/responder.h"
#include "workers/responder/responder_config.h"

namespace {
std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }
}  // namespace

int main(int argc, char** argv) {
  using namespace aspirasi;
  using namespace aspirasi::responder;
  CLI::App app{"aspirasi-responder: takes delivered tickets for OPDs and posts the OPDs' replies"};
  app.name("aspirasi-responder");
  aspirasi::AddVersionFlag(app);
  ResponderFlags flags;
  app.add_option("--config", flags.config_path, "the system TOML configuration")->required();
  app.add_option("--opd", flags.opds,
                 "OPD code to serve (repeat, or separate with ',' or '-', for several: PUPR,DLH)")
      ->required();
  app.add_option("--name", flags.name, "stable worker name (default responder-<opds>)");
  app.add_option("--credit", flags.credit, "its window: the most tickets and replies it holds at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--posters", flags.posters, "replies posted side by side (each waits on its platform)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--worker", flags.worker_endpoint,
                 "the broker's worker endpoint (default: from the config)");
  app.add_option("--key-file", flags.key_file,
                 "this responder's secret key file when the broker uses keys (default: $ASPIRASI_KEY_FILE)");
  app.add_option("--exit-after", flags.exit_after, "exit after this many deliveries (for tests and demos)");
  app.add_option("--log-level", flags.log_level,
                 "trace, debug, info, warn, error (default: from the config)");
  std::string http_listen;
  app.add_option(
      "--http-listen", http_listen,
      "serve /metrics and /healthz on HOST:PORT (default: $ASPIRASI_RESPONDER_HTTP_LISTEN, else none)");
  if (auto exit_code = aspirasi::ParseCommandLine(app, argc, argv)) return *exit_code;
  if (http_listen.empty()) {
    if (const char* env = std::getenv("ASPIRASI_RESPONDER_HTTP_LISTEN")) http_listen = env;
  }
  std::string http_host;
  int http_port = 0;
  if (!http_listen.empty() && !SplitListen(http_listen, &http_host, &http_port)) {
    std::cerr << "aspirasi-responder: --http-listen must be host:port with a port from 0 to 65535, got '"
              << http_listen << "'\n";
    return 2;
  }

  auto config = LoadConfig(flags.config_path);
  if (!config.ok()) {
    std::cerr << "aspirasi-responder: invalid configuration: " << config.status().message() << "\n";
    return 2;
  }
  auto options = BuildSessionOptions(flags, *config);
  if (!options.ok()) {
    std::cerr << "aspirasi-responder: " << options.status().message() << "\n";
    return 2;
  }
  std::string level = flags.log_level.empty() ? config->logging.level : flags.log_level;
  if (auto logging = InitLogging({"aspirasi-responder", level, config->logging.file}); !logging.ok()) {
    std::cerr << "aspirasi-responder: " << logging.message() << "\n";
    return 2;
  }
  auto log = ModuleLogger("responder");

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);

  auto poster = ReplyPoster::Create(*config, [](const char* name) { return std::getenv(name); });
  if (!poster.ok()) {
    std::cerr << "aspirasi-responder: invalid configuration: " << poster.status().message() << "\n";
    return 2;
  }
  Metrics metrics;
  SetBuildInfo(metrics, "aspirasi-responder");
  ResponderMetrics responder_metrics(metrics, options->endpoint);
  HttpServer http(metrics, [&responder_metrics] { return responder_metrics.Health(); });
  if (!http_listen.empty()) {
    if (Status st = http.Start(http_host, http_port); !st.ok()) {
      std::cerr << "aspirasi-responder: " << st.message() << "\n";
      return 2;
    }
  }
  WorkerSession session(*options);
  LogHandler handler;
  Responder responder(handler);
  std::string opds;
  for (const auto& o : options->opds) opds += (opds.empty() ? "" : ",") + o;
  log->info("worker {} serving {} at {} with a window of {} and {} poster(s); {} account(s) with a token",
            options->name, opds, options->endpoint, options->credit, flags.posters,
            (*poster)->accounts_with_tokens());
  Status st = RunResponder(session, responder, g_stop,
                           {.exit_after = flags.exit_after,
                            .posters = flags.posters,
                            .metrics = http_listen.empty() ? nullptr : &responder_metrics},
                           poster->get());
  http.Stop();
  const auto& s = responder.stats();
  log->info("worker {} stopping: {} handled, {} duplicates, {} withdrawn, {} reconnects", options->name,
            s.handled, s.duplicates, s.withdrawn, session.stats().reconnects);
  if (!st.ok()) {
    log->error("{}", st.ToString());
    std::cerr << "aspirasi-responder: the broker refused the worker: " << st.message() << " ("
              << st.CodeName() << ")\n";
    return 1;
  }
  return 0;
}
