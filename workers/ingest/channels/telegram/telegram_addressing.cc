#include "workers/ingest/channels/telegram/telegram_addressing.h"

#include <cctype>
#include <string>
#include <utility>

namespace aspirasi::ingest::telegram {
namespace {

// Byte length of the UTF-8 sequence starting with `lead` (1 for stray bytes, so the walk advances).
std::size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// The byte index where UTF-16 unit `unit` starts, or npos when `unit` is past the end or inside a pair.
std::size_t ByteOfUnit(std::string_view s, int64_t unit) {
  std::size_t byte = 0;
  int64_t units = 0;
  while (units < unit) {
    if (byte >= s.size()) return std::string_view::npos;
    std::size_t len = SequenceLength(static_cast<unsigned char>(s[byte]));
    byte += len;
    units += len == 4 ? 2 : 1;
  }
  if (units != unit || byte > s.size()) return std::string_view::npos;
  return byte;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool IsNumeric(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

// `name` (without '@') is one of our handles.
bool IsOurHandle(std::string_view name, const AccountContext& account) {
  if (name.empty()) return false;
  for (const auto& id : account.own_ids) {
    std::string_view handle = id;
    if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
    if (!IsNumeric(handle) && EqualsIgnoreCase(handle, name)) return true;
  }
  return false;
}

bool EntityAddressesUs(const Json& entity, std::string_view text, const AccountContext& account) {
  std::string type = StringMember(entity, "type");
  if (type == "text_mention") {
    const Json* user = Member(entity, "user");
    auto id = user != nullptr ? IntegerText(Member(*user, "id")) : std::nullopt;
    return id && account.IsOwn(*id);
  }
  if (type != "mention" && type != "bot_command") return false;
  auto offset = IntegerMember(entity, "offset");
  auto length = IntegerMember(entity, "length");
  if (!offset || !length) return false;
  auto slice = Utf16Slice(text, *offset, *length);
  if (!slice) return false;
  if (type == "mention")
    return slice->size() > 1 && slice->front() == '@' && IsOurHandle(slice->substr(1), account);
  // "/command" goes to every bot of the group; "/command@Bot" only to that bot.
  std::size_t at = slice->find('@');
  return at == std::string_view::npos || IsOurHandle(slice->substr(at + 1), account);
}

}  // namespace

std::optional<std::string_view> Utf16Slice(std::string_view utf8, int64_t offset, int64_t length) {
  if (offset < 0 || length < 0) return std::nullopt;
  std::size_t begin = ByteOfUnit(utf8, offset);
  if (begin == std::string_view::npos) return std::nullopt;
  std::size_t end = ByteOfUnit(utf8.substr(begin), length);
  if (end == std::string_view::npos) return std::nullopt;
  return utf8.substr(begin, end);
}

bool AddressedToUs(const Json& message, const AccountContext& account) {
  if (const Json* reply = Member(message, "reply_to_message")) {
    const Json* from = Member(*reply, "from");
    auto id = from != nullptr ? IntegerText(Member(*from, "id")) : std::nullopt;
    if (id && account.IsOwn(*id)) return true;
  }
  for (auto [text_field, entities_field] : {std::pair{"text", "entities"}, {"caption", "caption_entities"}}) {
    std::string text = StringMember(message, text_field);
    const Json* entities = Member(message, entities_field);
    if (text.empty() || entities == nullptr || !entities->is_array()) continue;
    for (const auto& entity : *entities) {
      if (EntityAddressesUs(entity, text, account)) return true;
    }
  }
  return false;
}

}  // namespace aspirasi::ingest::telegram
