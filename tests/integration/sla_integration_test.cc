// SLA tracking against a real aspirasid on compressed time (--clock-scale 1800: an hour of
// ticket time is two real seconds): warnings, breaches and escalations in order, each exactly
// once, in the event log and in `aspirasi watch`; a kill -9 across a due instant (the missed
// escalations fire once after the restart, none twice); asking the citizen pauses the clocks and
// resolving stops them; alerts are listed and acknowledged; a bad [sla] section stops aspirasid
// with exit code 2 naming the key.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/drafts.h"

namespace aspirasi::testing {
namespace {

// Around the clock, so the test does not depend on the day of the week: warning at 30 min,
// breach at 1 h (level 1), level 2 at 2 h, level 3 at 3 h. Matches everything sent to PUPR.
constexpr const char* kPolicy = R"toml(
[[sla.policy]]
name = "uji"
opd = ["PUPR"]
mode = "clock"
first_response = "1h"
warn_at = [0.5]
escalation = [ { level = 1, after = "0m", role = "opd_supervisor" },
               { level = 2, after = "1h", role = "diskominfo" },
               { level = 3, after = "2h", role = "sekda" } ]
)toml";

// For tests that need DLH's alerts too: a warning at 30 min and a breach at 1 h.
constexpr const char* kDlhPolicy = R"toml(
[[sla.policy]]
name = "uji-dlh"
opd = ["DLH"]
mode = "clock"
first_response = "1h"
warn_at = [0.5]
escalation = [ { level = 1, after = "0m", role = "opd_supervisor" } ]
)toml";

constexpr int64_t kScale = 1800;

int64_t RealNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

v1::Submit Draft(const std::string& key, const std::string& opd = "PUPR") {
  return FacebookComment(key, opd);
}

std::vector<v1::Event> AllEvents(const std::string& api_endpoint) {
  ApiClient api(api_endpoint);
  std::vector<v1::Event> out;
  uint64_t after = 0;
  while (true) {
    auto page = api.ReadEvents(after, 5000);
    if (!page.ok() || page->events_size() == 0) break;
    for (const auto& e : page->events()) out.push_back(e);
    after = page->events(page->events_size() - 1).seq();
  }
  return out;
}

// "SLA_WARNING/0" ... for one ticket, in seq order.
std::vector<std::string> SlaOf(const std::vector<v1::Event>& events, uint64_t ticket) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (e.ticket_id() != ticket) continue;
    if (e.type() == v1::SLA_WARNING || e.type() == v1::SLA_BREACHED || e.type() == v1::SLA_ESCALATED) {
      out.push_back(v1::EventType_Name(e.type()) + "/" + std::to_string(e.level()));
    }
  }
  return out;
}

const std::vector<std::string> kAllStages = {"SLA_WARNING/0", "SLA_BREACHED/1", "SLA_ESCALATED/2",
                                             "SLA_ESCALATED/3"};

// Waits (generously) until `ticket` has `count` SLA events.
bool WaitForStages(const std::string& api_endpoint, uint64_t ticket, std::size_t count, int timeout_s = 60) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    if (SlaOf(AllEvents(api_endpoint), ticket).size() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t Occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// The lines of `text` that mention `what`.
std::string LinesWith(const std::string& text, const std::string& what) {
  std::stringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.find(what) != std::string::npos) out += line + "\n";
  }
  return out;
}

