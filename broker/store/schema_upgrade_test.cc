// Every earlier schema version migrates to the current one with nothing lost.
//
// tests/fixtures/schema/vN.sql is a database written by the broker of the commit where schema N
// was current (a small workload: tickets on several platforms and OPDs, desk work, replies, SLA
// alerts, as far as that version had them), dumped as SQL; vN.expect says what it holds. Each one is
// loaded into a fresh file, opened with the real store (which runs the migrations) and checked
// against its manifest. How the fixtures are made, and when to add one: tests/fixtures/schema/README.md.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "broker/store/chain_scan.h"
#include "broker/store/schema.h"
#include "broker/store/sqlite.h"
#include "broker/store/store.h"

namespace aspirasi::store {
namespace {

namespace fs = std::filesystem;

fs::path FixtureDir() { return fs::path(ASPIRASI_SOURCE_DIR) / "tests" / "fixtures" / "schema"; }

struct ExpectedTicket {
  uint64_t id = 0;
  std::string number;
  int status = 0;
  std::string opd;
  std::string channel;
  std::string citizen;  // "-": none
};

// vN.expect: one "key value..." per line, '#' comments.
struct Manifest {
  int schema_version = 0;
  std::vector<ExpectedTicket> tickets;
  std::map<std::string, int64_t> counts;  // tickets, events, head_seq, replies, alerts, ...
};

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

::testing::AssertionResult ParseManifest(const fs::path& path, Manifest* m) {
  std::string text;
  if (!ReadFile(path, &text)) return ::testing::AssertionFailure() << "cannot read " << path;
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key == "ticket") {
      ExpectedTicket t;
      if (!(words >> t.id >> t.number >> t.status >> t.opd >> t.channel >> t.citizen))
        return ::testing::AssertionFailure() << path << ":" << n << ": bad ticket line: " << line;
      m->tickets.push_back(t);
    } else if (key == "commit") {
      continue;
    } else {
      int64_t value = 0;
      if (!(words >> value))
        return ::testing::AssertionFailure() << path << ":" << n << ": bad line: " << line;
      if (key == "schema_version") m->schema_version = static_cast<int>(value);
      m->counts[key] = value;
    }
  }
  for (const char* key : {"schema_version", "tickets", "events", "head_seq", "submissions", "tombstones",
                          "replies", "alerts", "alerts_acked"}) {
    if (m->counts.count(key) == 0)
      return ::testing::AssertionFailure() << path << ": no '" << key << "' line";
  }
  if (static_cast<int64_t>(m->tickets.size()) != m->counts["tickets"])
    return ::testing::AssertionFailure()
           << path << ": " << m->tickets.size() << " ticket lines, 'tickets " << m->counts["tickets"] << "'";
  return ::testing::AssertionSuccess();
}

// A query's single integer answer (-1 when it fails).
int64_t QueryInt(Db& db, const std::string& sql) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return -1;
  Status s;
  return st->Step(&s) ? st->Int(0) : -1;
}

