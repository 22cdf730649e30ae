// BrokerProcess: an aspirasid the benchmark starts for itself: a temporary directory with a
// config (sample regency, tcp://127.0.0.1:* endpoints, its own database), the child process,
// the endpoints it bound (from --ready-file), its peak RSS, and a clean stop.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "common/status.h"

namespace aspirasi::bench {

struct BrokerEndpoints {
  std::string ingest, worker, api, events, http;
};

class BrokerProcess {
 public:
  BrokerProcess() = default;
  ~BrokerProcess();  // stops a running broker and removes the directory (unless kept)
  BrokerProcess(const BrokerProcess&) = delete;
  BrokerProcess& operator=(const BrokerProcess&) = delete;

  // `broker_settings` are "key = value" lines added to [broker] (e.g. "lease_ms = 60000");
  // `extra_sections` is TOML appended to the config (e.g. an [sla] section). Waits up to
  // ready_timeout_ms for the ready file. IO_ERROR / UNAVAILABLE with the broker's log tail on
  // failure.
  Status Start(const std::string& binary, const std::vector<std::string>& broker_settings,
               int ready_timeout_ms, const std::string& extra_sections = "");
  // Starts the same binary again on the same directory, config and database (after Stop()).
  Status Restart(int ready_timeout_ms);
  const BrokerEndpoints& endpoints() const { return endpoints_; }
  pid_t pid() const { return pid_; }
  bool Running();
  // VmHWM of the broker in MiB (0 when unknown).
  double PeakRssMb() const;
  // VmRSS of the broker now, in MiB (0 when unknown).
  double RssMb() const;
  // SIGTERM, then SIGKILL after timeout_ms. Returns the exit status (or -signal).
  int Stop(int timeout_ms = 10000);
  const std::string& dir() const { return dir_; }
  void keep_dir(bool keep) { keep_dir_ = keep; }
  std::string LogTail(std::size_t bytes = 2000) const;

 private:
  Status Launch(int ready_timeout_ms);

  std::string binary_;
  std::string dir_;
  pid_t pid_ = -1;
  bool keep_dir_ = false;
  BrokerEndpoints endpoints_;
};

// The broker binary of the build tree this executable is in: the nearest <ancestor>/broker/aspirasid.
std::string DefaultBrokerBinary();

}  // namespace aspirasi::bench
