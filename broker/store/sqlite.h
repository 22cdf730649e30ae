// Thin RAII wrappers over the SQLite C API: a connection and a prepared statement.
// Errors are values: every call that can fail returns a Status naming the SQL error.
//
// Thread safety: a Db and its statements belong to one thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aspirasi::store {

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Stmt();
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binding is 1-based, as in SQLite. Text and blobs are NOT copied: the bound bytes must stay
  // valid until the statement has run (Step/Run) and been Reset.
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, std::string_view text);
  Stmt& BindBlob(int i, std::string_view bytes);
  Stmt& BindNull(int i);

  // Returns true while a row is available; false when done. `status` reports errors.
  bool Step(Status* status);
  // Runs to completion (INSERT/UPDATE/DELETE).
  Status Run();
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string_view Text(int col) const;
  std::string_view Blob(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int Type(int col) const { return sqlite3_column_type(stmt_, col); }  // SQLITE_INTEGER, _TEXT, _BLOB, ...

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Db {
 public:
  // How long a statement waits for another connection's lock before SQLITE_BUSY.
  static constexpr int kBusyTimeoutMs = 5000;

  Db() = default;
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Status Open(const std::string& path, bool read_only);
  // Read-only, and promising SQLite the file will not change while open (URI immutable=1): no
  // -wal or -shm is made beside it and a read-only medium works. Only for a file nothing writes.
  Status OpenImmutable(const std::string& path);
  Status Exec(std::string_view sql);
  Result<Stmt> Prepare(std::string_view sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }
  std::string LastError() const { return db_ ? sqlite3_errmsg(db_) : "not open"; }
  sqlite3* raw() { return db_; }

 private:
  // sqlite3_open_v2 of `name` (a path or a URI) with `flags`; errors name `path`.
  Status OpenWith(const std::string& name, int flags, const std::string& path);

  sqlite3* db_ = nullptr;
};

}  // namespace aspirasi::store
