// Secrets of receiving accounts: never in the TOML file. An [[account]] names either a file
// (secret_file) or an environment variable (secret_env) holding it; aspirasi-ingest reads them
// once at start.
#pragma once

#include <string>

#include "common/config.h"
#include "common/secret.h"
#include "common/status.h"

namespace aspirasi::ingest {

// The account's secret: the file's contents without trailing whitespace, or the variable's value;
// "" when the account names neither. CONFIG_INVALID (field = `key_path` + ".secret_file" or
// ".secret_env") when the file cannot be read or is empty, or the variable is unset or empty. The
// message names the file or variable, never the secret.
Result<std::string> ReadAccountSecret(const AccountConfig& account, const std::string& key_path,
                                      const EnvLookup& env);

}  // namespace aspirasi::ingest
