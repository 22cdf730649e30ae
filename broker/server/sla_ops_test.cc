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
[[admin]]
id = "kominfo.supervisor"
name = "Kepala Diskominfo"
role = "supervisor"
opds = ["*"]
escalation_roles = ["diskominfo"]
)toml";

constexpr int64_t kT0 = 1'790'000'000'000;
constexpr int64_t kMin = 60'000;

class SlaOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(""); }

  // A fresh store and ops for kConfig with `extra` TOML appended (e.g. another [sla.default_policy]
  // key: the replacements below).
  void Open(const std::string& replace_policy) {
    dir_ = std::filesystem::temp_directory_path() /
           ("aspirasi-sla-ops-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ops_.reset();
    replies_.reset();
    reader_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::string toml = kConfig;
    if (!replace_policy.empty()) {
      const std::string anchor = "warn_at = [0.5]\n";
      toml.insert(toml.find(anchor) + anchor.size(), replace_policy + "\n");
    }
    auto c = ParseConfig(toml, (dir_ / "t.toml").string());
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
          ASSERT_TRUE(replies_->Sending({reply_id, 1, "w", 7, now}).status.ok());
          v1::ReplyResult r;
          r.set_reply_id(reply_id);
          r.set_outcome(v1::EGRESS_SENT);
          ASSERT_TRUE(replies_->Result({r, "w", 7, false, now}).status.ok());
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

// A question pauses the clocks only once the platform has accepted it: until then the ticket is
// worked on like any other, and its deadlines stand.
TEST_F(SlaOpsTest, AskPausesOnlyOnceThePlatformHasIt) {
  uint64_t id = Create(kT0);
  uint64_t ask = Desk(id, v1::DESK_ASK, kT0 + 10 * kMin);
  auto t = reader_->GetTicket(id, "");
  EXPECT_EQ(t->status(), v1::IN_PROGRESS);
  EXPECT_EQ(t->sla().paused_at_ms(), 0);
  ASSERT_EQ(reader_->LoadSlaTimers()->size(), 1u);
  EXPECT_EQ((*reader_->LoadSlaTimers())[0].next_ms, kT0 + 30 * kMin);  // the warning still stands

  auto events = Post(ask, kT0 + 15 * kMin);
  std::vector<v1::EventType> types;
  for (const auto& e : events) types.push_back(e.type());
  EXPECT_EQ(types, (std::vector<v1::EventType>{v1::REPLY_POSTED, v1::TICKET_WAITING})) << events.size();
  t = reader_->GetTicket(id, "");
  EXPECT_EQ(t->status(), v1::WAITING_CITIZEN);
  EXPECT_EQ(t->sla().paused_at_ms(), kT0 + 15 * kMin);
  // Only the waiting limit is pending now (10 working days by default); no stage fires meanwhile.
  ASSERT_EQ(reader_->LoadSlaTimers()->size(), 1u);
  EXPECT_EQ((*reader_->LoadSlaTimers())[0].next_ms, t->sla().waiting_until_ms());
  EXPECT_GT(t->sla().waiting_until_ms(), kT0 + 10 * 24 * 60 * kMin);
  EXPECT_TRUE(Sla(Fire(id, kT0 + 500 * kMin)).empty());
}

// The question failed (the WhatsApp window had closed, 131047): nothing was paused, the warning
// fires on time, and the failure is an open alert for the OPD's desk that marks the ticket.
TEST_F(SlaOpsTest, AFailedQuestionPausesNothing) {
  uint64_t id = Create(kT0);
  uint64_t ask = Desk(id, v1::DESK_ASK, kT0 + 10 * kMin);
  auto events = Batch(
      [&] {
        ASSERT_TRUE(replies_->Sending({ask, 1, "w", 7, kT0 + 11 * kMin}).status.ok());
        v1::ReplyResult r;
        r.set_reply_id(ask);
        r.set_outcome(v1::EGRESS_PERMANENT);
        r.set_platform_code("131047");
        r.set_reason("(#131047) Re-engagement message");
        ASSERT_TRUE(replies_->Result({r, "w", 7, false, kT0 + 11 * kMin}).status.ok());
      },
      {}, kT0 + 11 * kMin);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type(), v1::REPLY_REJECTED);
  EXPECT_NE(events[0].alert_id(), 0u);
  EXPECT_NE(events[0].detail().find("clocks keep running"), std::string::npos) << events[0].detail();
  auto t = reader_->GetTicket(id, "");
  EXPECT_EQ(t->status(), v1::IN_PROGRESS);
  EXPECT_EQ(t->sla().paused_at_ms(), 0);
  EXPECT_EQ(t->attention_reply_id(), ask);
  v1::ListAlerts open;
  open.set_open_only(true);
  auto alerts = reader_->ListAlerts(open);
  ASSERT_EQ(alerts->alerts_size(), 1);
  EXPECT_EQ(alerts->alerts(0).id(), events[0].alert_id());
  EXPECT_EQ(alerts->alerts(0).type(), v1::REPLY_REJECTED);
  EXPECT_EQ(alerts->alerts(0).reply_id(), ask);
  EXPECT_EQ(alerts->alerts(0).role(), "");
  // The clock kept running: the warning fires at 30 minutes.
  EXPECT_EQ(Sla(Fire(id, kT0 + 30 * kMin)), std::vector<std::string>{"SLA_WARNING/0/first_response"});
  // The desk's admin acknowledges the failed reply: the mark goes.
  AckAlertResult r;
  Batch(
      [&] {
        r = ops_->Ack({[&] {
                         v1::AckAlert a;
                         a.set_alert_id(events[0].alert_id());
                         return a;
                       }(),
                       "budi.pupr", kT0 + 31 * kMin});
      },
      {}, kT0 + 31 * kMin);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(reader_->GetTicket(id, "")->attention_reply_id(), 0u);
}

TEST_F(SlaOpsTest, AnUncertainReplyConfirmedLaterClosesItsAlert) {
  uint64_t id = Create(kT0);
  uint64_t reply = Desk(id, v1::DESK_REPLY, kT0 + 10 * kMin);
  Batch(
      [&] {
        ASSERT_TRUE(replies_->Sending({reply, 1, "w", 7, kT0 + 11 * kMin}).status.ok());
      },
      {}, kT0 + 11 * kMin);
  auto uncertain = Batch(
      [&] {
        ASSERT_TRUE(replies_->Uncertain({reply, 7, "responder_stopped", kT0 + 12 * kMin}).status.ok());
      },
      {}, kT0 + 12 * kMin);
  ASSERT_EQ(uncertain.size(), 1u);
  EXPECT_EQ(uncertain[0].type(), v1::REPLY_UNCERTAIN);
  EXPECT_EQ(reader_->GetTicket(id, "")->attention_reply_id(), reply);
  EXPECT_EQ(reader_->GetTicket(id, "")->status(), v1::IN_PROGRESS);  // not answered as far as we know
  // The responder's result arrives after all: the platform has it.
  Batch(
      [&] {
        v1::ReplyResult r;
        r.set_reply_id(reply);
        r.set_outcome(v1::EGRESS_SENT);
        ASSERT_TRUE(replies_->Result({r, "w", 7, false, kT0 + 13 * kMin}).status.ok());
      },
      {}, kT0 + 13 * kMin);
  auto t = reader_->GetTicket(id, "");
  EXPECT_EQ(t->attention_reply_id(), 0u);
  EXPECT_EQ(t->status(), v1::RESPONDED);
  v1::ListAlerts all;
  auto alerts = reader_->ListAlerts(all);
  ASSERT_EQ(alerts->alerts_size(), 1);
  EXPECT_EQ(alerts->alerts(0).closed_reason(), "reply_confirmed");
}

TEST_F(SlaOpsTest, AlertsCloseThemselvesWhenTheTicketNoLongerNeedsThem) {
  uint64_t id = Create(kT0);
  Fire(id, kT0 + 30 * kMin);  // warning
  Fire(id, kT0 + 60 * kMin);  // breach (level 1 -> opd_supervisor)
  v1::ListAlerts open;
  open.set_open_only(true);
  ASSERT_EQ(reader_->ListAlerts(open)->alerts_size(), 2);
  uint64_t reply = Desk(id, v1::DESK_REPLY, kT0 + 70 * kMin);
  EXPECT_EQ(reader_->ListAlerts(open)->alerts_size(), 2);  // queued is not answered
  auto events = Post(reply, kT0 + 75 * kMin);
  int closed = 0;
  for (const auto& e : events) {
    if (e.type() != v1::ALERT_CLOSED) continue;
    ++closed;
    EXPECT_NE(e.alert_id(), 0u);
    EXPECT_EQ(e.text().key(), "event.alert_closed");
  }
  EXPECT_EQ(closed, 2);
  EXPECT_EQ(reader_->ListAlerts(open)->alerts_size(), 0);
  auto all = reader_->ListAlerts({});
  ASSERT_EQ(all->alerts_size(), 2);
  for (const auto& a : all->alerts()) {
    EXPECT_EQ(a.closed_reason(), "answered");
    EXPECT_EQ(a.closed_ms(), kT0 + 75 * kMin);
  }
  // A closed alert cannot be acknowledged.
  AckAlertResult r;
  Batch(
      [&] {
        v1::AckAlert a;
        a.set_alert_id(all->alerts(0).id());
        r = ops_->Ack({a, "kadis.pupr", kT0 + 80 * kMin});
      },
      {}, kT0 + 80 * kMin);
  EXPECT_EQ(r.status.code(), v1::CONFLICT);
}

TEST_F(SlaOpsTest, ResolvingClosesEveryAlert) {
  uint64_t id = Create(kT0);
  Fire(id, kT0 + 30 * kMin);
  Desk(id, v1::DESK_RESOLVE, kT0 + 40 * kMin);
  v1::ListAlerts open;
  open.set_open_only(true);
  EXPECT_EQ(reader_->ListAlerts(open)->alerts_size(), 0);
  EXPECT_EQ(reader_->ListAlerts({})->alerts(0).closed_reason(), "resolved");
}

// Each level is for its recipients: the warning for the OPD's desk, the breach (level 1) for the
// OPD's supervisor, level 2 for Diskominfo. Nobody else may acknowledge it.
TEST_F(SlaOpsTest, OnlyTheRecipientsOfALevelAcknowledgeIt) {
  uint64_t id = Create(kT0);
  Fire(id, kT0 + 30 * kMin);
  Fire(id, kT0 + 60 * kMin);
  Fire(id, kT0 + 120 * kMin);
  auto all = reader_->ListAlerts({});
  ASSERT_EQ(all->alerts_size(), 3);
  uint64_t level2 = all->alerts(0).id(), level1 = all->alerts(1).id(), warning = all->alerts(2).id();
  EXPECT_EQ(all->alerts(0).role(), "diskominfo");
  EXPECT_EQ(all->alerts(1).role(), "opd_supervisor");
  EXPECT_EQ(all->alerts(2).role(), "");
  auto ack = [&](uint64_t alert, const std::string& who) {
    AckAlertResult r;
    Batch(
        [&] {
          v1::AckAlert a;
          a.set_alert_id(alert);
          r = ops_->Ack({a, who, kT0 + 130 * kMin});
        },
        {}, kT0 + 130 * kMin);
    return r.status;
  };
  EXPECT_EQ(ack(level1, "budi.pupr").code(), v1::PERMISSION_DENIED);  // an admin, not the Kepala Dinas
  EXPECT_NE(ack(level1, "budi.pupr").message().find("kadis.pupr"), std::string::npos);
  EXPECT_EQ(ack(level2, "kadis.pupr").code(), v1::PERMISSION_DENIED);  // level 2 is Diskominfo's
  EXPECT_EQ(ack(level1, "kominfo.supervisor").code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(ack(level1, "ani.kominfo").code(), v1::NOT_FOUND);  // another OPD's: nothing learned
  EXPECT_TRUE(ack(level1, "kadis.pupr").ok());
  EXPECT_TRUE(ack(level2, "kominfo.supervisor").ok());
  EXPECT_TRUE(ack(warning, "budi.pupr").ok());  // the desk's own
  // "Mine": what each may acknowledge.
  v1::ListAlerts mine;
  mine.set_open_only(false);
  const std::vector<std::string> kadis = {"opd_supervisor"};
  auto list = reader_->ListAlerts(mine, &kadis);
  ASSERT_EQ(list->alerts_size(), 2);  // the breach and the warning
}

// The event that announced an alert carries the alert's own number (the one `alerts ack` takes).
TEST_F(SlaOpsTest, EventsCarryTheAlertNumber) {
  uint64_t id = Create(kT0);
  auto events = Fire(id, kT0 + 30 * kMin);
  ASSERT_EQ(events.size(), 1u);
  auto alerts = reader_->ListAlerts({});
  ASSERT_EQ(alerts->alerts_size(), 1);
  EXPECT_EQ(events[0].alert_id(), alerts->alerts(0).id());
  EXPECT_NE(events[0].alert_id(), events[0].seq());
  EXPECT_EQ(alerts->alerts(0).event_seq(), events[0].seq());
}

TEST_F(SlaOpsTest, AnUnansweredQuestionClosesTheTicketAfterTheWaitingLimit) {
  Open("waiting_limit = { within = \"2h\", mode = \"clock\" }");
  uint64_t id = Create(kT0);
  Post(Desk(id, v1::DESK_ASK, kT0 + 10 * kMin), kT0 + 20 * kMin);
  auto t = reader_->GetTicket(id, "");
  ASSERT_EQ(t->status(), v1::WAITING_CITIZEN);
  EXPECT_EQ(t->sla().waiting_until_ms(), kT0 + 140 * kMin);
  EXPECT_EQ((*reader_->LoadSlaTimers())[0].next_ms, kT0 + 140 * kMin);
  EXPECT_TRUE(Fire(id, kT0 + 139 * kMin).empty());
  auto events = Fire(id, kT0 + 140 * kMin);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].type(), v1::WAIT_EXPIRED);
  t = reader_->GetTicket(id, "");
  EXPECT_EQ(t->status(), v1::RESOLVED);
  EXPECT_EQ(t->resolution_code(), "no_answer_from_citizen");
  EXPECT_EQ(t->resolved_at_ms(), kT0 + 140 * kMin);
  EXPECT_TRUE(reader_->LoadSlaTimers()->empty());
}

