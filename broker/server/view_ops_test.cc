// ViewLog: a person's read of a ticket is recorded once an hour, per person and ticket.
#include "broker/server/view_ops.h"

#include <gtest/gtest.h>

namespace aspirasi::server {
namespace {

constexpr int64_t kT0 = 1'780'000'000'000;
constexpr int64_t kHour = ViewLog::kWindowMs;

TEST(ViewLog, OncePerPersonAndTicketPerHour) {
  ViewLog log;
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0));
  EXPECT_FALSE(log.ShouldRecord("budi.pupr", 7, kT0 + 1));
  EXPECT_FALSE(log.ShouldRecord("budi.pupr", 7, kT0 + kHour - 1));
  EXPECT_TRUE(log.ShouldRecord("sari.pupr", 7, kT0 + 10));  // another person
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 8, kT0 + 10));  // another ticket
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0 + kHour));
  EXPECT_FALSE(log.ShouldRecord("budi.pupr", 7, kT0 + kHour + 5));
}

TEST(ViewLog, AReadWhoseRecordFailedIsRecordedAgainAtOnce) {
  ViewLog log;
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0));
  log.Forget("budi.pupr", 7);
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0 + 1));
}

TEST(ViewLog, AClockSetBackRecordsRatherThanNever) {
  ViewLog log;
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0));
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0 - 60'000));
  EXPECT_FALSE(log.ShouldRecord("budi.pupr", 7, kT0 - 59'000));
}

TEST(ViewLog, OldEntriesAreForgottenSoTheLogStaysSmall) {
  ViewLog log;
  for (uint64_t id = 1; id <= 1000; ++id) EXPECT_TRUE(log.ShouldRecord("budi.pupr", id, kT0));
  EXPECT_EQ(log.size(), 1000u);
  EXPECT_TRUE(log.ShouldRecord("sari.pupr", 1, kT0 + 2 * kHour));
  EXPECT_EQ(log.size(), 1u);
}

// Ids that would run together without a separator ("a" + "11" vs "a1" + "1") stay apart.
TEST(ViewLog, PeopleAndTicketsDoNotRunTogether) {
  ViewLog log;
  EXPECT_TRUE(log.ShouldRecord("a", 11, kT0));
  EXPECT_TRUE(log.ShouldRecord("a1", 1, kT0));
}

}  // namespace
}  // namespace aspirasi::server
