// The CLI and the responder against a real aspirasid: submit from JSON, list, show, count,
// events, ping, error messages and exit codes; then a responder takes the tickets.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <thread>

#include "tests/support/broker_fixture.h"

namespace aspirasi::testing {
namespace {

class CliIntegration : public ::testing::Test {
 protected:
  // One broker per test: ctest runs every test in its own process.
  void SetUp() override {
    broker_ = std::make_unique<BrokerFixture>("cli");
    ASSERT_TRUE(broker_->Start()) << broker_->error();
    broker_->PinEndpoints();
    std::ofstream(Path("drafts.json")) << R"([
      {"idempotencyKey": "facebook:comment:1", "draft": {"channel": "facebook", "account": "104582736190254",
       "text": "Jalan rusak di depan SD Negeri 2, banyak lubang", "author": {"displayName": "Budi Santoso"}}},
      {"channel": "whatsapp", "account": "412093385561207", "text": "Sampah di TPS pasar belum diangkut seminggu",
       "urgency": "segera", "idempotency_key": "whatsapp:msg:2"},
      {"channel": "instagram", "account": "17841400000000777", "text": "Terima kasih untuk vaksinasinya"}
    ])";
  }
  std::string Path(const std::string& name) { return (broker_->dir() / name).string(); }

  // Runs the CLI with the pinned config, in English (these tests read its words; the Indonesian
  // ones are read by tests/integration/figures_test.cc); returns the exit code, output in *out.
  int Cli(std::vector<std::string> args, std::string* out) {
    args.insert(args.begin(), {CliBinary(), "--lang", "en", "--config", broker_->config_path()});
    return RunCommand(args, out, 30000);
  }