bool HasTable(Db& db, const std::string& table) {
  return QueryInt(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='" + table + "'") == 1;
}

int64_t CountIfTable(Db& db, const std::string& table, const std::string& where = "") {
  return HasTable(db, table) ? QueryInt(db, "SELECT count(*) FROM " + table + where) : 0;
}

// Every row of a query, each column typed and length-prefixed: what a migration must keep as it was.
std::vector<std::string> Rows(Db& db, const std::string& sql, int columns) {
  std::vector<std::string> rows;
  auto st = db.Prepare(sql);
  if (!st.ok()) return {"cannot read: " + st.status().ToString()};
  Status s;
  while (st->Step(&s)) {
    std::string row;
    for (int c = 0; c < columns; ++c) {
      std::string_view v = st->Type(c) == SQLITE_BLOB ? st->Blob(c) : st->Text(c);
      row += std::to_string(st->Type(c)) + ":" + std::to_string(v.size()) + ":";
      row.append(v);
    }
    rows.push_back(std::move(row));
  }
  if (!s.ok()) rows.push_back("failed: " + s.ToString());
  return rows;
}

// The content a migration must not touch: ticket bodies, events, idempotency keys, replies, alerts.
std::map<std::string, std::vector<std::string>> Content(Db& db) {
  std::map<std::string, std::vector<std::string>> content;
  content["ticket_bodies"] = Rows(db, "SELECT id, body FROM ticket_bodies ORDER BY id", 2);
  content["tickets"] =
      Rows(db,
           "SELECT id, number, source_key, conversation_key, tenant, opd, channel, status, urgency, "
           "delivery, attempts, sla_due_ms, received_ms, updated_ms FROM tickets ORDER BY id",
           14);
  content["events"] = Rows(db, "SELECT seq, ticket_id, type, at_ms, opd, body FROM events ORDER BY seq", 6);
  content["submissions"] = Rows(db, "SELECT key, ticket_id, outcome FROM submissions ORDER BY key", 3);
  content["tombstones"] = Rows(db, "SELECT source_key, at_ms FROM tombstones ORDER BY source_key", 2);
  if (HasTable(db, "replies"))
    content["replies"] =
        Rows(db, "SELECT id, ticket_id, opd, state, attempts, updated_ms, body FROM replies ORDER BY id", 7);
  if (HasTable(db, "alerts"))
    content["alerts"] =
        Rows(db,
             "SELECT id, ticket_id, opd, type, level, clock, due_ms, fired_ms, event_seq, acked_by, "
             "acked_ms, note FROM alerts ORDER BY id",
             12);
  return content;
}

// The numbers in a text ("schema version 11 is newer than this broker's 10" -> {11, 10}).
std::set<int64_t> NumbersIn(const std::string& text) {
  std::set<int64_t> numbers;
  std::size_t i = 0;
  while ((i = text.find_first_of("0123456789", i)) != std::string::npos) {
    std::size_t end = text.find_first_not_of("0123456789", i);
    if (end == std::string::npos) end = text.size();
    numbers.insert(std::stoll(text.substr(i, end - i)));
    i = end;
  }
  return numbers;
}

class SchemaUpgradeTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("aspirasi-schema-upgrade-" + std::to_string(::getpid()) + "-v" + std::to_string(GetParam()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "old.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Loads an SQL dump into a fresh database file, as sqlite3 would (sqlite3_exec, no migration).
  ::testing::AssertionResult Load(const fs::path& sql_file) {
    std::string sql;
    if (!ReadFile(sql_file, &sql)) return ::testing::AssertionFailure() << "missing fixture " << sql_file;
    sqlite3* raw = nullptr;
    if (sqlite3_open(path_.c_str(), &raw) != SQLITE_OK) {
      sqlite3_close(raw);
      return ::testing::AssertionFailure() << "cannot create " << path_;
    }
    char* err = nullptr;
    int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &err);
    std::string message = err != nullptr ? err : "";
    sqlite3_free(err);
    sqlite3_close(raw);
    if (rc != SQLITE_OK) return ::testing::AssertionFailure() << sql_file << " does not load: " << message;
    return ::testing::AssertionSuccess();
  }

  fs::path dir_;
  std::string path_;
};

TEST_P(SchemaUpgradeTest, MigratesToTheCurrentSchemaWithNothingLost) {
  const int version = GetParam();
  const fs::path sql = FixtureDir() / ("v" + std::to_string(version) + ".sql");
  const fs::path expect = FixtureDir() / ("v" + std::to_string(version) + ".expect");
  ASSERT_TRUE(fs::exists(sql)) << "no fixture for schema " << version << ": " << sql
                               << " (tests/fixtures/schema/README.md says how to make it)";
  ASSERT_TRUE(fs::exists(expect)) << "no manifest for schema " << version << ": " << expect;
  Manifest m;
  ASSERT_TRUE(ParseManifest(expect, &m));
  ASSERT_EQ(m.schema_version, version) << expect;
  ASSERT_TRUE(Load(sql));
  std::map<std::string, std::vector<std::string>> before;
  {
    Db old;
    ASSERT_TRUE(old.Open(path_, true).ok());
    ASSERT_EQ(QueryInt(old, "SELECT max(version) FROM schema_version"), version)
        << "the dump is not schema " << version;
    before = Content(old);
  }

  // The real store opens it: the migrations from `version` to kSchemaVersion run here.
  auto opened = OpenSqliteStore({path_, "nusa-harapan", "NH", 7});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<Store> store = std::move(opened).value();
  auto reader_or = OpenSqliteReader(path_);
  ASSERT_TRUE(reader_or.ok()) << reader_or.status().ToString();
  std::unique_ptr<StoreReader> reader = std::move(reader_or).value();

  Db db;
  ASSERT_TRUE(db.Open(path_, true).ok());
  EXPECT_EQ(QueryInt(db, "SELECT max(version) FROM schema_version"), kSchemaVersion);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM schema_version"), 1);

  // Every row the old broker wrote is still there, unchanged (migrations only add).
  auto after_migration = Content(db);
  for (const auto& [table, rows] : before) {
    ASSERT_TRUE(after_migration.count(table)) << table << " is gone";
    EXPECT_EQ(after_migration[table].size(), rows.size()) << table;
    EXPECT_TRUE(after_migration[table] == rows) << table << " changed in the migration";
  }

  // Every ticket, through the store, as it was.
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM tickets"), m.counts["tickets"]);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM ticket_bodies"), m.counts["tickets"]);
  uint64_t max_id = 0;
  std::set<std::string> numbers;
  int with_citizen = 0;
  for (const auto& e : m.tickets) {
    SCOPED_TRACE("schema " + std::to_string(version) + " ticket " + e.number);
    max_id = std::max(max_id, e.id);
    numbers.insert(e.number);
    auto t = reader->GetTicket(0, e.number);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    EXPECT_EQ(t->id(), e.id);
    EXPECT_EQ(t->number(), e.number);
    EXPECT_EQ(static_cast<int>(t->status()), e.status);
    EXPECT_EQ(t->opd(), e.opd);
    EXPECT_EQ(t->channel(), e.channel);
    auto loaded = store->LoadTicket(e.id, "");  // the writer's view too (what a desk command reads)
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(loaded->number(), e.number);
    EXPECT_EQ(static_cast<int>(loaded->status()), e.status);
    // Schema 9's citizen key: filled from the body for a ticket that has a citizen, else NULL.
    auto st = db.Prepare("SELECT citizen FROM tickets WHERE id=?");
    ASSERT_TRUE(st.ok());
    st->Bind(1, static_cast<int64_t>(e.id));
    Status s;
    ASSERT_TRUE(st->Step(&s)) << s.ToString();
    if (e.citizen == "-") {
      EXPECT_TRUE(st->IsNull(0)) << st->Text(0);
    } else {
      ++with_citizen;
      ASSERT_FALSE(st->IsNull(0)) << "no citizen key";
      EXPECT_EQ(st->Text(0), e.citizen);
    }
  }
  EXPECT_GT(with_citizen, 0) << "the fixture has no ticket with a citizen: it proves nothing";

  // The record: as many events, the same head, and (chained by migration 8 for older ones) whole.
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM events"), m.counts["events"]);
  EXPECT_EQ(QueryInt(db, "SELECT coalesce(max(seq), 0) FROM events"), m.counts["head_seq"]);
  auto last = reader->LastSeq();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(static_cast<int64_t>(*last), m.counts["head_seq"]);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM events WHERE hash IS NULL OR length(hash) <> 32"), 0);
  auto chain = VerifyEventChain(path_);
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_TRUE(chain->ok()) << "the audit chain does not verify at seq " << chain->problem.seq;
  EXPECT_EQ(static_cast<int64_t>(chain->events), m.counts["events"]);
  EXPECT_EQ(static_cast<int64_t>(chain->head.seq), m.counts["head_seq"]);

  // The rest of what the broker kept.
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM submissions"), m.counts["submissions"]);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM tombstones"), m.counts["tombstones"]);
  EXPECT_EQ(CountIfTable(db, "replies"), m.counts["replies"]);
  EXPECT_EQ(CountIfTable(db, "alerts"), m.counts["alerts"]);
  EXPECT_EQ(CountIfTable(db, "alerts", " WHERE acked_ms > 0"), m.counts["alerts_acked"]);

  // The broker goes on: a new ticket is numbered above every old one, its event after the old head,
  // and the chain still verifies.
  SubmitOp op;
  op.submit.set_idempotency_key("schema-upgrade-test:facebook:comment:1");
  op.submit.set_action(v1::CREATE);
  op.submit.mutable_draft()->set_channel("facebook");
  op.submit.mutable_draft()->set_source_id("schema-upgrade-test-1");
  op.submit.mutable_draft()->set_text("Jembatan di Desa Sukamaju retak setelah banjir.");
  op.submit.mutable_draft()->mutable_author()->set_platform_id("fb-user-upgrade");
  op.opd = "PUPR";
  op.routing.set_reason(v1::ROUTE_RULE);
  op.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  op.actor = "ingest";
  ASSERT_TRUE(store->Begin().ok());
  SubmitResult r = store->ApplySubmit(op);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(r.ack.outcome(), v1::OUTCOME_CREATED);
  EXPECT_GT(r.ack.ticket_id(), max_id);
  EXPECT_EQ(numbers.count(r.ack.ticket_number()), 0u) << r.ack.ticket_number() << " was already issued";
  auto fresh = reader->GetTicket(r.ack.ticket_id(), "");
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_EQ(fresh->number(), r.ack.ticket_number());
  auto head = reader->LastSeq();
  ASSERT_TRUE(head.ok());
  EXPECT_GT(static_cast<int64_t>(*head), m.counts["head_seq"]);
  auto citizen = db.Prepare("SELECT citizen FROM tickets WHERE id=?");
  ASSERT_TRUE(citizen.ok());
  citizen->Bind(1, static_cast<int64_t>(r.ack.ticket_id()));
  Status s;
  ASSERT_TRUE(citizen->Step(&s));
  EXPECT_EQ(citizen->Text(0), "facebook:fb-user-upgrade");
  store.reset();
  auto after = VerifyEventChain(path_);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_TRUE(after->ok()) << "the audit chain does not verify at seq " << after->problem.seq;
  EXPECT_EQ(after->head.seq, *head);
}

