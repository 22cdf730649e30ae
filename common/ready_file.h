// The ready file a process writes once it serves (`--ready-file PATH`): "key=value" lines, e.g.
// aspirasid's ingest=, worker=, api=, events=, http= and pid=. It tells scripts, tests and the other
// programs (`aspirasi --broker-ready`, `aspirasi-ingest --broker-ready`) the ports a configuration
// with "tcp://127.0.0.1:*" or port 0 bound.
#pragma once

#include <map>
#include <string>

#include "common/status.h"

namespace aspirasi {

// Writes `values` to `path` atomically (a temporary file renamed): a reader never sees half of it.
Status WriteReadyFile(const std::string& path, const std::map<std::string, std::string>& values);

// Reads one. IO_ERROR when it cannot be read or holds no key=value line.
Result<std::map<std::string, std::string>> ReadReadyFile(const std::string& path);

}  // namespace aspirasi
