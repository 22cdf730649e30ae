// LimitingSink: keeps a flood of warnings from filling the disk, and counts what it held back.
//
// Every warning or error line is forwarded unless it repeats: lines of the same module, level and
// shape (the text with its numbers masked, so "ticket 17 failed" and "ticket 18 failed" are one
// shape) pass `per_shape` times in each `window_ms`; the rest are counted and, once the window has
// ended, summed up in one line ("N more lines like this in the last 10 s: <the first held back>").
// Beyond `per_second` warning and error lines of any shape in one second, the rest are held back
// too, so a flood of ever-changing lines is bounded as well. Info and debug lines always pass.
// Summaries are written on the next line of any kind or on flush (InitLogging flushes every
// second), so the end of a flood is reported even when nothing follows it.
//
// Metrics (optional, CountLogLines): aspirasi_log_lines_total{level} for every warning and error
// line, written or not, and aspirasi_log_suppressed_total for the ones held back.
//
// Thread safety: a spdlog sink; its own mutex serialises everything.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/metrics.h"

namespace aspirasi {

struct LogLimits {
  int per_shape = 5;  // lines of one shape per window
  int64_t window_ms = 10'000;
  int per_second = 50;            // warning and error lines of all shapes together
  std::size_t max_shapes = 1000;  // shapes remembered; beyond, new shapes share one entry
};

class LimitingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  using MonoMs = std::function<int64_t()>;

  LimitingSink(std::vector<spdlog::sink_ptr> out, LogLimits limits = {}, MonoMs now = {});

  // Counts into `metrics` from now on; nullptr stops counting (before `metrics` goes away).
  void CountInto(Metrics* metrics);

  uint64_t suppressed() const { return suppressed_total_.load(); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;
  void set_pattern_(const std::string& pattern) override;
  void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override;

 private:
  struct Shape {
    std::string logger;
    spdlog::level::level_enum level = spdlog::level::warn;
    int64_t window_start = 0;
    int passed = 0;
    uint64_t held = 0;
    std::string sample;  // the first line held back in this window
  };

  void Forward(const spdlog::details::log_msg& msg);
  void Summarise(Shape& shape);
  void SummariseEnded(int64_t now);  // every shape whose window has ended
  Shape& Find(const spdlog::details::log_msg& msg, int64_t now);

  std::vector<spdlog::sink_ptr> out_;
  LogLimits limits_;
  MonoMs now_;
  std::map<std::string, Shape> shapes_;
  int64_t second_ = -1;
  int second_count_ = 0;
  int64_t next_scan_ = 0;
  std::atomic<uint64_t> suppressed_total_{0};
  std::atomic<Counter*> warnings_{nullptr};
  std::atomic<Counter*> errors_{nullptr};
  std::atomic<Counter*> suppressed_{nullptr};
};

// The text of a line with every run of digits replaced by '#', at most 160 characters.
std::string LogShape(std::string_view text);

}  // namespace aspirasi
