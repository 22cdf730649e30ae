// A data subject's rights (UU 27/2022) through the CLI against a real aspirasid: a PPID officer
// exports everything held about a citizen and erases it; the refusals on the way (no --yes, a
// ticket still being handled, an admin who is not a PPID officer); afterwards the person is
// nowhere in the database or its WAL (the file bytes are read), the report's figures are the same
// and `aspirasi audit verify` passes. Then the retention purge, on a broker whose ticket time runs
// a day per second.
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/broker_fixture.h"
#include "tests/support/wait.h"

namespace aspirasi::testing {
namespace {

constexpr const char* kPhone = "6281377778888";
constexpr const char* kName = "Ratna Puspitasari";
constexpr const char* kFirst = "Drainase di Gang Flamboyan meluap setiap hujan";
constexpr const char* kSecond = "Trotoar di depan Puskesmas Sukaraja rusak parah";
constexpr const char* kOther = "Jembatan kayu di Dusun Karangsari mulai lapuk";

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string WibToday() {
  std::time_t t = std::time(nullptr) + 7 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

class CitizenData : public ::testing::Test {
 protected:
  void Start(const std::map<std::string, std::string>& values = {}, std::vector<std::string> args = {}) {
    broker_ = std::make_unique<BrokerFixture>("citizen", "", values);
    broker_->SetExtraArgs(std::move(args));
    ASSERT_TRUE(broker_->Start()) << broker_->error();
    broker_->PinEndpoints();
  }
  std::string Path(const std::string& name) { return (broker_->dir() / name).string(); }

  int Cli(std::vector<std::string> args, std::string* out) {
    args.insert(args.begin(), {CliBinary(), "--lang", "en", "--config", broker_->config_path()});
    return RunCommand(args, out, 30000);
  }

  // Submits the citizen's two WhatsApp messages (two conversations, PUPR) and another citizen's one;
  // returns the ticket numbers in that order.
  std::vector<std::string> SubmitAll() {
    std::ofstream(Path("drafts.json")) << R"([
      {"idempotencyKey": "whatsapp:msg:c1", "draft": {"channel": "whatsapp", "account": "412093385561207",
       "opd": "PUPR", "conversationKey": "wa:1", "text": ")"
                                       << kFirst << R"(", "author": {"platformId": ")" << kPhone
                                       << R"(", "displayName": ")" << kName << R"("}}},
      {"idempotencyKey": "whatsapp:msg:c2", "draft": {"channel": "whatsapp", "account": "412093385561207",
       "opd": "PUPR", "conversationKey": "wa:2", "text": ")"
                                       << kSecond << R"(", "author": {"platformId": ")" << kPhone
                                       << R"(", "displayName": ")" << kName << R"("}}},
      {"idempotencyKey": "whatsapp:msg:o1", "draft": {"channel": "whatsapp", "account": "412093385561207",
       "opd": "PUPR", "conversationKey": "wa:3", "text": ")"
                                       << kOther << R"(", "author": {"platformId": "6281399990000",
       "displayName": "Hendra Kusuma"}}}
    ])";
    std::string out;
    EXPECT_EQ(Cli({"--json", "submit", Path("drafts.json")}, &out), 0) << out;
    std::vector<std::string> numbers;
    for (std::size_t at = out.find("\"ticketNumber\":\""); at != std::string::npos;
         at = out.find("\"ticketNumber\":\"", at + 1)) {
      std::size_t begin = at + 16;
      numbers.push_back(out.substr(begin, out.find('"', begin) - begin));
    }
    EXPECT_EQ(numbers.size(), 3u) << out;
    return numbers;
  }

  // Who is on the ticket's record as having read it (TICKET_VIEWED actors, oldest first), read
  // anonymously (a keyless operator's read is not attributed, so it adds nothing).
  std::vector<std::string> Readers(const std::string& number) {
    std::string out;
    EXPECT_EQ(Cli({"--json", "show", number, "--events"}, &out), 0) << out;
    auto json = nlohmann::json::parse(out, nullptr, false);
    std::vector<std::string> readers;
    if (!json.is_object() || !json.contains("events")) {
      ADD_FAILURE() << out;
      return readers;
    }
    for (const auto& e : json["events"]) {
      if (e.value("type", "") == "TICKET_VIEWED") readers.push_back(e.value("actor", ""));
    }
    return readers;
  }

