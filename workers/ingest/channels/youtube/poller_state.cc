#include "workers/ingest/channels/youtube/poller_state.h"

#include <sqlite3.h>

namespace aspirasi::ingest::youtube {
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE IF NOT EXISTS cursor(
  scope TEXT PRIMARY KEY,
  page_token TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen(
  account TEXT NOT NULL,
  comment_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  reply_count INTEGER NOT NULL,
  seen_at_ms INTEGER NOT NULL,
  PRIMARY KEY(account, comment_id)) WITHOUT ROWID;
)sql";

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, std::string_view v) {
    if (rc_ == SQLITE_OK)
      rc_ = sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE, or an error code.
  int Step() { return rc_ == SQLITE_OK ? sqlite3_step(stmt_) : rc_; }
  std::string Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p == nullptr ? std::string()
                        : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  // Ready for the next set of bindings (a statement that failed to prepare stays failed).
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Status Error(const char* what) const {
    return Status::Io(std::string("youtube poller state: ") + what + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

}  // namespace

Result<std::unique_ptr<PollerState>> PollerState::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::Io("youtube poller state: cannot open " + path + ": " + why);
  }
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<PollerState> state(new PollerState(db));
  Status s = state->Exec(kSchema);
  if (!s.ok()) return s;
  return state;
}

PollerState::~PollerState() { sqlite3_close(db_); }

Status PollerState::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err != nullptr ? err : "unknown error";
    sqlite3_free(err);
    return Status::Io("youtube poller state: " + why);
  }
  return Status::Ok();
}

Result<std::string> PollerState::Cursor(std::string_view scope) {
  Stmt q(db_, "SELECT page_token FROM cursor WHERE scope=?");
  int rc = q.Bind(1, scope).Step();
  if (rc == SQLITE_ROW) return q.Text(0);
  if (rc == SQLITE_DONE) return std::string();
  return q.Error("reading the cursor");
}

Result<std::optional<SeenComment>> PollerState::Seen(std::string_view account, std::string_view comment_id) {
  Stmt q(db_, "SELECT updated_at, text_hash, reply_count FROM seen WHERE account=? AND comment_id=?");
  int rc = q.Bind(1, account).Bind(2, comment_id).Step();
  if (rc == SQLITE_DONE) return std::optional<SeenComment>();
  if (rc != SQLITE_ROW) return q.Error("reading a seen comment");
  return std::optional<SeenComment>(SeenComment{q.Text(0), q.Text(1), q.Int(2)});
}

Status PollerState::WriteCursor(std::string_view scope, std::string_view cursor) {
  if (cursor.empty()) {
    Stmt del(db_, "DELETE FROM cursor WHERE scope=?");
    return del.Bind(1, scope).Step() == SQLITE_DONE ? Status::Ok() : del.Error("clearing the cursor");
  }
  Stmt up(db_,
          "INSERT INTO cursor(scope, page_token) VALUES(?, ?) ON CONFLICT(scope) DO UPDATE SET "
          "page_token=excluded.page_token");
  return up.Bind(1, scope).Bind(2, cursor).Step() == SQLITE_DONE ? Status::Ok()
                                                                 : up.Error("writing the cursor");
}

Status PollerState::SetCursor(std::string_view scope, std::string_view cursor) {
  return WriteCursor(scope, cursor);
}

Status PollerState::CommitPage(std::string_view account, const std::vector<SeenRecord>& seen,
                               std::string_view scope, std::string_view next_cursor, int64_t now_ms) {
  Status s = Exec("BEGIN IMMEDIATE");
  if (!s.ok()) return s;
  {
    Stmt up(db_,
            "INSERT INTO seen(account, comment_id, updated_at, text_hash, reply_count, seen_at_ms) "
            "VALUES(?,?,?,?,?,?) "
            "ON CONFLICT(account, comment_id) DO UPDATE SET updated_at=excluded.updated_at, "
            "text_hash=excluded.text_hash, reply_count=excluded.reply_count, seen_at_ms=excluded.seen_at_ms");
    for (const auto& r : seen) {
      up.Bind(1, account).Bind(2, r.comment_id).Bind(3, r.state.updated_at).Bind(4, r.state.text_hash);
      up.Bind(5, r.state.reply_count).Bind(6, now_ms);
      if (up.Step() != SQLITE_DONE) {
        s = up.Error("recording a seen comment");
        break;
      }
      up.Reset();
    }
  }
  if (s.ok()) s = WriteCursor(scope, next_cursor);
  if (!s.ok()) {
    Exec("ROLLBACK");
    return s;
  }
  return Exec("COMMIT");
}

Result<int64_t> PollerState::Prune(std::string_view account, int64_t before_ms) {
  Stmt del(db_, "DELETE FROM seen WHERE account=? AND seen_at_ms<?");
  if (del.Bind(1, account).Bind(2, before_ms).Step() != SQLITE_DONE)
    return del.Error("pruning seen comments");
  return static_cast<int64_t>(sqlite3_changes(db_));
}

std::string TextHash(std::string_view text) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  static const char* kHex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 15];
  return out;
}

}  // namespace aspirasi::ingest::youtube
