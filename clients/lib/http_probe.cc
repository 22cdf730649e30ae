#include "clients/lib/http_probe.h"

#include <httplib.h>

#include <cstdlib>
#include <memory>
#include <sstream>

namespace aspirasi {
namespace {

std::unique_ptr<httplib::Client> ClientFor(const std::string& host_port, int timeout_ms) {
  auto colon = host_port.rfind(':');
  if (colon == std::string::npos || colon == 0) return nullptr;
  auto c =
      std::make_unique<httplib::Client>(host_port.substr(0, colon), std::atoi(host_port.c_str() + colon + 1));
  c->set_connection_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);
  c->set_read_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);
  return c;
}

}  // namespace

HealthProbe ProbeHealth(const std::string& host_port, int timeout_ms) {
  HealthProbe out;
  auto client = ClientFor(host_port, timeout_ms);
  if (!client) return out;
  auto res = client->Get("/healthz");
  if (!res) return out;
  out.status = res->status;
  out.body = res->body;
  while (!out.body.empty() && (out.body.back() == '\n' || out.body.back() == '\r')) out.body.pop_back();
  return out;
}

std::map<std::string, double> ScrapeMetrics(const std::string& host_port, int timeout_ms) {
  std::map<std::string, double> out;
  auto client = ClientFor(host_port, timeout_ms);
  if (!client) return out;
  auto res = client->Get("/metrics");
  if (!res || res->status != 200) return out;
  std::istringstream in(res->body);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    // The value follows the last space (label values may hold spaces).
    auto space = line.rfind(' ');
    if (space == std::string::npos || space == 0) continue;
    out[line.substr(0, space)] = std::strtod(line.c_str() + space + 1, nullptr);
  }
  return out;
}

double MetricOr(const std::map<std::string, double>& metrics, const std::string& name, double fallback) {
  auto it = metrics.find(name);
  return it == metrics.end() ? fallback : it->second;
}

}  // namespace aspirasi
