// Every program's command line behaves the same way (docs/OPERATIONS.md, "Exit codes"): --version
// answers without a configuration, a command line that cannot be used exits 2 with a hint, and a
// logging setup that cannot work (an unknown level, a log file that cannot be opened) is a clear
// configuration error at start, exit 2, instead of a hang or an uncaught exception.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/broker_fixture.h"
#include "tests/support/ingest_fixture.h"

namespace aspirasi::testing {
namespace {

struct Program {
  const char* name;
  std::string (*binary)();
};

const Program kPrograms[] = {
    {"aspirasid", BrokerBinary},
    {"aspirasi-ingest", IngestBinary},
    {"aspirasi-responder", ResponderBinary},
    {"aspirasi", CliBinary},
};

TEST(CommandLine, EveryProgramTellsItsVersionWithoutAConfiguration) {
  for (const auto& p : kPrograms) {
    std::string out;
    EXPECT_EQ(RunCommand({p.binary(), "--version"}, &out, 10000), 0) << p.name << ": " << out;
    EXPECT_EQ(out, std::string(p.name) + " 0.1.0 (aspirasi.v1)\n") << p.name;
  }
}

TEST(CommandLine, AnUnusableCommandLineExitsTwoAndSaysWhereTheUsageIs) {
  const std::vector<std::vector<std::string>> bad = {
      {BrokerBinary(), "--config", "x.toml", "--no-such-option"},
      {IngestBinary(), "--config", "x.toml", "--no-such-option"},
      {ResponderBinary(), "--config", "x.toml", "--opd", "PUPR", "--no-such-option"},
      {CliBinary(), "ping", "--no-such-option"},
  };
  for (const auto& argv : bad) {
    std::string out;
    EXPECT_EQ(RunCommand(argv, &out, 10000), 2) << argv[0] << ": " << out;
    EXPECT_NE(out.find("--no-such-option"), std::string::npos) << argv[0] << ": " << out;
    EXPECT_NE(out.find("--help"), std::string::npos) << argv[0] << ": " << out;
  }
  for (const auto& p : kPrograms) {
    std::string out;
    EXPECT_EQ(RunCommand({p.binary(), "--help"}, &out, 10000), 0) << p.name << ": " << out;
    // A required option left out is a bad command line too.
    if (std::string(p.name) != "aspirasi") {
      EXPECT_EQ(RunCommand({p.binary()}, &out, 10000), 2) << p.name << ": " << out;
      EXPECT_NE(out.find("--config"), std::string::npos) << p.name << ": " << out;
    }
  }
  // So is a value outside its range.
  std::string out;
  EXPECT_EQ(RunCommand({BrokerBinary(), "--config", "x.toml", "--clock-scale", "0"}, &out, 10000), 2) << out;
  EXPECT_EQ(RunCommand({ResponderBinary(), "--config", "x.toml", "--opd", "PUPR", "--http-listen", "9321"},
                       &out, 10000),
            2)
      << out;
  EXPECT_NE(out.find("--http-listen must be host:port"), std::string::npos) << out;
  // And a restore's reserve must be a number.
  EXPECT_EQ(RunCommand({CliBinary(), "restore", "--from", "x.db", "--reserve", "-5"}, &out, 10000), 2) << out;
}

TEST(CommandLine, AnUnknownLogLevelIsRefusedAtOnce) {
  BrokerFixture broker("cmdline-level");
  std::string out;
  // Used to deadlock inside the logging setup.
  EXPECT_EQ(RunCommand({ResponderBinary(), "--config", broker.config_path(), "--opd", "PUPR", "--worker",
                        "tcp://127.0.0.1:1", "--log-level", "bogus"},
                       &out, 10000),
            2)
      << out;
  EXPECT_NE(out.find("unknown log level 'bogus'"), std::string::npos) << out;
}

TEST(CommandLine, ALogFileThatCannotBeOpenedIsAClearErrorForEveryDaemon) {
  SetSampleSecrets();  // the ingest reads its accounts' secrets before it opens its log
  BrokerFixture broker("cmdline-logfile", "",
                       {{"level", "=\"info\"\nfile = \"/proc/no-such-dir/aspirasi.log\""}});
  for (const auto& argv :
       std::vector<std::vector<std::string>>{{BrokerBinary(), "--config", broker.config_path()},
                                             {IngestBinary(), "--config", broker.config_path()},
                                             {ResponderBinary(), "--config", broker.config_path(), "--opd",
                                              "PUPR", "--worker", "tcp://127.0.0.1:1"}}) {
    std::string out;
    EXPECT_EQ(RunCommand(argv, &out, 10000), 2) << argv[0] << ": " << out;
    EXPECT_NE(out.find("cannot open the log file /proc/no-such-dir/aspirasi.log"), std::string::npos)
        << argv[0] << ": " << out;
  }
  // --check says so before a service manager starts it for real.
  std::string out;
  EXPECT_EQ(RunCommand({BrokerBinary(), "--config", broker.config_path(), "--check"}, &out, 10000), 2) << out;
  EXPECT_NE(out.find("logging.file: cannot write /proc/no-such-dir/aspirasi.log"), std::string::npos) << out;
}

// Processes sharing one configuration write a log file each when its name holds "{process}".
TEST(CommandLine, ALogFileNamedPerProcessGivesEachProgramItsOwnFile) {
  BrokerFixture broker("cmdline-logname", "", {{"level", "=\"info\"\nfile = \"logs-{process}.txt\""}});
  ASSERT_TRUE(broker.Start()) << broker.error();
  const auto own = broker.dir() / "logs-aspirasid.txt";
  ASSERT_TRUE(std::filesystem::exists(own));
  std::ifstream in(own);
  std::string first;
  std::getline(in, first);
  EXPECT_NE(first.find(" aspirasid ["), std::string::npos) << first;
  EXPECT_FALSE(std::filesystem::exists(broker.dir() / "logs-{process}.txt"));
  std::string out;
  EXPECT_EQ(RunCommand({ResponderBinary(), "--config", broker.config_path(), "--opd", "PUPR", "--worker",
                        broker.endpoints().worker, "--exit-after", "1"},
                       &out, 3000),
            -1000)  // still waiting for a delivery: stopped by the timeout
      << out;
  EXPECT_TRUE(std::filesystem::exists(broker.dir() / "logs-aspirasi-responder.txt")) << out;
}

// A broker bound to random ports ("tcp://127.0.0.1:*", as scripts start it) is found through its ready
// file; `aspirasi status` says what runs and what needs a person, and exits 1 while something does.
TEST(CommandLine, TheCliFindsARandomPortBrokerByItsReadyFileAndStatusSaysWhatNeedsAPerson) {
  BrokerFixture broker("cmdline-status");
  ASSERT_TRUE(broker.Start()) << broker.error();
  const std::string ready = (broker.dir() / "ready").string();
  std::string out;
  EXPECT_EQ(RunCommand({CliBinary(), "--config", broker.config_path(), "ping"}, &out, 10000), 2) << out;
  EXPECT_NE(out.find("--broker-ready"), std::string::npos) << out;
  EXPECT_EQ(RunCommand({CliBinary(), "--config", broker.config_path(), "--broker-ready", ready, "ping"}, &out,
                       10000),
            0)
      << out;
  EXPECT_EQ(RunCommand({CliBinary(), "--config", broker.config_path(), "--broker-ready", "/nonexistent/ready",
                        "ping"},
                       &out, 10000),
            2)
      << out;

  // No responder serves any OPD: status says so and exits 1.
  EXPECT_EQ(RunCommand({CliBinary(), "--config", broker.config_path(), "--broker-ready", ready, "--as",
                        "kominfo.supervisor", "status"},
                       &out, 20000),
            1)
      << out;
  EXPECT_NE(out.find("aspirasid di 127.0.0.1:"), std::string::npos) << out;
  EXPECT_NE(out.find("berjalan dan sehat"), std::string::npos) << out;
  EXPECT_NE(out.find("TANPA responder: "), std::string::npos) << out;
  EXPECT_NE(out.find("Kalender libur"), std::string::npos) << out;
  EXPECT_NE(out.find("Tiket gagal terkirim ke responder (perlu ditangani orang): 0."), std::string::npos)
      << out;
  EXPECT_EQ(
      RunCommand({CliBinary(), "--config", broker.config_path(), "--broker-ready", ready, "--json", "status"},
                 &out, 20000),
      1)
      << out;
  EXPECT_NE(out.find("\"healthy\":true"), std::string::npos) << out;
  EXPECT_NE(out.find("\"PUPR\":0"), std::string::npos) << out;
  EXPECT_NE(out.find("\"attention\":true"), std::string::npos) << out;

  // With the broker gone, status says it does not answer.
  broker.Kill9();
  EXPECT_EQ(RunCommand({CliBinary(), "--config", broker.config_path(), "--broker-ready", ready, "--timeout",
                        "500", "status"},
                       &out, 30000),
            1)
      << out;
  EXPECT_NE(out.find("TIDAK MENJAWAB"), std::string::npos) << out;
}

}  // namespace
}  // namespace aspirasi::testing
