// Test helpers: fixture bytes and a fake HTTP request.
#pragma once

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest::telegram_test {

// The file's bytes exactly as stored; "" when it cannot be read.
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// An HttpRequestView over owned headers and query parameters (header names case-insensitive).
struct FakeRequest {
  std::string method = "POST";
  std::map<std::string, std::string> headers;  // lower-case names
  std::map<std::string, std::string> query;
  std::string body;

  FakeRequest& Header(const std::string& name, std::string value) {
    headers[Lower(name)] = std::move(value);
    return *this;
  }
  HttpRequestView View() const {
    HttpRequestView v;
    v.method = method;
    v.path = "/webhooks/telegram/7712340098";
    v.header = [this](std::string_view name) {
      auto it = headers.find(Lower(std::string(name)));
      return it == headers.end() ? std::string() : it->second;
    };
    v.query = [this](std::string_view name) {
      auto it = query.find(std::string(name));
      return it == query.end() ? std::string() : it->second;
    };
    v.body = body;
    return v;
  }
};

}  // namespace aspirasi::ingest::telegram_test
