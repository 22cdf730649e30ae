// aspirasi-ingest: the platforms' webhooks (and pollers) -> the broker.
//   aspirasi-ingest --config FILE [--ready-file PATH] [--broker-ready PATH] [--check]
//   aspirasi-ingest --list-channels [--markdown]
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "common/command_line.h"
#include "common/config.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/ready_file.h"
#include "common/version.h"
#include "workers/ingest/broker_link.h"
#include "workers/ingest/durable_submitter.h"
#include "workers/ingest/endpoints.h"
#include "workers/ingest/ingest_server.h"
#include "workers/ingest/manifest.h"
#include "workers/ingest/poller.h"
#include "workers/ingest/spool.h"
#include "workers/ingest/webhook_handler.h"

namespace {

using namespace aspirasi;
using namespace aspirasi::ingest;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"aspirasi-ingest: platform webhooks and pollers -> the Aspirasi broker"};
  app.name("aspirasi-ingest");
  aspirasi::AddVersionFlag(app);
  std::string config_path, ready_file, key_file, broker_ready;
  bool check_only = false, list_channels = false, markdown = false;
  app.add_option("--config", config_path, "TOML configuration file");
  app.add_option("--ready-file", ready_file, "write http=host:port and pid= here once serving");
  app.add_option(
      "--broker-ready", broker_ready,
      "the broker's --ready-file: its ingest endpoint, for a broker bound to random ports (tcp://...:*)");
  app.add_option("--key-file", key_file,
                 "this process's secret key file when the broker uses keys (default: $ASPIRASI_KEY_FILE)");
  app.add_flag("--check", check_only, "validate the configuration (and read the secrets), then exit");
  app.add_flag("--list-channels", list_channels, "print the channels of this build and exit");
  app.add_flag("--markdown", markdown, "with --list-channels: the MANIFEST.md text");
  if (auto exit_code = aspirasi::ParseCommandLine(app, argc, argv)) return *exit_code;

  ChannelRegistry registry;
  if (Status st = RegisterBuiltinChannels(registry); !st.ok()) {
    std::cerr << "aspirasi-ingest: " << st.message() << "\n";
    return 1;
  }
  if (list_channels) {
    std::cout << (markdown ? ManifestMarkdown(registry.List()) : ManifestText(registry.List()));
    return 0;
  }
  if (config_path.empty()) {
    std::cerr << "aspirasi-ingest: --config is required\n" << app.help();
    return 2;
  }
  auto config = LoadConfig(config_path);
  if (!config.ok()) {
    std::cerr << "aspirasi-ingest: invalid configuration: " << config.status().message() << "\n";
    return 2;
  }
  auto endpoints = Endpoints::Build(*config, registry, [](const char* name) { return std::getenv(name); });
  if (!endpoints.ok()) {
    std::cerr << "aspirasi-ingest: invalid configuration: " << endpoints.status().message() << "\n";
    return 2;
  }
  auto keys = LoadClientKeys(config->security, key_file);
  if (!keys.ok()) {
    std::cerr << "aspirasi-ingest: " << keys.status().message() << "\n";
    return 2;
  }
  if (check_only) {
    std::cout << "configuration OK: " << endpoints->all().size() << " endpoints";
    if (!endpoints->disabled().empty()) std::cout << ", " << endpoints->disabled().size() << " disabled";
    std::cout << "\n";
    return 0;
  }
  if (auto logging = InitLogging({"aspirasi-ingest", config->logging.level, config->logging.file});
      !logging.ok()) {
    std::cerr << "aspirasi-ingest: " << logging.message() << "\n";
    return 2;
  }
  auto log = ModuleLogger("ingest");
  for (const auto& d : endpoints->disabled()) {
    log->warn("account {} disabled: this build has no plug-in for its channel (requests get 404)", d);
  }

  // SIGINT/SIGTERM are taken by sigwait below, in every thread started from here on.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::error_code ec;
  auto spool_dir = std::filesystem::path(config->ingest.spool).parent_path();
  if (!spool_dir.empty()) std::filesystem::create_directories(spool_dir, ec);
  auto spool = Spool::Open(config->ingest.spool);
  if (!spool.ok()) {
    log->error("cannot open the spool: {}", spool.status().ToString());
    std::cerr << "aspirasi-ingest: " << spool.status().message() << "\n";
    return 1;
  }

  Metrics metrics;
  LogLineCounting log_counting(metrics);
  SetBuildInfo(metrics, "aspirasi-ingest");
  BrokerLinkOptions link_options;
  link_options.endpoint = config->broker.ingest_endpoint;
  if (!broker_ready.empty()) {
    auto ready = ReadReadyFile(broker_ready);
    if (!ready.ok() || ready->count("ingest") == 0) {
      std::cerr << "aspirasi-ingest: --broker-ready: "
                << (ready.ok() ? "no ingest= line in " + broker_ready : ready.status().message()) << "\n";
      return 2;
    }
    link_options.endpoint = ready->at("ingest");
    config->broker.ingest_endpoint = link_options.endpoint;
  }
  link_options.timeout_ms = config->ingest.submit_timeout_ms;
  link_options.max_message_bytes = config->broker.max_message_bytes;
  link_options.keys = *keys;
  BrokerLink link(link_options);
  link.Start();
  DurableSubmitter submitter(link, **spool, metrics);
  submitter.Start();
  WebhookHandler handler(
      *endpoints, [&submitter](const std::vector<v1::Submit>& s) { return submitter.Submit(s); }, metrics);
  IngestServer server(handler, metrics,
                      [&submitter]() -> std::string {
                        if (submitter.spool_failing()) return "the spool cannot be written";
                        if (submitter.key_refused()) {
                          return "the broker refuses this ingest's key; webhooks are kept in the spool "
                                 "(docs/SECURITY.md)";
                        }
                        return "";
                      },
                      {config->ingest.threads, config->ingest.max_connections, endpoints->max_body_limit()});
  if (Status st = server.Start(config->ingest.http_host, config->ingest.http_port); !st.ok()) {
    log->error("cannot start: {}", st.ToString());
    std::cerr << "aspirasi-ingest: cannot start: " << st.message() << "\n";
    return 1;
  }

  PollerRegistry pollers;
  if (Status st = RegisterBuiltinPollers(pollers); !st.ok()) {
    log->error("cannot register pollers: {}", st.ToString());
    return 1;
  }
  std::vector<std::unique_ptr<Poller>> running;
  std::vector<std::jthread> poll_threads;
  for (const auto& e : endpoints->all()) {
    if (e.info.transport != "polling") continue;
    const PollerFactory* factory = pollers.Find(e.info.name);
    if (factory == nullptr) {
      log->warn("account {}/{}: channel {} polls, but this build has no poller for it", e.account.channel,
                e.account.id, e.info.name);
      continue;
    }
    for (const auto& [key, value] : e.account.options) {  // the folders of its files (state_path, ...)
      if (key.size() > 5 && key.compare(key.size() - 5, 5, "_path") == 0 && !value.empty()) {
        std::filesystem::create_directories(std::filesystem::path(value).parent_path(), ec);
      }
    }
    auto poller = (*factory)(PollerContext{e.account, submitter, metrics});
    if (!poller.ok()) {
      std::cerr << "aspirasi-ingest: invalid configuration: " << e.config_key << ": "
                << poller.status().message() << "\n";
      return 2;
    }
    running.push_back(std::move(poller).value());
    Poller* p = running.back().get();
    poll_threads.emplace_back([p](std::stop_token stop) { p->Run(stop); });
    log->info("polling {}/{}", e.account.channel, e.account.id);
  }

  log->info("aspirasi-ingest serving {} endpoints; broker {}; spool {} ({} waiting)", endpoints->all().size(),
            config->broker.ingest_endpoint, config->ingest.spool, (*spool)->size());
  if (!ready_file.empty()) {
    if (Status st = WriteReadyFile(ready_file,
                                   {{"http", config->ingest.http_host + ":" + std::to_string(server.port())},
                                    {"pid", std::to_string(::getpid())}});
        !st.ok())
      log->warn("{}", st.message());
  }

  int sig = 0;
  sigwait(&signals, &sig);
  log->info("stopping (signal {})", sig);
  server.Stop();  // no new requests; those being handled finish first
  for (auto& t : poll_threads) t.request_stop();
  poll_threads.clear();  // joins
  submitter.Stop();
  link.Stop();
  log->info("stopped; {} submits wait in the spool", (*spool)->size());
  return 0;
}
