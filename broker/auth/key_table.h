// The public keys the broker knows, each with the identity it stands for. Immutable once built:
// a reload (SIGHUP) builds a new table and swaps it in whole (zap_handler.h), so a lookup never
// sees half of an old and half of a new configuration.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "broker/auth/identity.h"
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
  std::size_t size() const { return by_key_.size(); }

 private:
  std::unordered_map<std::string, Identity> by_key_;  // Z85 -> identity
};

using KeyTablePtr = std::shared_ptr<const KeyTable>;

}  // namespace aspirasi::auth
