#include "broker/store/checkpointer.h"

#include <pthread.h>
#include <sys/stat.h>

#include "broker/store/sqlite.h"
#include "common/log.h"

namespace aspirasi::store {

Checkpointer::Checkpointer(std::string path, int interval_ms, Metrics& metrics)
    : path_(std::move(path)),
      interval_ms_(interval_ms),
      checkpoints_(metrics.GetCounter("aspirasi_store_checkpoints_total", "WAL checkpoints run")),
      frames_(metrics.GetCounter("aspirasi_store_checkpointed_frames_total",
                                 "WAL frames copied into the database")),
      wal_frames_(metrics.GetGauge("aspirasi_store_wal_frames", "Frames in the WAL at the last checkpoint")),
      failures_(metrics.GetCounter("aspirasi_store_checkpoint_failures_total",
                                   "WAL checkpoints that failed with an error (not merely busy)")),
      wal_bytes_(metrics.GetGauge("aspirasi_store_wal_bytes", "Size of the WAL file")) {}

std::string Checkpointer::Trouble() const {
  std::lock_guard lock(mu_);
  return trouble_;
}

void Checkpointer::SetTrouble(std::string trouble) {
  std::lock_guard lock(mu_);
  trouble_ = std::move(trouble);
}

Checkpointer::~Checkpointer() { Stop(); }

Status Checkpointer::Start() {
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void Checkpointer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::Run() {
  pthread_setname_np(pthread_self(), "asp-checkpoint");
  auto log = ModuleLogger("store");
  Db db;
  Status s = db.Open(path_, false);
  // A new connection learns that the database is in WAL mode on its first read.
  if (s.ok()) s = db.Exec("SELECT COUNT(*) FROM schema_version");
  if (!s.ok()) {
    log->error("checkpointer cannot open the database: {}", s.ToString());
    return;
  }
  bool failing = false;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; });
    lock.unlock();
    int log_frames = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(db.raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied);
    if (rc == SQLITE_OK) {
      checkpoints_.Inc();
      if (copied > 0) frames_.Inc(static_cast<uint64_t>(copied));
      wal_frames_.Set(log_frames);
      if (failing) {
        log->info("WAL checkpoints work again");
        failing = false;
        SetTrouble({});
      }
    } else if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
      // The WAL cannot be copied into the database (a disk error, a read-only or immutable file):
      // it grows without bound. The store is unhealthy until a checkpoint succeeds again.
      failures_.Inc();
      std::string why = "WAL checkpoint failed: " + db.LastError() + " (extended code " +
                        std::to_string(sqlite3_extended_errcode(db.raw())) + ")";
      log->error("{}; the WAL keeps growing until checkpoints work again", why);
      failing = true;
      SetTrouble(std::move(why));
    }
    struct stat st {};
    if (::stat((path_ + "-wal").c_str(), &st) == 0) wal_bytes_.Set(static_cast<double>(st.st_size));
    lock.lock();
  }
}

}  // namespace aspirasi::store
