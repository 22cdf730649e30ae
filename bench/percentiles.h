// Percentiles of a sample (nearest-rank on the sorted values).
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace aspirasi::bench {

struct Percentiles {
  double p50 = 0, p99 = 0, p999 = 0, max = 0;
  std::size_t count = 0;
};

// Sorts `values` in place.
inline Percentiles ComputePercentiles(std::vector<double>& values) {
  Percentiles p;
  p.count = values.size();
  if (values.empty()) return p;
  std::sort(values.begin(), values.end());
  auto at = [&](double q) {
    std::size_t rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
  };
  p.p50 = at(0.50);
  p.p99 = at(0.99);
  p.p999 = at(0.999);
  p.max = values.back();
  return p;
}

}  // namespace aspirasi::bench
