#include "workers/ingest/spool.h"

namespace aspirasi::ingest {

Result<std::unique_ptr<Spool>> Spool::Open(const std::string& path) {
  std::unique_ptr<Spool> s(new Spool(path));
  std::lock_guard<std::mutex> lock(s->mu_);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &s->db_, flags, nullptr) != SQLITE_OK) return s->Error("cannot open");
  sqlite3_busy_timeout(s->db_, 5000);
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "CREATE TABLE IF NOT EXISTS spool (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                          "submit BLOB NOT NULL)"}) {
    Status st = s->Exec(sql);
    if (!st.ok()) return st;
  }
  if (sqlite3_prepare_v2(s->db_, "INSERT INTO spool (submit) VALUES (?)", -1, &s->insert_, nullptr) !=
          SQLITE_OK ||
      sqlite3_prepare_v2(s->db_, "SELECT seq, submit FROM spool ORDER BY seq LIMIT ?", -1, &s->select_,
                         nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db_, "DELETE FROM spool WHERE seq = ?", -1, &s->delete_, nullptr) != SQLITE_OK) {
    return s->Error("cannot prepare statements");
  }
  sqlite3_stmt* count = nullptr;
  if (sqlite3_prepare_v2(s->db_, "SELECT count(*) FROM spool", -1, &count, nullptr) != SQLITE_OK ||
      sqlite3_step(count) != SQLITE_ROW) {
    sqlite3_finalize(count);
    return s->Error("cannot count rows");
  }
  s->size_.store(sqlite3_column_int64(count, 0));
  sqlite3_finalize(count);
  return s;
}

Spool::~Spool() {
  sqlite3_finalize(insert_);
  sqlite3_finalize(select_);
  sqlite3_finalize(delete_);
  sqlite3_close_v2(db_);
}

Status Spool::Error(const std::string& what) {
  return Status::Io("spool " + path_ + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
}

Status Spool::Exec(const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "unknown error";
    sqlite3_free(msg);
    return Status::Io("spool " + path_ + ": " + m);
  }
  return Status::Ok();
}

Status Spool::Append(const std::vector<v1::Submit>& submits) {
  if (submits.empty()) return Status::Ok();
  std::lock_guard<std::mutex> lock(mu_);
  Status st = Exec("BEGIN IMMEDIATE");
  if (!st.ok()) return st;
  for (const auto& submit : submits) {
    std::string bytes = submit.SerializeAsString();
    sqlite3_bind_blob(insert_, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    int rc = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    if (rc != SQLITE_DONE) {
      st = Error("cannot append");
      Exec("ROLLBACK");
      return st;
    }
  }
  st = Exec("COMMIT");
  if (!st.ok()) {
    Exec("ROLLBACK");
    return st;
  }
  size_.fetch_add(static_cast<int64_t>(submits.size()), std::memory_order_release);
  return Status::Ok();
}

Result<std::vector<Spool::Entry>> Spool::Peek(int limit) {
  std::vector<Entry> out;
  std::vector<int64_t> damaged;
  {
    std::lock_guard<std::mutex> lock(mu_);
    sqlite3_bind_int(select_, 1, limit);
    int rc;
    while ((rc = sqlite3_step(select_)) == SQLITE_ROW) {
      Entry e;
      e.seq = sqlite3_column_int64(select_, 0);
      const void* blob = sqlite3_column_blob(select_, 1);
      int n = sqlite3_column_bytes(select_, 1);
      if (e.submit.ParseFromArray(blob, n)) {
        out.push_back(std::move(e));
      } else {
        damaged.push_back(e.seq);
      }
    }
    sqlite3_reset(select_);
    if (rc != SQLITE_DONE) return Error("cannot read");
  }
  if (!damaged.empty()) {
    dropped_.fetch_add(damaged.size(), std::memory_order_relaxed);
    Status st = Remove(damaged);
    if (!st.ok()) return st;
  }
  return out;
}

Status Spool::Remove(const std::vector<int64_t>& seqs) {
  if (seqs.empty()) return Status::Ok();
  std::lock_guard<std::mutex> lock(mu_);
  Status st = Exec("BEGIN IMMEDIATE");
  if (!st.ok()) return st;
  int64_t removed = 0;
  for (int64_t seq : seqs) {
    sqlite3_bind_int64(delete_, 1, seq);
    int rc = sqlite3_step(delete_);
    sqlite3_reset(delete_);
    if (rc != SQLITE_DONE) {
      st = Error("cannot remove");
      Exec("ROLLBACK");
      return st;
    }
    removed += sqlite3_changes(db_);
  }
  st = Exec("COMMIT");
  if (!st.ok()) {
    Exec("ROLLBACK");
    return st;
  }
  size_.fetch_sub(removed, std::memory_order_release);
  return Status::Ok();
}

}  // namespace aspirasi::ingest