// Stops `aspirasi watch` once it printed the last stage of ticket `number` (or after 15 s), then
// checks that its log shows the warning, the breach and escalations 2 and 3 of the "uji" policy
// for that ticket exactly once each, in order, each with its alert's number.
void ExpectEachStageOnceInWatch(Process& watch, const std::string& watch_log, const std::string& number) {
  std::string out;
  for (int i = 0;
       i < 150 && Occurrences(out = LinesWith(ReadFile(watch_log), number), "ESKALASI level 3") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  watch.Terminate();
  out = LinesWith(ReadFile(watch_log), number);
  for (const std::string& line : {std::string("PERINGATAN"), std::string("ESKALASI level 3")}) {
    auto at = out.find(line);
    ASSERT_NE(at, std::string::npos) << out;
    auto start = out.rfind('\n', at);
    start = start == std::string::npos ? 0 : start + 1;
    EXPECT_EQ(out[start], '#') << "each alert line starts with its number: " << out;
  }
  EXPECT_EQ(Occurrences(out, "PERINGATAN"), 1u) << out;
  EXPECT_EQ(Occurrences(out, "LEWAT BATAS -> atasan OPD"), 1u) << out;
  EXPECT_EQ(Occurrences(out, "ESKALASI level 2 -> Diskominfo"), 1u) << out;
  EXPECT_EQ(Occurrences(out, "ESKALASI level 3 -> Sekda / Kepala Daerah"), 1u) << out;
  EXPECT_LT(out.find("PERINGATAN"), out.find("LEWAT BATAS")) << out;
  EXPECT_LT(out.find("LEWAT BATAS"), out.find("ESKALASI level 2")) << out;
  EXPECT_LT(out.find("ESKALASI level 2"), out.find("ESKALASI level 3")) << out;
}

class SlaIntegrationTest : public ::testing::Test {
 protected:
  void Start(BrokerFixture& broker, const std::string& more_policies = "") {
    broker.AppendConfig(kPolicy + more_policies);
    broker.SetExtraArgs(
        {"--clock-scale", std::to_string(kScale), "--clock-epoch-ms", std::to_string(epoch_)});
    ASSERT_TRUE(broker.Start()) << broker.error();
  }

  uint64_t Submit(const BrokerFixture& broker, const std::string& key, const std::string& opd = "PUPR") {
    IngestClient ingest(broker.endpoints().ingest);
    auto r = ingest.SubmitAll({Draft(key, opd)}, 30000, 1000);
    EXPECT_EQ(r.size(), 1u);
    EXPECT_TRUE(r[0].ok()) << r[0].status().ToString();
    return r[0].ok() ? r[0]->ticket_id() : 0;
  }

  int64_t epoch_ = RealNowMs();
};

TEST_F(SlaIntegrationTest, StagesInOrderOnceEachInEventsAndWatch) {
  BrokerFixture broker("sla-stages");
  Start(broker, kDlhPolicy);
  Process watch;
  std::string watch_log = (broker.dir() / "watch.log").string();
  ASSERT_TRUE(watch.Start(
      {CliBinary(), "--api", broker.endpoints().api, "--events", broker.endpoints().events, "watch", "--all"},
      watch_log));
  // An admin of another OPD watching everything they may see: none of PUPR's alerts.
  Process dlh_watch;
  std::string dlh_log = (broker.dir() / "watch-dlh.log").string();
  ASSERT_TRUE(dlh_watch.Start({CliBinary(), "--api", broker.endpoints().api, "--events",
                               broker.endpoints().events, "--as", "dewi.dlh", "watch", "--all"},
                              dlh_log));

  uint64_t late = Submit(broker, "sla:late");
  uint64_t asked = Submit(broker, "sla:asked");
  uint64_t resolved = Submit(broker, "sla:resolved");
  uint64_t dlh = Submit(broker, "sla:dlh", "DLH");
  ApiClient desk(broker.endpoints().api);
  desk.set_actor("budi.pupr");
  v1::DeskCommand ask;
  ask.set_action(v1::DESK_ASK);
  ask.set_ticket_id(asked);
  ask.set_text("Mohon kirim foto dan lokasi persisnya.");
  ASSERT_TRUE(desk.Desk(ask).ok());
  v1::DeskCommand resolve;
  resolve.set_action(v1::DESK_RESOLVE);
  resolve.set_ticket_id(resolved);
  resolve.set_text("Sudah diperbaiki oleh tim lapangan.");
  ASSERT_TRUE(desk.Desk(resolve).ok());

  // The ticket shows its real deadline (the policy's, not the provisional one).
  ApiClient api(broker.endpoints().api);
  auto t = api.GetTicket(late);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ticket().sla().policy(), "uji");
  EXPECT_EQ(t->ticket().sla().first_response_due_ms(), t->ticket().received_at_ms() + 3'600'000);

  ASSERT_TRUE(WaitForStages(broker.endpoints().api, late, 4)) << broker.Log();
  std::this_thread::sleep_for(std::chrono::seconds(1));  // ~30 min of ticket time more: nothing else
  auto events = AllEvents(broker.endpoints().api);
  EXPECT_EQ(SlaOf(events, late), kAllStages);
  // No responder runs here, so the question never reached the citizen: nothing was paused.
  EXPECT_EQ(SlaOf(events, asked), kAllStages);
  EXPECT_TRUE(SlaOf(events, resolved).empty());  // stopped
  int64_t previous_due = 0;
  for (const auto& e : events) {
    if (e.ticket_id() != late || e.type() < v1::SLA_WARNING || e.type() > v1::SLA_ESCALATED) continue;
    EXPECT_EQ(e.clock(), "first_response");
    EXPECT_GT(e.due_ms(), previous_due);
    EXPECT_GE(e.at_ms(), e.due_ms());
    previous_due = e.due_ms();
  }
  t = api.GetTicket(late);
  EXPECT_EQ(t->ticket().sla().escalation_level(), 3u);

  // aspirasi watch printed each once, in Bahasa Indonesia.
  ExpectEachStageOnceInWatch(watch, watch_log, t->ticket().number());
  // The DLH admin's watch ran and saw its own OPD's alerts (so the absence of PUPR's proves something).
  auto dlh_ticket = api.GetTicket(dlh);
  ASSERT_TRUE(dlh_ticket.ok());
  const std::string dlh_number = dlh_ticket->ticket().number();
  for (int i = 0; i < 600 && Occurrences(LinesWith(ReadFile(dlh_log), dlh_number), "LEWAT BATAS") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  dlh_watch.Terminate();
  const std::string dlh_out = ReadFile(dlh_log);
  EXPECT_EQ(Occurrences(LinesWith(dlh_out, dlh_number), "PERINGATAN"), 1u) << dlh_out;
  EXPECT_EQ(Occurrences(LinesWith(dlh_out, dlh_number), "LEWAT BATAS"), 1u) << dlh_out;
  for (uint64_t pupr : {late, asked, resolved}) {
    const std::string number = api.GetTicket(pupr)->ticket().number();
    EXPECT_EQ(Occurrences(dlh_out, number), 0u) << number << " (PUPR) reached the DLH admin:\n" << dlh_out;
  }
  // Watching an OPD one does not work for, or one that does not exist, is refused at once.
  std::string refused;
  EXPECT_EQ(RunCommand({CliBinary(), "--lang", "en", "--api", broker.endpoints().api, "--events",
                        broker.endpoints().events, "--as", "dewi.dlh", "watch", "--opd", "PUPR"},
                       &refused, 10000),
            1);
  EXPECT_NE(refused.find("dewi.dlh does not work for PUPR (PERMISSION_DENIED)"), std::string::npos)
      << refused;
  EXPECT_EQ(RunCommand({CliBinary(), "--api", broker.endpoints().api, "--events", broker.endpoints().events,
                        "watch", "--opd", "nope"},
                       &refused, 10000),
            1);
  EXPECT_NE(refused.find("Tidak ada OPD 'NOPE' dalam konfigurasi"), std::string::npos) << refused;

  // Alerts: eight open (the late and the asked ticket); the breach is the OPD supervisor's to
  // acknowledge, not another OPD's admin's.
  std::string cli_out;
  ASSERT_EQ(
      RunCommand({CliBinary(), "--api", broker.endpoints().api, "--as", "kadis.pupr", "alerts"}, &cli_out), 0)
      << cli_out;
  EXPECT_EQ(Occurrences(cli_out, "terbuka"), 8u) << cli_out;
  v1::Envelope list;
  list.mutable_list_alerts()->set_open_only(true);
  list.mutable_list_alerts()->add_opds("PUPR");
  auto alerts = api.Call(list);
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->alert_list().alerts_size(), 8);
  std::string id;
  for (const auto& a : alerts->alert_list().alerts()) {
    if (a.ticket_id() == late && a.level() == 1) id = std::to_string(a.id());
  }
  ASSERT_FALSE(id.empty());
  EXPECT_NE(
      RunCommand({CliBinary(), "--api", broker.endpoints().api, "--as", "dewi.dlh", "alerts", "ack", id},
                 &cli_out),
      0);
  ASSERT_EQ(RunCommand({CliBinary(), "--api", broker.endpoints().api, "--as", "kadis.pupr", "alerts", "ack",
                        id, "--note", "sudah ditegur"},
                       &cli_out),
            0)
      << cli_out;
  EXPECT_NE(cli_out.find("diterima oleh kadis.pupr"), std::string::npos) << cli_out;
  EXPECT_NE(
      RunCommand({CliBinary(), "--api", broker.endpoints().api, "--as", "kadis.pupr", "alerts", "ack", id},
                 &cli_out),
      0);  // already acknowledged
  EXPECT_EQ(api.Call(list)->alert_list().alerts_size(), 7);
  events = AllEvents(broker.endpoints().api);
  EXPECT_EQ(events.back().type(), v1::ALERT_ACKNOWLEDGED);
}

