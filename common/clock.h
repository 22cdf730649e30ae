// Clock: where every process gets its time, so tests can run on simulated time.
//
// NowMs() is wall-clock time (Unix epoch, milliseconds): ticket timestamps, SLA instants.
// MonoUs() is monotonic (microseconds, arbitrary origin): leases, heartbeats, latencies.
// Thread safety: both implementations are safe to call from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace aspirasi {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMs() const = 0;
  virtual int64_t MonoUs() const = 0;
  int64_t MonoMs() const { return MonoUs() / 1000; }
  // Real milliseconds until NowMs() has advanced by `clock_ms` (rounded up): what to wait for.
  virtual int64_t RealMsFor(int64_t clock_ms) const { return clock_ms; }
};

// The machine's clocks.
class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
  int64_t MonoUs() const override;
};

// Simulated time: starts where it is told, moves only when advanced.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms = 0) : now_us_(now_ms * 1000) {}
  int64_t NowMs() const override { return now_us_.load() / 1000; }
  int64_t MonoUs() const override { return now_us_.load(); }
  void AdvanceMs(int64_t ms) { now_us_ += ms * 1000; }
  void SetMs(int64_t ms) { now_us_ = ms * 1000; }

 private:
  std::atomic<int64_t> now_us_;
};

// Compressed time for demonstrations (aspirasid --clock-scale N): from `epoch_ms` (a real instant;
// 0 = now) NowMs() runs `scale` times faster than real time: epoch + (real now - epoch) x scale.
// It is a function of the real time alone, so a restarted process with the same epoch continues
// where the previous one was. MonoUs() stays real, so leases and heartbeats keep their durations.
class ScaledClock final : public Clock {
 public:
  explicit ScaledClock(int64_t scale, int64_t epoch_ms = 0);
  int64_t NowMs() const override;
  int64_t MonoUs() const override;
  int64_t RealMsFor(int64_t clock_ms) const override;
  int64_t scale() const { return scale_; }

 private:
  int64_t scale_;
  int64_t epoch_ms_;
};

// A process-wide SystemClock.
const Clock& RealClock();

}  // namespace aspirasi
