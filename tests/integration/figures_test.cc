// Figures a supervisor can trust (issue 10), over real processes: aspirasid, aspirasi-responder
// posting to a local fake platform, and the `aspirasi` CLI as people use it. Each test was a
// defect reproduced on the earlier main:
//   * a question that never reached the citizen paused the ticket's clocks;
//   * a blank reply was posted and counted, the same reply could go twice;
//   * `watch` showed event numbers that `alerts ack` took as alert numbers, anyone could acknowledge
//     any level, alerts stayed open after the ticket was resolved, failed replies were no alert;
//   * submits with unknown channels and accounts became tickets; "segera" in lower case, a JSON
//     typo without its line, non-UTF-8 text ending in a TIMEOUT, "nh-2026-000002" and "--to dlh"
//     refused, `queue` without --opd refused;
//   * a form's own category lost to a keyword of an earlier rule;
//   * English on every screen;
//   * WhatsApp outside its 24-hour window could not be answered at all;
//   * a ticket waiting for the citizen waited forever.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/wait.h"
#include "tools/fake_platform/fake_platform.h"

namespace aspirasi::testing {
namespace {

using fake_platform::FakePlatform;

// Around the clock, so the tests do not depend on the day of the week: warning at 30 min, breach
// at 1 h (level 1, the OPD supervisor), level 2 (Diskominfo) at 2 h. Everything sent to PUPR.
constexpr const char* kPolicy = R"toml(
[[sla.policy]]
name = "uji"
opd = ["PUPR"]
mode = "clock"
first_response = "1h"
warn_at = [0.5]
waiting_limit = "2h"
on_waiting_limit = "close"
escalation = [ { level = 1, after = "0m", role = "opd_supervisor" },
               { level = 2, after = "1h", role = "diskominfo" } ]
)toml";

constexpr int64_t kScale = 1800;  // an hour of ticket time is two real seconds
constexpr const char* kWhatsappAccount = "412093385561207";
constexpr const char* k131047 =
    R"({"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,)"
    R"("error_data":{"messaging_product":"whatsapp","details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}})";

const std::map<std::string, std::string> kTokens = {{"ASPIRASI_FACEBOOK_PAGE_TOKEN", "EAAtest-facebook-page"},
                                                    {"ASPIRASI_WHATSAPP_TOKEN", "EAAtest-whatsapp"},
                                                    {"ASPIRASI_FORM_REPLY_TOKEN", "form-test-token"}};

