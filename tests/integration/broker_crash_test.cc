// kill -9 the broker once thousands of a client's 20,000 submits have been acked and the rest are in
// flight; restart it; the client re-sends everything not acked. Afterwards every key acked before the
// kill is stored with the ticket id its ack gave, every key is present exactly once, the event log
// has no gaps, and SQLite's integrity check passes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
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

// Every (source key -> ticket id) row of the database.
std::map<std::string, uint64_t> StoredIds(const std::string& db_path) {
  std::map<std::string, uint64_t> ids;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT source_key, id FROM tickets", -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        ids[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] =
            static_cast<uint64_t>(sqlite3_column_int64(st, 1));
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return ids;
}

TEST(BrokerCrash, Kill9WithTwentyThousandInFlightLosesAndDuplicatesNothing) {
  BrokerFixture broker("crash");
  ASSERT_TRUE(broker.Start()) << broker.error();
  broker.PinEndpoints();

  std::vector<v1::Submit> submits;
  for (int i = 0; i < kTickets; ++i) submits.push_back(MakeSubmit(i));

  // The client streams the submits with a window of 2,000 and notes the ticket id of each ack
  // as it arrives, re-sending whatever is not acked (across the kill) until everything is.
  std::mutex mu;
  std::vector<uint64_t> acked_id(kTickets, 0);  // guarded by mu
  std::atomic<int> acked{0};
  std::atomic<int> mismatched{0};  // a key acked again with another ticket id
  std::atomic<int> duplicates_acked{0};
  std::atomic<uint64_t> resends{0};
  auto client_done = std::async(std::launch::async, [&]() -> std::string {
    IngestOptions options;
    options.timeout_ms = 3000;
    options.max_in_flight = kTickets;
    options.max_retries = 1000;  // the broker is gone for a while: keep re-sending
    IngestClient client(broker.endpoints().ingest, options);
    if (!client.Connect().ok()) return "cannot connect";
    std::vector<bool> done(kTickets, false);
    int next = 0;
    int finished = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
    while (finished < kTickets) {
      if (std::chrono::steady_clock::now() > deadline) return "not everything acked in 3 minutes";
      while (next < kTickets && client.in_flight() < 2000) {
        Status st = client.Send(submits[next], static_cast<uint64_t>(next));
        if (!st.ok()) return "send: " + st.ToString();
        ++next;
      }
      std::string failure;
      client.Poll(100, [&](uint64_t tag, Result<v1::SubmitAck> r) {
        if (!r.ok()) {
          // Retries used up while the broker was down: send it again.
          if (!client.Send(submits[tag], tag).ok()) failure = r.status().ToString();
          return;
        }
        std::lock_guard lock(mu);
        if (acked_id[tag] == 0) {
          acked_id[tag] = r->ticket_id();
          acked.fetch_add(1);
        } else if (acked_id[tag] != r->ticket_id()) {
          mismatched.fetch_add(1);
        }
        if (r->duplicate()) duplicates_acked.fetch_add(1);
        if (!done[tag]) {
          done[tag] = true;
          ++finished;
        }
      });
      if (!failure.empty()) return failure;
    }
    resends = client.resends();
    return "";
  });

  // Kill the broker once thousands of acks have reached the client, with the rest in flight.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (acked.load() < 5000 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_GE(acked.load(), 5000) << broker.Log();
  broker.Kill9();
  const int acked_at_kill = acked.load();
  EXPECT_LT(acked_at_kill, kTickets) << "the load finished before the kill; the test proves nothing";
  std::vector<uint64_t> before_kill;
  {
    std::lock_guard lock(mu);
    before_kill = acked_id;
  }
  ASSERT_TRUE(broker.Start()) << broker.error();

  ASSERT_EQ(client_done.get(), "");
  EXPECT_EQ(mismatched.load(), 0) << "a key acked with two different ticket ids";
  ASSERT_TRUE(broker.Stop() == 0) << broker.Log();

  // Every ack that reached the client before the kill is in the database, with its ticket id.
  auto stored = StoredIds(broker.db_path());
  int checked = 0;
  for (int i = 0; i < kTickets; ++i) {
    if (before_kill[i] == 0) continue;
    ++checked;
    auto it = stored.find(submits[i].idempotency_key());
    ASSERT_NE(it, stored.end()) << submits[i].idempotency_key() << " was acked before the kill and is gone";
    EXPECT_EQ(it->second, before_kill[i]) << submits[i].idempotency_key();
  }
  EXPECT_GE(checked, 5000);
  // And every key has exactly one ticket, numbered without gaps.
  std::set<uint64_t> ids;
  {
    std::lock_guard lock(mu);
    for (uint64_t id : acked_id) EXPECT_TRUE(ids.insert(id).second) << "two keys acked with one ticket id";
  }
  EXPECT_EQ(QueryInt(broker.db_path(), "SELECT COUNT(*) FROM tickets"), kTickets);
  EXPECT_EQ(QueryInt(broker.db_path(), "SELECT COUNT(DISTINCT source_key) FROM tickets"), kTickets);
  EXPECT_EQ(QueryInt(broker.db_path(), "SELECT COUNT(*) FROM events WHERE type = 1"), kTickets);
  EXPECT_EQ(QueryInt(broker.db_path(), "SELECT MAX(seq) - COUNT(*) FROM events"), 0)
      << "gaps in the event log";
  EXPECT_EQ(IntegrityCheck(broker.db_path()), "ok");
  EXPECT_EQ(*ids.begin(), 1u);
  EXPECT_EQ(*ids.rbegin(), static_cast<uint64_t>(kTickets));
  RecordProperty("acked_before_kill", acked_at_kill);
  RecordProperty("acked_as_duplicate_after_restart", duplicates_acked.load());
  RecordProperty("client_resends", static_cast<int>(resends.load()));
  std::cout << "acks before the kill " << acked_at_kill << ", acked again as duplicates "
            << duplicates_acked.load() << ", client re-sends " << resends.load() << "\n";
}

}  // namespace
}  // namespace aspirasi::testing
