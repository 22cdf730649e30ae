#include "workers/ingest/secrets.h"

#include <fstream>
#include <sstream>

namespace aspirasi::ingest {

Result<std::string> ReadAccountSecret(const AccountConfig& account, const std::string& key_path, const EnvLookup& env) {
  std::string secret;
  if (!account.secret_file.empty()) {
    std::ifstream in(account.secret_file, std::ios::binary);
    if (!in) {
      return Status::ConfigInvalid(key_path + ".secret_file",
                                   key_path + ".secret_file: cannot read '" + account.secret_file + "'");
    }
    std::stringstream ss;
    ss << in.rdbuf();
    secret = ss.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' || secret.back() == ' ' ||
                               secret.back() == '\t')) {
      secret.pop_back();
    }
    if (secret.empty()) {
      return Status::ConfigInvalid(key_path + ".secret_file",
                                   key_path + ".secret_file: '" + account.secret_file + "' is empty");
    }
  } else if (!account.secret_env.empty()) {
    const char* v = env ? env(account.secret_env.c_str()) : nullptr;
    if (v == nullptr || *v == '\0') {
      return Status::ConfigInvalid(key_path + ".secret_env", key_path + ".secret_env: environment variable " +
                                                                 account.secret_env + " is not set or empty");
    }
    secret = v;
  }
  return secret;
}

}  // namespace aspirasi::ingest
