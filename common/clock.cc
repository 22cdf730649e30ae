#include "common/clock.h"

#include <chrono>

namespace aspirasi {

int64_t SystemClock::NowMs() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t SystemClock::MonoUs() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

const Clock& RealClock() {
  static const SystemClock clock;
  return clock;
}

}  // namespace aspirasi
