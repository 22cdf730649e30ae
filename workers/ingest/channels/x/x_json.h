// Reading a parsed X Account Activity payload without exceptions. X ids exceed 2^53, so they are
// only ever read from their string forms (id_str, sender_id, ...), never from numeric members.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace aspirasi::ingest::x {

using Json = nlohmann::json;

// The member `name` of `obj`; nullptr when `obj` is not an object or the member is absent or null.
inline const Json* Member(const Json& obj, std::string_view name) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(name));
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

// The string member `name`, or "" when absent or not a string.
inline std::string StringMember(const Json& obj, std::string_view name) {
  const Json* v = Member(obj, name);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
}

// Milliseconds from a string of decimal digits ("1794190462124"); nullopt otherwise.
inline std::optional<int64_t> MillisFromString(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace aspirasi::ingest::x
