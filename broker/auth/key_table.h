// The public keys the broker knows, each with the identity it stands for. Immutable once built:
// a reload (SIGHUP) builds a new table and swaps it in whole (zap_handler.h), so a lookup never
// sees half of an old and half of a new configuration.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "broker/auth/identity.h"
#include "common/config.h"
#include "common/status.h"

namespace aspirasi::auth {

class KeyTable {
 public:
  // `public_key`: Z85 (40 characters). INVALID_ARGUMENT for a malformed key, a key given twice, or
  // an identity name given to two keys of different roles.
  Status Add(const std::string& public_key, Identity identity);

  // The identity of a client's 32-byte public key (as ZAP hands it over), or nullptr.
  const Identity* FindBinary(std::string_view key32) const;
  const Identity* FindZ85(std::string_view z85) const;
  // The identity of that name (the User-Id the ZAP handler gave a connection), or nullptr: a key
  // revoked since the connection was made.
  const Identity* FindName(std::string_view name) const;
  std::size_t size() const { return by_key_.size(); }
  // Calls fn(z85, identity) for every key, in no particular order.
  template <class Fn>
  void ForEach(Fn&& fn) const {
    for (const auto& [key, who] : by_key_) fn(key, who);
  }

 private:
  std::unordered_map<std::string, Identity> by_key_;          // Z85 -> identity
  std::unordered_map<std::string, std::string> key_of_name_;  // identity name -> one of its keys
};

using KeyTablePtr = std::shared_ptr<const KeyTable>;

// The table of the configuration's [[key]] entries, public_file keys read now. CONFIG_INVALID
// with the entry's path ("key[2].public_file") when a file cannot be read or holds no key, names
// a secret file, repeats a key, or is `server_public` (the broker's own key).
Result<KeyTablePtr> BuildKeyTable(const Config& config, const std::string& server_public = "");

}  // namespace aspirasi::auth
