// Reading a parsed Telegram Update without exceptions. Telegram ids are JSON integers (chat ids
// are negative for groups and exceed 32 bits); they are kept as their exact decimal text.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace aspirasi::ingest::telegram {

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

// An integer as exact decimal text; nullopt when `v` is absent or not an integer.
inline std::optional<std::string> IntegerText(const Json* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_number_unsigned()) return std::to_string(v->get<uint64_t>());
  if (v->is_number_integer()) return std::to_string(v->get<int64_t>());
  return std::nullopt;
}

// An integer member as int64; nullopt when absent, not an integer or out of range.
inline std::optional<int64_t> IntegerMember(const Json& obj, std::string_view name) {
  const Json* v = Member(obj, name);
  if (v == nullptr || !v->is_number_integer()) return std::nullopt;
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return v->get<int64_t>();
}

}  // namespace aspirasi::ingest::telegram