int64_t RealNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// "YYYY-MM-DD" in WIB today.
std::string WibToday() {
  std::time_t t = static_cast<std::time_t>(RealNowMs() / 1000 + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

class Figures : public ::testing::Test {
 protected:
  // The broker (compressed clock when `compressed`), the fake platform and a responder for the
  // OPDs of these tests.
  void Start(const std::string& name, bool compressed, bool auto_ack = false) {
    ASSERT_TRUE(fake_.Start().ok());
    std::string base = fake_.BaseUrl();
    std::string urls = "={ facebook = \"" + base + "/graph\", whatsapp = \"" + base + "/graph\", form = \"" +
                       base + "/generic/form\" }";
    broker_ = std::make_unique<BrokerFixture>(
        name, "heartbeat_ms = 100\nliveness = 3",
        std::map<std::string, std::string>{{"base_urls", urls},
                                           {"reply_retry_ms", "=200"},
                                           {"reply_max_attempts", "=2"},
                                           {"auto_ack", auto_ack ? "=true" : "=false"}});
    broker_->AppendConfig(kPolicy);
    if (compressed) {
      broker_->SetExtraArgs(
          {"--clock-scale", std::to_string(kScale), "--clock-epoch-ms", std::to_string(RealNowMs())});
    }
    ASSERT_TRUE(broker_->Start()) << broker_->error();
    broker_->PinEndpoints();
    for (const auto& [k, v] : kTokens) ::setenv(k.c_str(), v.c_str(), 1);
    ASSERT_TRUE(responder_.Start({ResponderBinary(), "--config", broker_->config_path(), "--name", "figures",
                                  "--opd", "PUPR", "--opd", "DLH", "--opd", "BPBD", "--opd", "DISKOMINFO"},
                                 (broker_->dir() / "responder.log").string()));
  }

  // The CLI with the pinned config (Bahasa Indonesia: the fixture sets ASPIRASI_LANG=id).
  int Cli(std::vector<std::string> args, std::string* out, int timeout_ms = 30000) {
    args.insert(args.begin(), {CliBinary(), "--config", broker_->config_path()});
    return RunCommand(args, out, timeout_ms);
  }

  v1::Submit Draft(const std::string& key, const std::string& channel, const std::string& account) {
    v1::Submit s;
    s.set_idempotency_key(key);
    auto* d = s.mutable_draft();
    d->set_channel(channel);
    d->set_account(account);
    d->set_source_id(key);
    d->set_opd("PUPR");
    d->mutable_author()->set_display_name("Rina");
    d->mutable_author()->set_platform_id("6281234567890");
    d->set_public_item(channel == "facebook");
    d->set_text("Jalan berlubang di depan pasar, mohon diperbaiki");
    return s;
  }

  v1::Ticket Submit(const v1::Submit& s) {
    IngestClient ingest(broker_->endpoints().ingest);
    auto r = ingest.SubmitAll({s}, 30000, 1000);
    EXPECT_EQ(r.size(), 1u);
    EXPECT_TRUE(r[0].ok()) << r[0].status().ToString();
    if (r.empty() || !r[0].ok()) return {};
    return Ticket(r[0]->ticket_id());
  }

  v1::Ticket Ticket(uint64_t id) {
    auto t = ApiClient(broker_->endpoints().api).GetTicket(id);
    return t.ok() ? t->ticket() : v1::Ticket();
  }

  v1::Message Message(uint64_t ticket, uint64_t reply) {
    const v1::Ticket t = Ticket(ticket);
    for (const auto& m : t.messages()) {
      if (m.reply_id() == reply) return m;
    }
    return {};
  }

  // The newest reply on the ticket.
  uint64_t LastReply(uint64_t ticket) {
    uint64_t id = 0;
    const v1::Ticket t = Ticket(ticket);
    for (const auto& m : t.messages()) id = std::max<uint64_t>(id, m.reply_id());
    return id;
  }

  bool Settled(uint64_t ticket, uint64_t reply, v1::ReplyState want, int seconds = 30) {
    return WaitFor([&] { return Message(ticket, reply).reply_state() == want; }, seconds);
  }

  std::vector<v1::Event> Events(uint64_t ticket) {
    auto t = ApiClient(broker_->endpoints().api).GetTicket(ticket, true);
    return t.ok() ? std::vector<v1::Event>(t->events().begin(), t->events().end()) : std::vector<v1::Event>();
  }

  std::size_t Count(uint64_t ticket, v1::EventType type) {
    std::size_t n = 0;
    for (const auto& e : Events(ticket)) n += e.type() == type;
    return n;
  }

  std::string Diagnostics() {
    return "\n--- responder ---\n" + ReadFile((broker_->dir() / "responder.log").string()) +
           "\n--- broker ---\n" + broker_->Log();
  }

  FakePlatform fake_;
  std::unique_ptr<BrokerFixture> broker_;
  Process responder_;
};

// A question that never reached the citizen pauses nothing: the ticket keeps its clocks, raises its
// warning and breach like its neighbour, and the failure is an open alert that marks it in the queue.
TEST_F(Figures, AFailedQuestionKeepsTheTicketOnTheClock) {
  Start("fig-ask", /*compressed=*/true);
  fake_.FailAlways("/graph/" + std::string(kWhatsappAccount) + "/messages", 400, k131047);
  v1::Ticket asked = Submit(Draft("wa:asked", "whatsapp", kWhatsappAccount));
  v1::Ticket neighbour = Submit(Draft("wa:neighbour", "whatsapp", kWhatsappAccount));
  std::string out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "ask", asked.number(), "Mohon kirim foto lokasinya."}, &out), 0) << out;
  EXPECT_TRUE(Has(out, "menunggu warga setelah pertanyaan diterima platform")) << out;
  uint64_t question = LastReply(asked.id());
  ASSERT_TRUE(Settled(asked.id(), question, v1::REPLY_FAILED)) << Diagnostics();
  v1::Ticket after = Ticket(asked.id());
  EXPECT_EQ(after.status(), v1::IN_PROGRESS);  // not WAITING_CITIZEN: the citizen got nothing
  EXPECT_EQ(after.sla().paused_at_ms(), 0);
  EXPECT_EQ(after.attention_reply_id(), question);
  EXPECT_EQ(Count(asked.id(), v1::TICKET_WAITING), 0u);
  // Both tickets reach their warning and their breach (30 and 60 minutes of ticket time).
  ASSERT_TRUE(WaitFor([&] {
    return Count(asked.id(), v1::SLA_BREACHED) == 1 && Count(neighbour.id(), v1::SLA_BREACHED) == 1;
  })) << Diagnostics();
  EXPECT_EQ(Count(asked.id(), v1::SLA_WARNING), 1u);
  // The failure is the OPD's open alert, and its ticket is marked in the queue (no --opd needed
  // for an admin of one OPD).
  ASSERT_EQ(Cli({"--as", "budi.pupr", "alerts"}, &out), 0) << out;
  EXPECT_TRUE(Has(out, "BALASAN GAGAL")) << out;
  EXPECT_TRUE(Has(out, asked.number())) << out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "queue"}, &out), 0) << out;
  std::string row;
  std::stringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (Has(line, asked.number())) row = line;
  }
  EXPECT_TRUE(Has(row, "! BALASAN GAGAL")) << out;
  EXPECT_TRUE(Has(out, "tiket terbuka di PUPR")) << out;
}

