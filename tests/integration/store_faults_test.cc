// Faults of the store are visible and lose nothing acknowledged: the database or its WAL deleted
// or replaced under a running broker stops acknowledgements at once (the committed data is copied
// beside the database, and a restart from that copy has every acknowledged ticket); a checkpoint
// that cannot write makes /healthz fail with SQLite's reason until it can again; and a fault that
// repeats thousands of times leaves a handful of log lines, counted in the metrics.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/ticket_counts.h"
#include "tests/support/wait.h"

namespace aspirasi::testing {
namespace {

namespace fs = std::filesystem;

v1::Submit Draft(const std::string& key) {
  v1::Submit s;
  s.set_idempotency_key(key);
  auto* d = s.mutable_draft();
  d->set_channel("telegram");
  d->set_account("7712340098");
  d->set_source_id(key);
  d->set_opd("DLH");
  d->set_text("sampah menumpuk di TPS " + key);
  return s;
}

// The keys that were acknowledged, submitting `n` with prefix `prefix`.
std::vector<std::string> SubmitAll(IngestClient& ingest, const std::string& prefix, int n) {
  std::vector<std::string> acked;
  for (int i = 0; i < n; ++i) {
    std::string key = prefix + std::to_string(i);
    if (ingest.Submit(Draft(key)).ok()) acked.push_back(key);
  }
  return acked;
}

std::pair<int, std::string> Health(const BrokerFixture& broker) {
  httplib::Client http("http://" + broker.endpoints().http);
  auto res = http.Get("/healthz");
  if (!res) return {0, ""};
  return {res->status, res->body};
}

std::string Metrics(const BrokerFixture& broker) {
  httplib::Client http("http://" + broker.endpoints().http);
  auto res = http.Get("/metrics");
  return res ? res->body : "";
}

// The rescue copy the broker wrote beside the database, or "" when there is none.
std::string RescueCopy(const BrokerFixture& broker) {
  for (const auto& entry : fs::directory_iterator(broker.dir())) {
    if (entry.path().filename().string().starts_with("aspirasi.db.rescued-")) return entry.path().string();
  }
  return "";
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// After the files lost their names: no more acknowledgements, an unhealthy broker that says why,
// and a restart from the rescue copy that has every acknowledged ticket.
void ExpectStoppedAndRecoverable(BrokerFixture& broker, const std::vector<std::string>& acked,
                                 const std::string& why) {
  IngestOptions once;
  once.max_retries = 0;
  IngestClient single(broker.endpoints().ingest, once);
  auto refused = single.Submit(Draft("after-the-loss"));
  ASSERT_FALSE(refused.ok()) << "acknowledged into a file that is gone";
  EXPECT_EQ(refused.status().code(), v1::UNAVAILABLE) << refused.status().ToString();
  EXPECT_FALSE(single.Submit(Draft("after-the-loss-2")).ok()) << "the refusal does not go away by itself";
  auto [status, body] = Health(broker);
  EXPECT_EQ(status, 503);
  EXPECT_NE(body.find(why), std::string::npos) << body;
  EXPECT_NE(broker.Log().find(why), std::string::npos);
  const std::string copy = RescueCopy(broker);
  ASSERT_FALSE(copy.empty()) << broker.Log();

  // The operator's way back (docs/OPERATIONS.md): stop, put the copy in place, start.
  broker.Stop();
  const fs::path db = broker.db_path();
  fs::remove(db.string() + "-wal");
  fs::remove(db.string() + "-shm");
  fs::rename(copy, db);
  ASSERT_TRUE(broker.Start()) << broker.error();
  ApiClient api(broker.endpoints().api);
  v1::TicketFilter all;
  EXPECT_GE(CountMatching(api, all), acked.size());
  IngestClient again(broker.endpoints().ingest);
  for (const auto& key : acked) {
    auto ack = again.Submit(Draft(key));
    ASSERT_TRUE(ack.ok()) << ack.status().ToString();
    EXPECT_EQ(ack->outcome(), v1::OUTCOME_DUPLICATE) << key << " was acknowledged and then lost";
  }
  EXPECT_EQ(Health(broker).first, 200);
}

TEST(StoreFaults, ADeletedWalStopsAcknowledgementsAndLosesNothing) {
  BrokerFixture broker("fault-wal");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();
  IngestClient ingest(broker.endpoints().ingest);
  auto acked = SubmitAll(ingest, "wal-", 200);
  ASSERT_EQ(acked.size(), 200u);
  ASSERT_TRUE(fs::remove(broker.db_path() + "-wal"));
  ExpectStoppedAndRecoverable(broker, acked, "aspirasi.db-wal was deleted while the broker was running");
}

TEST(StoreFaults, AReplacedDatabaseStopsAcknowledgementsAndLosesNothing) {
  BrokerFixture broker("fault-db");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();
  IngestClient ingest(broker.endpoints().ingest);
  auto acked = SubmitAll(ingest, "db-", 200);
  ASSERT_EQ(acked.size(), 200u);
  // A backup of yesterday restored over the live file (a copy then a rename, as tools do).
  const std::string db = broker.db_path();
  fs::copy_file(db, db + ".old");
  fs::rename(db + ".old", db);
  ExpectStoppedAndRecoverable(broker, acked, "aspirasi.db was replaced by another file");
}

// chattr +i needs root and a file system that supports it; the test says so and skips otherwise.
bool SetImmutable(const std::string& path, bool on) {
  std::string cmd = std::string("chattr ") + (on ? "+i '" : "-i '") + path + "' 2>/dev/null";
  return std::system(cmd.c_str()) == 0;
}

TEST(StoreFaults, ACheckpointThatCannotWriteMakesTheBrokerUnhealthyWithTheReason) {
  BrokerFixture broker("fault-checkpoint");
  ASSERT_TRUE(broker.Start()) << broker.error();
  IngestClient ingest(broker.endpoints().ingest);
  ASSERT_EQ(SubmitAll(ingest, "before-", 10).size(), 10u);
  if (!SetImmutable(broker.db_path(), true)) GTEST_SKIP() << "chattr +i is not available here";
  struct Undo {
    std::string path;
    ~Undo() { SetImmutable(path, false); }
  } undo{broker.db_path()};
  // Commits still go to the WAL (acknowledged and durable), but it can no longer be copied back.
  EXPECT_EQ(SubmitAll(ingest, "during-", 100).size(), 100u);
  std::string body;
  ASSERT_TRUE(WaitFor([&] {
    auto h = Health(broker);
    body = h.second;
    return h.first == 503;
  })) << "still healthy with a failing checkpoint";
  EXPECT_NE(body.find("WAL checkpoint failed"), std::string::npos) << body;
  // Every 10 ms it fails again: a few lines and one summary, not one line each time.
  ASSERT_TRUE(WaitFor(
      [&] { return Metrics(broker).find("aspirasi_log_suppressed_total 0\n") == std::string::npos; }));
  const std::string metrics = Metrics(broker);
  EXPECT_EQ(metrics.find("aspirasi_store_checkpoint_failures_total 0\n"), std::string::npos) << metrics;
  EXPECT_LE(Occurrences(broker.Log(), "WAL checkpoint failed"), 10u) << "a flood of log lines";
  // The file is writable again: healthy again, on the next checkpoint.
  SetImmutable(broker.db_path(), false);
  ASSERT_TRUE(WaitFor([&] { return Health(broker).first == 200; }));
  EXPECT_NE(broker.Log().find("WAL checkpoints work again"), std::string::npos);
}

}  // namespace
}  // namespace aspirasi::testing
