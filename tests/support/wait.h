// Waiting on a condition in integration tests: poll it every 50 ms until it holds or the time is up,
// instead of sleeping a fixed time (which is too short on a loaded machine and too long otherwise).
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace aspirasi::testing {

// True as soon as `done` returns true; false when it still does not after `seconds`.
inline bool WaitFor(const std::function<bool()>& done, int seconds = 30) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

}  // namespace aspirasi::testing
