#include "broker/sla/calendar.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "broker/sla/test_util.h"

namespace aspirasi::sla {
namespace {

using testing::At;
using testing::kWib;
using testing::kWit;
using testing::Local;
using testing::PemdaCalendar;
using testing::Wib;

constexpr int64_t kH = kHourMs, kM = kMinuteMs;

TEST(CalendarTest, ADeadlineOnAnIntervalEndStaysThere) {
  Calendar cal = PemdaCalendar();
  // Monday 5 January 2026, 07:30 + 8 working hours = 16:00 the same day, not Tuesday 07:30.
  EXPECT_EQ(Local(cal.AddWorking(Wib(2026, 1, 5, 7, 30), 8 * kH)), "2026-01-05 16:00:00.000");
  // 07:30-12:00 is 4.5 h: 4.5 h from 07:30 is 12:00, 1 ms more is 12:30.001 after the break.
  EXPECT_EQ(cal.AddWorking(Wib(2026, 1, 5, 7, 30), 270 * kM), Wib(2026, 1, 5, 12, 0));
  EXPECT_EQ(cal.AddWorking(Wib(2026, 1, 5, 7, 30), 270 * kM + 1), Wib(2026, 1, 5, 12, 30) + 1);
  EXPECT_FALSE(cal.IsWorking(Wib(2026, 1, 5, 16, 0)));
  EXPECT_TRUE(cal.IsWorking(Wib(2026, 1, 5, 15, 59)));
  EXPECT_EQ(cal.AddWorking(Wib(2026, 1, 5, 9, 0), 0), Wib(2026, 1, 5, 9, 0));
}

TEST(CalendarTest, AHolidaySkipsTheDay) {
  Calendar cal = PemdaCalendar();
  // Friday 16 January 2026 is Isra Mikraj. Thursday 15:00 + 2 h: 1 h on Thursday (to 16:00), then
  // Friday, Saturday and Sunday are off, 1 h on Monday 19 January from 07:30: 08:30.
  EXPECT_EQ(Local(cal.AddWorking(Wib(2026, 1, 15, 15, 0), 2 * kH)), "2026-01-19 08:30:00.000");
  EXPECT_FALSE(cal.IsWorking(Wib(2026, 1, 16, 9, 0)));
  EXPECT_TRUE(cal.IsDayOff(DayNumber(2026, 1, 16)));
  EXPECT_EQ(cal.WorkingBetween(Wib(2026, 1, 16, 0, 0), Wib(2026, 1, 17, 0, 0)), 0);
  EXPECT_EQ(cal.NextWorkingStart(Wib(2026, 1, 15, 16, 0)), Wib(2026, 1, 19, 7, 30));
}

TEST(CalendarTest, CutiBersamaIsNotWorked) {
  Calendar cal = PemdaCalendar();
  // Wednesday 24 December 2025 15:00 + 2 h: 1 h on Wednesday; Thursday 25 (Natal, libur), Friday
  // 26 (cuti bersama), the weekend; 1 h on Monday 29 December: 08:30.
  EXPECT_EQ(Local(cal.AddWorking(Wib(2025, 12, 24, 15, 0), 2 * kH)), "2025-12-29 08:30:00.000");
  // Monday 18 August 2025: cuti bersama added by the amending SKB.
  EXPECT_FALSE(cal.IsWorking(Wib(2025, 8, 18, 9, 0)));
  EXPECT_TRUE(cal.IsWorking(Wib(2025, 8, 19, 9, 0)));
}

TEST(CalendarTest, TheShortFriday) {
  Calendar cal = PemdaCalendar();
  // Friday 9 January 2026: 07:30-11:30 and 13:00-16:30.
  EXPECT_EQ(cal.AddWorking(Wib(2026, 1, 9, 11, 0), kH), Wib(2026, 1, 9, 13, 30));
  EXPECT_FALSE(cal.IsWorking(Wib(2026, 1, 9, 12, 0)));
  EXPECT_TRUE(cal.IsWorking(Wib(2026, 1, 9, 16, 15)));  // later than Monday-Thursday's 16:00
  EXPECT_EQ(cal.AddWorking(Wib(2026, 1, 9, 16, 0), kH), Wib(2026, 1, 12, 8, 0));
  EXPECT_EQ(cal.WorkingBetween(Wib(2026, 1, 9, 0, 0), Wib(2026, 1, 10, 0, 0)), 450 * kM);
  EXPECT_EQ(cal.week_ms(), (4 * 480 + 450) * kM);
}

TEST(CalendarTest, OvernightWaitsForTheMorning) {
  Calendar cal = PemdaCalendar();
  // A message at 22:00 on Tuesday 6 January 2026 counts from Wednesday 07:30.
  EXPECT_EQ(cal.NextWorkingStart(Wib(2026, 1, 6, 22, 0)), Wib(2026, 1, 7, 7, 30));
  EXPECT_EQ(cal.AddWorking(Wib(2026, 1, 6, 22, 0), 30 * kM), Wib(2026, 1, 7, 8, 0));
  EXPECT_EQ(cal.WorkingBetween(Wib(2026, 1, 6, 15, 0), Wib(2026, 1, 7, 8, 0)), 90 * kM);
}

TEST(CalendarTest, AnOvernightShiftRunsAcrossMidnight) {
  WeekHours night;
  for (int d = 0; d < 7; ++d) ASSERT_TRUE(AddHours(&night, d, "22:00-06:00").ok());
  // Thursday 1 January 2026 is a holiday: its 00:00-06:00 and 22:00-24:00 are off.
  auto cal = Calendar::Create(kWib, night, {DayNumber(2026, 1, 1)});
  ASSERT_TRUE(cal.ok());
  // Monday 5 January 23:00 + 2 h = Tuesday 01:00.
  EXPECT_EQ(cal->AddWorking(Wib(2026, 1, 5, 23, 0), 2 * kH), Wib(2026, 1, 6, 1, 0));
  // Wednesday 31 December 2025 23:00 + 2 h: 1 h to midnight, the holiday, then Friday 00:00-01:00.
  EXPECT_EQ(Local(cal->AddWorking(Wib(2025, 12, 31, 23, 0), 2 * kH)), "2026-01-02 01:00:00.000");
}

TEST(CalendarTest, AcrossTheYearsEnd) {
  Calendar cal = PemdaCalendar();
  // Wednesday 31 December 2025 15:00 + 4 h: 1 h on Wednesday, 1 January 2026 is a holiday, 3 h on
  // Friday 2 January (07:30-10:30).
  int64_t due = cal.AddWorking(Wib(2025, 12, 31, 15, 0), 4 * kH);
  EXPECT_EQ(Local(due), "2026-01-02 10:30:00.000");
  EXPECT_EQ(cal.WorkingBetween(Wib(2025, 12, 31, 15, 0), due), 4 * kH);
  // From the Christmas cuti bersama to the second working day of 2026.
  EXPECT_EQ(cal.WorkingBetween(Wib(2025, 12, 26, 0, 0), Wib(2026, 1, 6, 0, 0)),
            (3 * 480 + 450 + 480) * kM);  // 29, 30, 31 Dec, Fri 2 Jan, Mon 5 Jan
}

TEST(CalendarTest, WitAndWibAgreeOnTheWallClock) {
  Calendar wib = PemdaCalendar(kWib), wit = PemdaCalendar(kWit);
  // Monday 09:00 local + 8 h = Tuesday 09:00 local in either zone (6.5 h Monday, 1.5 h Tuesday),
  // two hours apart in absolute time.
  int64_t a_wib = At(kWib, 2026, 1, 5, 9, 0), a_wit = At(kWit, 2026, 1, 5, 9, 0);
  EXPECT_EQ(a_wib - a_wit, 2 * kH);
  EXPECT_EQ(wib.AddWorking(a_wib, 8 * kH), At(kWib, 2026, 1, 6, 9, 0));
  EXPECT_EQ(wit.AddWorking(a_wit, 8 * kH), At(kWit, 2026, 1, 6, 9, 0));
  // 07:30 UTC is 14:30 in Jakarta (working) and 16:30 in Jayapura (closed).
  int64_t t = DayNumber(2026, 1, 5) * kDayMs + 7 * kH + 30 * kM;
  EXPECT_TRUE(wib.IsWorking(t));
  EXPECT_FALSE(wit.IsWorking(t));
  EXPECT_EQ(wit.NextWorkingStart(t), At(kWit, 2026, 1, 6, 7, 30));
}

TEST(CalendarTest, ZonesAndErrors) {
  EXPECT_EQ(*UtcOffsetMinutes("Asia/Jakarta"), 420);
  EXPECT_EQ(*UtcOffsetMinutes("Asia/Makassar"), 480);
  EXPECT_EQ(*UtcOffsetMinutes("Asia/Jayapura"), 540);
  EXPECT_FALSE(UtcOffsetMinutes("Europe/Amsterdam").ok());
  WeekHours w;
  EXPECT_FALSE(AddHours(&w, 0, "7:30-12:00").ok());
  EXPECT_FALSE(AddHours(&w, 0, "07:30-24:01").ok());
  EXPECT_FALSE(AddHours(&w, 0, "07:30-07:30").ok());
  EXPECT_FALSE(Calendar::Create(kWib, WeekHours{}, {}).ok());  // no working time
  ASSERT_TRUE(AddHours(&w, 0, "07:30-12:00").ok());
  ASSERT_TRUE(AddHours(&w, 0, "11:00-13:00").ok());
  auto overlap = Calendar::Create(kWib, w, {});
  ASSERT_FALSE(overlap.ok());
  EXPECT_NE(overlap.status().message().find("overlap"), std::string::npos);
}

TEST(CalendarTest, AroundTheClock) {
  Calendar c = Calendar::AroundTheClock();
  EXPECT_EQ(c.AddWorking(1000, 5000), 6000);
  EXPECT_EQ(c.WorkingBetween(1000, 6000), 5000);
  EXPECT_TRUE(c.IsWorking(Wib(2026, 1, 1, 3, 0)));
}

TEST(CalendarTest, LongSpansAreFast) {
  Calendar cal = PemdaCalendar();
  // Ten years of working time, far past the last holiday file: answered by arithmetic on weeks.
  int64_t start = Wib(2025, 1, 2, 8, 0);
  int64_t d = 520 * cal.week_ms();
  int64_t end = cal.AddWorking(start, d);
  EXPECT_EQ(cal.WorkingBetween(start, end), d);
  EXPECT_GT(end, Wib(2034, 12, 1, 0, 0));
}

// An oracle that knows nothing of prefix sums: walks minute by minute.
int64_t NaiveAddMinutes(const Calendar& cal, const std::set<int64_t>& off, int64_t start_ms, int minutes) {
  const WeekHours hours = StandardPemdaHours();
  auto working = [&](int64_t minute_start) {  // the minute [t, t+1min)
    int64_t local = minute_start + kWib * kM;
    int64_t day = local / kDayMs;
    int mod = static_cast<int>((local % kDayMs) / kM);
    if (off.count(day)) return false;
    for (const auto& iv : hours[static_cast<std::size_t>(Weekday(day))]) {
      if (mod >= iv.begin_min && mod < iv.end_min) return true;
    }
    return false;
  };
  (void)cal;
  int64_t t = start_ms;
  while (minutes > 0) {
    if (working(t)) --minutes;
    t += kM;
  }
  return t;
}

TEST(CalendarPropertyTest, MatchesMinuteByMinuteWalk) {
  Calendar cal = PemdaCalendar();
  std::set<int64_t> off;
  for (const auto& h : testing::ShippedHolidays()) off.insert(h.day);
  std::mt19937_64 rng(20260213);
  std::uniform_int_distribution<int64_t> minute(Wib(2025, 1, 1, 0, 0) / kM, Wib(2026, 12, 20, 0, 0) / kM);
  std::uniform_int_distribution<int> length(1, 3 * 480);
  for (int i = 0; i < 400; ++i) {
    int64_t a = minute(rng) * kM;
    int d = length(rng);
    ASSERT_EQ(cal.AddWorking(a, d * kM), NaiveAddMinutes(cal, off, a, d)) << Local(a) << " + " << d << " min";
  }
}

void CheckProperties(const Calendar& cal, uint64_t seed, int cases) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> instant(Wib(2024, 12, 1, 0, 0), Wib(2027, 1, 31, 0, 0));
  std::uniform_int_distribution<int64_t> span(0, 30 * 480 * kM);
  for (int i = 0; i < cases; ++i) {
    int64_t a = instant(rng), x = span(rng), y = span(rng);
    if (i % 5 == 0) x = (x / kM) * kM;  // whole minutes hit interval ends exactly
    int64_t ax = cal.AddWorking(a, x);
    SCOPED_TRACE(Local(a) + " + " + std::to_string(x) + " ms");
    ASSERT_GE(ax, a);
    ASSERT_EQ(cal.WorkingBetween(a, ax), x);
    ASSERT_EQ(cal.AddWorking(ax, y), cal.AddWorking(a, x + y));  // additivity
    // Monotone in the duration and in the start.
    ASSERT_LE(cal.AddWorking(a, std::min(x, y)), cal.AddWorking(a, std::max(x, y)));
    int64_t b = instant(rng);
    int64_t lo = std::min(a, b), hi = std::max(a, b);
    ASSERT_LE(cal.AddWorking(lo, x), cal.AddWorking(hi, x));
    // Round trip: lands on b, or on the end of the working time before b.
    int64_t w = cal.WorkingBetween(lo, hi);
    int64_t r = cal.AddWorking(lo, w);
    ASSERT_LE(r, hi);
    ASSERT_EQ(cal.WorkingBetween(r, hi), 0);
    ASSERT_EQ(cal.NextWorkingStart(r), cal.NextWorkingStart(hi));
    // Additive over a split point, and consistent with IsWorking.
    int64_t mid = lo + (hi - lo) / 3;
    ASSERT_EQ(cal.WorkingBetween(lo, mid) + cal.WorkingBetween(mid, hi), w);
    ASSERT_EQ(cal.IsWorking(a), cal.WorkingBetween(a, a + 1) == 1);
    int64_t next = cal.NextWorkingStart(a);
    ASSERT_TRUE(cal.IsWorking(next));
    ASSERT_EQ(cal.WorkingBetween(a, next), 0);
  }
}

TEST(CalendarPropertyTest, PemdaHoursWib) { CheckProperties(PemdaCalendar(kWib), 1, 5000); }
TEST(CalendarPropertyTest, PemdaHoursWit) { CheckProperties(PemdaCalendar(kWit), 2, 3000); }
TEST(CalendarPropertyTest, OvernightShifts) {
  WeekHours w;
  for (int d = 0; d < 6; ++d) ASSERT_TRUE(AddHours(&w, d, "20:00-04:00").ok());
  ASSERT_TRUE(AddHours(&w, 2, "09:00-09:01").ok());
  CheckProperties(
      std::move(Calendar::Create(testing::kWita, w, DayNumbers(testing::ShippedHolidays()))).value(), 3,
      3000);
}
TEST(CalendarPropertyTest, AroundTheClock) { CheckProperties(Calendar::AroundTheClock(), 4, 1000); }

}  // namespace
}  // namespace aspirasi::sla
