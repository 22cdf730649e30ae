#include "common/log_limit.h"

#include <spdlog/pattern_formatter.h>

#include <algorithm>

#include "common/clock.h"

namespace aspirasi {
namespace {

int64_t SteadyMs() {
  static const SystemClock clock;
  return clock.MonoMs();
}

}  // namespace

std::string LogShape(std::string_view text) {
  std::string shape;
  shape.reserve(std::min<std::size_t>(text.size(), 160));
  for (std::size_t i = 0; i < text.size() && shape.size() < 160; ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      if (shape.empty() || shape.back() != '#') shape.push_back('#');
    } else {
      shape.push_back(c);
    }
  }
  return shape;
}

LimitingSink::LimitingSink(std::vector<spdlog::sink_ptr> out, LogLimits limits, MonoMs now)
    : out_(std::move(out)), limits_(limits), now_(now ? std::move(now) : MonoMs(SteadyMs)) {}

void LimitingSink::CountInto(Metrics* metrics) {
  if (metrics == nullptr) {
    warnings_ = nullptr;
    errors_ = nullptr;
    suppressed_ = nullptr;
    return;
  }
  const char* help = "Warning and error log lines, written or held back";
  warnings_ = &metrics->GetCounter("aspirasi_log_lines_total", help, "level=\"warning\"");
  errors_ = &metrics->GetCounter("aspirasi_log_lines_total", help, "level=\"error\"");
  suppressed_ = &metrics->GetCounter(
      "aspirasi_log_suppressed_total",
      "Warning and error log lines held back because they repeated (summed up in one line)");
}

void LimitingSink::Forward(const spdlog::details::log_msg& msg) {
  for (auto& target : out_) {
    if (target->should_log(msg.level)) target->log(msg);
  }
}

void LimitingSink::Summarise(Shape& shape) {
  if (shape.held > 0) {
    std::string text = std::to_string(shape.held) + " more lines like this in the last " +
                       std::to_string(limits_.window_ms / 1000) + " s: " + shape.sample;
    spdlog::details::log_msg line(shape.logger, shape.level, text);
    Forward(line);
  }
  shape.held = 0;
  shape.sample.clear();
}

void LimitingSink::SummariseEnded(int64_t now) {
  for (auto it = shapes_.begin(); it != shapes_.end();) {
    Shape& shape = it->second;
    if (now - shape.window_start < limits_.window_ms) {
      ++it;
      continue;
    }
    Summarise(shape);
    it = shapes_.erase(it);  // a shape that comes back starts a new window
  }
}

LimitingSink::Shape& LimitingSink::Find(const spdlog::details::log_msg& msg, int64_t now) {
  std::string key(msg.logger_name.data(), msg.logger_name.size());
  key += '\x1f';
  key += static_cast<char>('0' + static_cast<int>(msg.level));
  key += '\x1f';
  if (shapes_.size() >= limits_.max_shapes) {
    key += "(other)";  // too many shapes at once: the rest share one entry
  } else {
    key += LogShape(std::string_view(msg.payload.data(), msg.payload.size()));
  }
  auto [it, added] = shapes_.try_emplace(key);
  if (added) {
    it->second.logger.assign(msg.logger_name.data(), msg.logger_name.size());
    it->second.level = msg.level;
    it->second.window_start = now;
  }
  return it->second;
}

void LimitingSink::sink_it_(const spdlog::details::log_msg& msg) {
  const int64_t now = now_();
  if (now >= next_scan_) {
    SummariseEnded(now);
    next_scan_ = now + 1000;
  }
  if (msg.level < spdlog::level::warn) {
    Forward(msg);
    return;
  }
  if (Counter* c = msg.level == spdlog::level::warn ? warnings_.load() : errors_.load()) c->Inc();
  if (now / 1000 != second_) {
    second_ = now / 1000;
    second_count_ = 0;
  }
  Shape& shape = Find(msg, now);
  if (shape.passed < limits_.per_shape && second_count_ < limits_.per_second) {
    ++shape.passed;
    ++second_count_;
    Forward(msg);
    return;
  }
  if (shape.held++ == 0)
    shape.sample.assign(msg.payload.data(), std::min<std::size_t>(msg.payload.size(), 300));
  suppressed_total_.fetch_add(1);
  if (Counter* c = suppressed_.load()) c->Inc();
}

void LimitingSink::flush_() {
  const int64_t now = now_();
  if (now >= next_scan_) {
    SummariseEnded(now);
    next_scan_ = now + 1000;
  }
  for (auto& target : out_) target->flush();
}

void LimitingSink::set_pattern_(const std::string& pattern) {
  for (auto& target : out_) target->set_pattern(pattern);
}

void LimitingSink::set_formatter_(std::unique_ptr<spdlog::formatter> formatter) {
  for (auto& target : out_) target->set_formatter(formatter->clone());
}

}  // namespace aspirasi