// "   " is not an answer: refused, nothing reaches the platform, nothing counts. A reply counts for
// the SLA and in the report only once the platform has accepted it.
TEST_F(Figures, ABlankReplyIsRefusedAndAQueuedReplyDoesNotCount) {
  Start("fig-blank", /*compressed=*/false);
  v1::Ticket t = Submit(Draft("fb:blank", "facebook", "104582736190254"));
  std::string out;
  EXPECT_EQ(Cli({"--as", "budi.pupr", "reply", t.number(), "   "}, &out), 1) << out;
  EXPECT_TRUE(Has(out, "Balasan kosong atau hanya berisi spasi")) << out;
  EXPECT_EQ(Cli({"--as", "budi.pupr", "reply", t.number(), "\xC2\xA0\xE2\x80\x8B"}, &out), 1) << out;
  EXPECT_EQ(Cli({"--as", "budi.pupr", "note", t.number(), "\t"}, &out), 1) << out;
  EXPECT_EQ(Cli({"--as", "budi.pupr", "resolve", t.number(), "--resolution", " "}, &out), 1) << out;
  EXPECT_TRUE(fake_.Requests().empty());
  EXPECT_EQ(Ticket(t.id()).sla().first_responded_at_ms(), 0);

  // A real answer, held by the platform for a while: queued is not answered. (The responder waits on
  // the platform past its heartbeats, so the broker takes it for dead meanwhile; the platform's answer
  // still settles the reply when it comes.)
  std::string path = "/graph/" + t.source_id() + "/comments";
  fake_.Hold(path, 4000, 1);
  ASSERT_EQ(Cli({"--as", "budi.pupr", "reply", t.number(), "Sudah kami jadwalkan perbaikannya."}, &out), 0)
      << out;
  uint64_t reply = LastReply(t.id());
  ASSERT_TRUE(WaitFor([&] { return Message(t.id(), reply).reply_state() == v1::REPLY_SENDING; }))
      << Diagnostics();
  ASSERT_EQ(
      Cli({"--lang", "en", "report", "--from", WibToday(), "--to", WibToday(), "--format", "csv"}, &out), 0);
  EXPECT_TRUE(Has(out, "total,,1,0,")) << out;  // one ticket in, none answered yet
  EXPECT_EQ(Ticket(t.id()).status(), v1::IN_PROGRESS);
  ASSERT_TRUE(Settled(t.id(), reply, v1::REPLY_SENT)) << Diagnostics();
  ASSERT_EQ(
      Cli({"--lang", "en", "report", "--from", WibToday(), "--to", WibToday(), "--format", "csv"}, &out), 0);
  EXPECT_TRUE(Has(out, "total,,1,1,")) << out;
  EXPECT_EQ(Ticket(t.id()).status(), v1::RESPONDED);
  EXPECT_EQ(fake_.Requests(path).size(), 1u);
}