  // Polls `count <filter>` until it prints `want` (up to 5 s).
  bool WaitForCount(std::vector<std::string> filter, const std::string& want) {
    filter.insert(filter.begin(), "count");
    std::string out;
    for (int i = 0; i < 50; ++i) {
      if (Cli(filter, &out) == 0 && out == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // A responder for the three OPDs of drafts.json takes three tickets, then exits.
  void Respond(std::string* log) {
    ASSERT_EQ(RunCommand({ResponderBinary(), "--config", broker_->config_path(), "--opd", "PUPR", "--opd",
                          "DLH", "--opd", "DINKES", "--exit-after", "3"},
                         log, 30000),
              0)
        << *log;
  }

  std::unique_ptr<BrokerFixture> broker_;
};

TEST_F(CliIntegration, SubmitQueryAndDeliver) {
  std::string out;
  ASSERT_EQ(Cli({"submit", Path("drafts.json")}, &out), 0) << out;
  EXPECT_NE(out.find("NH-"), std::string::npos) << out;
  EXPECT_NE(out.find("OUTCOME_CREATED  PUPR"), std::string::npos) << out;
  EXPECT_NE(out.find("OUTCOME_CREATED  DLH"), std::string::npos) << out;
  EXPECT_NE(out.find("OUTCOME_CREATED  DINKES"), std::string::npos) << out;  // by the receiving account

  // The same input again: every submit is a duplicate of the same ticket.
  ASSERT_EQ(Cli({"--json", "submit", Path("drafts.json")}, &out), 0) << out;
  EXPECT_EQ(out.find("OUTCOME_CREATED"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("idempotencyKey":"facebook:comment:1")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("duplicate":true)"), std::string::npos) << out;

  ASSERT_EQ(Cli({"tickets", "--status", "new"}, &out), 0) << out;
  EXPECT_NE(out.find("ROUTE_RULE jalan-dan-drainase"), std::string::npos) << out;
  EXPECT_NE(out.find("ROUTE_ACCOUNT"), std::string::npos) << out;
  EXPECT_EQ(out.find("Budi"), std::string::npos) << "personal data in the table: " << out;
  ASSERT_EQ(Cli({"--json", "tickets"}, &out), 0) << out;
  EXPECT_NE(out.find("Budi Santoso"), std::string::npos) << out;

  ASSERT_EQ(Cli({"count", "--by", "opd"}, &out), 0) << out;
  EXPECT_NE(out.find("TOTAL"), std::string::npos) << out;
  ASSERT_EQ(Cli({"count"}, &out), 0) << out;
  EXPECT_EQ(out, "3\n");

  ASSERT_EQ(Cli({"show", "1", "--events"}, &out), 0) << out;
  EXPECT_NE(out.find("Jalan rusak di depan SD Negeri 2"), std::string::npos) << out;
  EXPECT_NE(out.find("TICKET_CREATED"), std::string::npos) << out;

  ASSERT_EQ(Cli({"events", "--since", "0"}, &out), 0) << out;
  EXPECT_NE(out.find("TICKET_CREATED"), std::string::npos) << out;
  ASSERT_EQ(Cli({"ping"}, &out), 0) << out;
  EXPECT_NE(out.find("pong from"), std::string::npos) << out;

  std::string log;
  Respond(&log);
  EXPECT_NE(log.find("opd=PUPR attempt=1"), std::string::npos) << log;
  EXPECT_EQ(log.find("Jalan rusak"), std::string::npos) << "citizen text at info level: " << log;
  // The acks are committed shortly after they arrive.
  EXPECT_TRUE(WaitForCount({"--delivery", "DELIVERED"}, "3\n")) << "the responder's acks did not arrive";
}

// Delivery to a response worker is the worker side (delivery.state); the desk status stays NEW
// until a person handles the ticket (docs/DESIGN.md).
TEST_F(CliIntegration, DeliveredTicketsStayNewForTheDesk) {
  std::string out;
  ASSERT_EQ(Cli({"submit", Path("drafts.json")}, &out), 0) << out;
  Respond(&out);
  ASSERT_TRUE(WaitForCount({"--delivery", "DELIVERED"}, "3\n"));
  EXPECT_TRUE(WaitForCount({"--status", "NEW", "--delivery", "DELIVERED"}, "3\n"));
}

TEST_F(CliIntegration, ErrorsAndExitCodes) {
  std::string out;
  EXPECT_EQ(Cli({"show", "999999"}, &out), 1);
  EXPECT_EQ(out, "aspirasi: ticket 999999 not found (NOT_FOUND)\n");
  for (const char* command : {"show", "claim"}) {  // more digits than an id has: refused, not a crash
    EXPECT_EQ(Cli({"--as", "budi.pupr", command, "99999999999999999999"}, &out), 2) << command;
    EXPECT_NE(out.find("is not a ticket: an id has at most 18 digits"), std::string::npos) << out;
  }
  EXPECT_EQ(Cli({"show", "NH-2026-99999999999999999999"}, &out), 1);
  EXPECT_NE(out.find("(NOT_FOUND)"), std::string::npos) << out;
  // A live stream names OPDs the broker knows and the admin works for; refused at once otherwise.
  EXPECT_EQ(Cli({"events", "--follow", "--opd", "NOPE"}, &out), 1);
  EXPECT_NE(out.find("no OPD 'NOPE' in the configuration"), std::string::npos) << out;
  EXPECT_EQ(Cli({"--as", "budi.pupr", "events", "--follow", "--opd", "DLH"}, &out), 1);
  EXPECT_NE(out.find("budi.pupr does not work for DLH (PERMISSION_DENIED)"), std::string::npos) << out;
  EXPECT_EQ(Cli({"--as", "nobody", "watch"}, &out), 1);
  EXPECT_NE(out.find("(PERMISSION_DENIED)"), std::string::npos) << out;
  EXPECT_EQ(Cli({"tickets", "--status", "CLOSED"}, &out), 2);
  EXPECT_NE(out.find("unknown status 'CLOSED'"), std::string::npos) << out;
  EXPECT_EQ(Cli({"frobnicate"}, &out), 2) << out;
  std::ofstream(Path("bad.json"))
      << R"({"idempotencyKey": "x:1", "action": "UPDATE", "draft": {"channel": "x"}})";
  EXPECT_EQ(Cli({"submit", Path("bad.json")}, &out), 1);
  EXPECT_NE(out.find("(INVALID_ARGUMENT)"), std::string::npos) << out;
  EXPECT_EQ(
      RunCommand({CliBinary(), "--lang", "en", "--api", "tcp://127.0.0.1:1", "--timeout", "200", "ping"},
                 &out, 10000),
      1);
  EXPECT_NE(out.find("(TIMEOUT)"), std::string::npos) << out;
  EXPECT_EQ(RunCommand({ResponderBinary(), "--config", broker_->config_path(), "--opd", "NOPE"}, &out, 10000),
            2);
  EXPECT_NE(out.find("unknown OPD 'NOPE'"), std::string::npos) << out;
}

}  // namespace
}  // namespace aspirasi::testing
