// SlaOps against a real SQLite store: clocks started by a created ticket, stages fired once each,
// a posted reply stops the first-response clock (the automatic acknowledgement does not), asking
// the citizen pauses, alerts are stored and acknowledged.
#include "broker/server/sla_ops.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "broker/server/reply_ops.h"

namespace aspirasi::server {
namespace {

constexpr const char* kConfig = R"toml(
[tenant]
id = "nusa-harapan"
name = "Kabupaten Nusa Harapan"
ticket_prefix = "NH"
triage_opd = "DISKOMINFO"

[desk]
auto_ack = true

[sla.default_policy]
first_response = { within = "1h", mode = "clock" }
warn_at = [0.5]
escalation = [ { level = 1, after = "0m", role = "opd_supervisor" },
               { level = 2, after = "1h", role = "diskominfo" },
               { level = 3, after = "2h", role = "sekda" } ]

[[opd]]
code = "DISKOMINFO"
name = "Dinas Komunikasi dan Informatika"
[[opd]]
code = "PUPR"
name = "Dinas Pekerjaan Umum dan Penataan Ruang"

[[admin]]
id = "budi.pupr"
name = "Budi Santoso"
opds = ["PUPR"]
[[admin]]
id = "kadis.pupr"
name = "Ir. Hendra"
role = "supervisor"
opds = ["PUPR"]
[[admin]]
id = "ani.kominfo"
name = "Ani"
opds = ["DISKOMINFO"]
)toml";

constexpr int64_t kT0 = 1'790'000'000'000;
constexpr int64_t kMin = 60'000;

class SlaOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("aspirasi-sla-ops-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto c = ParseConfig(kConfig, (dir_ / "t.toml").string());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    config_ = std::move(c).value();
    auto setup = LoadSlaSetup(config_);
    ASSERT_TRUE(setup.ok()) << setup.status().ToString();
    setup_ = *setup;
    auto s = store::OpenSqliteStore({(dir_ / "t.db").string(), "nusa-harapan", "NH", 7});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    auto r = store::OpenSqliteReader((dir_ / "t.db").string());
    ASSERT_TRUE(r.ok());
    reader_ = std::move(r).value();
    ops_ = std::make_unique<SlaOps>(config_, setup_, *store_);
    replies_ = std::make_unique<ReplyOps>(config_, *store_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `body` in a transaction followed by SlaOps::Process, as the writer does; returns the
  // batch's events.
  std::vector<v1::Event> Batch(const std::function<void()>& body, std::vector<uint64_t> fire, int64_t now,
                               std::vector<SlaNext>* next = nullptr) {
    EXPECT_TRUE(store_->Begin().ok());
    if (body) body();
    std::vector<SlaNext> n;
    Status s = ops_->Process(fire, now, &n);
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_TRUE(store_->Commit().ok());
    if (next) *next = n;
    return store_->events();
  }

  uint64_t Create(int64_t now) {
    uint64_t id = 0;
    Batch(
        [&] {
          store::SubmitOp op;
          op.submit.set_idempotency_key("facebook:comment:" + std::to_string(now));
          op.submit.set_action(v1::CREATE);
          op.submit.mutable_draft()->set_channel("facebook");
          op.submit.mutable_draft()->set_text("jalan rusak di desa");
          op.opd = "PUPR";
          op.now_ms = now;
          op.actor = "ingest";
          auto r = store_->ApplySubmit(op);
          ASSERT_TRUE(r.status.ok()) << r.status.ToString();
          id = r.ack.ticket_id();
          auto ack = replies_->AutoAck(*r.ticket, now);  // queued, then posted below
          ASSERT_TRUE(ack.status.ok()) << ack.status.ToString();
          auto_ack_reply_ = ack.desk.reply_id();
        },
        {}, now);
    return id;
  }

  // Posts reply `reply_id` (Sending then SENT), as the responder would.
  std::vector<v1::Event> Post(uint64_t reply_id, int64_t now) {
    return Batch(
        [&] {
          ASSERT_TRUE(replies_->Sending({reply_id, 1, "w", now}).status.ok());
          v1::ReplyResult r;
          r.set_reply_id(reply_id);
          r.set_outcome(v1::EGRESS_SENT);
          ASSERT_TRUE(replies_->Result({r, "w", now}).status.ok());
        },
        {}, now);
  }

  uint64_t Desk(uint64_t id, v1::DeskAction action, int64_t now) {
    uint64_t reply = 0;
    Batch(
        [&] {
          DeskOp op;
          op.command.set_action(action);
          op.command.set_ticket_id(id);
          op.command.set_text("Mohon kirim lokasi persisnya.");
          op.actor = "budi.pupr";
          op.now_ms = now;
          auto r = replies_->Desk(op);
          ASSERT_TRUE(r.status.ok()) << r.status.ToString();
          reply = r.desk.reply_id();
        },
        {}, now);
    return reply;
  }

  std::vector<v1::Event> Fire(uint64_t id, int64_t now, std::vector<SlaNext>* next = nullptr) {
    return Batch(nullptr, {id}, now, next);
  }

  static std::vector<std::string> Sla(const std::vector<v1::Event>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) {
      if (e.type() == v1::SLA_WARNING || e.type() == v1::SLA_BREACHED || e.type() == v1::SLA_ESCALATED) {
        out.push_back(v1::EventType_Name(e.type()) + "/" + std::to_string(e.level()) + "/" + e.clock());
      }
    }
    return out;
  }

  std::filesystem::path dir_;
  Config config_;
  std::shared_ptr<const SlaSetup> setup_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::StoreReader> reader_;
  std::unique_ptr<SlaOps> ops_;
  std::unique_ptr<ReplyOps> replies_;
  uint64_t auto_ack_reply_ = 0;
};

TEST_F(SlaOpsTest, EncodingRoundTrips) {
  sla::TicketSla s;
  s.anchor_ms = {kT0, -5, 0};
  s.consumed_ms = {1, 2, 3};
  s.phase = {sla::ClockPhase::kRunning, sla::ClockPhase::kPaused, sla::ClockPhase::kStopped};
  s.fired = {1, 0, 7};
  s.policy = 513;
  std::string bytes = EncodeSla(s);
  EXPECT_EQ(bytes.size(), 57u);
  sla::TicketSla back;
  ASSERT_TRUE(DecodeSla(bytes, &back));
  EXPECT_EQ(back.anchor_ms, s.anchor_ms);
  EXPECT_EQ(back.consumed_ms, s.consumed_ms);
  EXPECT_EQ(back.phase, s.phase);
  EXPECT_EQ(back.fired, s.fired);
  EXPECT_EQ(back.policy, s.policy);
  EXPECT_FALSE(DecodeSla("", &back));
  EXPECT_FALSE(DecodeSla(bytes.substr(1), &back));
}

TEST_F(SlaOpsTest, StagesFireInOrderOnceEach) {
  uint64_t id = Create(kT0);
  auto t = reader_->GetTicket(id, "");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->sla().first_response_due_ms(), kT0 + 60 * kMin);
  auto timers = reader_->LoadSlaTimers();
  ASSERT_TRUE(timers.ok());
  ASSERT_EQ(timers->size(), 1u);
  EXPECT_EQ((*timers)[0].next_ms, kT0 + 30 * kMin);  // the warning at 50%

