// Reading a parsed YouTube Data API response without exceptions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace aspirasi::ingest::youtube {

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

// An integer member as int64; nullopt when absent, not an integer or out of range.
inline std::optional<int64_t> IntegerMember(const Json& obj, std::string_view name) {
  const Json* v = Member(obj, name);
  if (v == nullptr || !v->is_number_integer()) return std::nullopt;
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return v->get<int64_t>();
}

}  // namespace aspirasi::ingest::youtube
