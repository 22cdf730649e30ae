// Reading a process's Prometheus text (/metrics) for the benchmarks.
#pragma once

#include <map>
#include <string>

namespace aspirasi::bench {

// GET http://<host:port>/metrics: each sample's name (with its labels as written, e.g.
// `aspirasi_replies_total{state="posted"}`) -> value. Empty when it cannot be read.
std::map<std::string, double> ScrapeMetrics(const std::string& http_endpoint);

// metrics[name], or `fallback` when absent.
double MetricOr(const std::map<std::string, double>& metrics, const std::string& name, double fallback = 0);

}  // namespace aspirasi::bench
