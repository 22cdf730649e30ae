#include "workers/ingest/channels/generic/generic_time.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest::generic {
namespace {

TEST(GenericTime, EpochSecondsAndMilliseconds) {
  EXPECT_EQ(EpochIntegerToMs(1767600000).value(), 1767600000000);
  EXPECT_EQ(EpochIntegerToMs(1767600000123).value(), 1767600000123);
  EXPECT_EQ(EpochNumberToMs(1767600000.25).value(), 1767600000250);
  EXPECT_EQ(TimeStringToMs("1767600000").value(), 1767600000000);
  EXPECT_FALSE(EpochIntegerToMs(-1).ok());
  EXPECT_FALSE(EpochNumberToMs(1e300).ok());
}

TEST(GenericTime, Rfc3339WithZones) {
  EXPECT_EQ(TimeStringToMs("2026-01-05T01:30:00Z").value(), 1767576600000);
  EXPECT_EQ(TimeStringToMs("2026-01-05T08:30:00+07:00").value(), 1767576600000);    // WIB
  EXPECT_EQ(TimeStringToMs("2026-01-05 09:30:00.5+08:00").value(), 1767576600500);  // WITA
  EXPECT_EQ(TimeStringToMs("2026-01-04T22:30:00-03:00").value(), 1767576600000);
}

TEST(GenericTime, RejectsWhatIsAmbiguousOrWrong) {
  for (const char* bad :
       {"", "2026-01-05T08:30:00", "2026-02-30T00:00:00Z", "2026-01-05T24:00:00Z", "2026-01-05T08:30:00+7",
        "2026-01-05T08:30:00Zx", "kemarin", "2026-01-05T08:30:00.Z", "1969-12-31T23:59:59Z"}) {
    EXPECT_FALSE(TimeStringToMs(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace aspirasi::ingest::generic
