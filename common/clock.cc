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

ScaledClock::ScaledClock(int64_t scale, int64_t epoch_ms)
    : scale_(scale < 1 ? 1 : scale), epoch_ms_(epoch_ms > 0 ? epoch_ms : SystemClock().NowMs()) {}

int64_t ScaledClock::NowMs() const { return epoch_ms_ + (SystemClock().NowMs() - epoch_ms_) * scale_; }

int64_t ScaledClock::MonoUs() const { return SystemClock().MonoUs(); }

int64_t ScaledClock::RealMsFor(int64_t clock_ms) const {
  if (clock_ms <= 0) return 0;
  return (clock_ms + scale_ - 1) / scale_;
}

const Clock& RealClock() {
  static const SystemClock clock;
  return clock;
}

}  // namespace aspirasi
