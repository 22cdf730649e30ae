// JSON <-> protobuf for the command line, using protobuf's own JSON mapping (json_util):
// field names in lowerCamelCase or as in the .proto, enums by name, 64-bit integers as strings
// or numbers.
//
// Submit input: one JSON object or an array of them. An object with a "draft" member is a
// v1.Submit ({"idempotencyKey", "action", "draft", "targetKey"}); any other object is a bare
// v1.TicketDraft (a CREATE), which may carry its key as "idempotencyKey"/"idempotency_key".
// A missing key is derived from the content: "cli:" + 16 hex digits of FNV-1a 64 over the
// canonical JSON of the draft (or of the whole submit), so re-submitting the same input is
// deduplicated by the broker. Unknown fields are errors (they are usually typos).
//
// Thread safety: pure functions.
#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "common/status.h"

namespace aspirasi {

// FNV-1a 64-bit of the bytes: stable across builds and platforms (unlike std::hash).
uint64_t Fnv1a64(std::string_view bytes);

// The key derived for a submit without one: "cli:" + 16 lowercase hex digits.
std::string DerivedIdempotencyKey(std::string_view canonical_json);

// Parses submit input (see above). Errors: INVALID_ARGUMENT naming the element and the problem.
Result<std::vector<v1::Submit>> ParseSubmitJson(std::string_view json);

// Parses one message of a known type from JSON. INVALID_ARGUMENT on failure.
Status JsonToMessage(std::string_view json, google::protobuf::Message* out);

// Proto3 JSON of a message (lowerCamelCase names, enums by name, defaults omitted). `pretty`
// indents it for people; otherwise one line.
std::string MessageToJson(const google::protobuf::Message& message, bool pretty = false);

}  // namespace aspirasi
