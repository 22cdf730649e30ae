#include "workers/ingest/secrets.h"

namespace aspirasi::ingest {

Result<std::string> ReadAccountSecret(const AccountConfig& account, const std::string& key_path,
                                      const EnvLookup& env) {
  return ReadSecret(account.secret_file, account.secret_env, key_path + ".secret_file",
                    key_path + ".secret_env", env);
}

}  // namespace aspirasi::ingest
