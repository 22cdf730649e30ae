// GenericMapping: how a generic JSON channel finds a ticket in a webhook body. It comes from the
// account's options, which aspirasi-ingest fills from the [[channel]] table of the configuration
// (same key names; lists are newline-separated; booleans "true"/"false"). See the keys in
// common/config.h (ChannelConfig) and docs/INTEGRATING.md.
//
// Every path is a JSON Pointer (RFC 6901). `items` is taken from the body's root; every other
// path from one item. "" means: not mapped (for `items`: the body is a single item).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace aspirasi::ingest::generic {

struct GenericMapping {
  std::string items;
  std::string item_id;  // required
  std::string text;     // required
  std::string author_id, author_name, author_handle;
  std::string time, thread, parent, conversation, category, attachment_urls;
  std::string action, version;
  std::vector<std::string> update_values, withdraw_values, ignore_values;
  std::string kind = "item";
  bool public_item = false;
  std::string signature_header;  // empty: unsigned
  std::string signature_prefix;
  std::string signature_encoding = "hex";  // or "base64"
};

// Errors: INVALID_ARGUMENT (field = the option) for a missing required path, a path that is not a
// JSON Pointer, an unknown option, or a bad encoding.
Result<GenericMapping> MappingFromOptions(const std::map<std::string, std::string>& options);

}  // namespace aspirasi::ingest::generic
