// Reading another process's observability endpoint (common/http_server.h): its /healthz and its
// Prometheus text (/metrics), for `aspirasi status` and the benchmarks.
//
// Thread safety: free functions; each call opens its own connection.
#pragma once

#include <map>
#include <string>

namespace aspirasi {

struct HealthProbe {
  int status = 0;    // the HTTP status; 0 when nothing answered
  std::string body;  // "ok", or the reason it is unhealthy
  bool ok() const { return status == 200; }
};

// GET http://<host:port>/healthz, waiting at most `timeout_ms`.
HealthProbe ProbeHealth(const std::string& host_port, int timeout_ms = 3000);

// GET http://<host:port>/metrics: each sample's name (with its labels as written, e.g.
// `aspirasi_replies_total{state="posted"}`) -> value. Empty when it cannot be read.
std::map<std::string, double> ScrapeMetrics(const std::string& host_port, int timeout_ms = 10000);

// metrics[name], or `fallback` when absent.
double MetricOr(const std::map<std::string, double>& metrics, const std::string& name, double fallback = 0);

}  // namespace aspirasi
