// Logging: one spdlog logger per module, all sharing the process's sinks.
//
// Repeated warnings and errors are held back and summed up (LimitingSink, common/log_limit.h), so a
// fault that repeats thousands of times a second cannot fill the disk.
//
// Privacy rule: citizen personal data (phone numbers, names, message text) is logged only at
// debug or trace level. Info and above carry ids, codes and counts.
// Thread safety: loggers are thread-safe; call InitLogging once before other threads start.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/metrics.h"
#include "common/status.h"

namespace aspirasi {

struct LogOptions {
  std::string process = "aspirasi";  // shown in each line
  std::string level = "info";        // trace, debug, info, warn, error, off
  std::string file;                  // empty: stderr only
};

// Sets the level and the sinks (stderr, and `file` when given). Lines start with the local time and
// its UTC offset ("2026-12-07T19:30:01.123+07:00"). INVALID_ARGUMENT for a level name that is not one
// of the above, IO_ERROR (naming the file and why) for a file that cannot be opened; either way
// nothing is changed but the pattern, and logging goes on to stderr.
Status InitLogging(const LogOptions& options);

// The logger for a module ("store", "dispatch", ...), created on first use.
std::shared_ptr<spdlog::logger> ModuleLogger(std::string_view module);

// Counts warning and error lines, and the ones held back, into `metrics` (aspirasi_log_lines_total,
// aspirasi_log_suppressed_total); nullptr stops counting, before `metrics` is destroyed.
void CountLogLines(Metrics* metrics);

// CountLogLines for as long as it lives: declare it right after the Metrics it counts into.
class LogLineCounting {
 public:
  explicit LogLineCounting(Metrics& metrics) { CountLogLines(&metrics); }
  ~LogLineCounting() { CountLogLines(nullptr); }
  LogLineCounting(const LogLineCounting&) = delete;
  LogLineCounting& operator=(const LogLineCounting&) = delete;
};

}  // namespace aspirasi