INSTANTIATE_TEST_SUITE_P(EverySchemaVersion, SchemaUpgradeTest, ::testing::Range(1, kSchemaVersion + 1),
                         [](const ::testing::TestParamInfo<int>& param) {
                           return "v" + std::to_string(param.param);
                         });

// The folder holds exactly one fixture and manifest per version 1..kSchemaVersion: adding a
// migration without its fixture, or a fixture from a broker newer than this one, fails here.
TEST(SchemaFixtures, OnePerVersionUpToTheCurrentOne) {
  ASSERT_TRUE(fs::is_directory(FixtureDir())) << FixtureDir();
  std::set<int> sql, expect;
  for (const auto& entry : fs::directory_iterator(FixtureDir())) {
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    if (ext != ".sql" && ext != ".expect") continue;
    const std::string stem = entry.path().stem().string();
    ASSERT_TRUE(stem.size() >= 2 && stem[0] == 'v' &&
                stem.find_first_not_of("0123456789", 1) == std::string::npos)
        << "unexpected file " << name << " (fixtures are vN.sql and vN.expect)";
    int n = std::stoi(stem.substr(1));
    EXPECT_GE(n, 1) << name;
    EXPECT_LE(n, kSchemaVersion) << name << " is from a schema newer than this broker's " << kSchemaVersion;
    (ext == ".sql" ? sql : expect).insert(n);
  }
  for (int v = 1; v <= kSchemaVersion; ++v) {
    EXPECT_EQ(sql.count(v), 1u) << "missing v" << v << ".sql (tests/fixtures/schema/README.md)";
    EXPECT_EQ(expect.count(v), 1u) << "missing v" << v << ".expect";
  }
  EXPECT_TRUE(fs::exists(FixtureDir() / "README.md"));
}

