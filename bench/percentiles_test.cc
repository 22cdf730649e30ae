#include "bench/percentiles.h"

#include <gtest/gtest.h>

namespace aspirasi::bench {
namespace {

TEST(PercentilesTest, NearestRank) {
  std::vector<double> v;
  for (int i = 1000; i >= 1; --i) v.push_back(i);
  Percentiles p = ComputePercentiles(v);
  EXPECT_EQ(p.count, 1000u);
  EXPECT_EQ(p.p50, 500);
  EXPECT_EQ(p.p99, 990);
  EXPECT_EQ(p.p999, 999);
  EXPECT_EQ(p.max, 1000);
  std::vector<double> none;
  EXPECT_EQ(ComputePercentiles(none).count, 0u);
  std::vector<double> one{3.5};
  EXPECT_EQ(ComputePercentiles(one).p999, 3.5);
}

}  // namespace
}  // namespace aspirasi::bench
