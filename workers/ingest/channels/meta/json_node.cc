#include "workers/ingest/channels/meta/json_node.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace aspirasi::ingest::meta {
namespace {

std::string Where(const std::string& path) { return path.empty() ? std::string("body") : path; }

// Parses an optional '-' and decimal digits, nothing else.
bool ParseDecimal(const std::string& s, int64_t* out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

void ReadErrors::Add(const std::string& path, std::string_view what) {
  if (failed_) return;
  failed_ = true;
  message_ = Where(path);
  message_.append(": ").append(what);
}

Status ReadErrors::ToStatus() const { return failed_ ? Status::Malformed(message_) : Status::Ok(); }

void JsonNode::Fail(std::string_view what) const { errors_->Add(path_, what); }

JsonNode JsonNode::operator[](std::string_view key) const {
  std::string child = path_;
  if (!child.empty()) child.push_back('.');
  child.append(key);
  if (!present()) return JsonNode(nullptr, std::move(child), errors_);
  if (!value_->is_object()) {
    Fail("expected an object");
    return JsonNode(nullptr, std::move(child), errors_);
  }
  auto it = value_->find(key);
  return JsonNode(it == value_->end() ? nullptr : &*it, std::move(child), errors_);
}

JsonNode JsonNode::operator[](std::size_t index) const {
  std::string child = path_ + "[" + std::to_string(index) + "]";
  if (!is_array() || index >= value_->size()) return JsonNode(nullptr, std::move(child), errors_);
  return JsonNode(&(*value_)[index], std::move(child), errors_);
}

std::size_t JsonNode::size() const {
  if (!present()) return 0;
  if (!value_->is_array()) {
    Fail("expected an array");
    return 0;
  }
  return value_->size();
}

std::string JsonNode::String() const {
  if (!present()) return {};
  if (!value_->is_string()) {
    Fail("expected a string");
    return {};
  }
  return value_->get_ref<const std::string&>();
}

std::string JsonNode::Id() const {
  if (!present()) return {};
  if (value_->is_string()) return value_->get_ref<const std::string&>();
  if (value_->is_number_unsigned()) return std::to_string(value_->get<uint64_t>());
  if (value_->is_number_integer()) return std::to_string(value_->get<int64_t>());
  Fail("expected a string");
  return {};
}

int64_t JsonNode::Int() const {
  if (!present()) return 0;
  if (value_->is_number_unsigned()) {
    uint64_t u = value_->get<uint64_t>();
    if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return static_cast<int64_t>(u);
  } else if (value_->is_number_integer()) {
    return value_->get<int64_t>();
  } else if (value_->is_string()) {
    int64_t v = 0;
    if (ParseDecimal(value_->get_ref<const std::string&>(), &v)) return v;
  }
  Fail("expected an integer");
  return 0;
}

bool JsonNode::Bool() const {
  if (!present()) return false;
  if (!value_->is_boolean()) {
    Fail("expected true or false");
    return false;
  }
  return value_->get<bool>();
}

double JsonNode::Number() const {
  if (!present()) return 0;
  if (value_->is_number()) {
    double v = value_->get<double>();
    if (std::isfinite(v)) return v;
  } else if (value_->is_string()) {
    const std::string& s = value_->get_ref<const std::string&>();
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (!s.empty() && ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(v)) return v;
  }
  Fail("expected a finite number");
  return 0;
}

std::string JsonNode::RequiredString() const {
  if (!present()) {
    Fail("is required");
    return {};
  }
  std::string s = String();
  if (s.empty() && errors_->ok()) Fail("must not be empty");
  return s;
}

std::string JsonNode::RequiredId() const {
  if (!present()) {
    Fail("is required");
    return {};
  }
  std::string s = Id();
  if (s.empty() && errors_->ok()) Fail("must not be empty");
  return s;
}

bool JsonNode::RequireObject() const {
  if (!present()) {
    Fail("is required");
    return false;
  }
  if (!value_->is_object()) {
    Fail("expected an object");
    return false;
  }
  return true;
}

bool JsonNode::RequireArray() const {
  if (!present()) {
    Fail("is required");
    return false;
  }
  if (!value_->is_array()) {
    Fail("expected an array");
    return false;
  }
  return true;
}

}  // namespace aspirasi::ingest::meta
