#include "common/metrics.h"

#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>
#include <vector>

namespace aspirasi {

Metrics::Entry& Metrics::Get(const std::string& name, const std::string& help, const std::string& labels,
                             bool counter) {
  std::lock_guard lock(mu_);
  for (auto& e : entries_) {
    if (e.name == name && e.labels == labels) return e;
  }
  auto& e = entries_.emplace_back();
  e.name = name;
  e.help = help;
  e.labels = labels;
  e.is_counter = counter;
  return e;
}

Counter& Metrics::GetCounter(const std::string& name, const std::string& help, const std::string& labels) {
  return Get(name, help, labels, true).counter;
}

Counter& Metrics::GetMicrosecondsCounter(const std::string& name, const std::string& help,
                                         const std::string& labels) {
  Entry& e = Get(name, help, labels, true);
  std::lock_guard lock(mu_);
  e.in_microseconds = true;
  return e.counter;
}

Gauge& Metrics::GetGauge(const std::string& name, const std::string& help, const std::string& labels) {
  return Get(name, help, labels, false).gauge;
}

void Metrics::SetInfo(const std::string& name, const std::string& help, const std::string& labels) {
  std::lock_guard lock(mu_);
  for (auto& e : entries_) {
    if (e.name == name && e.is_info) {
      e.labels = labels;
      return;
    }
  }
  auto& e = entries_.emplace_back();
  e.name = name;
  e.help = help;
  e.labels = labels;
  e.is_counter = false;
  e.is_info = true;
  e.gauge.Set(1);
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::map<std::string, std::vector<const Entry*>> families;
  for (const auto& e : entries_) families[e.name].push_back(&e);
  std::ostringstream out;
  for (const auto& [name, list] : families) {
    out << "# HELP " << name << ' ' << list.front()->help << '\n';
    out << "# TYPE " << name << ' ' << (list.front()->is_counter ? "counter" : "gauge") << '\n';
    for (const Entry* e : list) {
      out << name;
      if (!e->labels.empty()) out << '{' << e->labels << '}';
      if (e->is_counter && e->in_microseconds) {
        const uint64_t us = e->counter.Value();
        out << ' ' << us / 1'000'000 << '.' << std::setw(6) << std::setfill('0') << us % 1'000'000
            << std::setfill(' ') << '\n';
      } else if (e->is_counter) {
        out << ' ' << e->counter.Value() << '\n';
      } else {
        double v = e->gauge.Value();
        if (std::floor(v) == v && std::fabs(v) < 1e15) {
          out << ' ' << static_cast<int64_t>(v) << '\n';
        } else {
          out << ' ' << v << '\n';
        }
      }
    }
  }
  return out.str();
}

}  // namespace aspirasi
