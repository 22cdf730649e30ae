// Logging: one spdlog logger per module, all sharing the process's sinks.
//
// Privacy rule: citizen personal data (phone numbers, names, message text) is logged only at
// debug or trace level. Info and above carry ids, codes and counts.
// Thread safety: loggers are thread-safe; call InitLogging once before other threads start.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

namespace aspirasi {

struct LogOptions {
  std::string process = "aspirasi";  // shown in each line
  std::string level = "info";        // trace, debug, info, warn, error, off
  std::string file;                  // empty: stderr only
};

// Returns false (and logs to stderr) when the level name is not valid.
bool InitLogging(const LogOptions& options);

// The logger for a module ("store", "dispatch", ...), created on first use.
std::shared_ptr<spdlog::logger> ModuleLogger(std::string_view module);

}  // namespace aspirasi
