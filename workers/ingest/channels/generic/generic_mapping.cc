#include "workers/ingest/channels/generic/generic_mapping.h"

#include <sstream>

namespace aspirasi::ingest::generic {
namespace {

bool IsPointer(const std::string& s) {
  if (s.empty()) return true;
  if (s[0] != '/') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '~' && (i + 1 == s.size() || (s[i + 1] != '0' && s[i + 1] != '1'))) return false;
  }
  return true;
}

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

}  // namespace

Result<GenericMapping> MappingFromOptions(const std::map<std::string, std::string>& options) {
  GenericMapping m;
  std::map<std::string, std::string*> pointers = {{"items", &m.items},
                                                  {"item_id", &m.item_id},
                                                  {"text", &m.text},
                                                  {"author_id", &m.author_id},
                                                  {"author_name", &m.author_name},
                                                  {"author_handle", &m.author_handle},
                                                  {"time", &m.time},
                                                  {"thread", &m.thread},
                                                  {"parent", &m.parent},
                                                  {"conversation", &m.conversation},
                                                  {"category", &m.category},
                                                  {"attachment_urls", &m.attachment_urls},
                                                  {"action", &m.action},
                                                  {"version", &m.version}};
  std::map<std::string, std::vector<std::string>*> lists = {{"update_values", &m.update_values},
                                                            {"withdraw_values", &m.withdraw_values},
                                                            {"ignore_values", &m.ignore_values}};
  std::map<std::string, std::string*> strings = {{"kind", &m.kind},
                                                 {"signature_header", &m.signature_header},
                                                 {"signature_prefix", &m.signature_prefix},
                                                 {"signature_encoding", &m.signature_encoding}};
  for (const auto& [key, value] : options) {
    if (auto p = pointers.find(key); p != pointers.end()) {
      if (!IsPointer(value))
        return Status::InvalidArgument(key, key + " must be a JSON Pointer, got '" + value + "'");
      *p->second = value;
    } else if (auto l = lists.find(key); l != lists.end()) {
      *l->second = SplitLines(value);
    } else if (auto s = strings.find(key); s != strings.end()) {
      *s->second = value;
    } else if (key == "public") {
      if (value != "true" && value != "false")
        return Status::InvalidArgument(key, "public must be true or false");
      m.public_item = value == "true";
    } else if (key != "name" && key != "type") {
      return Status::InvalidArgument(key, "'" + key + "' is not a generic channel option");
    }
  }
  if (m.item_id.empty()) return Status::InvalidArgument("item_id", "the generic channel needs item_id");
  if (m.text.empty()) return Status::InvalidArgument("text", "the generic channel needs text");
  if (m.kind.empty()) m.kind = "item";
  if (m.signature_encoding != "hex" && m.signature_encoding != "base64") {
    return Status::InvalidArgument("signature_encoding", "signature_encoding must be hex or base64");
  }
  return m;
}

}  // namespace aspirasi::ingest::generic
