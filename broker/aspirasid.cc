// aspirasid: the Aspirasi broker.
//   aspirasid --config FILE [--ready-file PATH] [--check] [--clock-scale N]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "broker/server/broker.h"
#include "broker/server/gatekeeper.h"
#include "broker/server/sla_ops.h"
#include "broker/store/db_lock.h"
#include "common/command_line.h"
#include "common/config.h"
#include "common/log.h"
#include "common/log_file.h"
#include "common/ready_file.h"

namespace {
aspirasi::server::Broker* g_broker = nullptr;
void OnSignal(int) {
  if (g_broker) g_broker->RequestStop();
}
volatile std::sig_atomic_t g_hangup_before_run = 0;
void OnHangUp(int) {
  if (g_broker) {
    g_broker->RequestReload();
  } else {
    g_hangup_before_run = 1;  // during the start: reloaded as soon as the loop runs
  }
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"aspirasid: the Aspirasi ticket broker"};
  app.name("aspirasid");
  aspirasi::AddVersionFlag(app);
  std::string config_path, ready_file;
  bool check_only = false;
  int64_t clock_scale = 1;
  int64_t clock_epoch_ms = 0;
  app.add_option("--config", config_path, "TOML configuration file")->required();
  app.add_option("--ready-file", ready_file, "write the bound endpoints here once serving (key=value lines)");
  app.add_flag("--check", check_only, "validate the configuration and exit");
  int lock_wait_s = 60;
  app.add_option("--lock-wait", lock_wait_s,
                 "wait this long for the database while another process holds it (a backup or a restore; "
                 "another broker), then exit 1")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  app.add_option("--clock-scale", clock_scale,
                 "demonstrations only: ticket and SLA time runs N times faster than real time (leases and "
                 "heartbeats do not)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  app.add_option(
      "--clock-epoch-ms", clock_epoch_ms,
      "with --clock-scale: the real instant (Unix ms) compressed time starts from; default now. Give the "
      "same value after a restart to continue the same compressed timeline");
  if (auto exit_code = aspirasi::ParseCommandLine(app, argc, argv)) return *exit_code;

  auto config = aspirasi::LoadConfig(config_path);
  if (!config.ok()) {
    std::cerr << "aspirasid: invalid configuration: " << config.status().message() << "\n";
    return 2;
  }
  // The [sla] section is parsed by the broker's SLA library: the same exit code as any config error.
  auto sla = aspirasi::server::LoadSlaSetup(*config);
  if (!sla.ok()) {
    std::cerr << "aspirasid: invalid configuration: " << sla.status().message() << "\n";
    return 2;
  }
  // Keys too: a key file that cannot be used is a configuration error, found before anything starts.
  if (auto keys = aspirasi::server::Gatekeeper::CheckKeys(*config); !keys.ok()) {
    std::cerr << "aspirasid: invalid configuration: " << keys.message() << "\n";
    return 2;
  }
  if (check_only) {
    // The log file is opened only at the start proper: say now if that will fail (without creating it).
    if (const std::string file = aspirasi::LogFileOf(config->logging.file, "aspirasid"); !file.empty()) {
      const std::string dir = std::filesystem::path(file).parent_path().string();
      const bool exists = ::access(file.c_str(), F_OK) == 0;
      if (::access(exists ? file.c_str() : (dir.empty() ? "." : dir.c_str()), W_OK) != 0) {
        std::cerr << "aspirasid: invalid configuration: logging.file: cannot write " << file << ": "
                  << std::strerror(errno) << "\n";
        return 2;
      }
    }
    // Valid, but about to give wrong deadlines: said, not refused.
    auto coverage =
        aspirasi::server::HolidaysCoverage(**sla, config->sla.holidays_dir, aspirasi::RealClock().NowMs());
    if (coverage && !coverage->warning.empty())
      std::cerr << "aspirasid: warning: " << coverage->warning << "\n";
    std::cout << "configuration OK: " << config->tenant.name << ", " << config->opds.size() << " OPDs, "
              << config->accounts.size() << " accounts, " << config->rules.size() << " rules\n";
    return 0;
  }
  if (auto logging = aspirasi::InitLogging({"aspirasid", config->logging.level, config->logging.file});
      !logging.ok()) {
    std::cerr << "aspirasid: " << logging.message() << "\n";
    return 2;
  }
  auto log = aspirasi::ModuleLogger("main");

  std::error_code ec;
  auto db_dir = std::filesystem::path(config->broker.database).parent_path();
  if (!db_dir.empty()) std::filesystem::create_directories(db_dir, ec);

  // One process owns the database: this broker, or `aspirasi backup`/`restore` for a moment. A
  // second broker on it never starts.
  std::optional<aspirasi::store::DbLock> db_lock;
  for (auto waited = std::chrono::steady_clock::now();;) {
    auto locked = aspirasi::store::DbLock::Acquire(config->broker.database);
    if (locked.ok()) {
      db_lock.emplace(std::move(locked).value());
      break;
    }
    const bool busy = locked.status().code() == aspirasi::v1::CONFLICT;
    const auto elapsed = std::chrono::steady_clock::now() - waited;
    if (!busy || elapsed >= std::chrono::seconds(lock_wait_s)) {
      log->error("cannot start: {}", locked.status().ToString());
      std::cerr << "aspirasid: cannot start: " << locked.status().message() << "\n";
      return 1;
    }
    if (elapsed < std::chrono::milliseconds(200))
      log->warn("{}; waiting up to {} s for it to finish", locked.status().message(), lock_wait_s);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }

  std::unique_ptr<aspirasi::ScaledClock> scaled;
  if (clock_scale > 1) {
    scaled = std::make_unique<aspirasi::ScaledClock>(clock_scale, clock_epoch_ms);
    log->warn(
        "--clock-scale {}: ticket and SLA time runs {} times faster than real time (demonstration only)",
        clock_scale, clock_scale);
  }
  aspirasi::server::Broker broker(
      *config, scaled ? static_cast<const aspirasi::Clock&>(*scaled) : aspirasi::RealClock());
  std::signal(SIGHUP, OnHangUp);  // before the start: a reload asked for early is not a hang-up
  aspirasi::Status s = broker.Start();
  if (!s.ok()) {
    log->error("cannot start: {}", s.ToString());
    std::cerr << "aspirasid: cannot start: " << s.message() << "\n";
    return 1;
  }
  if (!ready_file.empty()) {
    const auto& e = broker.endpoints();
    if (aspirasi::Status w = aspirasi::WriteReadyFile(ready_file, {{"ingest", e.ingest},
                                                                   {"worker", e.worker},
                                                                   {"api", e.api},
                                                                   {"events", e.events},
                                                                   {"http", e.http},
                                                                   {"pid", std::to_string(::getpid())}});
        !w.ok())
      log->warn("{}", w.message());
  }
  g_broker = &broker;
  if (g_hangup_before_run) broker.RequestReload();
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  s = broker.Run();
  g_broker = nullptr;
  if (!s.ok()) {
    log->error("stopped with an error: {}", s.ToString());
    return 1;
  }
  return 0;
}
