// aspirasi-fake-platform: the fake platform APIs (fake_platform.h) as a process, for the demo and
// for tests in other processes.
//   aspirasi-fake-platform [--listen HOST:PORT] [--port-file FILE]
// Prints "listening on HOST:PORT" once it serves (and writes PORT to FILE), then one line per
// platform request: "METHOD PATH STATUS". SIGINT/SIGTERM stop it (exit 0).
// Exit codes: 0 stopped, 1 cannot bind or write the port file, 2 usage.
#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>

#include "common/command_line.h"
#include "tools/fake_platform/fake_platform.h"

namespace {

bool SplitHostPort(const std::string& listen, std::string& host, int& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    return used == listen.size() - colon - 1 && port >= 0 && port <= 65535;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aspirasi::fake_platform;
  CLI::App app{"aspirasi-fake-platform: local stand-in for the platforms' reply APIs (tests, demo)"};
  app.name("aspirasi-fake-platform");
  aspirasi::AddVersionFlag(app);
  std::string listen = "127.0.0.1:0";
  std::string port_file;
  app.add_option("--listen", listen, "HOST:PORT to bind (port 0: a free one)")->capture_default_str();
  app.add_option("--port-file", port_file, "write the bound port to this file once serving");
  if (auto exit_code = aspirasi::ParseCommandLine(app, argc, argv)) return *exit_code;
  FakePlatformOptions options;
  if (!SplitHostPort(listen, options.host, options.port)) {
    std::cerr << "aspirasi-fake-platform: --listen: expected HOST:PORT, got '" << listen << "'\n";
    return 2;
  }

  // Block the stop signals in every thread (the server's inherit this mask); main waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::mutex out_mu;
  options.on_answer = [&out_mu](const RecordedRequest& r) {
    std::lock_guard lock(out_mu);
    std::cout << r.method << " " << r.path << " " << r.status << std::endl;
  };
  FakePlatform platform(options);
  if (auto st = platform.Start(); !st.ok()) {
    std::cerr << "aspirasi-fake-platform: " << st.message() << "\n";
    return 1;
  }
  if (!port_file.empty()) {
    std::string tmp = port_file + ".tmp";
    std::ofstream(tmp) << platform.port() << "\n";
    if (std::rename(tmp.c_str(), port_file.c_str()) != 0) {
      std::cerr << "aspirasi-fake-platform: cannot write the port file " << port_file << "\n";
      return 1;
    }
  }
  {
    std::lock_guard lock(out_mu);
    std::cout << "listening on " << options.host << ":" << platform.port() << std::endl;
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  platform.Stop();
  return 0;
}