TEST_F(SlaOpsTest, OrPutsItBackInTheQueueWithItsClocksRunning) {
  Open(
      "waiting_limit = { within = \"2h\", mode = \"clock\" }\non_waiting_limit = \"requeue\"\nresolution = { "
      "within = \"10h\", mode = \"clock\" }");
  uint64_t id = Create(kT0);
  Post(Desk(id, v1::DESK_ASK, kT0 + 10 * kMin), kT0 + 20 * kMin);
  auto events = Fire(id, kT0 + 140 * kMin);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].type(), v1::WAIT_EXPIRED);
  auto t = reader_->GetTicket(id, "");
  EXPECT_EQ(t->status(), v1::OPEN);
  EXPECT_EQ(t->sla().paused_at_ms(), 0);
  // The resolution clock runs again: 20 minutes were used before the pause, 9h40m are left.
  EXPECT_EQ(t->sla().resolution_due_ms(), kT0 + 140 * kMin + 580 * kMin);
}

// The holiday files must reach past this year and the next, counted in the tenant's zone.
TEST(HolidayCoverage, WarnsWhileNextYearHasNoFileAndSaysWhenTheFilesRunOut) {
  SlaSetup setup;
  setup.has_holidays = true;
  setup.holiday_years = {2025, 2026};
  setup.utc_offset_min = 7 * 60;
  const int64_t dec_2026 = 1'796'601'600'000;      // 2026-12-07T00:00:00Z
  const int64_t new_year_wib = 1'798'736'400'000;  // 2027-01-01T00:00:00+07:00 = 2026-12-31T17:00:00Z
  auto c = HolidaysCoverage(setup, "/etc/aspirasi/calendars", dec_2026);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->year, 2026);
  EXPECT_EQ(c->through, 2026);
  EXPECT_EQ(c->until_ms, new_year_wib);
  EXPECT_NE(c->warning.find("no file for 2027"), std::string::npos) << c->warning;
  EXPECT_NE(c->warning.find("/etc/aspirasi/calendars"), std::string::npos) << c->warning;

  // Half an hour into 2027 in Jakarta (still 2026 in UTC): this year is the one missing.
  c = HolidaysCoverage(setup, "calendars", new_year_wib + 30 * 60'000);
  EXPECT_EQ(c->year, 2027);
  EXPECT_EQ(c->through, 2026);
  EXPECT_FALSE(c->warning.empty());
  // In WIT (UTC+9) the year turns two hours earlier.
  setup.utc_offset_min = 9 * 60;
  c = HolidaysCoverage(setup, "calendars", new_year_wib - 90 * 60'000);
  EXPECT_EQ(c->year, 2027);
  EXPECT_EQ(c->until_ms, new_year_wib - 2 * 3'600'000);

  // A year earlier both are covered: nothing to say.
  setup.utc_offset_min = 7 * 60;
  c = HolidaysCoverage(setup, "calendars", dec_2026 - 365LL * 86'400'000);
  EXPECT_EQ(c->year, 2025);
  EXPECT_TRUE(c->warning.empty()) << c->warning;

  // No holidays_dir: the operator chose none; nothing to cover.
  setup.has_holidays = false;
  EXPECT_FALSE(HolidaysCoverage(setup, "", dec_2026).has_value());
}

}  // namespace
}  // namespace aspirasi::server
