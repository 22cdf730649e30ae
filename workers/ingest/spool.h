// Spool: the ingest worker's local durable queue of submits for while the broker is unreachable.
// One SQLite file (WAL, synchronous=FULL): Append returns only once the rows are on disk, so a
// webhook answered 2xx after Append survives kill -9 and power loss. Rows keep their append
// order (seq); the drainer reads the oldest, submits them, and removes them only once acked.
//
// Thread safety: all methods may be called from any thread (one connection behind a mutex).
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "common/status.h"

namespace aspirasi::ingest {

class Spool {
 public:
  struct Entry {
    int64_t seq = 0;
    v1::Submit submit;
  };

  // Opens (creating if needed) the spool file. IO_ERROR when it cannot be opened or written.
  static Result<std::unique_ptr<Spool>> Open(const std::string& path);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Appends all submits in one transaction; durable when OK. IO_ERROR otherwise (nothing kept).
  Status Append(const std::vector<v1::Submit>& submits);
  // The oldest `limit` entries, in order. A row that does not parse (a damaged file) is dropped
  // and counted in dropped().
  Result<std::vector<Entry>> Peek(int limit);
  // Removes entries by seq (after their acks). Durable when OK.
  Status Remove(const std::vector<int64_t>& seqs);

  int64_t size() const { return size_.load(std::memory_order_acquire); }
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  const std::string& path() const { return path_; }

 private:
  explicit Spool(std::string path) : path_(std::move(path)) {}
  Status Exec(const char* sql);
  Status Error(const std::string& what);

  std::string path_;
  std::mutex mu_;
  sqlite3* db_ = nullptr;           // GUARDED_BY(mu_)
  sqlite3_stmt* insert_ = nullptr;  // GUARDED_BY(mu_)
  sqlite3_stmt* select_ = nullptr;  // GUARDED_BY(mu_)
  sqlite3_stmt* delete_ = nullptr;  // GUARDED_BY(mu_)
  std::atomic<int64_t> size_{0};
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace aspirasi::ingest
