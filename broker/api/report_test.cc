// The supervisors' report against a real SQLite store, through the QueryHandler: tickets of a
// range only, answered / within SLA / first-response median and p90 in working hours across a
// weekend and a holiday (hand-computed), breaches per level from the alerts table, backlog by
// age, scoping by actor, and a bad range.
#include "broker/api/report.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "broker/api/query_handler.h"
#include "broker/sla/civil_day.h"

namespace aspirasi::api {
namespace {

constexpr const char* kConfig = R"toml(
[tenant]
id = "nusa-harapan"
name = "Kabupaten Nusa Harapan"
ticket_prefix = "NH"
triage_opd = "DISKOMINFO"

[[opd]]
code = "DISKOMINFO"
name = "Dinas Komunikasi dan Informatika"
[[opd]]
code = "PUPR"
name = "Dinas Pekerjaan Umum dan Penataan Ruang"
[[opd]]
code = "DLH"
name = "Dinas Lingkungan Hidup"

[[admin]]
id = "kadis.pupr"
name = "Ir. Hendra"
role = "supervisor"
opds = ["PUPR"]
)toml";

constexpr int64_t kH = 3'600'000;

// A WIB (UTC+7) local time as an instant.
int64_t Wib(int y, unsigned m, unsigned d, int hh, int mm) {
  return sla::DayNumber(y, m, d) * 86'400'000 + (hh * 60 + mm) * 60'000 - 7 * kH;
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("aspirasi-report-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto c = ParseConfig(kConfig, (dir_ / "t.toml").string());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    config_ = std::move(c).value();
    // Pemda hours in WIB; Monday 2026-11-23 a holiday.
    auto cal = sla::CalendarSet::Build(
        {}, {}, {{sla::DayNumber(2026, 11, 23), "libur uji", sla::HolidayKind::kLibur}});
    ASSERT_TRUE(cal.ok()) << cal.status().ToString();
    calendars_ = std::make_shared<const sla::CalendarSet>(std::move(cal).value());
    auto s = store::OpenSqliteStore({(dir_ / "t.db").string(), "nusa-harapan", "NH", 7});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    auto r = store::OpenSqliteReader((dir_ / "t.db").string());
    ASSERT_TRUE(r.ok());
    handler_ = std::make_unique<QueryHandler>(std::move(r).value(), "test", config_, calendars_, &clock_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A ticket received at `received`, answered at `answered` (0 = not), left in `status`.
  uint64_t Ticket(const std::string& key, const std::string& opd, const std::string& channel,
                  const std::string& category, int64_t received, int64_t due, int64_t answered,
                  v1::TicketStatus status, std::vector<uint32_t> alert_levels = {}) {
    store::SubmitOp op;
    op.submit.set_idempotency_key(key);
    op.submit.set_action(v1::CREATE);
    op.submit.mutable_draft()->set_channel(channel);
    op.submit.mutable_draft()->set_category(category);
    op.submit.mutable_draft()->set_text("jalan rusak");
    op.opd = opd;
    op.routing.set_reason(v1::ROUTE_EXPLICIT);
    op.sla_due_ms = due;
    op.now_ms = received;
    op.actor = "ingest";
    EXPECT_TRUE(store_->Begin().ok());
    auto res = store_->ApplySubmit(op);
    EXPECT_TRUE(res.status.ok()) << res.status.ToString();
    uint64_t id = res.ack.ticket_id();
    auto t = store_->LoadTicket(id, "");
    EXPECT_TRUE(t.ok());
    t->set_status(status);
    t->mutable_sla()->set_first_responded_at_ms(answered);
    EXPECT_TRUE(store_->SaveTicket(*t, received).ok());
    for (uint32_t level : alert_levels) {
      store::AlertRecord a;
      a.ticket_id = id;
      a.opd = opd;
      a.type = level == 0 ? v1::SLA_WARNING : level == 1 ? v1::SLA_BREACHED : v1::SLA_ESCALATED;
      a.level = level;
      a.clock = "first_response";
      a.due_ms = due;
      a.fired_ms = due;
      EXPECT_TRUE(store_->InsertAlert(a).ok());
    }
    EXPECT_TRUE(store_->Commit().ok());
    return id;
  }

  Result<v1::Report> Report(int64_t from, int64_t to, const std::string& actor = "",
                            std::vector<std::string> opds = {}) {
    v1::Envelope env;
    env.set_request_id(7);
    env.set_actor(actor);
    env.mutable_get_report()->set_from_ms(from);
    env.mutable_get_report()->set_to_ms(to);
    for (auto& o : opds) env.mutable_get_report()->add_opds(o);
    v1::Envelope reply = handler_->Handle(env);
    EXPECT_EQ(reply.request_id(), 7u);
    if (reply.has_error()) return Status::FromProto(reply.error());
    EXPECT_TRUE(reply.has_report());
    return reply.report();
  }

  // The week of 2026-11-16 (Monday) to 2026-11-27, "now" Thursday 2026-11-26 12:00 WIB.
  void Fill() {
    // Friday 15:30 -> Tuesday 08:30 over the weekend and Monday's holiday: Friday 15:30-16:30 and
    // Tuesday 07:30-08:30 = 2 working hours; due Tuesday 08:00, so late. Reopened (OPEN).
    Ticket("a", "PUPR", "facebook", "jalan", Wib(2026, 11, 20, 15, 30), Wib(2026, 11, 24, 8, 0),
           Wib(2026, 11, 24, 8, 30), v1::OPEN);
    // Monday 10:00 -> 11:00: 1 h, within; resolved.
    Ticket("b", "PUPR", "whatsapp", "jalan", Wib(2026, 11, 16, 10, 0), Wib(2026, 11, 16, 15, 0),
           Wib(2026, 11, 16, 11, 0), v1::RESOLVED);
    // Tuesday 11:00 -> 14:00 across the lunch break (12:00-12:30): 2.5 h, within; waiting.
    Ticket("c", "PUPR", "facebook", "drainase", Wib(2026, 11, 17, 11, 0), Wib(2026, 11, 18, 11, 0),
           Wib(2026, 11, 17, 14, 0), v1::WAITING_CITIZEN);
    // Wednesday 09:00, never answered, due Thursday 09:00 (past): late. A warning, a breach, level 2.
    Ticket("d", "PUPR", "facebook", "jalan", Wib(2026, 11, 18, 9, 0), Wib(2026, 11, 19, 9, 0), 0, v1::NEW,
           {0, 1, 2});
    // Thursday 26th 10:00, not answered, not yet due: out of the SLA denominator.
    Ticket("e", "DLH", "whatsapp", "", Wib(2026, 11, 26, 10, 0), Wib(2026, 11, 27, 10, 0), 0, v1::NEW);
    // Outside the range: just before it and exactly at its end.
    Ticket("before", "PUPR", "facebook", "jalan", Wib(2026, 11, 15, 23, 59), Wib(2026, 11, 16, 9, 0), 0,
           v1::NEW, {1});
    Ticket("after", "PUPR", "facebook", "jalan", Wib(2026, 11, 28, 0, 0), Wib(2026, 11, 29, 9, 0), 0, v1::NEW,
           {1, 2, 3});
    clock_.SetMs(Wib(2026, 11, 26, 12, 0));
  }

  static const v1::ReportRow* Row(const google::protobuf::RepeatedPtrField<v1::ReportRow>& rows,
                                  const std::string& key) {
    for (const auto& r : rows) {
      if (r.key() == key) return &r;
    }
    return nullptr;
  }

  std::filesystem::path dir_;
  Config config_;
  std::shared_ptr<const sla::CalendarSet> calendars_;
  ManualClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<QueryHandler> handler_;
};

TEST_F(ReportTest, FiguresPerOpdChannelCategory) {
  Fill();
  auto rep = Report(Wib(2026, 11, 16, 0, 0), Wib(2026, 11, 28, 0, 0));
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_EQ(rep->generated_ms(), Wib(2026, 11, 26, 12, 0));
  EXPECT_EQ(rep->levels(), 2u);  // "after"'s level 3 is out of range

  ASSERT_EQ(rep->by_opd_size(), 2);
  EXPECT_EQ(rep->by_opd(0).key(), "DLH");
  const v1::ReportRow& pupr = rep->by_opd(1);
  EXPECT_EQ(pupr.key(), "PUPR");
  EXPECT_EQ(pupr.tickets_in(), 4u);
  EXPECT_EQ(pupr.answered(), 3u);
  EXPECT_EQ(pupr.sla_measured(), 4u);  // a, b, c answered; d late
  EXPECT_EQ(pupr.within_sla(), 2u);    // b, c
  EXPECT_DOUBLE_EQ(pupr.within_sla_pct(), 50.0);
  EXPECT_DOUBLE_EQ(pupr.first_response_median_h(), 2.0);  // [1, 2, 2.5]
  EXPECT_DOUBLE_EQ(pupr.first_response_p90_h(), 2.5);     // rank ceil(2.7) = 3
  ASSERT_EQ(pupr.breaches_by_level_size(), 2);
  EXPECT_EQ(pupr.breaches_by_level(0), 1u);
  EXPECT_EQ(pupr.breaches_by_level(1), 1u);
  EXPECT_EQ(pupr.backlog_lt_1d(), 0u);
  EXPECT_EQ(pupr.backlog_1_3d(), 0u);
  EXPECT_EQ(pupr.backlog_3_7d(), 1u);   // a: 5 days 20.5 h
  EXPECT_EQ(pupr.backlog_gt_7d(), 2u);  // c (9 days), d (8 days)

  const v1::ReportRow& dlh = rep->by_opd(0);
  EXPECT_EQ(dlh.tickets_in(), 1u);
  EXPECT_EQ(dlh.answered(), 0u);
  EXPECT_EQ(dlh.sla_measured(), 0u);  // e is not due yet
  EXPECT_DOUBLE_EQ(dlh.within_sla_pct(), 0.0);
  EXPECT_DOUBLE_EQ(dlh.first_response_median_h(), 0.0);
  EXPECT_EQ(dlh.backlog_lt_1d(), 1u);
  ASSERT_EQ(dlh.breaches_by_level_size(), 2);
  EXPECT_EQ(dlh.breaches_by_level(0), 0u);

  // Channels: facebook a (2 h, late), c (2.5 h), d (late); whatsapp b (1 h), e (not due).
  const v1::ReportRow* fb = Row(rep->by_channel(), "facebook");
  ASSERT_NE(fb, nullptr);
  EXPECT_EQ(fb->tickets_in(), 3u);
  EXPECT_EQ(fb->answered(), 2u);
  EXPECT_EQ(fb->sla_measured(), 3u);
  EXPECT_EQ(fb->within_sla(), 1u);
  EXPECT_NEAR(fb->within_sla_pct(), 100.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(fb->first_response_median_h(), 2.25);  // mean of 2 and 2.5
  EXPECT_DOUBLE_EQ(fb->first_response_p90_h(), 2.5);
  const v1::ReportRow* wa = Row(rep->by_channel(), "whatsapp");
  ASSERT_NE(wa, nullptr);
  EXPECT_EQ(wa->tickets_in(), 2u);
  EXPECT_DOUBLE_EQ(wa->within_sla_pct(), 100.0);
  EXPECT_DOUBLE_EQ(wa->first_response_median_h(), 1.0);

  // Categories: "" (e), drainase (c), jalan (a, b, d).
  ASSERT_EQ(rep->by_category_size(), 3);
  EXPECT_EQ(rep->by_category(0).key(), "");
  EXPECT_EQ(rep->by_category(1).key(), "drainase");
  const v1::ReportRow& jalan = rep->by_category(2);
  EXPECT_EQ(jalan.tickets_in(), 3u);
  EXPECT_DOUBLE_EQ(jalan.first_response_median_h(), 1.5);  // [1, 2]
  EXPECT_DOUBLE_EQ(jalan.first_response_p90_h(), 2.0);
  EXPECT_EQ(jalan.breaches_by_level(1), 1u);

  EXPECT_EQ(rep->total().tickets_in(), 5u);
  EXPECT_EQ(rep->total().answered(), 3u);
  EXPECT_EQ(rep->total().within_sla(), 2u);
  EXPECT_EQ(rep->total().sla_measured(), 4u);
}

TEST_F(ReportTest, WorkingHoursFollowTheCalendar) {
  // Without the calendar (around the clock), a's first response is Friday 15:30 -> Tuesday 08:30.
  std::vector<store::ReportTicket> rows(1);
  rows[0].opd = "PUPR";
  rows[0].received_ms = Wib(2026, 11, 20, 15, 30);
  rows[0].first_responded_ms = Wib(2026, 11, 24, 8, 30);
  EXPECT_DOUBLE_EQ(BuildReport(rows, nullptr, 0, 1, 0).total().first_response_median_h(), 3 * 24 + 17);
  EXPECT_DOUBLE_EQ(BuildReport(rows, calendars_.get(), 0, 1, 0).total().first_response_median_h(), 2.0);
  // p90 by nearest rank over ten values 1..10 h: the 9th.
  rows.assign(10, rows[0]);
  for (int i = 0; i < 10; ++i) rows[i].first_responded_ms = rows[i].received_ms + (i + 1) * kH;
  auto total = BuildReport(rows, nullptr, 0, 1, 0).total();
  EXPECT_DOUBLE_EQ(total.first_response_median_h(), 5.5);
  EXPECT_DOUBLE_EQ(total.first_response_p90_h(), 9.0);
}

TEST_F(ReportTest, ScopedByActorAndOpds) {
  Fill();
  int64_t from = Wib(2026, 11, 16, 0, 0), to = Wib(2026, 11, 28, 0, 0);
  auto rep = Report(from, to, "kadis.pupr");
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  ASSERT_EQ(rep->by_opd_size(), 1);
  EXPECT_EQ(rep->by_opd(0).key(), "PUPR");
  EXPECT_EQ(rep->total().tickets_in(), 4u);
  auto denied = Report(from, to, "kadis.pupr", {"DLH"});
  EXPECT_EQ(denied.status().code(), v1::PERMISSION_DENIED);
  auto dlh = Report(from, to, "", {"DLH"});
  ASSERT_TRUE(dlh.ok());
  EXPECT_EQ(dlh->total().tickets_in(), 1u);
  EXPECT_EQ(Report(from, to, "nobody").status().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Report(to, from).status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(Report(from, from).status().code(), v1::INVALID_ARGUMENT);
  // An empty range of time: no rows, zeros.
  auto empty = Report(Wib(2025, 1, 1, 0, 0), Wib(2025, 1, 2, 0, 0));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->by_opd_size(), 0);
  EXPECT_EQ(empty->total().tickets_in(), 0u);
}

}  // namespace
}  // namespace aspirasi::api
