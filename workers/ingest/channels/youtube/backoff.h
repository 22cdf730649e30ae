// Exponential back-off: initial, 2x initial, 4x initial, ... capped at max; Reset() after a success.
#pragma once

#include <algorithm>
#include <cstdint>

namespace aspirasi::ingest::youtube {

class Backoff {
 public:
  Backoff(int64_t initial_ms, int64_t max_ms)
      : initial_ms_(std::max<int64_t>(1, initial_ms)), max_ms_(max_ms) {}

  // The delay after one more consecutive failure.
  int64_t Next() {
    current_ms_ = current_ms_ == 0 ? initial_ms_ : std::min(max_ms_, current_ms_ * 2);
    current_ms_ = std::min(current_ms_, max_ms_);
    ++failures_;
    return current_ms_;
  }
  void Reset() {
    current_ms_ = 0;
    failures_ = 0;
  }
  int64_t current_ms() const { return current_ms_; }  // 0 when not backing off
  int failures() const { return failures_; }

 private:
  int64_t initial_ms_, max_ms_;
  int64_t current_ms_ = 0;
  int failures_ = 0;
};

}  // namespace aspirasi::ingest::youtube