  void Resolve(const std::string& number) {
    std::string out;
    ASSERT_EQ(Cli({"--as", "budi.pupr", "resolve", number, "--resolution", "Sudah ditindaklanjuti"}, &out), 0)
        << out;
  }

  std::unique_ptr<BrokerFixture> broker_;
};

TEST_F(CitizenData, APpidOfficerExportsAndErasesAndNothingOfThePersonRemains) {
  Start();
  auto numbers = SubmitAll();
  ASSERT_EQ(numbers.size(), 3u);
  std::string out;

  // Export: everything, in the citizen's own number format, with the history.
  ASSERT_EQ(
      Cli({"--as", "ppid.utama", "citizen", "export", "--channel", "whatsapp", "--user", "0813-7777-8888"},
          &out),
      0)
      << out;
  EXPECT_NE(out.find(kName), std::string::npos) << out;
  EXPECT_NE(out.find(kFirst), std::string::npos) << out;
  EXPECT_NE(out.find(kSecond), std::string::npos) << out;
  EXPECT_EQ(out.find(kOther), std::string::npos) << out;
  EXPECT_NE(out.find("2 tickets."), std::string::npos) << out;
  EXPECT_NE(out.find("PERSONAL_DATA_EXPORTED"), std::string::npos) << out;
  ASSERT_EQ(Cli({"--as", "ppid.utama", "--json", "citizen", "export", "--channel", "whatsapp", "--user",
                 kPhone, "--out", Path("export.json")},
                &out),
            0)
      << out;
  EXPECT_NE(ReadBytes(Path("export.json")).find(kFirst), std::string::npos);
  EXPECT_EQ(std::filesystem::status(Path("export.json")).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  // Refusals, each changing nothing.
  EXPECT_EQ(Cli({"--as", "ppid.utama", "citizen", "erase", "--channel", "whatsapp", "--user", kPhone}, &out),
            2)
      << out;
  EXPECT_NE(out.find("--yes"), std::string::npos) << out;
  EXPECT_EQ(Cli({"--as", "budi.pupr", "citizen", "export", "--channel", "whatsapp", "--user", kPhone}, &out),
            1);
  EXPECT_NE(out.find("PERMISSION_DENIED"), std::string::npos) << out;
  EXPECT_EQ(Cli({"--as", "ppid.utama", "citizen", "export", "--channel", "friendster", "--user", "1"}, &out),
            1);
  EXPECT_NE(out.find("unknown channel 'friendster'"), std::string::npos) << out;
  EXPECT_EQ(Cli({"--as", "ppid.utama", "citizen", "export", "--channel", "whatsapp", "--user", ""}, &out), 1);
  EXPECT_NE(out.find("INVALID_ARGUMENT"), std::string::npos) << out;
  EXPECT_EQ(
      Cli({"--as", "ppid.utama", "citizen", "erase", "--yes", "--channel", "whatsapp", "--user", kPhone},
          &out),
      1);
  EXPECT_NE(out.find("CONFLICT"), std::string::npos) << out;
  EXPECT_NE(out.find(numbers[0]), std::string::npos) << out;
  EXPECT_NE(out.find("Nothing was changed"), std::string::npos) << out;

  Resolve(numbers[0]);
  Resolve(numbers[1]);
  std::string report_before;
  ASSERT_EQ(Cli({"--as", "sekda", "report", "--from", WibToday(), "--to", WibToday(), "--format", "csv"},
                &report_before),
            0)
      << report_before;

  ASSERT_EQ(Cli({"--as", "ppid.utama", "citizen", "erase", "--yes", "--channel", "whatsapp", "--user",
                 "+62 813 7777 8888", "--reason", "permintaan warga melalui surat"},
                &out),
            0)
      << out;
  EXPECT_NE(out.find("erased from 2 tickets"), std::string::npos) << out;
  // Repeated: nothing is held any more, and that is not an error.
  ASSERT_EQ(
      Cli({"--as", "ppid.utama", "citizen", "erase", "--yes", "--channel", "whatsapp", "--user", kPhone},
          &out),
      0)
      << out;
  EXPECT_NE(out.find("Nothing is held"), std::string::npos) << out;
  ASSERT_EQ(
      Cli({"--as", "ppid.utama", "--json", "citizen", "export", "--channel", "whatsapp", "--user", kPhone},
          &out),
      0);
  EXPECT_EQ(out.find("tickets"), std::string::npos) << out;

  ASSERT_EQ(Cli({"--as", "budi.pupr", "show", numbers[0], "--events"}, &out), 0) << out;
  EXPECT_NE(out.find("PERSONAL_DATA_ERASED"), std::string::npos) << out;
  EXPECT_NE(out.find("erased at"), std::string::npos) << out;
  EXPECT_NE(out.find("admin:ppid.utama"), std::string::npos) << out;
  EXPECT_EQ(out.find(kFirst), std::string::npos) << out;
  // Nothing to reply to any more; the refusal says why.
  ASSERT_EQ(Cli({"--as", "budi.pupr", "reopen", numbers[0]}, &out), 0) << out;
  EXPECT_EQ(Cli({"--as", "budi.pupr", "reply", numbers[0], "Terima kasih"}, &out), 1);
  EXPECT_NE(out.find("was erased"), std::string::npos) << out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "resolve", numbers[0], "--resolution", "Sudah ditindaklanjuti"}, &out),
            0);

  std::string report_after;
  ASSERT_EQ(Cli({"--as", "sekda", "report", "--from", WibToday(), "--to", WibToday(), "--format", "csv"},
                &report_after),
            0);
  EXPECT_EQ(report_after, report_before);

  ASSERT_EQ(broker_->Stop(), 0) << broker_->Log();
  std::string bytes = ReadBytes(broker_->db_path()) + ReadBytes(broker_->db_path() + "-wal");
  for (const char* gone : {kPhone, kName, kFirst, kSecond, "whatsapp:msg:c1", "wa:1"})
    EXPECT_EQ(bytes.find(gone), std::string::npos) << "still in the database files: " << gone;
  EXPECT_NE(bytes.find(kOther), std::string::npos) << "the check would not see the text at all";
  ASSERT_EQ(Cli({"audit", "verify"}, &out), 0) << out;
  // Nor in the broker's log.
  std::string log = broker_->Log();
  EXPECT_EQ(log.find(kPhone), std::string::npos) << log;
  EXPECT_EQ(log.find(kName), std::string::npos) << log;
}

