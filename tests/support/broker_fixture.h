// A real aspirasid for integration tests: a temporary directory, a config derived from the
// sample regency with random free ports (tcp://127.0.0.1:*), start / kill -9 / restart, and
// the endpoints it bound (from --ready-file).
#pragma once

#include <csignal>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace aspirasi::testing {

struct BrokerEndpoints {
  std::string ingest, worker, api, events, http;
};

class BrokerFixture {
 public:
  // `overrides` are "key = value" lines put into [broker] (e.g. "lease_ms = 500"). `values`
  // replace the value of a key anywhere in the sample config: a string, or TOML as written when
  // it starts with '=' ({"auto_ack", "=true"}). The desk's auto-acknowledgement is off unless a
  // test turns it on. Sets ASPIRASI_LANG=id for the processes the test starts.
  explicit BrokerFixture(const std::string& name, const std::string& broker_overrides = "",
                         const std::map<std::string, std::string>& values = {});
  ~BrokerFixture();

  // Starts the broker and waits until it serves. Returns false (with a message in error()) on failure.
  bool Start();
  void Kill9() { process_.Kill9(); }
  // Sends a signal to the running broker (SIGHUP: reload the keys).
  void Signal(int sig) { ::kill(process_.pid(), sig); }
  // Rewrites the config with the ports bound by the first start, so a restarted broker is found
  // again by clients that reconnect to the same endpoints.
  void PinEndpoints();
  // Appends TOML to the config (e.g. more [[admin]] tables); before Start().
  void AppendConfig(const std::string& toml);
  // More aspirasid arguments (e.g. {"--clock-scale", "1800"}); before Start().
  void SetExtraArgs(std::vector<std::string> args) { extra_args_ = std::move(args); }
  int Stop() { return process_.Terminate(); }
  bool running() { return process_.running(); }

  const BrokerEndpoints& endpoints() const { return endpoints_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::string config_path() const { return (dir_ / "aspirasi.toml").string(); }
  std::string db_path() const { return (dir_ / "aspirasi.db").string(); }
  std::string log_path() const { return (dir_ / "aspirasid.log").string(); }
  const std::string& error() const { return error_; }
  std::string Log() const;

 private:
  std::filesystem::path dir_;
  Process process_;
  BrokerEndpoints endpoints_;
  std::string error_;
  std::vector<std::string> extra_args_;
};

// Paths of the built binaries (set by CMake).
std::string BrokerBinary();
std::string ResponderBinary();
std::string CliBinary();
std::string SourceDir();

}  // namespace aspirasi::testing
