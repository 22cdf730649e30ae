#include "broker/store/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <thread>

#include "aspirasi/v1/event.pb.h"
#include "broker/audit/event_chain.h"
#include "broker/store/chain_scan.h"
#include "broker/store/db_lock.h"
#include "broker/store/schema.h"
#include "broker/store/sqlite.h"
#include "common/i18n/catalogue.h"
#include "common/i18n/wire_text.h"

namespace aspirasi::store {
namespace {

using i18n::K;
using i18n::T;

constexpr int64_t kSyncEveryPages = 8192;  // 32 MiB of 4 KiB pages

bool Exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::string Folder(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

Status IoError(const std::string& path, const std::string& detail) {
  return Status::Error(v1::IO_ERROR, T(K("store.file_error"), {{"path", path}, {"detail", detail}}));
}

// Running as root, a file created for the broker gets the owner of `like` (or of its folder when
// `like` does not exist): the broker's own user must be able to open it.
Status MatchOwner(const std::string& path, const std::string& like) {
  if (::geteuid() != 0) return Status::Ok();
  struct stat st {};
  if (::stat(like.c_str(), &st) != 0 && ::stat(Folder(like).c_str(), &st) != 0) return Status::Ok();
  if (::chown(path.c_str(), st.st_uid, st.st_gid) != 0) return IoError(path, std::strerror(errno));
  return Status::Ok();
}

Status SyncPath(const std::string& path, bool folder) {
  int fd = ::open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) return IoError(path, std::strerror(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return IoError(path, std::strerror(err));
  return Status::Ok();
}

// A new, empty file only this process's user (and root) can read: it will hold citizens' data.
Status CreatePrivate(const std::string& path) {
  ::unlink(path.c_str());  // a leftover of an interrupted run: ours by its name
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return IoError(path, std::strerror(errno));
  ::close(fd);
  return Status::Ok();
}

// Opens a database to read: with its WAL when one is beside it (a broker may be writing), else
// immutable (nothing is created beside it; a read-only medium works).
Status OpenToRead(Db& db, const std::string& path) {
  return Exists(path + "-wal") ? db.Open(path, true) : db.OpenImmutable(path);
}

// The highest numbers a database has issued, and the floors of its earlier restores.
struct Numbers {
  int schema = 0;
  uint64_t tickets = 0, head_seq = 0, replies = 0, alerts = 0;
  uint64_t floor_ticket = 0, floor_reply = 0, floor_alert = 0;
  uint64_t ticket_count = 0, event_count = 0;  // for people
};

Result<bool> HasTable(Db& db, const char* name) {
  auto st = db.Prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
  if (!st.ok()) return st.status();
  st->Bind(1, std::string_view(name));
  Status s;
  bool found = st->Step(&s);
  if (!s.ok()) return s;
  return found;
}

Result<int64_t> Scalar(Db& db, const std::string& sql) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  Status s;
  int64_t v = st->Step(&s) ? st->Int(0) : 0;
  if (!s.ok()) return s;
  return v;
}

Result<Numbers> ReadNumbers(Db& db, const std::string& path) {
  Numbers n;
  auto versioned = HasTable(db, "schema_version");
  if (!versioned.ok()) return IoError(path, versioned.status().message());
  if (!*versioned) return Status::Error(v1::IO_ERROR, T(K("audit.not_aspirasi"), {{"path", path}}));
  auto v = Scalar(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!v.ok()) return IoError(path, v.status().message());
  n.schema = static_cast<int>(*v);
  struct Max {
    const char* table;
    const char* sql;
    uint64_t* out;
  };
  const Max maxima[] = {
      {"tickets", "SELECT COALESCE(MAX(id), 0) FROM tickets", &n.tickets},
      {"events", "SELECT COALESCE(MAX(seq), 0) FROM events", &n.head_seq},
      {"replies", "SELECT COALESCE(MAX(id), 0) FROM replies", &n.replies},
      {"alerts", "SELECT COALESCE(MAX(id), 0) FROM alerts", &n.alerts},
      {"restores", "SELECT COALESCE(MAX(next_ticket_id), 0) FROM restores", &n.floor_ticket},
      {"restores", "SELECT COALESCE(MAX(next_reply_id), 0) FROM restores", &n.floor_reply},
      {"restores", "SELECT COALESCE(MAX(next_alert_id), 0) FROM restores", &n.floor_alert},
      {"tickets", "SELECT count(*) FROM tickets", &n.ticket_count},
      {"events", "SELECT count(*) FROM events", &n.event_count},
  };
  for (const auto& m : maxima) {
    auto has = HasTable(db, m.table);
    if (!has.ok()) return IoError(path, has.status().message());
    if (!*has) continue;  // an older schema
    auto value = Scalar(db, m.sql);
    if (!value.ok()) return IoError(path, value.status().message());
    *m.out = static_cast<uint64_t>(std::max<int64_t>(*value, 0));
  }
  return n;
}

// Copies `src` (its state as of the caller's read transaction, if any) into the empty file `dest`.
Status Copy(Db& src, const std::string& dest, int pages_per_step, int64_t max_bytes_per_s = 0) {
  // The copy's pages are flushed every few steps: left to the end, gigabytes of dirty pages would be
  // written back at once, and the broker's WAL fsyncs would wait behind them. (A descriptor of our
  // own, closed only after SQLite's: closing it earlier would drop SQLite's locks on the file.)
  struct SyncFd {
    int fd;
    ~SyncFd() {
      if (fd >= 0) ::close(fd);
    }
  } sync{::open(dest.c_str(), O_RDONLY | O_CLOEXEC)};
  Db out;
  if (Status s = out.Open(dest, false); !s.ok()) return s;
  sqlite3_backup* b = sqlite3_backup_init(out.raw(), "main", src.raw(), "main");
  if (b == nullptr) return IoError(dest, out.LastError());
  int rc = SQLITE_OK;
  int64_t copied = 0, total = 0;
  const auto started = std::chrono::steady_clock::now();
  do {
    rc = sqlite3_backup_step(b, pages_per_step);
    total += int64_t{pages_per_step} * 4096;
    if (max_bytes_per_s > 0) {
      // Ahead of the allowed rate: wait, so that the disk keeps room for the broker's commits.
      const auto due = started + std::chrono::microseconds(total * 1'000'000 / max_bytes_per_s);
      std::this_thread::sleep_until(due);
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    copied += pages_per_step;
    if (sync.fd >= 0 && copied >= kSyncEveryPages) {
      copied = 0;
      (void)::fdatasync(sync.fd);
    }
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return IoError(dest, sqlite3_errstr(rc));
  // One self-contained file: the broker switches it back to WAL when it opens it.
  if (Status s = out.Exec("PRAGMA journal_mode=DELETE"); !s.ok()) return IoError(dest, s.message());
  return Status::Ok();
}

// "ok", or the first problem SQLite's check found.
Result<std::string> Check(Db& db, bool quick) {
  auto st = db.Prepare(quick ? "PRAGMA quick_check(1)" : "PRAGMA integrity_check(1)");
  if (!st.ok()) return st.status();
  Status s;
  std::string verdict = st->Step(&s) ? std::string(st->Text(0)) : "";
  if (!s.ok()) return s;
  return verdict;
}

// The stored body of event `seq` ("" when there is none).
Result<std::string> EventBody(Db& db, uint64_t seq) {
  if (seq == 0) return std::string();
  auto st = db.Prepare("SELECT body FROM events WHERE seq=?");
  if (!st.ok()) return st.status();
  st->Bind(1, static_cast<int64_t>(seq));
  Status s;
  std::string body = st->Step(&s) ? std::string(st->Blob(0)) : std::string();
  if (!s.ok()) return s;
  return body;
}

// Whether `db` went on from a backup whose newest event is `seq` with `body`.
Result<bool> Descends(Db& db, const std::string& body, uint64_t seq) {
  if (seq == 0) return true;
  auto mine = EventBody(db, seq);
  if (!mine.ok()) return mine.status();
  return !mine->empty() && *mine == body;
}

// The names SQLite and this module give files beside a database: never a backup's destination
// or source.
bool IsCompanionOf(const std::string& path, const std::string& db) {
  for (const char* suffix : {"-wal", "-shm", "-journal", ".lock", ".restoring"}) {
    if (path == db + suffix) return true;
  }
  return false;
}

Status NeedFolder(const std::string& path) {
  struct stat st {};
  const std::string folder = Folder(path);
  if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Status::Error(v1::IO_ERROR, T(K("store.no_folder"), {{"folder", folder}}));
  return Status::Ok();
}

// Gives `from` the name `to` unless something has it (a hard link, then the old name removed;
// where the filesystem has no hard links, FAT or some network shares, a rename after a check).
Status PlaceNoReplace(const std::string& from, const std::string& to) {
  if (::link(from.c_str(), to.c_str()) == 0) {
    ::unlink(from.c_str());
    return Status::Ok();
  }
  const int err = errno;
  if (err == EEXIST) return Status::Conflict(T(K("store.backup_exists"), {{"path", to}}));
  if (err != EPERM && err != ENOTSUP && err != EOPNOTSUPP && err != ENOSYS && err != EMLINK)
    return IoError(to, std::strerror(err));
  if (Exists(to)) return Status::Conflict(T(K("store.backup_exists"), {{"path", to}}));
  if (::rename(from.c_str(), to.c_str()) != 0) return IoError(to, std::strerror(errno));
  return Status::Ok();
}

Status Rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return IoError(from, std::strerror(errno));
  return Status::Ok();
}

}  // namespace

Result<BackupSummary> BackupDatabase(const std::string& db_path_as_given, const std::string& dest,
                                     const BackupOptions& options) {
  const std::string db_path = DbLock::Canonical(db_path_as_given);
  struct stat st {};
  if (::stat(db_path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::NotFound(T(K("audit.no_database"), {{"path", db_path}}));
  }
  if (Exists(dest) || IsCompanionOf(DbLock::Canonical(dest), db_path))
    return Status::Conflict(T(K("store.backup_exists"), {{"path", dest}}));
  if (Status s = NeedFolder(dest); !s.ok()) return s;
  BackupSummary out;
  out.path = dest;
  // No broker: hold its lock, so that none starts while the copy is made. A broker (CONFLICT):
  // copy the live database. No right to the lock file: read it as it is.
  auto lock = DbLock::Acquire(db_path);
  out.live = !lock.ok() && lock.status().code() == v1::CONFLICT;
  const std::string partial = dest + ".partial";
  if (Status s = CreatePrivate(partial); !s.ok()) return s;
  auto fail = [&](Status s) {
    ::unlink(partial.c_str());
    ::unlink((partial + "-journal").c_str());
    return s;
  };
  {
    Db src;
    if (Status s = OpenToRead(src, db_path); !s.ok()) return fail(s);
    const auto t0 = std::chrono::steady_clock::now();
    // One read transaction: every step copies the same commit, and the broker goes on writing.
    if (Status s = src.Exec("BEGIN"); !s.ok()) return fail(IoError(db_path, s.message()));
    auto numbers = ReadNumbers(src, db_path);
    if (!numbers.ok()) return fail(numbers.status());
    out.schema_version = numbers->schema;
    out.tickets = numbers->tickets;
    out.ticket_count = numbers->ticket_count;
    out.event_count = numbers->event_count;
    if (Status s = Copy(src, partial, std::max(1, options.pages_per_step), options.max_bytes_per_s); !s.ok())
      return fail(s);
    (void)src.Exec("COMMIT");
    out.copy_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  }
  {
    Db copy;
    if (Status s = copy.Open(partial, false); !s.ok()) return fail(s);
    auto verdict = Check(copy, true);
    if (!verdict.ok()) return fail(IoError(partial, verdict.status().message()));
    if (*verdict != "ok") return fail(IoError(partial, *verdict));
  }
  if (Status s = SyncPath(partial, false); !s.ok()) return fail(s);
  if (out.schema_version >= 8) {
    auto chain = VerifyEventChain(partial);
    if (!chain.ok()) return fail(chain.status());
    out.chain = *chain;
  }
  // Renamed into place only if nothing has taken the name meanwhile.
  if (Status s = PlaceNoReplace(partial, dest); !s.ok()) return fail(s);
  if (Status s = SyncPath(Folder(dest), true); !s.ok()) return s;
  if (::stat(dest.c_str(), &st) == 0) out.bytes = static_cast<uint64_t>(st.st_size);
  return out;
}

Result<RestoreSummary> RestoreDatabase(const RestoreOptions& o) {
  // The database's own name, symbolic links resolved: the broker locks that one, and the files
  // beside it are the ones to move.
  const std::string db = DbLock::Canonical(o.db_path);
  if (o.reserve && *o.reserve > kMaxReserve) {
    return Status::InvalidArgument("reserve", T(K("store.reserve_too_large"), {{"max", kMaxReserve}}));
  }
  if (IsCompanionOf(DbLock::Canonical(o.backup), db)) {
    return Status::InvalidArgument("from", T(K("store.restore_same_file"), {{"path", o.backup}}));
  }
  // A backup with a WAL beside it is a live database, or one left by a crash: its newest commits
  // are in the WAL, which a copy of the file alone would drop.
  if (Exists(o.backup + "-wal")) {
    return Status::InvalidArgument("from", T(K("store.backup_has_wal"), {{"path", o.backup}}));
  }
  if (Status s = NeedFolder(db); !s.ok()) return s;
  struct stat bst {};
  if (::stat(o.backup.c_str(), &bst) != 0 || !S_ISREG(bst.st_mode)) {
    return Status::NotFound(T(K("store.no_backup"), {{"path", o.backup}}));
  }
  struct stat dst {};
  if (::stat(db.c_str(), &dst) == 0 && dst.st_dev == bst.st_dev && dst.st_ino == bst.st_ino) {
    return Status::InvalidArgument("from", T(K("store.restore_same_file"), {{"path", o.backup}}));
  }
  auto lock = DbLock::Acquire(db);
  if (!lock.ok()) {
    if (lock.status().code() == v1::CONFLICT) {
      return Status::Conflict(T(K("store.restore_running"), {{"database", db}}));
    }
    return lock.status();
  }
  RestoreSummary out;

  // 1. The backup.
  Numbers backup;
  std::string backup_head_body;
  {
    Db b;
    if (Status s = b.OpenImmutable(o.backup); !s.ok()) return s;
    auto verdict = Check(b, false);
    if (!verdict.ok() || *verdict != "ok") {
      return Status::Error(
          v1::IO_ERROR,
          T(K("store.backup_damaged"),
            {{"path", o.backup}, {"detail", verdict.ok() ? *verdict : verdict.status().message()}}));
    }
    auto n = ReadNumbers(b, o.backup);
    if (!n.ok()) return n.status();
    backup = *n;
    auto head = EventBody(b, backup.head_seq);
    if (!head.ok()) return IoError(o.backup, head.status().message());
    backup_head_body = *head;
  }
  if (backup.schema > kSchemaVersion) {
    return Status::Error(v1::IO_ERROR,
                         T(K("store.backup_newer"),
                           {{"path", o.backup}, {"version", backup.schema}, {"current", kSchemaVersion}}));
  }
  if (backup.schema >= 8) {
    auto chain = VerifyEventChain(o.backup);
    if (!chain.ok()) return chain.status();
    if (!chain->ok()) {
      return Status::Error(v1::IO_ERROR,
                           T(K("store.backup_chain"), {{"path", o.backup},
                                                       {"seq", chain->problem.seq},
                                                       {"fault", audit::FaultName(chain->problem.fault)}}));
    }
  }
  out.backup_schema = backup.schema;
  out.backup_tickets = backup.tickets;
  out.backup_head_seq = backup.head_seq;
  out.backup_ticket_count = backup.ticket_count;
  out.backup_event_count = backup.event_count;

  // 2. The numbers issued before: those of the database replaced, or the reserve given.
  Numbers replaced;
  const bool had_db = Exists(db);
  if (had_db) {
    Db r;
    Status opened = OpenToRead(r, db);
    Result<Numbers> n = opened.ok() ? ReadNumbers(r, db) : Result<Numbers>(opened);
    if (n.ok()) {
      replaced = *n;
      out.replaced_read = true;
      out.replaced_tickets = replaced.tickets;
      out.replaced_head_seq = replaced.head_seq;
      // It knows every number issued since the backup only if it went on from the backup: it
      // holds the backup's newest event as it is. (A new server's empty database, or one of
      // another history, does not.)
      auto follows = Descends(r, backup_head_body, backup.head_seq);
      out.replaced_follows = follows.ok() && *follows;
      if (!out.replaced_follows && !o.reserve) {
        return Status::InvalidArgument(
            "reserve", T(K("store.restore_other_history"), {{"database", db}, {"seq", backup.head_seq}}));
      }
    } else if (!o.reserve) {
      return Status::InvalidArgument(
          "reserve", T(K("store.restore_unreadable"), {{"database", db}, {"detail", n.status().message()}}));
    }
  } else if (!o.reserve) {
    return Status::InvalidArgument("reserve", T(K("store.restore_no_database"), {{"database", db}}));
  }
  const uint64_t reserve = o.reserve.value_or(0);
  out.reserve = reserve;
  auto above = [](uint64_t a, uint64_t b, uint64_t floor_a, uint64_t floor_b) {
    // The highest number issued: the tables' own, or a restore's floor (its next number) minus one.
    uint64_t m = std::max(a, b);
    if (floor_a > 0) m = std::max(m, floor_a - 1);
    if (floor_b > 0) m = std::max(m, floor_b - 1);
    return m;
  };
  out.next_ticket_id =
      above(backup.tickets, replaced.tickets, backup.floor_ticket, replaced.floor_ticket) + reserve + 1;
  const uint64_t next_reply_id =
      above(backup.replies, replaced.replies, backup.floor_reply, replaced.floor_reply) +
      reserve * kReserveRepliesPerTicket + 1;
  const uint64_t next_alert_id =
      above(backup.alerts, replaced.alerts, backup.floor_alert, replaced.floor_alert) +
      reserve * kReserveRepliesPerTicket + 1;
  out.event_seq = std::max(backup.head_seq, replaced.head_seq) + reserve * kReserveEventsPerTicket + 1;
  if (out.event_seq > backup.head_seq + 1) {
    out.lost_from = backup.head_seq + 1;
    out.lost_to = out.event_seq - 1;
  }

  // Where the replaced files go: a name nothing has yet (two restores within a second).
  std::string aside = db + ".replaced-" + std::to_string(o.now_ms / 1000);
  for (int i = 2; Exists(aside) || Exists(aside + "-wal"); ++i) {
    aside = db + ".replaced-" + std::to_string(o.now_ms / 1000) + "-" + std::to_string(i);
  }

  // 3. The restored copy, beside the database until it is complete.
  const std::string restoring = db + ".restoring";
  auto fail = [&](Status s) {
    ::unlink(restoring.c_str());
    ::unlink((restoring + "-journal").c_str());
    return s;
  };
  if (Status s = CreatePrivate(restoring); !s.ok()) return s;
  {
    Db b;
    if (Status s = b.OpenImmutable(o.backup); !s.ok()) return fail(s);
    if (Status s = Copy(b, restoring, 4096); !s.ok()) return fail(s);
  }
  {
    Db copy;
    if (Status s = copy.Open(restoring, false); !s.ok()) return fail(s);
    if (Status s = Migrate(copy); !s.ok()) return fail(IoError(restoring, s.message()));
    if (Status s = copy.Exec("BEGIN IMMEDIATE"); !s.ok()) return fail(IoError(restoring, s.message()));
    auto rollback = [&](Status s) {
      (void)copy.Exec("ROLLBACK");
      return fail(IoError(restoring, s.message()));
    };
    // Replies on their way: held for the broker to make UNCONFIRMED (session 0 is never a worker's).
    if (Status s = copy.Exec("UPDATE replies SET state=2, sending_session=0 WHERE state IN (1, 2)"); !s.ok())
      return rollback(s);
    out.replies_held = static_cast<uint64_t>(copy.Changes());
    v1::Event e;
    e.set_seq(out.event_seq);
    e.set_type(v1::STORE_RESTORED);
    e.set_at_ms(o.now_ms);
    e.set_actor("restore");
    e.set_tenant(o.tenant);
    e.set_lost_from(out.lost_from);
    e.set_lost_to(out.lost_to);
    i18n::Describe(&e, out.lost_from == 0
                           ? T(K("event.restored"), {{"head", backup.head_seq}})
                           : T(K("event.restored_lost"),
                               {{"head", backup.head_seq}, {"from", out.lost_from}, {"to", out.lost_to}}));
    const std::string body = e.SerializeAsString();
    audit::ChainHasher hasher;
    // The backup's newest link, read after the migration (a backup from before schema 8 was just chained).
    audit::ChainHash prev = audit::kGenesis;
    if (backup.head_seq > 0) {
      auto head = copy.Prepare("SELECT hash FROM events WHERE seq=?");
      if (!head.ok()) return rollback(head.status());
      head->Bind(1, static_cast<int64_t>(backup.head_seq));
      Status s;
      if (head->Step(&s)) prev = audit::FromBytes(head->Blob(0)).value_or(audit::kGenesis);
      if (!s.ok()) return rollback(s);
    }
    const audit::ChainHash link = hasher.Link(prev, out.event_seq, body);
    auto ins = copy.Prepare(
        "INSERT INTO events(seq, ticket_id, type, at_ms, opd, body, hash) VALUES(?,0,?,?,'',?,?)");
    if (!ins.ok()) return rollback(ins.status());
    ins->Bind(1, static_cast<int64_t>(out.event_seq))
        .Bind(2, int64_t{v1::STORE_RESTORED})
        .Bind(3, o.now_ms)
        .BindBlob(4, body)
        .BindBlob(5, audit::AsBytes(link));
    if (Status s = ins->Run(); !s.ok()) return rollback(s);
    out.replaced = had_db ? aside : "";
    auto rec = copy.Prepare(
        "INSERT INTO restores(at_ms, event_seq, backup_head_seq, next_ticket_id, next_reply_id, "
        "next_alert_id, "
        "reserve, replies_held, replaced) VALUES(?,?,?,?,?,?,?,?,?)");
    if (!rec.ok()) return rollback(rec.status());
    rec->Bind(1, o.now_ms)
        .Bind(2, static_cast<int64_t>(out.event_seq))
        .Bind(3, static_cast<int64_t>(backup.head_seq))
        .Bind(4, static_cast<int64_t>(out.next_ticket_id))
        .Bind(5, static_cast<int64_t>(next_reply_id))
        .Bind(6, static_cast<int64_t>(next_alert_id))
        .Bind(7, static_cast<int64_t>(reserve))
        .Bind(8, static_cast<int64_t>(out.replies_held))
        .Bind(9, out.replaced);
    if (Status s = rec->Run(); !s.ok()) return rollback(s);
    if (Status s = copy.Exec("COMMIT"); !s.ok()) return rollback(s);
    auto verdict = Check(copy, true);
    if (!verdict.ok() || *verdict != "ok") {
      return fail(IoError(restoring, verdict.ok() ? *verdict : verdict.status().message()));
    }
  }
  if (Status s = SyncPath(restoring, false); !s.ok()) return fail(s);
  if (Status s = MatchOwner(restoring, had_db ? db : Folder(db)); !s.ok()) return fail(s);

  // 4. The replaced files aside (a stray -wal or -shm too), then the copy in place.
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string from = db + suffix;
    if (!Exists(from)) continue;
    if (std::string_view(suffix) == "-wal") out.replaced_wal = true;
    if (Status s = Rename(from, aside + suffix); !s.ok()) return fail(s);
  }
  if (Status s = Rename(restoring, db); !s.ok()) return fail(s);
  if (Status s = SyncPath(Folder(db), true); !s.ok()) return s;
  return out;
}

}  // namespace aspirasi::store
