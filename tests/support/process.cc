#include "tests/support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace aspirasi::testing {

Process::~Process() {
  if (pid_ > 0 && !exited_) Kill9();
}

bool Process::Start(const std::vector<std::string>& argv, const std::string& log_path) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    execvp(args[0], args.data());  // a path, or a program looked up in PATH (sqlite3)
    _exit(127);
  }
  exited_ = false;
  return true;
}

bool Process::running() {
  if (pid_ <= 0 || exited_) return false;
  if (waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
  return !exited_;
}

void Process::Kill9() {
  if (pid_ <= 0 || exited_) return;
  kill(pid_, SIGKILL);
  Wait(10000);
}

int Process::Terminate(int timeout_ms) {
  if (pid_ > 0 && !exited_) kill(pid_, SIGTERM);
  return Wait(timeout_ms);
}

int Process::Wait(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!exited_) {
    if (waitpid(pid_, &status_, WNOHANG) == pid_) {
      exited_ = true;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) return -1000;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status_)) return WEXITSTATUS(status_);
  if (WIFSIGNALED(status_)) return -WTERMSIG(status_);
  return -1;
}

int RunCommand(const std::vector<std::string>& argv, std::string* output, int timeout_ms) {
  char path[] = "/tmp/aspirasi-cmd-XXXXXX";
  int fd = mkstemp(path);
  if (fd >= 0) close(fd);
  Process p;
  if (!p.Start(argv, path)) return -1;
  int code = p.Wait(timeout_ms);
  if (code == -1000) p.Kill9();
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (output) *output = ss.str();
  unlink(path);
  return code;
}

}  // namespace aspirasi::testing
