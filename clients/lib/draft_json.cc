#include "clients/lib/draft_json.h"

#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace aspirasi {
namespace {

using nlohmann::json;

// Takes "idempotencyKey" / "idempotency_key" out of a bare draft object.
Result<std::string> TakeKey(json& object, const std::string& where) {
  std::string key;
  for (const char* name : {"idempotencyKey", "idempotency_key"}) {
    auto it = object.find(name);
    if (it == object.end()) continue;
    if (!it->is_string())
      return Status::InvalidArgument(where + "." + name, where + ": " + name + " must be a string");
    if (!key.empty()) return Status::InvalidArgument(where + "." + name, where + ": the key is given twice");
    key = it->get<std::string>();
    object.erase(it);
  }
  return key;
}

Result<v1::Submit> ParseOne(json object, const std::string& where) {
  if (!object.is_object()) return Status::InvalidArgument(where, where + ": expected a JSON object");
  v1::Submit submit;
  if (object.contains("draft")) {
    if (Status st = JsonToMessage(object.dump(), &submit); !st.ok()) {
      return Status::InvalidArgument(where, where + ": " + st.message());
    }
    if (submit.idempotency_key().empty()) {
      submit.set_idempotency_key(DerivedIdempotencyKey(MessageToJson(submit)));
    }
    return submit;
  }
  auto key = TakeKey(object, where);
  if (!key.ok()) return key.status();
  if (Status st = JsonToMessage(object.dump(), submit.mutable_draft()); !st.ok()) {
    return Status::InvalidArgument(where, where + ": not a TicketDraft: " + st.message());
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
    return Status::InvalidArgument("json", e.what());
  }
}

Result<std::vector<v1::Submit>> ParseSubmitDocument(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("json", "input is not valid JSON");
  std::vector<v1::Submit> out;
  if (doc.is_array()) {
    if (doc.empty()) return Status::InvalidArgument("json", "the array is empty");
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
