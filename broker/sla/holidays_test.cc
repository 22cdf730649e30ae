#include "broker/sla/holidays.h"

#include <gtest/gtest.h>

#include "broker/sla/civil_day.h"
#include "broker/sla/test_util.h"

namespace aspirasi::sla {
namespace {

int Count(const std::vector<Holiday>& days, int year, HolidayKind kind) {
  int n = 0;
  for (const auto& h : days) n += FormatDay(h.day).substr(0, 4) == std::to_string(year) && h.kind == kind;
  return n;
}

TEST(HolidaysTest, ShippedFilesLoad) {
  const auto& days = testing::ShippedHolidays();
  // 2025: 17 libur nasional, 10 cuti bersama + 18 August (amending SKB). 2026: 17 + 8.
  EXPECT_EQ(Count(days, 2025, HolidayKind::kLibur), 17);
  EXPECT_EQ(Count(days, 2025, HolidayKind::kCutiBersama), 11);
  EXPECT_EQ(Count(days, 2026, HolidayKind::kLibur), 17);
  EXPECT_EQ(Count(days, 2026, HolidayKind::kCutiBersama), 8);
  for (std::size_t i = 1; i < days.size(); ++i) EXPECT_LT(days[i - 1].day, days[i].day);
  EXPECT_EQ(FormatDay(days.front().day), "2025-01-01");
}

const char* kGood = R"(year = 2026
source = "SKB"
[[day]]
date = 2026-01-01
name = "Tahun Baru"
kind = "libur"
[[day]]
date = "2026-02-16"
name = "Cuti bersama Imlek"
kind = "cuti_bersama"
)";

TEST(HolidaysTest, ParsesDatesAndStrings) {
  auto y = ParseHolidayFile(kGood, "calendars/2026.toml");
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_EQ(y->year, 2026);
  ASSERT_EQ(y->days.size(), 2u);
  EXPECT_EQ(y->days[1].day, DayNumber(2026, 2, 16));
  EXPECT_EQ(y->days[1].kind, HolidayKind::kCutiBersama);
}

void ExpectError(const std::string& text, const std::string& file, const std::string& field,
                 const std::string& msg) {
  auto y = ParseHolidayFile(text, file);
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.status().code(), v1::CONFIG_INVALID);
  EXPECT_EQ(y.status().field(), field) << y.status().message();
  EXPECT_NE(y.status().message().find(msg), std::string::npos) << y.status().message();
}

// kGood with its first `from` replaced by `to`.
std::string With(const std::string& from, const std::string& to) {
  std::string text = kGood;
  return text.replace(text.find(from), from.size(), to);
}

TEST(HolidaysTest, ErrorsNameFileLineAndKey) {
  ExpectError(With("\"2026-02-16\"", "\"2026-02-30\""), "c/2026.toml", "day[1].date",
              "c/2026.toml:8: day[1].date: \"2026-02-30\" is not a valid date");
  ExpectError(With("\"2026-02-16\"", "\"2026-01-01\""), "2026.toml", "day[1].date",
              "listed twice (also day[0])");
  ExpectError(kGood, "2025.toml", "year", "2025.toml:1: year: 2026 does not match the file name");
  ExpectError(kGood, "holidays.toml", "holidays.toml", "must be named YYYY.toml");
  ExpectError(With("2026-01-01", "2025-12-31"), "2026.toml", "day[0].date", "2025-12-31 is not in 2026");
  ExpectError(With("\"libur\"", "\"cuti\""), "2026.toml", "day[0].kind",
              "must be \"libur\" or \"cuti_bersama\"");
  std::string extra = kGood + std::string("note = \"x\"\n");
  ExpectError(extra, "2026.toml", "day[1].note", "is not a known key");
  ExpectError("year = 2026\n[[day]]\ndate = 2026-01-01\nname = \"x\"\nkind = \"libur\"\n", "2026.toml",
              "source", "is required");
  ExpectError("year = 2026\nsource = \"x\"\n[[day]\n", "2026.toml", "2026.toml", "2026.toml:3:");
}

TEST(HolidaysTest, TheFolderSaysWhichYearsItCovers) {
  auto r = LoadHolidayDir(std::string(ASPIRASI_SOURCE_DIR) + "/deploy/calendars");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GE(r->years.size(), 2u);
  EXPECT_EQ(r->years[0], 2025);
  EXPECT_EQ(r->years[1], 2026);
  EXPECT_FALSE(r->days.empty());
}

TEST(HolidaysTest, CoverageRunsThroughTheLastYearWithoutAGap) {
  const std::vector<int> years = {2025, 2026, 2028};
  EXPECT_EQ(CoveredThrough(years, 2025), 2026);
  EXPECT_EQ(CoveredThrough(years, 2026), 2026);
  EXPECT_EQ(CoveredThrough(years, 2027), 2026);  // not even the year asked about
  EXPECT_EQ(CoveredThrough(years, 2028), 2028);
  EXPECT_EQ(CoveredThrough({}, 2026), 2025);
}

TEST(HolidaysTest, MissingFolderIsAnIoError) {
  auto r = LoadHolidayDir("/nonexistent/calendars");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::IO_ERROR);
}

}  // namespace
}  // namespace aspirasi::sla
