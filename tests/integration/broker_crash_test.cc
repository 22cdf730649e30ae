// kill -9 the broker while a client has 20,000 tickets in flight; restart it; the client re-sends
// everything not acked. Afterwards every acknowledged ticket is present exactly once, nothing is
// duplicated, the event log has no gaps, and SQLite's integrity check passes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"

namespace aspirasi::testing {
namespace {

constexpr int kTickets = 20000;

int64_t QueryInt(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  int64_t value = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      value = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return value;
}

std::string IntegrityCheck(const std::string& db_path) {
  sqlite3* db = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return result;
}

v1::Submit MakeSubmit(int i) {
  v1::Submit s;
  s.set_idempotency_key("crash:facebook:comment:" + std::to_string(i));
  auto* d = s.mutable_draft();
  d->set_channel("facebook");
  d->set_account("104582736190254");
  d->set_source_id(std::to_string(i));
  d->mutable_author()->set_platform_id("fb-" + std::to_string(i % 997));
  d->set_text("Laporan warga nomor " + std::to_string(i) + ": jalan rusak dan drainase tersumbat di RT " +
              std::to_string(i % 40) + ", mohon ditindaklanjuti.");
  return s;
}

TEST(BrokerCrash, Kill9WithTwentyThousandInFlightLosesAndDuplicatesNothing) {
  BrokerFixture broker("crash");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();

  std::vector<v1::Submit> submits;
  for (int i = 0; i < kTickets; ++i) submits.push_back(MakeSubmit(i));
  IngestOptions options;
  options.timeout_ms = 3000;
  options.max_in_flight = kTickets;
  IngestClient client(broker.endpoints().ingest, options);
  ASSERT_TRUE(client.Connect().ok());
  auto results_future =
      std::async(std::launch::async, [&] { return client.SubmitAll(submits, 180000, kTickets); });

  // Kill the broker once part of the load is committed (mid-load, everything else in flight).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int64_t committed = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    committed = QueryInt(broker.db_path(), "SELECT COUNT(*) FROM tickets");
    if (committed >= 1000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_GE(committed, 1000) << broker.Log();
  broker.Kill9();
  int64_t at_kill = QueryInt(broker.db_path(), "SELECT COUNT(*) FROM tickets");
  EXPECT_LT(at_kill, kTickets) << "the load finished before the kill; the test proves nothing";
  ASSERT_TRUE(broker.Start()) << broker.error();

  auto results = results_future.get();
  ASSERT_EQ(results.size(), static_cast<std::size_t>(kTickets));
  std::set<uint64_t> ids;
  int duplicates_acked = 0;
  for (int i = 0; i < kTickets; ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status().ToString();
    EXPECT_TRUE(ids.insert(results[i]->ticket_id()).second) << "two keys acked with one ticket id";
    if (results[i]->duplicate()) ++duplicates_acked;
  }
  ASSERT_TRUE(broker.Stop() == 0) << broker.Log();

  EXPECT_EQ(QueryInt(broker.db_path(), "SELECT COUNT(*) FROM tickets"), kTickets);
  EXPECT_EQ(QueryInt(broker.db_path(), "SELECT COUNT(DISTINCT source_key) FROM tickets"), kTickets);
  EXPECT_EQ(QueryInt(broker.db_path(), "SELECT COUNT(*) FROM events WHERE type = 1"), kTickets);
  EXPECT_EQ(QueryInt(broker.db_path(), "SELECT MAX(seq) - COUNT(*) FROM events"), 0)
      << "gaps in the event log";
  EXPECT_EQ(IntegrityCheck(broker.db_path()), "ok");
  // Acked ids are exactly the stored ids.
  EXPECT_EQ(*ids.begin(), 1u);
  EXPECT_EQ(*ids.rbegin(), static_cast<uint64_t>(kTickets));
  RecordProperty("committed_before_kill", static_cast<int>(at_kill));
  RecordProperty("acked_as_duplicate_after_restart", duplicates_acked);
  RecordProperty("client_resends", static_cast<int>(client.resends()));
}

}  // namespace
}  // namespace aspirasi::testing
