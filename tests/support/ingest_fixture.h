// A real aspirasi-ingest for integration tests, beside a BrokerFixture: its configuration is the
// broker's (the same accounts, rules and [[channel]] tables, with the broker's bound ingest
// endpoint), with [ingest] on a random free port and its spool in the broker fixture's folder.
// Secrets reach it through the environment: call setenv() before Start() (the child inherits).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tests/support/broker_fixture.h"
#include "tests/support/process.h"

namespace aspirasi::testing {

class IngestFixture {
 public:
  // `ingest_settings` replace or add keys of [ingest] (e.g. {"submit_timeout_ms", "500"}).
  // REQUIRES: broker.Start() succeeded (its endpoints are known).
  IngestFixture(const BrokerFixture& broker, std::map<std::string, std::string> ingest_settings = {});
  ~IngestFixture();

  // (Re)writes the configuration, starts aspirasi-ingest and waits until it serves. Returns false
  // (with a message in error()) on failure.
  bool Start();
  void Kill9() { process_.Kill9(); }
  int Stop() { return process_.Terminate(); }
  bool running() { return process_.running(); }
  // The YouTube Data API the youtube account's poller calls. Default: a local port where nothing
  // listens (tests never reach the Internet); a test with a fake API server sets its URL.
  void SetYoutubeApi(std::string base_url) { youtube_api_ = std::move(base_url); }
  // Later starts bind the port of the first one (a restarted ingest keeps its URL).
  void PinPort() { settings_["http_listen"] = "\"127.0.0.1:" + std::to_string(port_) + "\""; }

  int port() const { return port_; }
  std::string config_path() const { return (dir_ / "ingest.toml").string(); }
  std::string spool_path() const { return (dir_ / "ingest-spool.db").string(); }
  std::string log_path() const { return (dir_ / "aspirasi-ingest.log").string(); }
  std::string Log() const;
  const std::string& error() const { return error_; }

 private:
  std::string Config() const;

  const BrokerFixture& broker_;
  std::filesystem::path dir_;
  std::map<std::string, std::string> settings_;  // [ingest] key -> TOML value
  std::string youtube_api_ = "http://127.0.0.1:9/youtube/v3";
  Process process_;
  int port_ = 0;
  std::string error_;
};

std::string IngestBinary();
// Channel names registered in the built aspirasi-ingest (from --list-channels).
std::vector<std::string> RegisteredChannels();
// setenv() of every secret variable deploy/nusa-harapan.toml names, with fixture-only values
// (those of /work/shared/fixtures/channels and workers/ingest/channels/generic/testdata).
void SetSampleSecrets();

}  // namespace aspirasi::testing
