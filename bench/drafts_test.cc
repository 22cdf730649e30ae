#include "bench/drafts.h"

#include <gtest/gtest.h>

namespace aspirasi::bench {
namespace {

TEST(DraftsTest, RealisticSizeAndDeterministic) {
  std::size_t total = 0;
  for (uint64_t i = 0; i < 1000; ++i) {
    v1::Submit s = MakeBenchSubmit(7, i, "bench:x:", 1767225600000);
    EXPECT_EQ(s.idempotency_key(), "bench:x:" + std::to_string(i));
    EXPECT_FALSE(s.draft().channel().empty());
    EXPECT_FALSE(s.draft().text().empty());
    total += s.draft().ByteSizeLong();
  }
  double avg = static_cast<double>(total) / 1000.0;
  EXPECT_GT(avg, 450);
  EXPECT_LT(avg, 600);
  EXPECT_EQ(MakeBenchSubmit(7, 5, "k", 1).SerializeAsString(),
            MakeBenchSubmit(7, 5, "k", 1).SerializeAsString());
  EXPECT_NE(MakeBenchSubmit(7, 5, "k", 1).draft().text(), MakeBenchSubmit(8, 5, "k", 1).draft().text());
}

}  // namespace
}  // namespace aspirasi::bench
