#include "common/secret.h"

#include <algorithm>
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
      // A conventional name (upper case, short) is shown; anything else may be a pasted secret.
      bool conventional = env_name.size() <= 48 && std::all_of(env_name.begin(), env_name.end(), [](char c) {
                            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                          });
      return Status::ConfigInvalid(
          env_key,
          env_key + ": environment variable " +
              (conventional ? env_name : "(name not shown: not an upper-case name, it may be a secret)") +
              " is not set or empty");
    }
    secret = v;
  }
  return secret;
}

}  // namespace aspirasi