// A database from a newer broker is refused as it is, naming both versions.
TEST(SchemaVersion, ANewerDatabaseIsRefusedNamingBothVersions) {
  const fs::path dir = fs::temp_directory_path() / ("aspirasi-schema-newer-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "newer.db").string();
  const int newer = kSchemaVersion + 1;
  {
    Db db;
    ASSERT_TRUE(db.Open(path, false).ok());
    ASSERT_TRUE(
        db.Exec("CREATE TABLE schema_version(version INTEGER NOT NULL); INSERT INTO schema_version VALUES(" +
                std::to_string(newer) + "); CREATE TABLE from_the_future(x INTEGER)")
            .ok());
  }
  auto opened = OpenSqliteStore({path, "nusa-harapan", "NH", 7});
  ASSERT_FALSE(opened.ok()) << "a schema " << newer << " database was opened by a schema " << kSchemaVersion
                            << " broker";
  const std::string message = opened.status().message();
  const std::set<int64_t> numbers = NumbersIn(message);
  EXPECT_EQ(numbers.count(newer), 1u) << "the database's version is not named: " << message;
  EXPECT_EQ(numbers.count(kSchemaVersion), 1u) << "the broker's version is not named: " << message;
  EXPECT_NE(message.find("newer"), std::string::npos) << message;
  {
    Db db;
    ASSERT_TRUE(db.Open(path, true).ok());
    EXPECT_EQ(QueryInt(db, "SELECT max(version) FROM schema_version"), newer)
        << "the refused file was changed";
    EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM sqlite_master WHERE name='tickets'"), 0)
        << "migrations ran on a newer database";
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace aspirasi::store