TEST_F(Figures, TheSameReplyTwiceNeedsAgain) {
  Start("fig-again", /*compressed=*/false);
  v1::Ticket t = Submit(Draft("fb:again", "facebook", "104582736190254"));
  std::string out;
  const std::string text = "Terima kasih, segera kami tindak lanjuti.";
  ASSERT_EQ(Cli({"--as", "budi.pupr", "reply", t.number(), text}, &out), 0) << out;
  EXPECT_EQ(Cli({"--as", "budi.pupr", "reply", t.number(), text}, &out), 1) << out;
  EXPECT_TRUE(Has(out, "--again")) << out;
  EXPECT_TRUE(Has(out, "(CONFLICT)")) << out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "reply", t.number(), text, "--again"}, &out), 0) << out;
  std::size_t replies = 0;
  const v1::Ticket after = Ticket(t.id());
  for (const auto& m : after.messages()) replies += m.direction() == v1::OUTBOUND;
  EXPECT_EQ(replies, 2u);
}

// One number for an alert: the one `watch` prints is the one `alerts ack` takes. Only a level's
// recipients acknowledge it, and the alerts close themselves when the ticket is resolved.
TEST_F(Figures, AlertNumbersRecipientsAndClosing) {
  Start("fig-alerts", /*compressed=*/true);
  Process watch;
  std::string watch_log = (broker_->dir() / "watch.log").string();
  ASSERT_TRUE(watch.Start({CliBinary(), "--config", broker_->config_path(), "watch", "--all"}, watch_log));
  v1::Ticket t = Submit(Draft("fb:alerts", "facebook", "104582736190254"));
  std::string line;
  ASSERT_TRUE(WaitFor([&] {
    std::stringstream in(ReadFile(watch_log));
    for (std::string l; std::getline(in, l);) {
      if (Has(l, "ESKALASI level 2") && Has(l, t.number())) line = l;
    }
    return !line.empty();
  })) << ReadFile(watch_log)
      << Diagnostics();
  ASSERT_EQ(line[0], '#') << line;
  std::string number = line.substr(1, line.find(' ') - 1);
  EXPECT_TRUE(Has(line, "-> Diskominfo")) << line;
  // That number is the level-2 alert's.
  v1::Envelope list;
  list.mutable_list_alerts()->set_open_only(true);
  auto alerts = ApiClient(broker_->endpoints().api).Call(list);
  ASSERT_TRUE(alerts.ok());
  bool found = false;
  for (const auto& a : alerts->alert_list().alerts()) {
    if (std::to_string(a.id()) == number) {
      found = true;
      EXPECT_EQ(a.level(), 2u);
      EXPECT_EQ(a.role(), "diskominfo");
    }
  }
  EXPECT_TRUE(found) << number;
  std::string out;
  // Not the OPD's admin, not the Kepala Dinas: level 2 is Diskominfo's.
  EXPECT_EQ(Cli({"--as", "budi.pupr", "alerts", "ack", number}, &out), 1) << out;
  EXPECT_TRUE(Has(out, "Hanya penerimanya")) << out;
  EXPECT_TRUE(Has(out, "kominfo.supervisor")) << out;
  EXPECT_TRUE(Has(out, "(PERMISSION_DENIED)")) << out;
  EXPECT_EQ(Cli({"--as", "kadis.pupr", "alerts", "ack", number}, &out), 1) << out;
  ASSERT_EQ(Cli({"--as", "kominfo.supervisor", "alerts", "ack", number, "--note", "sudah ditelepon"}, &out),
            0)
      << out;
  EXPECT_TRUE(Has(out, "Peringatan #" + number + " (ESKALASI level 2 -> Diskominfo, " + t.number() +
                           ") diterima oleh kominfo.supervisor."))
      << out;
  // "Mine": the Kepala Dinas sees the breach (his) and the warning (the desk's), not level 2.
  ASSERT_EQ(Cli({"--as", "kadis.pupr", "alerts", "--mine"}, &out), 0) << out;
  EXPECT_TRUE(Has(out, "LEWAT BATAS")) << out;
  EXPECT_FALSE(Has(out, "ESKALASI")) << out;

  // Resolved: what is still open closes itself, with the reason.
  ASSERT_EQ(Cli({"--as", "budi.pupr", "resolve", t.number(), "--resolution", "Jalan sudah ditambal."}, &out),
            0)
      << out;
  ASSERT_EQ(Cli({"--as", "kadis.pupr", "alerts"}, &out), 0) << out;
  EXPECT_TRUE(Has(out, "Tidak ada peringatan yang terbuka.")) << out;
  ASSERT_EQ(Cli({"--as", "kadis.pupr", "alerts", "--all"}, &out), 0) << out;
  EXPECT_TRUE(Has(out, "tertutup: tiket sudah selesai")) << out;
  EXPECT_TRUE(Has(out, "diterima kominfo.supervisor")) << out;
  EXPECT_EQ(Cli({"--as", "kadis.pupr", "alerts", "ack", number}, &out), 1) << out;  // acknowledged already
  watch.Terminate();
  EXPECT_TRUE(Has(ReadFile(watch_log), "TERTUTUP")) << ReadFile(watch_log);
}