TEST_F(CitizenData, ARequestIsAPpidTicketAndErasingForItResolvesIt) {
  Start();
  auto numbers = SubmitAll();
  ASSERT_EQ(numbers.size(), 3u);
  Resolve(numbers[0]);
  Resolve(numbers[1]);
  std::string out;
  EXPECT_EQ(Cli({"--as", "ppid.utama", "citizen", "request", "--channel", "whatsapp", "--user", kPhone,
                 "--kind", "delete", "--text", "x"},
                &out),
            2)
      << out;
  ASSERT_EQ(
      Cli({"--as", "ppid.utama", "citizen", "request", "--channel", "whatsapp", "--user", "0813 7777 8888",
           "--kind", "ERASE", "--text", "Surat permohonan penghapusan data, diterima di loket"},
          &out),
      0)
      << out;
  std::size_t at = out.find("recorded as ticket ");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string request = out.substr(at + 19, out.find(' ', at + 19) - at - 19);
  EXPECT_NE(out.find("DISKOMINFO's queue; due by"), std::string::npos) << out;
  ASSERT_EQ(Cli({"--as", "ppid.utama", "queue", "--opd", "DISKOMINFO"}, &out), 0) << out;
  EXPECT_NE(out.find(request), std::string::npos) << out;

  ASSERT_EQ(Cli({"--as", "ppid.utama", "citizen", "erase", "--yes", "--channel", "whatsapp", "--user", kPhone,
                 "--request", request},
                &out),
            0)
      << out;
  EXPECT_NE(out.find("erased from 3 tickets"), std::string::npos) << out;
  ASSERT_EQ(Cli({"--as", "ppid.utama", "show", request, "--events"}, &out), 0) << out;
  for (const char* want :
       {"RESOLVED", "erased at", "DATA_REQUEST_OPENED", "TICKET_RESOLVED", "PERSONAL_DATA_ERASED"})
    EXPECT_NE(out.find(want), std::string::npos) << want << "\n" << out;
  EXPECT_EQ(out.find("loket"), std::string::npos) << out;
  ASSERT_EQ(broker_->Stop(), 0) << broker_->Log();
  ASSERT_EQ(Cli({"audit", "verify"}, &out), 0) << out;
}