  // The automatic acknowledgement is posted: not a response.
  EXPECT_TRUE(Sla(Post(auto_ack_reply_, kT0 + 1 * kMin)).empty());

  std::vector<SlaNext> next;
  EXPECT_TRUE(Sla(Fire(id, kT0 + 29 * kMin, &next)).empty());  // early: nothing
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].next_ms, kT0 + 30 * kMin);
  EXPECT_TRUE(next[0].fired);
  EXPECT_EQ(Sla(Fire(id, kT0 + 30 * kMin, &next)), std::vector<std::string>{"SLA_WARNING/0/first_response"});
  EXPECT_EQ(next[0].next_ms, kT0 + 60 * kMin);
  EXPECT_TRUE(Sla(Fire(id, kT0 + 30 * kMin)).empty());  // again: none twice
  EXPECT_EQ(Sla(Fire(id, kT0 + 60 * kMin)), std::vector<std::string>{"SLA_BREACHED/1/first_response"});
  // Late (the broker was down): both escalations at once, in order.
  auto late = Fire(id, kT0 + 200 * kMin, &next);
  EXPECT_EQ(Sla(late),
            (std::vector<std::string>{"SLA_ESCALATED/2/first_response", "SLA_ESCALATED/3/first_response"}));
  EXPECT_EQ(late[0].due_ms(), kT0 + 120 * kMin);
  EXPECT_EQ(next[0].next_ms, 0);  // nothing more pending
  EXPECT_TRUE(Sla(Fire(id, kT0 + 300 * kMin)).empty());
  t = reader_->GetTicket(id, "");
  EXPECT_EQ(t->sla().escalation_level(), 3u);

  v1::ListAlerts q;
  auto alerts = reader_->ListAlerts(q);
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->alerts_size(), 4);
  EXPECT_EQ(alerts->alerts(0).level(), 3u);  // newest first
  EXPECT_EQ(alerts->alerts(3).type(), v1::SLA_WARNING);
  EXPECT_EQ(alerts->alerts(3).ticket_number(), t->number());
  q.set_level_min(2);
  EXPECT_EQ(reader_->ListAlerts(q)->alerts_size(), 2);
  EXPECT_TRUE(reader_->LoadSlaTimers()->empty());
}