// What the broker accepts is what it can serve: known channels and accounts only, enum names in
// any case, JSON errors with their line and column.
TEST_F(Figures, SubmitsNameWhatIsConfigured) {
  Start("fig-submit", /*compressed=*/false);
  auto file = [&](const std::string& name, const std::string& json) {
    std::string path = (broker_->dir() / name).string();
    std::ofstream(path) << json;
    return path;
  };
  std::string out;
  EXPECT_EQ(Cli({"submit", file("tiktok.json", R"({"channel":"tiktok","account":"x","text":"halo"})")}, &out),
            1);
  EXPECT_TRUE(Has(out, "Kanal 'tiktok' tidak dikenal")) << out;
  EXPECT_TRUE(Has(out, "facebook, instagram, whatsapp, telegram, x, youtube, form, sms")) << out;
  EXPECT_EQ(
      Cli({"submit", file("acct.json", R"({"channel":"facebook","account":"123","text":"halo"})")}, &out), 1);
  EXPECT_TRUE(Has(out, "Akun '123' bukan akun facebook kita")) << out;
  EXPECT_TRUE(Has(out, "104582736190254")) << out;
  EXPECT_EQ(Cli({"submit", file("none.json", R"({"channel":"facebook","text":"halo"})")}, &out), 1);
  EXPECT_TRUE(Has(out, "Akun penerima belum disebutkan")) << out;
  // "segera" in lower case is SEGERA.
  ASSERT_EQ(Cli({"--json", "submit", file("lower.json", R"({"channel":"Facebook","account":"104582736190254",
      "text":"Pohon tumbang menutup jalan","urgency":"segera","kind":"pengaduan"})")},
                &out),
            0)
      << out;
  auto list = ApiClient(broker_->endpoints().api).ListTickets({});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->tickets_size(), 1);
  EXPECT_EQ(list->tickets(0).urgency(), v1::SEGERA);
  EXPECT_EQ(list->tickets(0).kind(), v1::PENGADUAN);
  EXPECT_EQ(list->tickets(0).channel(), "facebook");
  EXPECT_EQ(
      Cli({"submit",
           file("bad-enum.json",
                R"({"channel":"facebook","account":"104582736190254","text":"a","urgency":"darurat"})")},
          &out),
      2);
  EXPECT_TRUE(Has(out, "'darurat' tidak dikenal (pilihannya: BIASA, SEGERA, SANGAT_SEGERA")) << out;
  EXPECT_EQ(
      Cli({"submit", file("syntax.json", "{\"channel\": \"facebook\",\n  \"text\": \"a\" \"account\": 1}")},
          &out),
      2);
  EXPECT_TRUE(Has(out, "JSON tidak sah pada baris 2, kolom")) << out;
  EXPECT_EQ(Cli({"submit", file("empty.json", "  \n")}, &out), 2);
  EXPECT_TRUE(Has(out, "masukan kosong")) << out;
}

