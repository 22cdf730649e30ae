// The audit record's hash chain against a real aspirasid and the real `aspirasi audit verify`:
// the broker chains every event it records, publishes the head (log line, metric), keeps the
// chain across restarts and upgrades a schema-7 database's events into it; and each way of
// tampering with a stopped broker's database in the sqlite3 shell (edit, insert, delete,
// reorder, cut the end) is detected and located.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "clients/lib/api_client.h"
#include "clients/lib/ingest_client.h"
#include "tests/support/broker_fixture.h"
#include "tests/support/drafts.h"
#include "tests/support/process.h"

namespace aspirasi::testing {
namespace {

namespace fs = std::filesystem;

// Submits `n` tickets and works two of them at the desk, so the chain holds several event kinds.
void Work(const BrokerFixture& broker, const std::string& prefix, int n) {
  IngestClient ingest(broker.endpoints().ingest);
  std::vector<v1::Submit> submits;
  for (int i = 0; i < n; ++i)
    submits.push_back(FacebookComment(prefix + std::to_string(i), i % 2 ? "PUPR" : "DLH"));
  std::vector<uint64_t> pupr;
  for (const auto& r : ingest.SubmitAll(submits, 30000, 100)) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    if (r->opd() == "PUPR") pupr.push_back(r->ticket_id());
  }
  ApiClient api(broker.endpoints().api);
  api.set_actor("budi.pupr");
  for (std::size_t i = 0; i < 2 && i < pupr.size(); ++i) {
    for (v1::DeskAction a : {v1::DESK_CLAIM, v1::DESK_NOTE, v1::DESK_RESOLVE}) {
      v1::DeskCommand c;
      c.set_action(a);
      c.set_ticket_id(pupr[i]);
      if (a == v1::DESK_NOTE) c.set_text("Sudah dicek ke lokasi");
      if (a == v1::DESK_RESOLVE) c.set_text("Jalan sudah ditambal");
      auto r = api.Desk(c);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }
}

int Sql(const std::string& db, const std::string& sql, std::string* out = nullptr) {
  std::string output;
  int rc = RunCommand({"sqlite3", db, sql}, &output);
  EXPECT_EQ(rc, 0) << sql << "\n" << output;
  if (out) *out = output;
  return rc;
}

struct Verdict {
  int exit = -1;
  nlohmann::json json;
  std::string text;
};

Verdict Verify(const std::string& db, std::vector<std::string> extra = {}) {
  Verdict v;
  std::vector<std::string> argv = {CliBinary(), "--json", "audit", "verify", "--db", db};
  argv.insert(argv.end(), extra.begin(), extra.end());
  std::string out;
  v.exit = RunCommand(argv, &out);
  v.text = out;
  v.json = nlohmann::json::parse(out, nullptr, false);
  return v;
}

std::string Text(const std::vector<std::string>& args, int* exit) {
  std::vector<std::string> argv = {CliBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string out;
  *exit = RunCommand(argv, &out);
  return out;
}

// The last "audit chain head SEQ:HASH" the broker logged.
std::string LoggedHead(const std::string& log) {
  const std::string tag = "audit chain head ";
  auto at = log.rfind(tag);
  if (at == std::string::npos) return "";
  auto start = at + tag.size();
  return log.substr(start, log.find_first_of(" \n", start) - start);
}

// The head in aspirasi_audit_chain_head_info, as SEQ:HASH.
std::string MetricHead(const BrokerFixture& broker) {
  httplib::Client http("http://" + broker.endpoints().http);
  auto res = http.Get("/metrics");
  if (!res) return "";
  const std::string& body = res->body;
  auto at = body.find("\naspirasi_audit_chain_head_info{seq=\"");
  if (at == std::string::npos) return "";
  auto seq_at = at + std::string("\naspirasi_audit_chain_head_info{seq=\"").size();
  std::string seq = body.substr(seq_at, body.find('"', seq_at) - seq_at);
  auto hash_at = body.find("hash=\"", seq_at) + 6;
  return seq + ":" + body.substr(hash_at, body.find('"', hash_at) - hash_at);
}

class AuditChain : public ::testing::Test {
 protected:
  // One broker run for the suite: 12 tickets, two worked at the desk, then stopped cleanly.
  static void SetUpTestSuite() {
    broker_ = new BrokerFixture("auditchain", "audit_head_interval_s = 1");
    ASSERT_TRUE(broker_->Start()) << broker_->error();
    Work(*broker_, "audit:", 12);
    // Published at start (no events yet), then at most once a second while events come.
    EXPECT_EQ(MetricHead(*broker_), "0:" + std::string(64, '0'));
    // A commit after the interval publishes the head.
    for (int i = 0; i < 50 && std::stoull(metric_head_ = MetricHead(*broker_)) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      Work(*broker_, "audit-late" + std::to_string(i) + ":", 1);
    }
    ASSERT_EQ(broker_->Stop(), 0);
    logged_head_ = LoggedHead(broker_->Log());
  }
  static void TearDownTestSuite() {
    delete broker_;
    broker_ = nullptr;
  }

  // A consistent single-file copy of the stopped broker's database, to tamper with.
  std::string Copy(const std::string& name) {
    std::string path = (broker_->dir() / (name + ".db")).string();
    fs::remove(path);
    Sql(broker_->db_path(), ".backup '" + path + "'");
    return path;
  }
  static uint64_t Last(const std::string& db) {
    std::string out;
    Sql(db, "SELECT MAX(seq) FROM events", &out);
    return std::stoull(out);
  }

  static BrokerFixture* broker_;
  static std::string metric_head_, logged_head_;
};
BrokerFixture* AuditChain::broker_ = nullptr;
std::string AuditChain::metric_head_, AuditChain::logged_head_;

TEST_F(AuditChain, WholeChainVerifiesAndItsHeadIsPublished) {
  std::string db = broker_->db_path();
  uint64_t last = Last(db);
  ASSERT_GE(last, 19u);  // 12 + the late ones created, 2 x (claimed, note, resolved)
  Verdict v = Verify(db);
  ASSERT_EQ(v.exit, 0) << v.text;
  EXPECT_EQ(v.json["ok"], true);
  EXPECT_EQ(v.json["events_checked"], last);
  EXPECT_EQ(v.json["head"]["seq"], last);
  std::string head = std::to_string(last) + ":" + v.json["head"]["hash"].get<std::string>();
  // The head published at stop is the chain's head; the metric showed an earlier or equal one,
  // and both verify as heads an inspector kept.
  EXPECT_EQ(logged_head_, head) << broker_->Log();
  EXPECT_NE(broker_->Log().find("audit chain head " + head + " (at stop)"), std::string::npos);
  ASSERT_FALSE(metric_head_.empty());
  EXPECT_GT(std::stoull(metric_head_), 0u);
  EXPECT_EQ(Verify(db, {"--expect", metric_head_}).exit, 0) << metric_head_;
  EXPECT_EQ(Verify(db, {"--expect", head}).exit, 0);
  // For people: Indonesian by default, English on request; the head in SEQ:HASH form.
  int exit = -1;
  std::string id = Text({"audit", "verify", "--db", db}, &exit);
  EXPECT_EQ(exit, 0);
  EXPECT_NE(id.find("Rantai audit utuh: " + std::to_string(last) + " peristiwa diperiksa. Kepala: " + head),
            std::string::npos)
      << id;
  std::string en = Text({"--lang", "en", "audit", "verify", "--db", db, "--expect", head}, &exit);
  EXPECT_EQ(exit, 0);
  EXPECT_NE(en.find("The audit chain is whole"), std::string::npos) << en;
  EXPECT_NE(en.find("is in the chain, unchanged"), std::string::npos) << en;
  // The config names the database: --config alone is enough.
  std::string by_config = Text({"--config", broker_->config_path(), "audit", "verify"}, &exit);
  EXPECT_EQ(exit, 0) << by_config;
}

TEST_F(AuditChain, EditedColumnIsLocated) {
  std::string db = Copy("edit-column");
  Sql(db, "UPDATE events SET opd='DINKES' WHERE seq=5");
  Verdict v = Verify(db);
  EXPECT_EQ(v.exit, 3) << v.text;
  EXPECT_EQ(v.json["problem"]["fault"], "edited");
  EXPECT_EQ(v.json["problem"]["seq"], 5);
  EXPECT_EQ(v.json["problem"]["column"], "opd");
  int exit = -1;
  std::string id = Text({"audit", "verify", "--db", db}, &exit);
  EXPECT_EQ(exit, 3);
  EXPECT_NE(id.find("Rantai audit RUSAK pada peristiwa 5: kolom opd"), std::string::npos) << id;
}

TEST_F(AuditChain, EditedContentIsLocated) {
  std::string db = Copy("edit-body");
  std::string hex;
  Sql(db, "SELECT hex(body) FROM events WHERE seq=7", &hex);
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  v1::Event e;
  ASSERT_TRUE(e.ParseFromString(bytes));
  e.set_actor("admin:penyusup");  // who did it, rewritten
  std::string edited = e.SerializeAsString(), edited_hex;
  for (unsigned char c : edited) {
    static const char* d = "0123456789ABCDEF";
    edited_hex += d[c >> 4];
    edited_hex += d[c & 15];
  }
  Sql(db, "UPDATE events SET body=X'" + edited_hex + "' WHERE seq=7");
  Verdict v = Verify(db);
  EXPECT_EQ(v.exit, 3) << v.text;
  EXPECT_EQ(v.json["problem"]["fault"], "edited");
  EXPECT_EQ(v.json["problem"]["seq"], 7);
  EXPECT_EQ(v.json["problem"]["sign"], "hash");
}

TEST_F(AuditChain, DeletedRowIsLocated) {
  std::string db = Copy("delete");
  Sql(db, "DELETE FROM events WHERE seq=9");
  Verdict v = Verify(db);
  EXPECT_EQ(v.exit, 3) << v.text;
  EXPECT_EQ(v.json["problem"]["fault"], "deleted");
  EXPECT_EQ(v.json["problem"]["seq"], 9);
  // Deleted and the later rows renumbered to close the gap.
  db = Copy("delete-renumber");
  Sql(db,
      "DELETE FROM events WHERE seq=9; UPDATE events SET seq=seq+1000000 WHERE seq>9; "
      "UPDATE events SET seq=seq-1000001 WHERE seq>1000000;");
  v = Verify(db);
  EXPECT_EQ(v.json["problem"]["fault"], "deleted") << v.text;
  EXPECT_EQ(v.json["problem"]["seq"], 9);
}

TEST_F(AuditChain, InsertedRowIsLocated) {
  std::string db = Copy("insert");
  // Room made at 6 by renumbering the rest, then a copy of event 2 put there.
  Sql(db,
      "UPDATE events SET seq=seq+1000000 WHERE seq>=6; UPDATE events SET seq=seq-999999 WHERE seq>1000000; "
      "INSERT INTO events(seq, ticket_id, type, at_ms, opd, body, hash) "
      "SELECT 6, ticket_id, type, at_ms, opd, body, hash FROM events WHERE seq=2;");
  Verdict v = Verify(db);
  EXPECT_EQ(v.exit, 3) << v.text;
  EXPECT_EQ(v.json["problem"]["fault"], "inserted");
  EXPECT_EQ(v.json["problem"]["seq"], 6);
  EXPECT_EQ(v.json["problem"]["other"], 2);
}

TEST_F(AuditChain, ReorderedRowsAreLocated) {
  std::string db = Copy("reorder");
  Sql(db,
      "UPDATE events SET seq=-1 WHERE seq=10; UPDATE events SET seq=10 WHERE seq=11; "
      "UPDATE events SET seq=11 WHERE seq=-1;");
  Verdict v = Verify(db);
  EXPECT_EQ(v.exit, 3) << v.text;
  EXPECT_EQ(v.json["problem"]["fault"], "reordered");
  EXPECT_EQ(v.json["problem"]["seq"], 10);
  EXPECT_EQ(v.json["problem"]["other"], 11);
}

TEST_F(AuditChain, CutEndIsFoundAgainstTheLoggedHead) {
  std::string db = Copy("truncate");
  uint64_t last = Last(db);
  Sql(db, "DELETE FROM events WHERE seq>" + std::to_string(last - 3));
  EXPECT_EQ(Verify(db).exit, 0);  // alone, a shorter chain is whole: hence the outside copy
  Verdict v = Verify(db, {"--expect", logged_head_});
  EXPECT_EQ(v.exit, 3) << v.text;
  EXPECT_EQ(v.json["problem"]["fault"], "truncated");
  EXPECT_EQ(v.json["problem"]["seq"], last - 2);
  EXPECT_EQ(v.json["problem"]["other"], last);
}

TEST_F(AuditChain, HiddenEditsAndARemovedColumnAreFound) {
  // A number stored as a blob ("4") still reads as the number, and hides the event from searches by ticket.
  std::string db = Copy("type");
  Sql(db, "UPDATE events SET ticket_id = CAST(CAST(ticket_id AS TEXT) AS BLOB) WHERE seq=4");
  Verdict v = Verify(db);
  EXPECT_EQ(v.exit, 3) << v.text;
  EXPECT_EQ(v.json["problem"]["fault"], "edited");
  EXPECT_EQ(v.json["problem"]["seq"], 4);
  EXPECT_EQ(v.json["problem"]["column"], "ticket_id");
  // The chain's column dropped: not "unreadable" (exit 1) but broken (exit 3).
  db = Copy("no-hash-column");
  Sql(db, "ALTER TABLE events DROP COLUMN hash");
  v = Verify(db);
  EXPECT_EQ(v.exit, 3) << v.text;
  EXPECT_EQ(v.json["problem"]["fault"], "structure");
  // A copy after the last event, and a row numbered 0.
  db = Copy("beyond");
  Sql(db,
      "INSERT INTO events(seq, ticket_id, type, at_ms, opd, body, hash) "
      "SELECT 1000, ticket_id, type, at_ms, opd, body, hash FROM events WHERE seq=3");
  v = Verify(db);
  EXPECT_EQ(v.json["problem"]["fault"], "inserted") << v.text;
  EXPECT_EQ(v.json["problem"]["seq"], 1000);
  EXPECT_EQ(v.json["problem"]["other"], 3);
  db = Copy("zero");
  Sql(db,
      "INSERT INTO events(seq, ticket_id, type, at_ms, opd, body, hash) "
      "SELECT 0, ticket_id, type, at_ms, opd, body, hash FROM events WHERE seq=3");
  v = Verify(db);
  EXPECT_EQ(v.json["problem"]["fault"], "inserted") << v.text;
  EXPECT_EQ(v.json["problem"]["seq"], 0);
}

TEST_F(AuditChain, CheckingACopyLeavesNothingBesideIt) {
  std::string db = Copy("evidence");
  ASSERT_FALSE(fs::exists(db + "-wal"));  // a finished copy has no WAL: opened as unchanging
  ASSERT_EQ(Verify(db).exit, 0);
  EXPECT_FALSE(fs::exists(db + "-wal"));
  EXPECT_FALSE(fs::exists(db + "-shm"));
}

TEST_F(AuditChain, BadInputsAreClearErrors) {
  int exit = -1;
  std::string out = Text({"audit", "verify", "--db", (broker_->dir() / "nothing.db").string()}, &exit);
  EXPECT_EQ(exit, 1);
  EXPECT_NE(out.find("Tidak ada basis data"), std::string::npos) << out;
  out = Text({"audit", "verify", "--db", broker_->config_path()}, &exit);
  EXPECT_EQ(exit, 1);
  EXPECT_NE(out.find("bukan basis data Aspirasi"), std::string::npos) << out;
  for (const std::string& bad :
       std::vector<std::string>{"", "12", "x:ab", "0:" + std::string(64, 'a'), "5:" + std::string(63, 'a')}) {
    out = Text({"audit", "verify", "--db", broker_->db_path(), "--expect", bad}, &exit);
    EXPECT_EQ(exit, 2) << bad;
    EXPECT_NE(out.find("NOMOR:HASH"), std::string::npos) << out;
  }
  // The head logged at a first start (no events yet) is a head every chain contains.
  EXPECT_EQ(Verify(broker_->db_path(), {"--expect", "0:" + std::string(64, '0')}).exit, 0);
  ::unsetenv("ASPIRASI_CONFIG");
  out = Text({"audit", "verify"}, &exit);
  EXPECT_EQ(exit, 2);
  EXPECT_NE(out.find("--db"), std::string::npos) << out;
  out = Text({"audit"}, &exit);
  EXPECT_EQ(exit, 2) << out;
}

TEST_F(AuditChain, ChainGoesOnAcrossRestartsAndUpgradesOldDatabases) {
  // A database from before the chain (schema 7: no hash column).
  BrokerFixture next("auditchain-next");
  std::string copy = Copy("schema7");
  Sql(copy,
      "DROP INDEX tickets_citizen; DROP INDEX tickets_retention; DROP INDEX submissions_ticket; "
      "ALTER TABLE tickets DROP COLUMN citizen; ALTER TABLE tickets DROP COLUMN erased_ms; "
      "ALTER TABLE submissions DROP COLUMN at_ms; "
      "ALTER TABLE events DROP COLUMN hash; DROP TABLE restores; UPDATE schema_version SET version=7;");
  int exit = -1;
  std::string out = Text({"audit", "verify", "--db", copy}, &exit);
  EXPECT_EQ(exit, 1);
  EXPECT_NE(out.find("versi skema 7"), std::string::npos) << out;
  // The broker chains the old events when it upgrades: the same links as the original run.
  fs::copy_file(copy, next.db_path());
  ASSERT_TRUE(next.Start()) << next.error();
  EXPECT_EQ(LoggedHead(next.Log()), logged_head_);
  Work(next, "more:", 4);
  ASSERT_EQ(next.Stop(), 0);
  Verdict v = Verify(next.db_path(), {"--expect", logged_head_});
  EXPECT_EQ(v.exit, 0) << v.text;
  EXPECT_GT(v.json["head"]["seq"].get<uint64_t>(), std::stoull(logged_head_));
}

}  // namespace
}  // namespace aspirasi::testing
