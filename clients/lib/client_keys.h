// ClientKeys: what a client needs to reach a broker that speaks CURVE (docs/SECURITY.md): the
// broker's public key, from the configuration's [security], and the client's own key pair, from
// its secret file (aspirasi keygen). Every client of clients/lib takes one; empty = no CURVE, for
// a broker without keys (loopback only).
//
// Thread safety: plain values.
#pragma once

#include <string>

#include "common/config.h"
#include "common/status.h"

namespace aspirasi {

struct ClientKeys {
  std::string server_public;  // Z85; empty = no CURVE
  std::string public_key;     // ours, Z85
  std::string secret_key;     // ours, Z85
  bool enabled() const { return !server_public.empty(); }
};

// The keys for a client of the broker that `security` describes. `key_file`: the client's secret
// file (NAME.key_secret, mode 0600); empty = $ASPIRASI_KEY_FILE. A broker with keys and no key
// file given, or a key file given for a broker without keys, is INVALID_ARGUMENT (field "key") with
// a message saying what to do; an unreadable or unsafe file is refused as ReadCurveSecretKey says.
Result<ClientKeys> LoadClientKeys(const SecurityConfig& security, std::string key_file);

}  // namespace aspirasi
