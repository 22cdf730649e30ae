#include "tests/support/broker_fixture.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace aspirasi::testing {

namespace {
// ASPIRASI_TEST_BIN_DIR runs the tests against other builds of the programs (e.g. to show that a
// new test fails on an earlier commit): a directory holding aspirasid, aspirasi-responder and
// aspirasi, or a build tree (broker/, workers/responder/, clients/cli/).
std::string Binary(const char* built, const char* name, const char* in_tree) {
  const char* dir = std::getenv("ASPIRASI_TEST_BIN_DIR");
  if (dir == nullptr || *dir == '\0') return built;
  std::string flat = std::string(dir) + "/" + name;
  if (::access(flat.c_str(), X_OK) == 0) return flat;
  return std::string(dir) + "/" + in_tree + "/" + name;
}
}  // namespace

std::string BrokerBinary() { return Binary(ASPIRASI_BROKER_BIN, "aspirasid", "broker"); }
std::string ResponderBinary() {
  return Binary(ASPIRASI_RESPONDER_BIN, "aspirasi-responder", "workers/responder");
}
std::string CliBinary() { return Binary(ASPIRASI_CLI_BIN, "aspirasi", "clients/cli"); }
std::string SourceDir() { return ASPIRASI_SOURCE_DIR; }

namespace {

std::string KeyOf(const std::string& line) {
  auto end = line.find_first_of(" =");
  return end == std::string::npos ? std::string() : line.substr(0, end);
}

// Rewrites a TOML text line by line: `values` replaces the value of a key anywhere (as a string,
// or as written when the value starts with '=': "=false"), and `broker_extra` lines go right
// after the [broker] header (their keys are dropped elsewhere).
std::string Rewrite(const std::string& text, const std::map<std::string, std::string>& values,
                    const std::string& broker_extra) {
  std::map<std::string, bool> extra_keys;
  std::istringstream extra(broker_extra);
  for (std::string line; std::getline(extra, line);) {
    if (!KeyOf(line).empty()) extra_keys[KeyOf(line)] = true;
  }
  std::ostringstream out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::string key = KeyOf(line);
    if (extra_keys.count(key)) continue;
    if (auto it = values.find(key); it != values.end() && !key.empty()) {
      if (!it->second.empty() && it->second[0] == '=') {
        out << key << " = " << it->second.substr(1) << "\n";
      } else {
        out << key << " = \"" << it->second << "\"\n";
      }
      continue;
    }
    out << line << "\n";
    if (line == "[broker]" && !broker_extra.empty()) out << broker_extra << "\n";
  }
  return out.str();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

BrokerFixture::BrokerFixture(const std::string& name, const std::string& broker_overrides,
                             const std::map<std::string, std::string>& values) {
  // The CLI speaks Bahasa Indonesia unless told otherwise; tests do not depend on the machine's
  // $LANG (a test that reads English passes --lang en).
  ::setenv("ASPIRASI_LANG", "id", 1);
  dir_ = std::filesystem::temp_directory_path() / ("aspirasi-it-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  std::string any = "tcp://127.0.0.1:*";
  std::map<std::string, std::string> all = {
      {"ingest_endpoint", any},       {"worker_endpoint", any},
      {"api_endpoint", any},          {"events_endpoint", any},
      {"http_listen", "127.0.0.1:0"}, {"database", "aspirasi.db"},
      {"auto_ack", "=false"},         {"holidays_dir", SourceDir() + "/deploy/calendars"}};
  for (const auto& [k, v] : values) all[k] = v;
  std::string text = Rewrite(ReadFile(SourceDir() + "/deploy/nusa-harapan.toml"), all, broker_overrides);
  std::ofstream(config_path()) << text;
}

void BrokerFixture::PinEndpoints() {
  std::string text = Rewrite(ReadFile(config_path()),
                             {{"ingest_endpoint", endpoints_.ingest},
                              {"worker_endpoint", endpoints_.worker},
                              {"api_endpoint", endpoints_.api},
                              {"events_endpoint", endpoints_.events},
                              {"http_listen", endpoints_.http}},
                             "");
  std::ofstream(config_path()) << text;
}

BrokerFixture::~BrokerFixture() {
  process_.Kill9();
  if (!getenv("ASPIRASI_KEEP_TEST_DIRS")) std::filesystem::remove_all(dir_);
}

std::string BrokerFixture::Log() const { return ReadFile(log_path()); }

void BrokerFixture::AppendConfig(const std::string& toml) {
  std::ofstream(config_path(), std::ios::app) << "\n" << toml << "\n";
}

bool BrokerFixture::Start() {
  std::string ready = (dir_ / "ready").string();
  std::filesystem::remove(ready);
  std::vector<std::string> argv = {BrokerBinary(), "--config", config_path(), "--ready-file", ready};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  if (!process_.Start(argv, log_path())) {
    error_ = "cannot start " + BrokerBinary();
    return false;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(ready)) {
      std::ifstream in(ready);
      std::string line;
      std::map<std::string, std::string> kv;
      while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
      }
      endpoints_ = {kv["ingest"], kv["worker"], kv["api"], kv["events"], kv["http"]};
      return true;
    }
    if (!process_.running()) {
      error_ = "aspirasid exited during start:\n" + Log();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  error_ = "aspirasid did not become ready in 30 s:\n" + Log();
  return false;
}

}  // namespace aspirasi::testing
