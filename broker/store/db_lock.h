// DbLock: one process at a time owns a database: the broker that serves it, or `aspirasi restore`
// while it puts a backup in its place.
//
// The lock is an flock(2) on "<database>.lock" beside the database (its canonical path) (created 0600,
// holding the owner's pid for messages). It is released when the process ends in any way, kill -9 included,
// so a stale file never blocks anything. (Not an flock on the database itself: closing another
// descriptor of the database file would drop SQLite's own POSIX locks on it.)
//
// Thread safety: a DbLock is owned by one thread; distinct objects are independent.
#pragma once

#include <string>

#include "common/status.h"

namespace aspirasi::store {

class DbLock {
 public:
  // Takes the lock of `db_path` without waiting. CONFLICT when another process holds it (the
  // message names its pid when known); IO_ERROR when the lock file cannot be created.
  static Result<DbLock> Acquire(const std::string& db_path);

  DbLock(DbLock&& other) noexcept;
  DbLock& operator=(DbLock&& other) noexcept;
  DbLock(const DbLock&) = delete;
  DbLock& operator=(const DbLock&) = delete;
  ~DbLock();

  // "<database>.lock", the database's path made canonical first (symbolic links and "..": one lock
  // whichever way the path is written).
  static std::string PathFor(const std::string& db_path);
  // The database's canonical path (the parts that exist resolved).
  static std::string Canonical(const std::string& db_path);

 private:
  explicit DbLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace aspirasi::store
