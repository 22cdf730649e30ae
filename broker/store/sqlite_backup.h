// Backups of the SQLite database, and putting one back (`aspirasi backup`, `aspirasi restore`).
//
// BackupDatabase copies a database, live or not, with SQLite's online backup API inside one read
// transaction: the copy is the database as of one commit, and the broker goes on committing (in
// WAL mode a reader never blocks the writer; the WAL only cannot be restarted until the copy ends).
// The copy is written beside its destination as "<dest>.partial" (0600), checked (quick_check)
// and renamed into place only when whole, so a file with the destination's name is always a
// complete backup. It is a single file (rollback journal mode; the broker turns WAL on again).
//
// RestoreDatabase puts a backup in place of the database while no broker runs (it holds the
// database's DbLock throughout). Citizens hold ticket numbers, responders and subscribers hold
// event numbers: a restore must never issue again a number issued before it, including those
// issued after the backup was taken. So it
//   1. checks the backup: integrity_check, a schema this version knows, an audit chain that is
//      whole;
//   2. reads the highest numbers of the database it replaces (with its WAL), if there is one, it can
//      be read and it went on from the backup (it holds the backup's newest event unchanged);
//      otherwise the caller must say how many tickets may have been created since the backup
//      (`reserve`, at most kMaxReserve), and numbers skip that many (events 100 per ticket, replies
//      and alerts 10) above the highest of both;
//   3. copies the backup to "<db>.restoring", migrates it to the current schema, and in one
//      transaction records the restore (table `restores`: the numbers the store goes on from),
//      appends a STORE_RESTORED event numbered above every event issued before, which names the
//      numbers left out and continues the audit chain from the backup's last event, and holds every
//      reply that was still on its way in the backup (pending or being posted: it may have been
//      posted after the backup). The broker makes those UNCONFIRMED at start, with an alert for the
//      OPD's desk: a person checks the platform, nothing is posted twice;
//   4. moves the replaced database and its -wal, -shm and -journal aside ("<db>.replaced-<unix seconds>",
//      never deleted; a stale -wal left beside a new database would be replayed into it) and renames
//      the restored copy into place.
// Files created while running as root get the owner of the database (or of its folder), so that
// the broker's own user can open them.
//
// Thread safety: free functions; one call at a time per database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "broker/audit/chain_verifier.h"
#include "common/status.h"

namespace aspirasi::store {

struct BackupOptions {
  int pages_per_step = 4096;    // copied per sqlite3_backup_step (16 MiB of 4 KiB pages)
  int64_t max_bytes_per_s = 0;  // 0: as fast as it goes; else the copy waits to stay below this
};

struct BackupSummary {
  std::string path;
  uint64_t bytes = 0;
  int schema_version = 0;
  uint64_t tickets = 0;       // the highest ticket id in the copy
  uint64_t ticket_count = 0;  // tickets in it
  uint64_t event_count = 0;   // events in it
  audit::ChainReport chain;   // the copy's audit chain (events, head; a problem if not whole)
  bool live = false;          // a broker was serving the database while it was copied
  int64_t copy_ms = 0;        // time inside the read transaction
};

// `dest` must not exist (CONFLICT). NOT_FOUND when `db_path` does not exist; IO_ERROR with
// SQLite's message otherwise.
Result<BackupSummary> BackupDatabase(const std::string& db_path, const std::string& dest,
                                     const BackupOptions& options = {});

struct RestoreOptions {
  std::string backup;
  std::string db_path;
  std::optional<uint64_t> reserve;  // tickets that may have been created after the backup
  std::string tenant;               // for the STORE_RESTORED event
  int64_t now_ms = 0;
};

struct RestoreSummary {
  int backup_schema = 0;
  uint64_t backup_tickets = 0;   // highest ticket id in the backup
  uint64_t backup_head_seq = 0;  // its newest event
  uint64_t backup_ticket_count = 0, backup_event_count = 0;
  bool replaced_read = false;     // the replaced database was read for its numbers
  bool replaced_follows = false;  // and it went on from the backup (it knows what came after)
  bool replaced_wal = false;      // it had a WAL (moved aside with it)
  uint64_t replaced_tickets = 0;  // its highest ticket id / event, when read
  uint64_t replaced_head_seq = 0;
  std::string replaced;  // where it was moved ("" when there was none)
  uint64_t reserve = 0;
  uint64_t event_seq = 0;  // the STORE_RESTORED event
  uint64_t lost_from = 0, lost_to = 0;
  uint64_t next_ticket_id = 0;
  uint64_t replies_held = 0;
};

// CONFLICT when a broker (or another restore) holds the database; INVALID_ARGUMENT (field
// "reserve") when no reserve was given and the replaced database is missing, cannot be read, or
// does not go on from the backup (it lacks the backup's newest event: a new server's empty
// database, another history), or the reserve is above kMaxReserve; INVALID_ARGUMENT (field "from")
// for the database itself or a file beside it, or a backup with a -wal beside it; IO_ERROR when
// the backup is damaged, from a newer version or its chain is broken, or the folder is missing.
Result<RestoreSummary> RestoreDatabase(const RestoreOptions& options);

// How many numbers `reserve` tickets skip per counter.
inline constexpr uint64_t kReserveEventsPerTicket = 100;
inline constexpr uint64_t kReserveRepliesPerTicket = 10;
// The largest reserve: every number stays far below 2^63 (SQLite's integers).
inline constexpr uint64_t kMaxReserve = 1'000'000'000;

}  // namespace aspirasi::store
