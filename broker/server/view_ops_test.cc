// ViewLog: a person's read of a ticket is recorded once an hour, per person and ticket, and never
// answered before a record of it is committed.
#include "broker/server/view_ops.h"

#include <gtest/gtest.h>

namespace aspirasi::server {
namespace {

constexpr int64_t kT0 = 1'780'000'000'000;
constexpr int64_t kHour = ViewLog::kWindowMs;

// ShouldRecord, and when it says so, the record commits.
bool Read(ViewLog& log, const std::string& admin, uint64_t ticket, int64_t now) {
  if (!log.ShouldRecord(admin, ticket, now)) return false;
  log.Recorded(admin, ticket, now);
  return true;
}

TEST(ViewLog, OncePerPersonAndTicketPerHour) {
  ViewLog log;
  EXPECT_TRUE(Read(log, "budi.pupr", 7, kT0));
  EXPECT_FALSE(Read(log, "budi.pupr", 7, kT0 + 1));
  EXPECT_FALSE(Read(log, "budi.pupr", 7, kT0 + kHour - 1));
  EXPECT_TRUE(Read(log, "sari.pupr", 7, kT0 + 10));  // another person
  EXPECT_TRUE(Read(log, "budi.pupr", 8, kT0 + 10));  // another ticket
  EXPECT_TRUE(Read(log, "budi.pupr", 7, kT0 + kHour));
  EXPECT_FALSE(Read(log, "budi.pupr", 7, kT0 + kHour + 5));
}

TEST(ViewLog, AReadWhoseRecordFailedIsRecordedAgainAtOnce) {
  ViewLog log;
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0));
  log.Failed("budi.pupr", 7);
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0 + 1));
}

// A second read while the first one's record is still on its way is recorded too: it must not be
// answered before a record is committed, and the first may yet fail.
TEST(ViewLog, AReadWhileTheRecordIsInFlightIsRecordedToo) {
  ViewLog log;
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0));
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0 + 5));
  log.Failed("budi.pupr", 7);
  log.Recorded("budi.pupr", 7, kT0 + 5);
  EXPECT_FALSE(log.ShouldRecord("budi.pupr", 7, kT0 + 10));
}

TEST(ViewLog, AClockSetBackRecordsRatherThanNever) {
  ViewLog log;
  EXPECT_TRUE(Read(log, "budi.pupr", 7, kT0));
  EXPECT_TRUE(Read(log, "budi.pupr", 7, kT0 - 60'000));
  EXPECT_FALSE(Read(log, "budi.pupr", 7, kT0 - 59'000));
}

TEST(ViewLog, OldEntriesAreForgottenSoTheLogStaysSmall) {
  ViewLog log;
  for (uint64_t id = 1; id <= 1000; ++id) EXPECT_TRUE(Read(log, "budi.pupr", id, kT0));
  EXPECT_EQ(log.size(), 1000u);
  EXPECT_TRUE(Read(log, "sari.pupr", 1, kT0 + 2 * kHour));
  EXPECT_EQ(log.size(), 1u);
  // After the clock was set back a day, pruning still goes on.
  for (uint64_t id = 1; id <= 10; ++id) EXPECT_TRUE(Read(log, "budi.pupr", id, kT0 + 2 * kHour));
  EXPECT_TRUE(Read(log, "dewi.dlh", 1, kT0 - 24 * kHour));
  EXPECT_EQ(log.size(), 1u);
}

TEST(ViewLog, ARecordInFlightIsNotPruned) {
  ViewLog log;
  EXPECT_TRUE(log.ShouldRecord("budi.pupr", 7, kT0));
  EXPECT_TRUE(Read(log, "sari.pupr", 1, kT0 + 2 * kHour));
  EXPECT_EQ(log.size(), 2u);
}

// Ids that would run together without a separator ("a" + "11" vs "a1" + "1") stay apart.
TEST(ViewLog, PeopleAndTicketsDoNotRunTogether) {
  ViewLog log;
  EXPECT_TRUE(Read(log, "a", 11, kT0));
  EXPECT_TRUE(Read(log, "a1", 1, kT0));
}

}  // namespace
}  // namespace aspirasi::server
