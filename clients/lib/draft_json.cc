#include "clients/lib/draft_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/i18n/catalogue.h"

namespace aspirasi {
namespace {

using i18n::K;
using i18n::T;
using nlohmann::json;
namespace pb = google::protobuf;

std::string Upper(std::string s) {
  for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  return s;
}

// The field of `type` a JSON member names (its lowerCamelCase JSON name or its .proto name).
const pb::FieldDescriptor* FieldOf(const pb::Descriptor* type, const std::string& name) {
  if (const auto* f = type->FindFieldByName(name)) return f;
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == name) return type->field(i);
  }
  return nullptr;
}

Status Normalize(json& value, const pb::Descriptor* type, const std::string& where);

// One value of field `f`: an enum name is accepted in any case and written back as the .proto
// name; a message is normalised in turn. Anything else is left to protobuf's parser.
Status NormalizeValue(json& v, const pb::FieldDescriptor* f, const std::string& where) {
  if (f->type() == pb::FieldDescriptor::TYPE_ENUM && v.is_string()) {
    const pb::EnumDescriptor* e = f->enum_type();
    const auto* found = e->FindValueByName(Upper(v.get<std::string>()));
    if (found == nullptr || found->number() == 0) {
      std::string valid;
      for (int i = 0; i < e->value_count(); ++i) {
        if (e->value(i)->number() != 0) valid += (valid.empty() ? "" : ", ") + e->value(i)->name();
      }
      return Status::InvalidArgument(
          where, T(K("json.bad_enum"),
                   {{"where", where}, {"value", v.get<std::string>().substr(0, 64)}, {"valid", valid}}));
    }
    v = found->name();
    return Status::Ok();
  }
  if (f->type() == pb::FieldDescriptor::TYPE_MESSAGE && v.is_object()) {
    return Normalize(v, f->message_type(), where);
  }
  return Status::Ok();
}

Status Normalize(json& value, const pb::Descriptor* type, const std::string& where) {
  if (!value.is_object()) return Status::Ok();
  for (auto it = value.begin(); it != value.end(); ++it) {
    const pb::FieldDescriptor* f = FieldOf(type, it.key());
    if (f == nullptr) {
      std::string known;
      for (int i = 0; i < type->field_count(); ++i)
        known += (known.empty() ? "" : ", ") + type->field(i)->json_name();
      return Status::InvalidArgument(
          where + "." + it.key(), T(K("json.unknown_field"),
                                    {{"where", where}, {"field", it.key().substr(0, 64)}, {"known", known}}));
    }
    std::string at = where + "." + it.key();
    if (f->is_repeated() && it.value().is_array()) {
      for (std::size_t i = 0; i < it.value().size(); ++i) {
        if (Status s = NormalizeValue(it.value()[i], f, at + "[" + std::to_string(i) + "]"); !s.ok())
          return s;
      }
    } else if (Status s = NormalizeValue(it.value(), f, at); !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

// Takes "idempotencyKey" / "idempotency_key" out of a bare draft object.
Result<std::string> TakeKey(json& object, const std::string& where) {
  std::string key;
  for (const char* name : {"idempotencyKey", "idempotency_key"}) {
    auto it = object.find(name);
    if (it == object.end()) continue;
    if (!it->is_string())
      return Status::InvalidArgument(where + "." + name,
                                     T(K("json.key_not_string"), {{"where", where}, {"name", name}}));
    if (!key.empty())
      return Status::InvalidArgument(where + "." + name, T(K("json.key_twice"), {{"where", where}}));
    key = it->get<std::string>();
    object.erase(it);
  }
  return key;
}

Result<v1::Submit> ParseOne(json object, const std::string& where) {
  if (!object.is_object()) return Status::InvalidArgument(where, T(K("json.not_object"), {{"where", where}}));
  v1::Submit submit;
  if (object.contains("draft")) {
    if (Status st = Normalize(object, v1::Submit::descriptor(), where); !st.ok()) return st;
    if (Status st = JsonToMessage(object.dump(), &submit); !st.ok()) {
      return Status::InvalidArgument(where,
                                     T(K("json.not_submit"), {{"where", where}, {"detail", st.message()}}));
    }
    if (submit.idempotency_key().empty()) {
      submit.set_idempotency_key(DerivedIdempotencyKey(MessageToJson(submit)));
    }
    return submit;
  }
  auto key = TakeKey(object, where);
  if (!key.ok()) return key.status();
  if (Status st = Normalize(object, v1::TicketDraft::descriptor(), where); !st.ok()) return st;
  if (Status st = JsonToMessage(object.dump(), submit.mutable_draft()); !st.ok()) {
    return Status::InvalidArgument(where,
                                   T(K("json.not_draft"), {{"where", where}, {"detail", st.message()}}));
  }
  submit.set_action(v1::CREATE);
  submit.set_idempotency_key(key->empty() ? DerivedIdempotencyKey(MessageToJson(submit.draft()))
                                          : key.value());
  return submit;
}

}  // namespace

Result<std::vector<v1::Submit>> ParseSubmitDocument(std::string_view text);

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string DerivedIdempotencyKey(std::string_view canonical_json) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Fnv1a64(canonical_json)));
  return std::string("cli:") + hex;
}

