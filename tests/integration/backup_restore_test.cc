// `aspirasi backup` and `aspirasi restore` against a real aspirasid: a backup taken while submits
// pour in holds every ticket acknowledged before it began; restored into a fresh directory after
// the server is lost, it serves them all again and issues no number twice; a restore waits for
// the broker to stop and keeps the files it replaces; one broker per database; and a reply that
// was still on its way in the backup is not posted again but marked UNCONFIRMED for a person.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/drafts.h"
#include "tests/support/process.h"
#include "tests/support/wait.h"

namespace aspirasi::testing {
namespace {

namespace fs = std::filesystem;

struct Cli {
  int exit = -1;
  std::string out;
  nlohmann::json json;
};

Cli RunCli(const BrokerFixture& broker, std::vector<std::string> args) {
  std::vector<std::string> argv = {CliBinary(), "--config", broker.config_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  Cli c;
  c.exit = RunCommand(argv, &c.out, 120000);
  auto newline = c.out.find('{');
  if (newline != std::string::npos) c.json = nlohmann::json::parse(c.out.substr(newline), nullptr, false);
  return c;
}

// Acknowledged submits: key -> ticket id.
struct Acked {
  std::mutex mu;
  std::map<std::string, uint64_t> ids;
  uint64_t max_id = 0;
  void Add(const std::string& key, uint64_t id) {
    std::lock_guard lock(mu);
    ids[key] = id;
    max_id = std::max(max_id, id);
  }
  std::map<std::string, uint64_t> Snapshot() {
    std::lock_guard lock(mu);
    return ids;
  }
};

void SubmitMany(const BrokerFixture& broker, Acked& acked, const std::string& prefix, int n) {
  IngestClient ingest(broker.endpoints().ingest);
  std::vector<v1::Submit> submits;
  for (int i = 0; i < n; ++i) submits.push_back(FacebookComment(prefix + std::to_string(i), "PUPR"));
  auto results = ingest.SubmitAll(submits, 60000, 100);
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status().ToString();
    acked.Add(submits[i].idempotency_key(), results[i]->ticket_id());
  }
}

TEST(BackupRestore, ABackupUnderLoadRestoredOnANewServerHasEveryAcknowledgedTicketAndNoNumberTwice) {
  BrokerFixture broker("backup-load");
  ASSERT_TRUE(broker.Start()) << broker.error();
  Acked acked;
  SubmitMany(broker, acked, "before-", 2000);

  // Submits keep coming, one at a time, while the backup is taken.
  std::atomic<bool> stop{false};
  std::atomic<int> during{0};
  std::thread load([&] {
    IngestClient ingest(broker.endpoints().ingest);
    for (int i = 0; !stop; ++i) {
      auto s = FacebookComment("during-" + std::to_string(i), "DLH");
      auto ack = ingest.Submit(s);
      if (ack.ok()) {
        acked.Add(s.idempotency_key(), ack->ticket_id());
        ++during;
      }
    }
  });
  ASSERT_TRUE(WaitFor([&] { return during >= 50; }, 30));
  const auto before_backup = acked.Snapshot();
  const std::string backup = (broker.dir() / "nightly.db").string();
  Cli b = RunCli(broker, {"--json", "backup", "--to", backup});
  const int during_backup_end = during;
  ASSERT_TRUE(WaitFor([&] { return during >= during_backup_end + 50; }, 30)) << "the writer stalled";
  stop = true;
  load.join();
  ASSERT_EQ(b.exit, 0) << b.out;
  EXPECT_EQ(b.json["live"], true) << b.out;
  EXPECT_EQ(b.json["chain"]["ok"], true) << b.out;
  EXPECT_GE(b.json["tickets"].get<uint64_t>(), before_backup.size());

  // The server is lost (kill -9); the backup goes to a new one with an empty directory.
  broker.Kill9();
  BrokerFixture fresh("backup-restored");
  fs::copy_file(backup, fresh.dir() / "nightly.db");
  const std::string copy = (fresh.dir() / "nightly.db").string();
  Cli refused = RunCli(fresh, {"restore", "--from", copy});
  EXPECT_EQ(refused.exit, 2) << refused.out;
  EXPECT_NE(refused.out.find("--reserve"), std::string::npos) << refused.out;
  EXPECT_FALSE(fs::exists(fresh.db_path()));
  Cli r = RunCli(fresh, {"--json", "restore", "--from", copy, "--reserve", "500"});
  ASSERT_EQ(r.exit, 0) << r.out;
  EXPECT_EQ(r.json["replaced"], "") << r.out;
  ASSERT_TRUE(fresh.Start()) << fresh.error();

  // Every ticket acknowledged before the backup began is there (a submit of it again is a
  // duplicate of the same ticket).
  IngestClient ingest(fresh.endpoints().ingest);
  std::vector<v1::Submit> again;
  std::vector<uint64_t> ids;
  for (const auto& [key, id] : before_backup) {
    again.push_back(FacebookComment(key, key.starts_with("before-") ? "PUPR" : "DLH"));
    ids.push_back(id);
  }
  auto results = ingest.SubmitAll(again, 60000, 100);
  ASSERT_EQ(results.size(), again.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status().ToString();
    EXPECT_EQ(results[i]->outcome(), v1::OUTCOME_DUPLICATE) << again[i].idempotency_key() << " was lost";
    EXPECT_EQ(results[i]->ticket_id(), ids[i]);
  }
  // A new ticket gets a number no citizen holds yet: above everything the lost server issued.
  auto fresh_ack = ingest.Submit(FacebookComment("after-restore", "PUPR"));
  ASSERT_TRUE(fresh_ack.ok()) << fresh_ack.status().ToString();
  EXPECT_GT(fresh_ack->ticket_id(), acked.max_id);
  // The audit record says what happened.
  Cli verify = RunCli(fresh, {"audit", "verify"});
  EXPECT_EQ(verify.exit, 0) << verify.out;
  EXPECT_NE(verify.out.find("Pemulihan dari cadangan tercatat"), std::string::npos) << verify.out;
}

TEST(BackupRestore, ARestoreWaitsForTheBrokerToStopKeepsWhatItReplacesAndOneBrokerOwnsADatabase) {
  BrokerFixture broker("restore-over");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();
  Acked acked;
  SubmitMany(broker, acked, "a-", 20);
  const std::string backup = (broker.dir() / "b.db").string();
  ASSERT_EQ(RunCli(broker, {"backup", "--to", backup}).exit, 0);
  Cli twice = RunCli(broker, {"backup", "--to", backup});
  EXPECT_EQ(twice.exit, 1) << twice.out;
  EXPECT_NE(twice.out.find("sudah ada"), std::string::npos) << twice.out;
  SubmitMany(broker, acked, "b-", 20);  // tickets 21..40: after the backup

  // A second broker on the same database does not start.
  std::string second;
  int rc = RunCommand({BrokerBinary(), "--config", broker.config_path(), "--lock-wait", "1"}, &second, 30000);
  EXPECT_EQ(rc, 1) << second;
  EXPECT_NE(second.find("waiting up to 1 s"), std::string::npos) << second;
  EXPECT_NE(second.find("one broker per database"), std::string::npos) << second;

  Cli running = RunCli(broker, {"restore", "--from", backup});
  EXPECT_EQ(running.exit, 1) << running.out;
  EXPECT_NE(running.out.find("systemctl stop aspirasid"), std::string::npos) << running.out;
  ASSERT_EQ(broker.Stop(), 0);

  Cli r = RunCli(broker, {"--json", "restore", "--from", backup});
  ASSERT_EQ(r.exit, 0) << r.out;
  EXPECT_EQ(r.json["replaced_read"], true);
  EXPECT_EQ(r.json["next_ticket_id"], 41);
  const std::string replaced = r.json["replaced"];
  EXPECT_TRUE(fs::exists(replaced));
  EXPECT_FALSE(fs::exists(broker.db_path() + "-wal"));
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestClient ingest(broker.endpoints().ingest);
  // Ticket 30 was issued after the backup: its submit comes again as a new ticket, numbered 41.
  auto lost = ingest.Submit(FacebookComment("b-9", "PUPR"));
  ASSERT_TRUE(lost.ok()) << lost.status().ToString();
  EXPECT_EQ(lost->outcome(), v1::OUTCOME_CREATED);
  EXPECT_EQ(lost->ticket_id(), 41u);
  EXPECT_NE(lost->ticket_number(), "");
  auto kept = ingest.Submit(FacebookComment("a-9", "PUPR"));
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->outcome(), v1::OUTCOME_DUPLICATE);
  EXPECT_EQ(kept->ticket_id(), acked.Snapshot()["a-9"]);
}

TEST(BackupRestore, AReplyOnItsWayInTheBackupIsMarkedUnconfirmedNotPostedAgain) {
  BrokerFixture broker("restore-reply", "lease_ms = 500");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();
  Acked acked;
  SubmitMany(broker, acked, "r-", 1);
  const uint64_t id = acked.Snapshot()["r-0"];
  ApiClient api(broker.endpoints().api);
  api.set_actor("budi.pupr");
  for (v1::DeskAction a : {v1::DESK_CLAIM, v1::DESK_REPLY}) {
    v1::DeskCommand c;
    c.set_action(a);
    c.set_ticket_id(id);
    if (a == v1::DESK_REPLY) c.set_text("Terima kasih, tim kami segera ke lokasi.");
    auto done = api.Desk(c);
    ASSERT_TRUE(done.ok()) << done.status().ToString();
  }
  // No responder runs: the reply waits in the outbox when the backup is taken.
  const std::string backup = (broker.dir() / "b.db").string();
  ASSERT_EQ(RunCli(broker, {"backup", "--to", backup}).exit, 0);
  ASSERT_EQ(broker.Stop(), 0);
  Cli r = RunCli(broker, {"--json", "restore", "--from", backup});
  ASSERT_EQ(r.exit, 0) << r.out;
  EXPECT_EQ(r.json["replies_held"], 1);
  ASSERT_TRUE(broker.Start()) << broker.error();
  ApiClient after(broker.endpoints().api);
  after.set_actor("budi.pupr");
  v1::TicketReply ticket;
  ASSERT_TRUE(WaitFor(
      [&] {
        auto t = after.GetTicket(id, true);
        if (!t.ok()) return false;
        ticket = *t;
        for (const auto& e : t->events())
          if (e.type() == v1::REPLY_UNCERTAIN) return true;
        return false;
      },
      30))
      << broker.Log();
  bool unconfirmed = false;
  for (const auto& m : ticket.ticket().messages())
    if (m.direction() == v1::OUTBOUND) unconfirmed = m.reply_state() == v1::REPLY_UNCONFIRMED;
  EXPECT_TRUE(unconfirmed);
  bool said = false;
  for (const auto& e : ticket.events())
    if (e.type() == v1::REPLY_UNCERTAIN)
      said = e.detail().find("restored from a backup") != std::string::npos;
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace aspirasi::testing
