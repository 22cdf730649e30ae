// Test support for every channel's tests: exact-byte file reads and a fake HTTP request for
// Channel::Verify and Channel::Handshake. Built only with the tests (aspirasi_ingest_channel_testing).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest::channel_testing {

// The exact bytes of a file; ADD_FAILURE and "" when it cannot be read.
std::string ReadFileBytes(const std::filesystem::path& path);

// An HTTP request; header names are case-insensitive.
struct FakeRequest {
  std::string method = "POST";
  std::string path = "/webhooks";
  std::map<std::string, std::string> headers;  // keys lower-case
  std::map<std::string, std::string> query;
  std::string body;

  FakeRequest& Header(std::string name, std::string value);
  // REQUIRES: *this outlives the view.
  HttpRequestView View() const;
};

}  // namespace aspirasi::ingest::channel_testing
