#include "tests/support/ingest_fixture.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace aspirasi::testing {

std::string IngestBinary() { return ASPIRASI_INGEST_BIN; }

std::vector<std::string> RegisteredChannels() {
  std::string out;
  std::vector<std::string> names;
  if (RunCommand({IngestBinary(), "--list-channels"}, &out) != 0) return names;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    std::string name = line.substr(0, line.find(' '));
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

void SetSampleSecrets() {
  const std::pair<const char*, const char*> secrets[] = {
      {"ASPIRASI_FACEBOOK_APP_SECRET", "888fb134eab5647abfc13ee992e73517"},
      {"ASPIRASI_INSTAGRAM_APP_SECRET", "f423d233f52f6e2827f4aa81da47bc11"},
      {"ASPIRASI_WHATSAPP_APP_SECRET", "230ec0633f5452d77286ddb95ab89795"},
      {"ASPIRASI_TELEGRAM_SECRET_TOKEN", "nusaharapan_tg-fixture-9Qm3Lx7Vb2"},
      {"ASPIRASI_X_CONSUMER_SECRET", "7n7bfA7VGKwXFXOtYMNhADwMaEg7SsdJ4T9VQxGkMIBNCz7PsW"},
      {"ASPIRASI_YOUTUBE_API_KEY", "youtube-fixture-api-key"},
      {"ASPIRASI_FORM_SECRET", "form-fixture-secret-4f9c2a"},
      {"ASPIRASI_SMS_SECRET", "sms-fixture-secret-b81e07"}};
  for (const auto& [name, value] : secrets) ::setenv(name, value, 1);
}

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string KeyOf(const std::string& line) {
  auto end = line.find_first_of(" =");
  return end == std::string::npos ? std::string() : line.substr(0, end);
}

}  // namespace

IngestFixture::IngestFixture(const BrokerFixture& broker, std::map<std::string, std::string> ingest_settings)
    : broker_(broker), dir_(broker.dir()) {
  settings_ = {{"http_listen", "\"127.0.0.1:0\""},
               {"spool", "\"ingest-spool.db\""},
               {"submit_timeout_ms", "2000"},
               {"threads", "16"}};
  for (auto& [k, v] : ingest_settings) settings_[k] = v;
}

IngestFixture::~IngestFixture() { process_.Kill9(); }

std::string IngestFixture::Log() const { return ReadFile(log_path()); }

// The broker's configuration with its bound ingest endpoint, and [ingest] rewritten.
std::string IngestFixture::Config() const {
  std::istringstream in(ReadFile(broker_.config_path()));
  std::ostringstream out;
  std::string section;
  bool wrote_ingest = false;
  auto write_ingest = [&] {
    out << "[ingest]\n";
    for (const auto& [k, v] : settings_) out << k << " = " << v << "\n";
    wrote_ingest = true;
  };
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '[') {
      section = line.substr(0, line.find(']') + 1);
      if (section == "[ingest]") {
        write_ingest();
        continue;
      }
    }
    if (section == "[ingest]" && !KeyOf(line).empty()) continue;  // replaced above
    const std::string google = "https://www.googleapis.com/youtube/v3";
    if (auto at = line.find(google); at != std::string::npos) line.replace(at, google.size(), youtube_api_);
    if (KeyOf(line) == "ingest_endpoint") {
      out << "ingest_endpoint = \"" << broker_.endpoints().ingest << "\"\n";
      continue;
    }
    out << line << "\n";
  }
  if (!wrote_ingest) write_ingest();
  return out.str();
}

bool IngestFixture::Start() {
  std::ofstream(config_path()) << Config();
  std::string ready = (dir_ / "ingest-ready").string();
  std::filesystem::remove(ready);
  if (!process_.Start({IngestBinary(), "--config", config_path(), "--ready-file", ready}, log_path())) {
    error_ = "cannot start " + IngestBinary();
    return false;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(ready)) {
      std::ifstream in(ready);
      for (std::string line; std::getline(in, line);) {
        if (line.rfind("http=", 0) == 0) port_ = std::stoi(line.substr(line.rfind(':') + 1));
      }
      return port_ > 0;
    }
    if (!process_.running()) {
      error_ = "aspirasi-ingest exited during start:\n" + Log();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  error_ = "aspirasi-ingest did not become ready in 30 s:\n" + Log();
  return false;
}

}  // namespace aspirasi::testing
