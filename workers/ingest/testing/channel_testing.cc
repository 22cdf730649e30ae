#include "workers/ingest/testing/channel_testing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

namespace aspirasi::ingest::channel_testing {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string ReadFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

FakeRequest& FakeRequest::Header(std::string name, std::string value) {
  headers[Lower(std::move(name))] = std::move(value);
  return *this;
}

HttpRequestView FakeRequest::View() const {
  HttpRequestView v;
  v.method = method;
  v.path = path;
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

}  // namespace aspirasi::ingest::channel_testing