// Text that is not UTF-8 gets a clear answer at once, from the CLI, and from the broker to a client
// that sends it anyway (MALFORMED naming the field, not a TIMEOUT).
TEST_F(Figures, TextThatIsNotUtf8IsAnsweredAtOnce) {
  Start("fig-utf8", /*compressed=*/false);
  v1::Ticket t = Submit(Draft("fb:utf8", "facebook", "104582736190254"));
  std::string out;
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Cli({"--as", "budi.pupr", "reply", t.number(), "Baik \xFF\xFE"}, &out), 2) << out;
  EXPECT_TRUE(Has(out, "bukan UTF-8")) << out;
  EXPECT_FALSE(Has(out, "libprotobuf")) << out;
  ApiClient api(broker_->endpoints().api, 10000);
  api.set_actor("budi.pupr");
  v1::DeskCommand c;
  c.set_action(v1::DESK_REPLY);
  c.set_ticket_id(t.id());
  c.set_text("Baik \xFF\xFE");
  auto r = api.Desk(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::MALFORMED) << r.status().ToString();
  EXPECT_TRUE(Has(r.status().message(), "aspirasi.v1.DeskCommand.text")) << r.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // The broker goes on serving.
  EXPECT_TRUE(api.Ping().ok());
}

// Ticket numbers, OPD codes and admin ids in any case; `queue` knows an admin's one OPD.
TEST_F(Figures, NamesInAnyCase) {
  Start("fig-case", /*compressed=*/false);
  v1::Ticket t = Submit(Draft("fb:case", "facebook", "104582736190254"));
  std::string lower = t.number();
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string out;
  ASSERT_EQ(Cli({"--as", "Budi.PUPR", "claim", lower}, &out), 0) << out;
  ASSERT_EQ(Cli({"show", lower}, &out), 0) << out;
  EXPECT_TRUE(Has(out, t.number())) << out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "transfer", lower, "--to", "dlh", "--reason", "bukan wewenang"}, &out),
            0)
      << out;
  EXPECT_EQ(Ticket(t.id()).opd(), "DLH");
  ASSERT_EQ(Cli({"--as", "dewi.dlh", "queue"}, &out), 0) << out;
  EXPECT_TRUE(Has(out, t.number())) << out;
  ASSERT_EQ(Cli({"--as", "dewi.dlh", "queue", "--opd", "dlh"}, &out), 0) << out;
  EXPECT_TRUE(Has(out, t.number())) << out;
  // A supervisor of every OPD names the queue.
  EXPECT_EQ(Cli({"--as", "kominfo.supervisor", "queue"}, &out), 1) << out;
  EXPECT_TRUE(Has(out, "Sebutkan OPD antreannya")) << out;
}

