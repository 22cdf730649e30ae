#include "common/secret.h"

#include <fstream>
#include <sstream>

namespace aspirasi {

Result<std::string> ReadSecret(const std::string& file, const std::string& env_name,
                               const std::string& file_key, const std::string& env_key,
                               const EnvLookup& env) {
  std::string secret;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::ConfigInvalid(file_key, file_key + ": cannot read '" + file + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    secret = ss.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' || secret.back() == ' ' ||
                               secret.back() == '\t')) {
      secret.pop_back();
    }
    if (secret.empty()) return Status::ConfigInvalid(file_key, file_key + ": '" + file + "' is empty");
  } else if (!env_name.empty()) {
    const char* v = env ? env(env_name.c_str()) : nullptr;
    if (v == nullptr || *v == '\0') {
      return Status::ConfigInvalid(env_key,
                                   env_key + ": environment variable " + env_name + " is not set or empty");
    }
    secret = v;
  }
  return secret;
}

}  // namespace aspirasi
