// JsonNode: typed, non-throwing reads of a parsed JSON payload that name the exact place of a
// problem ("entry[2].changes[0].value.comment_id: expected a string").
//
// A node is a value (or an absent one) plus the path that reached it. Reads never throw: the first
// type error is recorded in the shared ReadErrors and later reads simply return empty values, so a
// parser reads what it needs and checks ReadErrors once per item. JSON null counts as absent.
//
// Thread safety: a JsonNode and its ReadErrors belong to one Parse call.
// REQUIRES: the json document and the ReadErrors outlive every node made from them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aspirasi::ingest::meta {

using Json = nlohmann::json;

// The first read error of a parse; MALFORMED "<path>: <what>".
class ReadErrors {
 public:
  void Add(const std::string& path, std::string_view what);
  bool ok() const { return !failed_; }
  Status ToStatus() const;

 private:
  bool failed_ = false;
  std::string message_;
};

class JsonNode {
 public:
  // The document root (path "").
  JsonNode(const Json& root, ReadErrors& errors) : JsonNode(&root, std::string(), &errors) {}

  bool present() const { return value_ != nullptr && !value_->is_null(); }
  bool is_object() const { return present() && value_->is_object(); }
  bool is_array() const { return present() && value_->is_array(); }
  bool is_string() const { return present() && value_->is_string(); }
  const std::string& path() const { return path_; }
  ReadErrors& errors() const { return *errors_; }

  // A member (absent when missing). Records "expected an object" if this node is present but not one.
  JsonNode operator[](std::string_view key) const;
  // An element of an array (absent when out of range or when this is not an array).
  JsonNode operator[](std::size_t index) const;
  // Elements of an array; 0 when absent. Records "expected an array" if present but not one.
  std::size_t size() const;

  // Typed reads: absent yields the empty value; a present value of another type records an error.
  std::string String() const;  // a string
  std::string Id() const;      // a string, or an integer written in decimal (ids are strings at Meta)
  int64_t Int() const;         // an integer, or a string of decimal digits (WhatsApp's timestamps)
  bool Bool() const;           // true/false
  double Number() const;       // any JSON number, or a decimal string

  // Required reads: like the above, but absent (or an empty string) records "is required".
  std::string RequiredString() const;
  std::string RequiredId() const;
  // True when present and an object; records "is required" / "expected an object" otherwise.
  bool RequireObject() const;
  // True when present and an array; records "is required" / "expected an array" otherwise.
  bool RequireArray() const;

  // Records "<path>: <what>" as an error.
  void Fail(std::string_view what) const;

 private:
  JsonNode(const Json* value, std::string path, ReadErrors* errors)
      : value_(value), path_(std::move(path)), errors_(errors) {}

  const Json* value_;
  std::string path_;
  ReadErrors* errors_;
};

}  // namespace aspirasi::ingest::meta
