// Checkpointer: keeps the SQLite write-ahead log bounded without stalling the writer.
//
// A thread with its own connection runs a PASSIVE checkpoint every interval: it copies committed
// WAL frames into the database while the writer keeps appending (WAL mode lets both run at
// once). Once a checkpoint has copied everything, the writer's next transaction starts the WAL
// from its beginning, overwriting frames in place, which keeps fsync cheap; the writer's
// journal_size_limit trims the file after a burst. Under continuous writes no pass here ever
// copies everything, so past its WAL limit the writer copies the rest itself (see
// RestartWalIfLong in sqlite_store.cc); the shorter the interval, the less it has left to copy.
//
// A checkpoint that fails with an error (not merely busy) is logged with SQLite's message and makes
// Trouble() non-empty until one succeeds again: the WAL cannot shrink, so the store is unhealthy.
//
// Thread safety: Start and Stop from one thread; the work happens on the checkpointer's thread;
// Trouble from any thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/metrics.h"
#include "common/status.h"

namespace aspirasi::store {

class Checkpointer {
 public:
  Checkpointer(std::string path, int interval_ms, Metrics& metrics);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  Status Start();
  void Stop();

  // Empty while checkpoints succeed (or are merely busy); else why the last one failed, with
  // SQLite's message. The broker's /healthz reports it.
  std::string Trouble() const;

 private:
  void Run();
  void SetTrouble(std::string trouble);

  std::string path_;
  int interval_ms_;
  Counter& checkpoints_;
  Counter& frames_;
  Gauge& wal_frames_;
  Counter& failures_;
  Gauge& wal_bytes_;
  mutable std::mutex mu_;
  std::string trouble_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace aspirasi::store