// A form that says "infrastruktur" about a blocked drain goes to PUPR, although its text says
// "banjir" (a BPBD keyword of an earlier rule); the ticket says why.
TEST_F(Figures, TheFormsCategoryDecidesBeforeKeywords) {
  Start("fig-route", /*compressed=*/false);
  v1::Submit s = Draft("form:drain", "form", "lapor-bupati");
  s.mutable_draft()->clear_opd();
  s.mutable_draft()->set_category("infrastruktur");
  s.mutable_draft()->set_text("Gorong-gorong tersumbat, jalan depan SD banjir setiap hujan");
  v1::Ticket t = Submit(s);
  EXPECT_EQ(t.opd(), "PUPR");
  EXPECT_EQ(t.routing().reason(), v1::ROUTE_CATEGORY);
  std::string out;
  ASSERT_EQ(Cli({"show", t.number()}, &out), 0) << out;
  EXPECT_TRUE(
      Has(out, "kategori 'infrastruktur' dari sumbernya cocok dengan aturan 'jalan-dan-drainase': PUPR"))
      << out;
}

// The CLI speaks Bahasa Indonesia by default and English when asked, with stable JSON either way.
TEST_F(Figures, TheCommandLineSpeaksIndonesian) {
  Start("fig-lang", /*compressed=*/false);
  v1::Ticket t = Submit(Draft("fb:lang", "facebook", "104582736190254"));
  std::string out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "claim", t.number()}, &out), 0) << out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "note", t.number(), "Cek ke lapangan besok."}, &out), 0) << out;
  // English words that would betray a string missing from the catalogue.
  const std::vector<std::string> english = {"ticket ",    "Ticket ",  "queued",    "claimed", "received",
                                            "routing",    "delivery", "Usage",     "Options", " the ",
                                            "status NEW", "NUMBER",   "not found", "unknown", "required"};
  std::vector<std::vector<std::string>> commands = {
      {"--help"},
      {"queue", "--help"},
      {"--as", "budi.pupr", "queue"},
      {"show", t.number(), "--events"},
      {"tickets"},
      {"count", "--by", "status"},
      {"events"},
      {"--as", "budi.pupr", "alerts"},
      {"--as", "budi.pupr", "templates"},
      {"show", "NH-2026-999999"},
      {"frobnicate"},
      {"--as", "budi.pupr", "release", t.number()},
  };
  for (const auto& args : commands) {
    Cli(args, &out);
    for (const auto& word : english) {
      EXPECT_FALSE(Has(out, word)) << "'" << word << "' in the output of " << args.back() << ":\n" << out;
    }
  }
  ASSERT_EQ(Cli({"show", t.number()}, &out), 0);
  EXPECT_TRUE(Has(out, "TERBUKA")) << out;  // released above
  EXPECT_TRUE(Has(out, "penentuan OPD")) << out;
  ASSERT_EQ(Cli({"--help"}, &out), 0);
  EXPECT_TRUE(Has(out, "Penggunaan")) << out;
  EXPECT_TRUE(Has(out, "Perintah")) << out;
  // English on request, by flag or by $LANG.
  ASSERT_EQ(Cli({"--lang", "en", "show", t.number()}, &out), 0);
  EXPECT_TRUE(Has(out, "OPEN")) << out;
  EXPECT_TRUE(Has(out, "routing")) << out;
  ::unsetenv("ASPIRASI_LANG");
  ::setenv("LANG", "en_US.UTF-8", 1);
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  ASSERT_EQ(Cli({"show", t.number()}, &out), 0);
  EXPECT_TRUE(Has(out, "OPEN")) << out;
  ::setenv("ASPIRASI_LANG", "id", 1);
  // JSON keeps its English keys and enum names in every language.
  ASSERT_EQ(Cli({"--json", "show", t.number()}, &out), 0);
  EXPECT_TRUE(Has(out, "\"status\":\"OPEN\"")) << out;
  EXPECT_EQ(Cli({"--lang", "fr", "ping"}, &out), 2);
  EXPECT_TRUE(Has(out, "bahasa 'fr' tidak dikenal")) << out;
}

