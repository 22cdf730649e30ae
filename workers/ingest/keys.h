// Idempotency and conversation keys of ingested items (see the contract in channel.h).
#pragma once

#include <string>
#include <string_view>

namespace aspirasi::ingest {

// "<channel>:<account>:<kind>:<id>"
inline std::string ItemKey(std::string_view channel, std::string_view account, std::string_view kind,
                           std::string_view id) {
  std::string k;
  k.reserve(channel.size() + account.size() + kind.size() + id.size() + 3);
  k.append(channel).append(":").append(account).append(":").append(kind).append(":").append(id);
  return k;
}
inline std::string EditKey(const std::string& item_key, std::string_view version) {
  return item_key + ":edit:" + std::string(version);
}
inline std::string RemoveKey(const std::string& item_key) { return item_key + ":remove"; }
// "<channel>:<account>:<conversation id>"
inline std::string ConversationKey(std::string_view channel, std::string_view account,
                                   std::string_view conversation) {
  std::string k;
  k.append(channel).append(":").append(account).append(":").append(conversation);
  return k;
}

}  // namespace aspirasi::ingest
