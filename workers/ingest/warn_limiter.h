// WarnLimiter: at most 20 warnings a second about hostile or broken requests, then one line with
// the number suppressed, so a flood cannot fill the disk (docs/DESIGN.md, "Hostile input").
//
// Thread safety: Warn() from any thread.
#pragma once

#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace aspirasi::ingest {

class WarnLimiter {
 public:
  explicit WarnLimiter(std::shared_ptr<spdlog::logger> log, int per_second = 20)
      : log_(std::move(log)), per_second_(per_second) {}

  void Warn(const std::string& line) {
    int64_t second =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    std::lock_guard<std::mutex> lock(mu_);
    if (second != window_) {
      if (suppressed_ > 0) log_->warn("{} similar warnings suppressed in the last second", suppressed_);
      window_ = second;
      count_ = 0;
      suppressed_ = 0;
    }
    if (++count_ <= per_second_) {
      log_->warn("{}", line);
    } else {
      ++suppressed_;
    }
  }

 private:
  std::shared_ptr<spdlog::logger> log_;
  int per_second_;
  std::mutex mu_;
  int64_t window_ = 0;  // GUARDED_BY(mu_)
  int count_ = 0;       // GUARDED_BY(mu_)
  int suppressed_ = 0;  // GUARDED_BY(mu_)
};

}  // namespace aspirasi::ingest