// WhatsApp, 30 hours after the citizen's message: the reply goes out as the account's approved
// template, and the admin is told so; the automatic acknowledgement too.
TEST_F(Figures, OutsideTheWhatsappWindowTheTemplateReachesTheCitizen) {
  Start("fig-template", /*compressed=*/false, /*auto_ack=*/true);
  v1::Submit s = Draft("wa:old", "whatsapp", kWhatsappAccount);
  s.mutable_draft()->set_written_at_ms(RealNowMs() - 30LL * 3'600'000);
  v1::Ticket t = Submit(s);
  std::string path = "/graph/" + std::string(kWhatsappAccount) + "/messages";
  ASSERT_TRUE(WaitFor([&] { return fake_.Requests(path).size() == 1; }))
      << Diagnostics();  // the acknowledgement
  EXPECT_TRUE(Has(fake_.Requests(path)[0].body, "\"name\":\"tiket_diterima\""))
      << fake_.Requests(path)[0].body;
  std::string out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "reply", t.number(), "Perbaikan dijadwalkan\nminggu depan."}, &out), 0)
      << out;
  EXPECT_TRUE(Has(out, "hanya templat 'tanggapan_laporan' yang dapat menjangkau warga")) << out;
  uint64_t reply = LastReply(t.id());
  ASSERT_TRUE(Settled(t.id(), reply, v1::REPLY_SENT))
      << Message(t.id(), reply).reply_error() << Diagnostics();
  auto got = fake_.Requests(path);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(Has(got[1].body, "\"type\":\"template\"")) << got[1].body;
  EXPECT_TRUE(Has(got[1].body, "\"name\":\"tanggapan_laporan\"")) << got[1].body;
  EXPECT_TRUE(Has(got[1].body, "\"code\":\"id\"")) << got[1].body;
  EXPECT_TRUE(Has(got[1].body, t.number())) << got[1].body;
  EXPECT_TRUE(Has(got[1].body, "Perbaikan dijadwalkan minggu depan.")) << got[1].body;  // one line
  EXPECT_EQ(Message(t.id(), reply).template_name(), "tanggapan_laporan");
  ASSERT_EQ(Cli({"show", t.number()}, &out), 0) << out;
  EXPECT_TRUE(Has(out, "sebagai templat tanggapan_laporan")) << out;
  EXPECT_EQ(Ticket(t.id()).status(), v1::RESPONDED);
}

// A question the citizen never answers: after the policy's waiting limit (2 hours here) the ticket
// is closed with the reason recorded.
TEST_F(Figures, AnUnansweredQuestionEndsAfterTheWaitingLimit) {
  Start("fig-wait", /*compressed=*/true);
  v1::Ticket t = Submit(Draft("fb:wait", "facebook", "104582736190254"));
  std::string out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "ask", t.number(), "Di RT berapa lokasinya?"}, &out), 0) << out;
  ASSERT_TRUE(WaitFor([&] { return Ticket(t.id()).status() == v1::WAITING_CITIZEN; })) << Diagnostics();
  EXPECT_GT(Ticket(t.id()).sla().waiting_until_ms(), 0);
  ASSERT_TRUE(WaitFor([&] { return Ticket(t.id()).status() == v1::RESOLVED; })) << Diagnostics();
  v1::Ticket closed = Ticket(t.id());
  EXPECT_EQ(closed.resolution_code(), "no_answer_from_citizen");
  EXPECT_EQ(Count(t.id(), v1::WAIT_EXPIRED), 1u);
  ASSERT_EQ(Cli({"show", t.number()}, &out), 0) << out;
  EXPECT_TRUE(Has(out, "ditutup otomatis: warga tidak menjawab pertanyaan dalam batas waktu")) << out;
}

}  // namespace
}  // namespace aspirasi::testing