TEST_F(SlaIntegrationTest, KillDuringEscalationFiresMissedStagesOnce) {
  BrokerFixture broker("sla-kill");
  Start(broker);
  broker.PinEndpoints();
  // A supervisor's `aspirasi watch` stays up across the kill -9 and both restarts: it reconnects and
  // catches up by sequence, so it shows every stage once, the missed ones included.
  Process watch;
  std::string watch_log = (broker.dir() / "watch.log").string();
  ASSERT_TRUE(watch.Start(
      {CliBinary(), "--api", broker.endpoints().api, "--events", broker.endpoints().events, "watch", "--all"},
      watch_log));
  uint64_t id = Submit(broker, "sla:kill");
  ASSERT_TRUE(WaitForStages(broker.endpoints().api, id, 2)) << broker.Log();  // warning and breach
  broker.Kill9();
  // While it is down, levels 2 and 3 come due (at 2 h and 3 h of ticket time: 4 and 6 real s).
  std::this_thread::sleep_for(std::chrono::milliseconds(6500));
  ASSERT_TRUE(broker.Start()) << broker.error();
  ASSERT_TRUE(WaitForStages(broker.endpoints().api, id, 4, 30)) << broker.Log();
  // And once more through a clean restart: nothing fires twice.
  EXPECT_EQ(broker.Stop(), 0);
  ASSERT_TRUE(broker.Start()) << broker.error();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  auto events = AllEvents(broker.endpoints().api);
  EXPECT_EQ(SlaOf(events, id), kAllStages);
  // The escalations that were due while it was down fired after the restart, in order.
  for (const auto& e : events) {
    if (e.ticket_id() == id && e.type() == v1::SLA_ESCALATED) {
      EXPECT_GE(e.at_ms() - e.due_ms(), 30 * 60'000)
          << "level " << e.level() << " did not wait for the restart";
    }
  }
  ExpectEachStageOnceInWatch(watch, watch_log,
                             ApiClient(broker.endpoints().api).GetTicket(id)->ticket().number());
}

// Far more open tickets than SLA timers held in memory ([broker] sla_timers_in_memory = 64: the
// earliest 32 at a time, the rest read back from the store in order): every stage of every ticket
// fires once, in order, across a kill -9.
TEST_F(SlaIntegrationTest, AFewTimersInMemoryFireEveryStageOfManyTicketsOnce) {
  BrokerFixture broker("sla-window", "sla_timers_in_memory = 64");
  Start(broker);
  broker.PinEndpoints();
  IngestClient ingest(broker.endpoints().ingest);
  std::vector<v1::Submit> drafts;
  for (int i = 0; i < 300; ++i) drafts.push_back(Draft("sla:window:" + std::to_string(i)));
  std::vector<uint64_t> ids;
  for (auto& r : ingest.SubmitAll(drafts, 30000, 1000)) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ids.push_back(r->ticket_id());
  }
  ASSERT_TRUE(WaitForStages(broker.endpoints().api, ids.back(), 2)) << broker.Log();  // warnings, breaches
  broker.Kill9();
  ASSERT_TRUE(broker.Start()) << broker.error();
  std::vector<v1::Event> events;
  auto all_done = [&] {
    events = AllEvents(broker.endpoints().api);
    for (uint64_t id : ids) {
      if (SlaOf(events, id).size() < kAllStages.size()) return false;
    }
    return true;
  };
  for (int i = 0; i < 600 && !all_done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // nothing fires twice meanwhile
  events = AllEvents(broker.endpoints().api);
  for (uint64_t id : ids) ASSERT_EQ(SlaOf(events, id), kAllStages) << "ticket " << id;
  EXPECT_NE(broker.Log().find("the later ones wait in the store"), std::string::npos) << broker.Log();
}

// "YYYY-MM-DD" in WIB, `days` from the real today.
std::string WibDate(int days) {
  std::time_t t = static_cast<std::time_t>(RealNowMs() / 1000 + 7 * 3600 + days * 86400);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

// `aspirasi report --format csv` against the real broker: two PUPR tickets past every stage of
// the "uji" policy (answered state is covered by broker/api/report_test: replies need a platform),
// one DLH ticket on another channel not due yet; the actor's scope; bad arguments exit 2.
TEST_F(SlaIntegrationTest, ReportCsvCountsTicketsBreachesAndBacklog) {
  BrokerFixture broker("sla-report");
  Start(broker);
  uint64_t a = Submit(broker, "report:a");
  uint64_t b = Submit(broker, "report:b");
  {
    v1::Submit dlh = Draft("report:dlh");
    dlh.mutable_draft()->set_opd("DLH");
    dlh.mutable_draft()->set_channel("whatsapp");
    dlh.mutable_draft()->set_account("412093385561207");
    dlh.mutable_draft()->set_public_item(false);
    dlh.mutable_draft()->set_category("sampah");
    IngestClient ingest(broker.endpoints().ingest);
    auto r = ingest.SubmitAll({dlh}, 30000, 1000);
    ASSERT_EQ(r.size(), 1u);
    ASSERT_TRUE(r[0].ok()) << r[0].status().ToString();
  }
  ASSERT_TRUE(WaitForStages(broker.endpoints().api, a, 4)) << broker.Log();
  ASSERT_TRUE(WaitForStages(broker.endpoints().api, b, 4)) << broker.Log();

  const std::string api = broker.endpoints().api;
  std::string out;
  ASSERT_EQ(RunCommand({CliBinary(), "--lang", "en", "--api", api, "report", "--from", WibDate(-1), "--to",
                        WibDate(1), "--format", "csv"},
                       &out),
            0)
      << out;
  std::vector<std::string> lines = Lines(out);
  ASSERT_FALSE(lines.empty()) << out;
  EXPECT_EQ(
      lines[0],
      "section,key,tickets_in,answered,within_sla_pct,sla_measured,within_sla,first_response_median_h,"
      "first_response_p90_h,breaches_l1,breaches_l2,breaches_l3,backlog_lt_1d,backlog_1_3d,backlog_3_7d,"
      "backlog_gt_7d");
  auto has = [&](const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  // Both PUPR tickets late and unanswered (0 % of 2 measured), each with levels 1, 2 and 3; the DLH
  // ticket not due yet (left out of the percentage). All open, received less than a day ago.
  EXPECT_TRUE(has("opd,PUPR,2,0,0.00,2,0,,,2,2,2,2,0,0,0")) << out;
  EXPECT_TRUE(has("opd,DLH,1,0,,0,0,,,0,0,0,1,0,0,0")) << out;
  EXPECT_TRUE(has("channel,facebook,2,0,0.00,2,0,,,2,2,2,2,0,0,0")) << out;
  EXPECT_TRUE(has("channel,whatsapp,1,0,,0,0,,,0,0,0,1,0,0,0")) << out;
  EXPECT_TRUE(has("category,,2,0,0.00,2,0,,,2,2,2,2,0,0,0")) << out;
  EXPECT_TRUE(has("category,sampah,1,0,,0,0,,,0,0,0,1,0,0,0")) << out;
  EXPECT_TRUE(has("total,,3,0,0.00,2,0,,,2,2,2,3,0,0,0")) << out;
  EXPECT_EQ(lines.size(), 8u) << out;

  // A PUPR supervisor sees PUPR only; naming DLH is refused (exit 1, PERMISSION_DENIED).
  ASSERT_EQ(RunCommand({CliBinary(), "--api", api, "--as", "kadis.pupr", "report", "--from", WibDate(-1),
                        "--to", WibDate(1), "--format", "csv"},
                       &out),
            0)
      << out;
  EXPECT_EQ(out.find("opd,DLH"), std::string::npos) << out;
  EXPECT_NE(out.find("jumlah,,2,"), std::string::npos) << out;  // Indonesian by default
  EXPECT_EQ(out.rfind("bagian,kunci,masuk,dijawab,", 0), 0u) << out;
  EXPECT_EQ(RunCommand({CliBinary(), "--api", api, "--as", "kadis.pupr", "report", "--from", WibDate(-1),
                        "--to", WibDate(1), "--opd", "DLH"},
                       &out),
            1)
      << out;
  EXPECT_NE(out.find("PERMISSION_DENIED"), std::string::npos) << out;

  // The table: the three sections, in Bahasa Indonesia. JSON: the proto.
  ASSERT_EQ(RunCommand({CliBinary(), "--api", api, "report", "--from", WibDate(0), "--to", WibDate(0)}, &out),
            0)
      << out;
  for (const char* want :
       {"Per OPD", "Per kanal", "Per kategori", "Tepat waktu %", "Median respons (jam kerja)",
        "Lewat batas L1/L2/L3", "Antrean <1/1-3/3-7/>7 hari", "Jumlah"}) {
    EXPECT_NE(out.find(want), std::string::npos) << want << "\n" << out;
  }
  ASSERT_EQ(RunCommand({CliBinary(), "--api", api, "report", "--from", WibDate(-1), "--to", WibDate(1),
                        "--format", "json"},
                       &out),
            0)
      << out;
  EXPECT_NE(out.find("\"byOpd\""), std::string::npos) << out;

  // A range before the tickets: no rows but the total.
  ASSERT_EQ(RunCommand({CliBinary(), "--api", api, "report", "--from", "2020-01-01", "--to", "2020-01-31",
                        "--format", "csv"},
                       &out),
            0)
      << out;
  EXPECT_EQ(Lines(out).size(), 2u) << out;

  // Bad arguments: exit 2 with the reason.
  struct Bad {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Bad& bad : std::vector<Bad>{
           {{"--from", "2026-02-30", "--to", "2026-03-01"}, "--from '2026-02-30' is not a date"},
           {{"--from", "1/2/2026", "--to", "2026-03-01"}, "use YYYY-MM-DD"},
           {{"--from", "2026-03-02", "--to", "2026-03-01"}, "--from 2026-03-02 is after --to 2026-03-01"},
           {{"--from", "2026-03-01", "--to", "2026-03-01", "--format", "xlsx"}, "--format 'xlsx' is unknown"},
           {{"--to", "2026-03-01"}, "--from is required"},
       }) {
    std::vector<std::string> argv = {CliBinary(), "--lang", "en", "--api", api, "report"};
    argv.insert(argv.end(), bad.args.begin(), bad.args.end());
    EXPECT_EQ(RunCommand(argv, &out), 2) << out;
    EXPECT_NE(out.find(bad.message), std::string::npos) << out;
  }
}

TEST_F(SlaIntegrationTest, BadSlaSectionExitsWithTheKey) {
  BrokerFixture broker("sla-config");
  broker.AppendConfig("[[sla.policy]]\nname = \"x\"\nfirst_response = \"1x\"\n");
  std::string out;
  EXPECT_EQ(RunCommand({BrokerBinary(), "--config", broker.config_path(), "--check"}, &out), 2) << out;
  EXPECT_NE(out.find("sla.policy[0].first_response"), std::string::npos) << out;
}

}  // namespace
}  // namespace aspirasi::testing
