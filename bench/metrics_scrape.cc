#include "bench/metrics_scrape.h"

#include <httplib.h>

#include <cstdlib>
#include <sstream>

namespace aspirasi::bench {

std::map<std::string, double> ScrapeMetrics(const std::string& http_endpoint) {
  std::map<std::string, double> out;
  auto colon = http_endpoint.rfind(':');
  if (colon == std::string::npos) return out;
  httplib::Client client(http_endpoint.substr(0, colon), std::atoi(http_endpoint.c_str() + colon + 1));
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  auto res = client.Get("/metrics");
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

}  // namespace aspirasi::bench
