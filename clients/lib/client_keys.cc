#include "clients/lib/client_keys.h"

#include <cstdlib>

#include "common/curve_keys.h"
#include "common/i18n/catalogue.h"

namespace aspirasi {

Result<ClientKeys> LoadClientKeys(const SecurityConfig& security, std::string key_file) {
  if (key_file.empty()) {
    if (const char* env = std::getenv("ASPIRASI_KEY_FILE"); env != nullptr) key_file = env;
  }
  if (!security.enabled()) {
    if (key_file.empty()) return ClientKeys{};
    return Status::InvalidArgument("key", i18n::T(i18n::K("keys.broker_without_keys"), {{"path", key_file}}));
  }
  if (key_file.empty()) return Status::InvalidArgument("key", i18n::T(i18n::K("keys.broker_needs_key")));
  ClientKeys keys;
  if (!security.server_public.empty()) {
    keys.server_public = security.server_public;
  } else if (!security.server_public_file.empty()) {
    auto server = ReadCurvePublicKey(security.server_public_file);
    if (!server.ok()) return server.status();
    keys.server_public = *server;
  } else {
    return Status::ConfigInvalid(
        "security.server_public_file",
        "security.server_public_file: the broker's public key (NAME.key) is needed to "
        "reach it; give server_public or server_public_file");
  }
  auto own = ReadCurveSecretKey(key_file);
  if (!own.ok()) return own.status();
  keys.public_key = own->public_key;
  keys.secret_key = own->secret_key;
  return keys;
}

}  // namespace aspirasi