Status JsonToMessage(std::string_view json_text, google::protobuf::Message* out) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto st = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json_text.data(), json_text.size()), out, options);
  if (!st.ok()) return Status::InvalidArgument("json", std::string(st.message()));
  return Status::Ok();
}

std::string MessageToJson(const google::protobuf::Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  std::string out;
  // Printing a valid in-memory message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  if (pretty && !out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

Result<std::vector<v1::Submit>> ParseSubmitJson(std::string_view text) {
  try {
    return ParseSubmitDocument(text);
  } catch (const json::exception& e) {
    return Status::InvalidArgument("json", T(K("json.invalid"), {{"detail", e.what()}}));
  }
}

// Line and column (1-based, counting characters) of the byte before `byte` (nlohmann counts the
// byte that failed as read).
std::pair<std::size_t, std::size_t> LineColumn(std::string_view text, std::size_t byte) {
  std::size_t line = 1, column = 0;
  for (std::size_t i = 0; i < text.size() && i < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 0;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, std::max<std::size_t>(column, 1)};
}

Result<std::vector<v1::Submit>> ParseSubmitDocument(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    auto [line, column] = LineColumn(text, e.byte);
    // nlohmann's own words after "column N: " say what it expected.
    std::string detail = e.what();
    if (auto pos = detail.find(": "); pos != std::string::npos) detail = detail.substr(pos + 2);
    if (auto pos = detail.find("column "); pos != std::string::npos) {
      if (auto colon = detail.find(": ", pos); colon != std::string::npos) detail = detail.substr(colon + 2);
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return Status::InvalidArgument("json", T(K("json.empty")));
    }
    return Status::InvalidArgument(
        "json", T(K("json.syntax"), {{"line", line}, {"column", column}, {"detail", detail}}));
  }
  std::vector<v1::Submit> out;
  if (doc.is_array()) {
    if (doc.empty()) return Status::InvalidArgument("json", T(K("json.empty_array")));
    for (std::size_t i = 0; i < doc.size(); ++i) {
      // (Appending rather than "[" + ... + "]": GCC 12 -O2 reports a false -Wrestrict there.)
      std::string where = "[";
      where.append(std::to_string(i)).append("]");
      auto s = ParseOne(std::move(doc[i]), where);
      if (!s.ok()) return s.status();
      out.push_back(std::move(s).value());
    }
    return out;
  }
  auto s = ParseOne(std::move(doc), "input");
  if (!s.ok()) return s.status();
  out.push_back(std::move(s).value());
  return out;
}

}  // namespace aspirasi
