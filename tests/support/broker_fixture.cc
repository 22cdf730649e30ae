#include "tests/support/broker_fixture.h"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace aspirasi::testing {

std::string BrokerBinary() { return ASPIRASI_BROKER_BIN; }
std::string ResponderBinary() { return ASPIRASI_RESPONDER_BIN; }
std::string CliBinary() { return ASPIRASI_CLI_BIN; }
std::string SourceDir() { return ASPIRASI_SOURCE_DIR; }

BrokerFixture::BrokerFixture(const std::string& name, const std::string& broker_overrides) {
  dir_ = std::filesystem::temp_directory_path() / ("aspirasi-it-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  std::ifstream in(SourceDir() + "/deploy/nusa-harapan.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  text = std::regex_replace(text, std::regex(R"(tcp://127\.0\.0\.1:77\d\d)"), "tcp://127.0.0.1:*");
  text = std::regex_replace(text, std::regex(R"(http_listen = "[^"]*")"), "http_listen = \"127.0.0.1:0\"");
  text = std::regex_replace(text, std::regex(R"(database = "[^"]*")"), "database = \"aspirasi.db\"");
  if (!broker_overrides.empty()) {
    // Later keys may not repeat earlier ones in TOML: drop the sample's lines for overridden keys.
    std::istringstream lines(broker_overrides);
    std::string line;
    while (std::getline(lines, line)) {
      auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      std::string key = line.substr(0, line.find_first_of(" =")) ;
      text = std::regex_replace(text, std::regex("\n" + key + R"( = [^\n]*)"), "");
    }
    text = std::regex_replace(text, std::regex(R"(\[broker\]\n)"), "[broker]\n" + broker_overrides + "\n");
  }
  std::ofstream(config_path()) << text;
}

BrokerFixture::~BrokerFixture() {
  process_.Kill9();
  if (!getenv("ASPIRASI_KEEP_TEST_DIRS")) std::filesystem::remove_all(dir_);
}

std::string BrokerFixture::Log() const {
  std::ifstream in(log_path());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool BrokerFixture::Start() {
  std::string ready = (dir_ / "ready").string();
  std::filesystem::remove(ready);
  if (!process_.Start({BrokerBinary(), "--config", config_path(), "--ready-file", ready}, log_path())) {
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
