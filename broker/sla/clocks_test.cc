#include "broker/sla/clocks.h"

#include <gtest/gtest.h>

#include "broker/sla/test_util.h"

namespace aspirasi::sla {
namespace {

using testing::Local;
using testing::Wib;

constexpr int64_t kH = kHourMs, kM = kMinuteMs;

class ClocksTest : public ::testing::Test {
 protected:
  Calendar cal_ = testing::PemdaCalendar();
  PolicySet policies_ = DefaultPolicySet();
  SlaContext ctx_{policies_, cal_};

  uint16_t PolicyFor(v1::Urgency u) { return policies_.MatchIndex({u, v1::PENGADUAN, "whatsapp", "DPUPR"}); }
  std::string Breach(const TicketSla& s, SlaClock c) {
    auto t = BreachAt(s, c, ctx_);
    return t ? Local(*t) : "none";
  }
};

// A ticket received on Friday 13 February 2026 at 15:50 WIB, before the Imlek long weekend:
// Saturday 14, Sunday 15, Monday 16 (cuti bersama Imlek) and Tuesday 17 February (Imlek) are off.
// Office hours: Monday-Thursday 07:30-12:00, 12:30-16:00 (8 h); Friday 07:30-11:30, 13:00-16:30
// (7.5 h). A working day in a target is 8 working hours.
TEST_F(ClocksTest, FridayAfternoonBeforeTheImlekLongWeekend) {
  const int64_t received = Wib(2026, 2, 13, 15, 50);

  // BIASA, first response within 1 working day = 480 min: 40 min on Friday (15:50-16:30); 440 min
  // left from Wednesday 18 February 07:30: 270 min to 12:00, 170 min from 12:30 = 15:20.
  // Resolution within 5 working days = 2400 min: Friday 40 (2360 left), Wednesday 18: 480 (1880),
  // Thursday 19: 480 (1400), Friday 20: 450 (950), Monday 23: 480 (470), Tuesday 24: 270 to 12:00
  // and 200 from 12:30 = 15:50.
  TicketSla biasa;
  Apply(&biasa, {SlaEventKind::kReceived, received, PolicyFor(v1::BIASA)}, ctx_);
  EXPECT_EQ(Breach(biasa, SlaClock::kFirstResponse), "2026-02-18 15:20:00.000");
  EXPECT_EQ(Breach(biasa, SlaClock::kResolution), "2026-02-24 15:50:00.000");
  // The 75% warning of the first response: 360 min = 40 Friday + 270 Wednesday morning + 50 from
  // 12:30 = 13:20 on Wednesday. It is the next timer.
  auto next = NextTimer(biasa, ctx_);
  ASSERT_TRUE(next);
  EXPECT_EQ(Local(next->due_ms), "2026-02-18 13:20:00.000");
  EXPECT_EQ(next->clock, SlaClock::kFirstResponse);

  // SEGERA, 4 working hours = 240 min: 40 on Friday, 200 from Wednesday 07:30 = 10:50. Resolution
  // 3 working days = 1440 min: 40 Friday, 480 Wednesday, 480 Thursday, 440 left on Friday 20:
  // 240 to 11:30, 200 from 13:00 = 16:20.
  TicketSla segera;
  Apply(&segera, {SlaEventKind::kReceived, received, PolicyFor(v1::SEGERA)}, ctx_);
  EXPECT_EQ(Breach(segera, SlaClock::kFirstResponse), "2026-02-18 10:50:00.000");
  EXPECT_EQ(Breach(segera, SlaClock::kResolution), "2026-02-20 16:20:00.000");

  // SANGAT_SEGERA runs around the clock: 1 h = 16:50 on Friday; resolution 3 days = Monday 15:50.
  TicketSla urgent;
  Apply(&urgent, {SlaEventKind::kReceived, received, PolicyFor(v1::SANGAT_SEGERA)}, ctx_);
  EXPECT_EQ(Breach(urgent, SlaClock::kFirstResponse), "2026-02-13 16:50:00.000");
  EXPECT_EQ(Breach(urgent, SlaClock::kResolution), "2026-02-16 15:50:00.000");
  // Escalations of the first response: level 1 at the breach, 2 an hour later, 3 two hours later.
  std::vector<SlaAlert> fired = FireDue(&urgent, Wib(2026, 2, 13, 19, 0), ctx_);
  ASSERT_EQ(fired.size(), 5u);  // 75% warning, breach, levels 1-3
  EXPECT_EQ(Local(fired[0].due_ms), "2026-02-13 16:35:00.000");
  EXPECT_EQ(fired[1].kind, StageKind::kBreach);
  EXPECT_EQ(fired[2].kind, StageKind::kEscalation);
  EXPECT_EQ(fired[2].role, "opd_supervisor");
  EXPECT_EQ(Local(fired[3].due_ms), "2026-02-13 17:50:00.000");
  EXPECT_EQ(fired[3].role, "diskominfo");
  EXPECT_EQ(Local(fired[4].due_ms), "2026-02-13 18:50:00.000");
  EXPECT_EQ(fired[4].role, "sekda");
  EXPECT_TRUE(FireDue(&urgent, Wib(2026, 2, 13, 19, 0), ctx_).empty());  // never twice
}

// The Idulfitri 1447 H break: Wednesday 18 March (cuti bersama Nyepi) to Tuesday 24 March 2026.
TEST_F(ClocksTest, BeforeIdulfitri) {
  TicketSla s;
  Apply(&s, {SlaEventKind::kReceived, Wib(2026, 3, 17, 15, 0), PolicyFor(v1::BIASA)}, ctx_);
  // 60 min on Tuesday 17 March, then 420 min from Wednesday 25 March 07:30: 270 + 150 = 15:00.
  EXPECT_EQ(Breach(s, SlaClock::kFirstResponse), "2026-03-25 15:00:00.000");
}

TEST_F(ClocksTest, WaitingOnTheCitizenPausesAndResumeContinues) {
  TicketSla s;
  Apply(&s, {SlaEventKind::kReceived, Wib(2026, 1, 5, 8, 0), PolicyFor(v1::BIASA)}, ctx_);
  // Monday 5 January 08:00: 450 min on Monday, 30 on Tuesday.
  EXPECT_EQ(Breach(s, SlaClock::kFirstResponse), "2026-01-06 08:00:00.000");
  // The OPD asks the citizen at 10:00 (120 min used): every clock stops, no timer is pending.
  Apply(&s, {SlaEventKind::kWaitingCitizen, Wib(2026, 1, 5, 10, 0)}, ctx_);
  EXPECT_EQ(Breach(s, SlaClock::kFirstResponse), "none");
  EXPECT_FALSE(NextTimer(s, ctx_));
  // The citizen answers on Wednesday 7 January at 14:00: 360 min left, 120 on Wednesday, 240 from
  // Thursday 07:30 = 11:30. Resolution: 2280 left: Wed 120, Thu 480, Fri 450, Mon 480, Tue 480,
  // 270 on Wednesday 14 January from 07:30 = 12:00, the end of the morning.
  Apply(&s, {SlaEventKind::kCitizenFollowUp, Wib(2026, 1, 7, 14, 0)}, ctx_);
  EXPECT_EQ(Breach(s, SlaClock::kFirstResponse), "2026-01-08 11:30:00.000");
  EXPECT_EQ(Breach(s, SlaClock::kResolution), "2026-01-14 12:00:00.000");
  EXPECT_EQ(s.phase[1], ClockPhase::kOff);  // no first response yet: no next-response clock
  // First answer Thursday 09:00; the citizen writes again at 15:00: next response within 480 min:
  // 60 on Thursday, 240 Friday morning, 180 from 13:00 = 16:00 on Friday 9 January.
  Apply(&s, {SlaEventKind::kReplied, Wib(2026, 1, 8, 9, 0)}, ctx_);
  EXPECT_EQ(Breach(s, SlaClock::kFirstResponse), "none");
  Apply(&s, {SlaEventKind::kCitizenFollowUp, Wib(2026, 1, 8, 15, 0)}, ctx_);
  EXPECT_EQ(Breach(s, SlaClock::kNextResponse), "2026-01-09 16:00:00.000");
  // A second message before the answer does not move it: the oldest unanswered message counts.
  Apply(&s, {SlaEventKind::kCitizenFollowUp, Wib(2026, 1, 9, 8, 0)}, ctx_);
  EXPECT_EQ(Breach(s, SlaClock::kNextResponse), "2026-01-09 16:00:00.000");
  Apply(&s, {SlaEventKind::kReplied, Wib(2026, 1, 9, 10, 0)}, ctx_);
  EXPECT_EQ(Breach(s, SlaClock::kNextResponse), "none");
  Apply(&s, {SlaEventKind::kResolved, Wib(2026, 1, 12, 9, 0)}, ctx_);
  EXPECT_FALSE(NextTimer(s, ctx_));
  // Reopened: resolution starts again from zero.
  Apply(&s, {SlaEventKind::kReopened, Wib(2026, 1, 12, 9, 0)}, ctx_);
  EXPECT_EQ(Breach(s, SlaClock::kResolution), Local(cal_.AddWorking(Wib(2026, 1, 12, 9, 0), 40 * kH)));
}

TEST_F(ClocksTest, TransferKeepsOrRestarts) {
  Policy restart = DefaultPolicy();
  restart.name = "dinkes";
  restart.opds = {"DINKES"};
  restart.on_transfer = OnTransfer::kRestart;
  PolicySet set = std::move(PolicySet::Create({restart}, DefaultPolicy())).value();
  SlaContext ctx{set, cal_};
  uint16_t dpupr = set.MatchIndex({v1::BIASA, v1::PENGADUAN, "x", "DPUPR"});
  uint16_t dinkes = set.MatchIndex({v1::BIASA, v1::PENGADUAN, "x", "DINKES"});

  TicketSla kept;
  Apply(&kept, {SlaEventKind::kReceived, Wib(2026, 1, 5, 8, 0), dpupr}, ctx);
  Apply(&kept, {SlaEventKind::kTransferred, Wib(2026, 1, 5, 10, 0), dpupr},
        ctx);  // to another default-policy OPD
  EXPECT_EQ(Local(*BreachAt(kept, SlaClock::kFirstResponse, ctx)), "2026-01-06 08:00:00.000");

  TicketSla restarted;
  Apply(&restarted, {SlaEventKind::kReceived, Wib(2026, 1, 5, 8, 0), dpupr}, ctx);
  Apply(&restarted, {SlaEventKind::kTransferred, Wib(2026, 1, 5, 10, 0), dinkes}, ctx);
  // 480 min from Monday 10:00: 120 + 210 on Monday, 150 from Tuesday 07:30 = 10:00.
  EXPECT_EQ(Local(*BreachAt(restarted, SlaClock::kFirstResponse, ctx)), "2026-01-06 10:00:00.000");
  EXPECT_EQ(restarted.policy, dinkes);
}

TEST_F(ClocksTest, OverdueStagesFireOnceWhateverTheOrder) {
  TicketSla s;
  Apply(&s, {SlaEventKind::kReceived, Wib(2026, 1, 5, 8, 0), PolicyFor(v1::BIASA)}, ctx_);
  // Nobody fired the timers (the broker was down); the answer comes Tuesday 09:00. The warning
  // (360 min: Monday 14:30), the breach and escalation level 1 (Tuesday 08:00) fire first, once.
  auto alerts = Apply(&s, {SlaEventKind::kReplied, Wib(2026, 1, 6, 9, 0)}, ctx_);
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(Local(alerts[0].due_ms), "2026-01-05 14:30:00.000");
  EXPECT_EQ(alerts[0].kind, StageKind::kWarning);
  EXPECT_EQ(Local(alerts[1].due_ms), "2026-01-06 08:00:00.000");
  EXPECT_EQ(alerts[2].level, 1);
  // Recomputing from the same state (as after a restart) finds nothing more for that clock.
  TicketSla copy = s;
  EXPECT_TRUE(FireDue(&copy, Wib(2026, 1, 6, 9, 0), ctx_).empty());
  auto next = NextTimer(copy, ctx_);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->clock, SlaClock::kResolution);
}

TEST_F(ClocksTest, StateIsCompact) { EXPECT_LE(sizeof(TicketSla), 56u); }

}  // namespace
}  // namespace aspirasi::sla