TEST_F(SlaOpsTest, ReplyStopsFirstResponse) {
  uint64_t id = Create(kT0);
  uint64_t reply = Desk(id, v1::DESK_REPLY, kT0 + 10 * kMin);
  EXPECT_TRUE(Sla(Post(reply, kT0 + 20 * kMin)).empty());
  EXPECT_TRUE(reader_->LoadSlaTimers()->empty());  // only first response is tracked
  EXPECT_TRUE(Sla(Fire(id, kT0 + 500 * kMin)).empty());
  EXPECT_EQ(reader_->ListAlerts({})->alerts_size(), 0);
}

TEST_F(SlaOpsTest, AskPausesUntilTheCitizenWrites) {
  uint64_t id = Create(kT0);
  Desk(id, v1::DESK_ASK, kT0 + 10 * kMin);  // asking is not posted yet, and pauses the clock
  EXPECT_TRUE(reader_->LoadSlaTimers()->empty());
  EXPECT_TRUE(Sla(Fire(id, kT0 + 500 * kMin)).empty());
}

TEST_F(SlaOpsTest, ResolveStopsEverything) {
  uint64_t id = Create(kT0);
  Desk(id, v1::DESK_RESOLVE, kT0 + 40 * kMin);
  EXPECT_TRUE(reader_->LoadSlaTimers()->empty());
  EXPECT_TRUE(Sla(Fire(id, kT0 + 500 * kMin)).empty());
}

TEST_F(SlaOpsTest, AckAlert) {
  uint64_t id = Create(kT0);
  Fire(id, kT0 + 30 * kMin);
  auto alerts = reader_->ListAlerts({});
  ASSERT_EQ(alerts->alerts_size(), 1);
  uint64_t alert = alerts->alerts(0).id();
  auto ack = [&](const std::string& actor) {
    AckAlertResult r;
    Batch(
        [&] {
          AckAlertOp op;
          op.command.set_alert_id(alert);
          op.command.set_note("sudah ditindaklanjuti");
          op.actor = actor;
          op.now_ms = kT0 + 31 * kMin;
          r = ops_->Ack(op);
        },
        {}, kT0 + 31 * kMin);
    return r;
  };
  EXPECT_EQ(ack("ani.kominfo").status.code(), v1::NOT_FOUND);  // another OPD's alert
  auto r = ack("kadis.pupr");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.alert.acked_by(), "kadis.pupr");
  EXPECT_EQ(ack("budi.pupr").status.code(), v1::CONFLICT);
  v1::ListAlerts open;
  open.set_open_only(true);
  EXPECT_EQ(reader_->ListAlerts(open)->alerts_size(), 0);
  auto events = reader_->TicketEvents(id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->back().type(), v1::ALERT_ACKNOWLEDGED);
}

}  // namespace
}  // namespace aspirasi::server