TEST_F(CitizenData, WhoReadATicketInFullIsOnItsRecordOnceAnHourAndInTheExport) {
  // An hour of ticket time is three seconds.
  Start({}, {"--clock-scale", "1200"});
  auto numbers = SubmitAll();
  ASSERT_EQ(numbers.size(), 3u);
  const std::string& first = numbers[0];
  std::string out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "show", first}, &out), 0) << out;
  EXPECT_NE(out.find(kFirst), std::string::npos) << out;
  ASSERT_EQ(Cli({"--as", "BUDI.PUPR", "show", first}, &out), 0) << out;  // the same person, typed otherwise
  ASSERT_EQ(Cli({"--as", "sari.pupr", "show", first, "--events"}, &out), 0) << out;
  EXPECT_NE(out.find("read in full by budi.pupr"), std::string::npos) << out;
  // Refused reads and lists are not reads of the ticket.
  EXPECT_EQ(Cli({"--as", "dewi.dlh", "show", first}, &out), 1) << out;
  EXPECT_NE(out.find("PERMISSION_DENIED"), std::string::npos) << out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "tickets"}, &out), 0) << out;
  EXPECT_EQ(Readers(first), (std::vector<std::string>{"admin:budi.pupr", "admin:sari.pupr"}));
  EXPECT_TRUE(Readers(numbers[1]).empty());

  // The citizen's export says who read it.
  ASSERT_EQ(Cli({"--as", "ppid.utama", "citizen", "export", "--channel", "whatsapp", "--user", kPhone}, &out),
            0)
      << out;
  EXPECT_NE(out.find("read in full by budi.pupr"), std::string::npos) << out;
  EXPECT_NE(out.find("read in full by sari.pupr"), std::string::npos) << out;

  // An hour later the same person's read is recorded again.
  ASSERT_TRUE(WaitFor(
      [&] {
        return Cli({"--as", "budi.pupr", "show", first}, &out) == 0 && Readers(first).size() == 3;
      },
      30))
      << out;
  EXPECT_EQ(Readers(first).back(), "admin:budi.pupr");
  ASSERT_EQ(broker_->Stop(), 0) << broker_->Log();
  ASSERT_EQ(Cli({"audit", "verify"}, &out), 0) << out;
}

TEST_F(CitizenData, TheRetentionPolicyPurgesClosedTicketsAndTheChainStillVerifies) {
  // A day of ticket time per second; personal data kept for one day after a ticket closes.
  Start({{"personal_data_days", "=1"}}, {"--clock-scale", "86400"});
  auto numbers = SubmitAll();
  ASSERT_EQ(numbers.size(), 3u);
  Resolve(numbers[0]);
  std::string out;
  ASSERT_TRUE(WaitFor(
      [&] {
        return Cli({"--as", "budi.pupr", "show", numbers[0]}, &out) == 0 &&
               out.find("erased at") != std::string::npos;
      },
      20))
      << out;
  ASSERT_EQ(Cli({"--as", "budi.pupr", "show", numbers[0], "--events"}, &out), 0);
  EXPECT_NE(out.find("PERSONAL_DATA_PURGED"), std::string::npos) << out;
  EXPECT_EQ(out.find(kFirst), std::string::npos) << out;
  // Still being handled: kept, however old.
  ASSERT_EQ(Cli({"--as", "budi.pupr", "show", numbers[1]}, &out), 0);
  EXPECT_NE(out.find(kSecond), std::string::npos) << out;
  EXPECT_EQ(out.find("erased at"), std::string::npos) << out;

  ASSERT_EQ(broker_->Stop(), 0) << broker_->Log();
  std::string bytes = ReadBytes(broker_->db_path()) + ReadBytes(broker_->db_path() + "-wal");
  EXPECT_EQ(bytes.find(kFirst), std::string::npos);
  EXPECT_NE(bytes.find(kSecond), std::string::npos);
  ASSERT_EQ(Cli({"audit", "verify"}, &out), 0) << out;
  EXPECT_NE(broker_->Log().find("retention: the personal data of 1 closed tickets purged"), std::string::npos)
      << broker_->Log();
}

}  // namespace
}  // namespace aspirasi::testing
