// Child processes for integration tests: start a binary with arguments, capture its output to
// a file, stop it politely (SIGTERM) or not (SIGKILL), wait for it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace aspirasi::testing {

class Process {
 public:
  Process() = default;
  ~Process();  // SIGKILLs a child that is still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Starts `argv[0]` (a path, or a program found in PATH) with stdout and stderr appended to
  // `log_path`. Returns false on failure.
  bool Start(const std::vector<std::string>& argv, const std::string& log_path);
  bool running();
  void Kill9();
  // SIGTERM, then waits up to timeout_ms; returns the exit code (or -signal), -1000 on timeout.
  int Terminate(int timeout_ms = 10000);
  // Waits for exit; returns the exit code (or -signal), -1000 on timeout.
  int Wait(int timeout_ms);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

// Runs a command to completion; returns its exit code and its combined output.
int RunCommand(const std::vector<std::string>& argv, std::string* output, int timeout_ms = 30000);

}  // namespace aspirasi::testing
