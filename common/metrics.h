// Metrics: counters and gauges rendered in the Prometheus text exposition format.
//
// Register at start-up (Counter/Gauge return references that live as long as the registry),
// update from any thread (atomics), render from the HTTP thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace aspirasi {

class Counter {
 public:
  void Inc(uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

class Gauge {
 public:
  void Set(double v) { v_.store(v, std::memory_order_relaxed); }
  double Value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> v_{0};
};

class Metrics {
 public:
  // `labels` is the inside of the braces, e.g. R"(endpoint="ingest",reason="bad_frame")", or empty.
  // Registering the same name and labels twice returns the same metric.
  Counter& GetCounter(const std::string& name, const std::string& help, const std::string& labels = {});
  Gauge& GetGauge(const std::string& name, const std::string& help, const std::string& labels = {});
  // A counter kept in whole microseconds (cheap atomic adds on hot paths) and rendered in seconds,
  // Prometheus' base unit: name it "..._seconds_total".
  Counter& GetMicrosecondsCounter(const std::string& name, const std::string& help,
                                  const std::string& labels = {});
  // An info metric: one series of value 1 whose labels say something (a version, a hash). Each
  // call replaces the series' labels, so there is only ever one.
  void SetInfo(const std::string& name, const std::string& help, const std::string& labels);

  // Prometheus text format 0.0.4.
  std::string Render() const;

 private:
  struct Entry {
    std::string name, help, labels;
    bool is_counter;
    bool is_info = false;
    bool in_microseconds = false;  // a counter rendered in seconds
    Counter counter;
    Gauge gauge;
  };
  Entry& Get(const std::string& name, const std::string& help, const std::string& labels, bool counter);

  mutable std::mutex mu_;
  std::deque<Entry> entries_;  // deque: references stay valid as it grows
};

}  // namespace aspirasi
