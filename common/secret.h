// Secrets never sit in the TOML file: a setting names either a file holding the secret or an
// environment variable. Used for the accounts' webhook secrets (aspirasi-ingest) and their
// access tokens (aspirasi-responder).
#pragma once

#include <functional>
#include <string>

#include "common/status.h"

namespace aspirasi {

// Looks up an environment variable; nullptr when unset (std::getenv by default).
using EnvLookup = std::function<const char*(const char* name)>;

// The file's contents without trailing whitespace, or the variable's value; "" when both `file`
// and `env_name` are empty. CONFIG_INVALID (field = file_key or env_key) when the file cannot be
// read or is empty, or the variable is unset or empty. Messages name the file or variable, never
// the secret.
Result<std::string> ReadSecret(const std::string& file, const std::string& env_name,
                               const std::string& file_key, const std::string& env_key, const EnvLookup& env);

}  // namespace aspirasi
