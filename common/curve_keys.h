// CURVE key pairs for the ZeroMQ endpoints (docs/SECURITY.md): made by `aspirasi keygen`, kept as
// two files in czmq's certificate layout, so tools that know zcert read them too:
//   NAME.key          the public key (Z85, 40 characters); may be shown and copied anywhere
//   NAME.key_secret   the public and the secret key; readable by its owner only (mode 0600)
// A secret file that its group or others may read is refused when it is loaded, with the command
// that fixes it: a leaked secret key lets anyone speak as that identity.
//
// Thread safety: pure functions over files.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace aspirasi {

struct CurveKeyPair {
  std::string public_key;  // Z85, 40 characters
  std::string secret_key;  // Z85, 40 characters; empty when only the public key is known
};

// A new random key pair (libzmq's zmq_curve_keypair, libsodium underneath).
Result<CurveKeyPair> GenerateCurveKeyPair();

// 40 characters of the Z85 alphabet: the form keys take in files and in the configuration.
bool IsZ85Key(std::string_view key);

// Writes DIR/NAME.key (0644) and DIR/NAME.key_secret (0600). NAME: letters, digits, '.', '_', '-'.
// Refuses to overwrite either file (an identity's key changes only on purpose: remove the old
// files first). Creates DIR (0700) when missing.
Status WriteCurveKeyPair(const std::string& dir, const std::string& name, const CurveKeyPair& pair);

// Reads a public key file (NAME.key) or a secret file's public key.
Result<std::string> ReadCurvePublicKey(const std::string& path);
// Reads a secret file (NAME.key_secret): both keys, checked to belong together. Refuses a file
// that its group or others may read or write.
Result<CurveKeyPair> ReadCurveSecretKey(const std::string& path);

}  // namespace aspirasi
