#include "workers/ingest/outcome_counts.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest {
namespace {

v1::SubmitAck Ack(v1::SubmitOutcome o) {
  v1::SubmitAck a;
  a.set_outcome(o);
  a.set_duplicate(o == v1::OUTCOME_DUPLICATE);
  return a;
}

TEST(OutcomeCounts, MapsBrokerOutcomes) {
  OutcomeCounts c;
  for (auto o : {v1::OUTCOME_CREATED, v1::OUTCOME_CREATED, v1::OUTCOME_APPENDED, v1::OUTCOME_UPDATED,
                 v1::OUTCOME_WITHDRAWN, v1::OUTCOME_TOMBSTONED, v1::OUTCOME_DUPLICATE}) {
    c.Add(Ack(o));
  }
  EXPECT_EQ(c.created, 2);
  EXPECT_EQ(c.appended, 1);
  EXPECT_EQ(c.updated, 1);
  EXPECT_EQ(c.withdrawn, 2);
  EXPECT_EQ(c.duplicates, 1);
  c.ignored = 3;
  EXPECT_EQ(
      c.ToJson(),
      "{\"new\":2,\"updated\":1,\"appended\":1,\"withdrawn\":2,\"duplicates\":1,\"ignored\":3,\"spooled\":0,"
      "\"rejected\":0}");
  OutcomeCounts d;
  d.spooled = 4;
  c += d;
  EXPECT_EQ(c.spooled, 4);
}

}  // namespace
}  // namespace aspirasi::ingest
