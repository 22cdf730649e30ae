#include "broker/store/sqlite_backup.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "broker/store/chain_scan.h"
#include "broker/store/db_lock.h"
#include "broker/store/sqlite.h"
#include "broker/store/store.h"

namespace aspirasi::store {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kNow = 1'780'000'000'000;  // 2026

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("aspirasi-backup-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::string DbPath() const { return (dir_ / "aspirasi.db").string(); }
  std::string At(const char* name) const { return (dir_ / name).string(); }

  void Open() {
    store_.reset();
    auto s = OpenSqliteStore({DbPath(), "nusa-harapan", "NH", 7});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }
  void Close() { store_.reset(); }

  // `n` new tickets for PUPR, each with a queued reply and an alert when `with_replies`.
  void AddTickets(int n, bool with_replies = false) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(store_->Begin().ok());
      SubmitOp op;
      op.submit.set_idempotency_key("facebook:comment:" + std::to_string(next_key_++));
      op.submit.set_action(v1::CREATE);
      op.submit.mutable_draft()->set_channel("facebook");
      op.submit.mutable_draft()->set_text("jalan rusak di desa " + std::to_string(next_key_));
      op.opd = "PUPR";
      op.routing.set_reason(v1::ROUTE_RULE);
      op.now_ms = kNow;
      op.actor = "ingest";
      SubmitResult r = store_->ApplySubmit(op);
      ASSERT_TRUE(r.status.ok()) << r.status.ToString();
      if (with_replies) {
        v1::OutboundReply reply;
        reply.set_text("terima kasih");
        ASSERT_TRUE(store_->InsertReply(reply, "PUPR", kNow).ok());
        AlertRecord a;
        a.ticket_id = r.ack.ticket_id();
        a.opd = "PUPR";
        a.clock = "first_response";
        ASSERT_TRUE(store_->InsertAlert(a).ok());
      }
      ASSERT_TRUE(store_->Commit().ok());
    }
  }

  int64_t Count(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
  }

  RestoreOptions Restore(const std::string& backup, std::optional<uint64_t> reserve = std::nullopt) {
    RestoreOptions o;
    o.backup = backup;
    o.db_path = DbPath();
    o.reserve = reserve;
    o.tenant = "nusa-harapan";
    o.now_ms = kNow + 3'600'000;
    return o;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  int next_key_ = 1;
};

TEST_F(BackupTest, ALiveBackupIsOneCommitWhileTheWriterGoesOn) {
  Open();
  auto broker = DbLock::Acquire(DbPath());  // what the serving broker holds
  ASSERT_TRUE(broker.ok());
  AddTickets(200);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    while (!stop) {
      AddTickets(1);
      ++written;
    }
  });
  while (written < 20) std::this_thread::yield();
  auto b = BackupDatabase(DbPath(), At("backup.db"), BackupOptions{16});  // small steps: many while writing
  while (written < 60) std::this_thread::yield();                         // the writer was never blocked
  stop = true;
  writer.join();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_TRUE(b->live);
  EXPECT_TRUE(b->chain.ok());
  EXPECT_GE(b->tickets, 220u);
  // Exactly the tickets up to its highest one, each with its creation event, and nothing newer.
  EXPECT_EQ(Count(At("backup.db"), "SELECT COUNT(*) FROM tickets"), static_cast<int64_t>(b->tickets));
  EXPECT_EQ(Count(At("backup.db"), "SELECT COUNT(*) FROM events"), static_cast<int64_t>(b->tickets));
  EXPECT_EQ(b->chain.head.seq, b->tickets);
  EXPECT_LT(b->tickets, 200u + static_cast<uint64_t>(written.load()));
  EXPECT_FALSE(fs::exists(At("backup.db-wal")));
  EXPECT_FALSE(fs::exists(At("backup.db.partial")));
  EXPECT_EQ(fs::status(At("backup.db")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  // One file in rollback-journal mode (header bytes 18 and 19 are 1; WAL would be 2).
  std::ifstream header(At("backup.db"), std::ios::binary);
  char h[20] = {};
  header.read(h, sizeof h);
  EXPECT_EQ(h[18], 1);
  EXPECT_EQ(h[19], 1);
}

TEST_F(BackupTest, ABackupNeverOverwritesAndLeavesNothingWhenItFails) {
  Open();
  AddTickets(3);
  { std::ofstream(At("taken.db")) << "keep me"; }
  auto b = BackupDatabase(DbPath(), At("taken.db"));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), v1::CONFLICT);
  std::ifstream in(At("taken.db"));
  std::string kept;
  std::getline(in, kept);
  EXPECT_EQ(kept, "keep me");
  auto nowhere = BackupDatabase(DbPath(), At("no-such-folder/b.db"));
  EXPECT_FALSE(nowhere.ok());
  auto none = BackupDatabase(At("missing.db"), At("b.db"));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), v1::NOT_FOUND);
  EXPECT_FALSE(fs::exists(At("b.db")));
  EXPECT_FALSE(fs::exists(At("b.db.partial")));
}

TEST_F(BackupTest, ARestoreOverTheDatabaseNeverIssuesANumberAgain) {
  Open();
  AddTickets(10, true);
  auto b = BackupDatabase(DbPath(), At("backup.db"));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  AddTickets(15, true);  // after the backup: numbers citizens now hold
  const uint64_t live_head = store_->chain_head().seq;
  Close();
  ASSERT_TRUE(fs::exists(DbPath()));

  auto r = RestoreDatabase(Restore(At("backup.db")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->replaced_read);
  EXPECT_EQ(r->backup_tickets, 10u);
  EXPECT_EQ(r->replaced_tickets, 25u);
  EXPECT_EQ(r->next_ticket_id, 26u);
  EXPECT_EQ(r->event_seq, live_head + 1);
  EXPECT_EQ(r->lost_from, b->chain.head.seq + 1);
  EXPECT_EQ(r->lost_to, live_head);
  EXPECT_EQ(r->replies_held, 10u);
  // The replaced database is kept aside with its WAL; nothing stale beside the restored one.
  ASSERT_FALSE(r->replaced.empty());
  EXPECT_TRUE(fs::exists(r->replaced));
  EXPECT_FALSE(fs::exists(DbPath() + "-wal"));
  EXPECT_FALSE(fs::exists(DbPath() + ".restoring"));
  EXPECT_EQ(Count(r->replaced, "SELECT COUNT(*) FROM tickets"), 25);

  // The audit chain goes on across the restore, which names the numbers left out.
  auto chain = VerifyEventChain(DbPath());
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_TRUE(chain->ok()) << audit::FaultName(chain->problem.fault) << " at " << chain->problem.seq;
  ASSERT_EQ(chain->restores.size(), 1u);
  EXPECT_EQ(chain->restores[0].seq, live_head + 1);
  EXPECT_EQ(chain->restores[0].lost_to, live_head);
  // An inspector who kept a head issued after the backup is told it was lost in the restore.
  auto kept = VerifyEventChain(DbPath(), audit::ChainHead{live_head, {}});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->problem.fault, audit::ChainFault::kRestored);
  EXPECT_EQ(kept->problem.other, live_head);

  // The broker goes on above everything: ticket 26, the next event after the restore's, and
  // replies and alerts above the old ones.
  Open();
  EXPECT_EQ(store_->chain_head().seq, live_head + 1);
  AddTickets(1, true);
  EXPECT_EQ(Count(DbPath(), "SELECT MAX(id) FROM tickets"), 26);
  EXPECT_EQ(Count(DbPath(), "SELECT number = 'NH-2026-000026' FROM tickets WHERE id = 26"), 1);
  EXPECT_EQ(Count(DbPath(), "SELECT MAX(seq) FROM events"), static_cast<int64_t>(live_head + 2));
  EXPECT_EQ(Count(DbPath(), "SELECT MAX(id) FROM replies"), 26);
  EXPECT_EQ(Count(DbPath(), "SELECT MAX(id) FROM alerts"), 26);
  // The replies that were on their way in the backup are held for a person (session 0).
  auto reader = OpenSqliteReader(DbPath());
  ASSERT_TRUE(reader.ok());
  auto sending = (*reader)->LoadSendingReplies();
  ASSERT_TRUE(sending.ok());
  ASSERT_EQ(sending->size(), 10u);
  for (const auto& s : *sending) EXPECT_EQ(s.sending_session, 0u);
  auto whole = VerifyEventChain(DbPath());
  ASSERT_TRUE(whole.ok());
  EXPECT_TRUE(whole->ok());
}

TEST_F(BackupTest, RestoringTwiceStaysAboveBoth) {
  Open();
  AddTickets(5);
  ASSERT_TRUE(BackupDatabase(DbPath(), At("b1.db")).ok());
  AddTickets(5);
  Close();
  auto first = RestoreDatabase(Restore(At("b1.db")));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->next_ticket_id, 11u);
  // The same backup again, straight away: the first restore's floor still holds.
  auto second = RestoreDatabase(Restore(At("b1.db")));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->next_ticket_id, 11u);
  EXPECT_EQ(second->event_seq, first->event_seq + 1);
  auto chain = VerifyEventChain(DbPath());
  ASSERT_TRUE(chain.ok());
  EXPECT_TRUE(chain->ok()) << audit::FaultName(chain->problem.fault) << " at " << chain->problem.seq;
  EXPECT_EQ(chain->restores.size(), 1u);  // the second replaced the first's database
  Open();
  AddTickets(1);
  EXPECT_EQ(Count(DbPath(), "SELECT MAX(id) FROM tickets"), 11);
}

TEST_F(BackupTest, WithoutTheOldDatabaseARestoreNeedsAReserve) {
  Open();
  AddTickets(4, true);
  ASSERT_TRUE(BackupDatabase(DbPath(), At("backup.db")).ok());
  Close();
  fs::create_directories(dir_ / "fresh");
  RestoreOptions o = Restore(At("backup.db"));
  o.db_path = (dir_ / "fresh" / "aspirasi.db").string();
  auto refused = RestoreDatabase(o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(refused.status().field(), "reserve");
  EXPECT_FALSE(fs::exists(o.db_path));
  o.reserve = 50;
  auto r = RestoreDatabase(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->next_ticket_id, 55u);
  EXPECT_EQ(r->event_seq, 4 + 50 * kReserveEventsPerTicket + 1);
  EXPECT_EQ(r->lost_from, 5u);
  EXPECT_TRUE(r->replaced.empty());
  auto chain = VerifyEventChain(o.db_path);
  ASSERT_TRUE(chain.ok());
  EXPECT_TRUE(chain->ok());

  // An unreadable old database is the same as none.
  { std::ofstream(DbPath(), std::ios::trunc) << std::string(8192, 'x'); }
  fs::remove(DbPath() + "-wal");
  auto garbage = RestoreDatabase(Restore(At("backup.db")));
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().field(), "reserve");
  auto reserved = RestoreDatabase(Restore(At("backup.db"), 0));
  ASSERT_TRUE(reserved.ok()) << reserved.status().ToString();
  EXPECT_EQ(reserved->next_ticket_id, 5u);
  EXPECT_EQ(reserved->lost_from, 0u);  // --reserve 0: nothing skipped
}

TEST_F(BackupTest, ARestoreWaitsForNoBrokerAndRefusesBadBackups) {
  Open();
  AddTickets(3);
  ASSERT_TRUE(BackupDatabase(DbPath(), At("backup.db")).ok());
  {
    auto held = DbLock::Acquire(DbPath());  // what a running broker holds
    ASSERT_TRUE(held.ok());
    auto running = RestoreDatabase(Restore(At("backup.db")));
    ASSERT_FALSE(running.ok());
    EXPECT_EQ(running.status().code(), v1::CONFLICT);
    auto second = DbLock::Acquire(DbPath());
    EXPECT_EQ(second.status().code(), v1::CONFLICT);
  }
  Close();
  // The database itself is no backup.
  auto same = RestoreDatabase(Restore(DbPath()));
  EXPECT_EQ(same.status().code(), v1::INVALID_ARGUMENT);
  // Damaged: every page but the first overwritten past its header.
  fs::copy_file(At("backup.db"), At("damaged.db"));
  {
    const auto size = fs::file_size(At("damaged.db"));
    std::fstream f(At("damaged.db"), std::ios::in | std::ios::out | std::ios::binary);
    for (std::uintmax_t page = 4096; page < size; page += 4096) {
      f.seekp(static_cast<std::streamoff>(page + 12));
      f << std::string(2000, '\x7f');
    }
  }
  auto damaged = RestoreDatabase(Restore(At("damaged.db")));
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), v1::IO_ERROR);
  // From a newer version.
  fs::copy_file(At("backup.db"), At("newer.db"));
  {
    store::Db db;
    ASSERT_TRUE(db.Open(At("newer.db"), false).ok());
    ASSERT_TRUE(db.Exec("UPDATE schema_version SET version = version + 1").ok());
  }
  auto newer = RestoreDatabase(Restore(At("newer.db")));
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer"), std::string::npos) << newer.status().message();
  // An edited event.
  fs::copy_file(At("backup.db"), At("edited.db"));
  {
    store::Db db;
    ASSERT_TRUE(db.Open(At("edited.db"), false).ok());
    ASSERT_TRUE(db.Exec("UPDATE events SET at_ms = at_ms + 1 WHERE seq = 2").ok());
  }
  auto edited = RestoreDatabase(Restore(At("edited.db")));
  ASSERT_FALSE(edited.ok());
  EXPECT_NE(edited.status().message().find("audit"), std::string::npos) << edited.status().message();
  // None of those touched the database.
  EXPECT_EQ(Count(DbPath(), "SELECT COUNT(*) FROM tickets"), 3);
  EXPECT_EQ(Count(DbPath(), "SELECT COUNT(*) FROM restores"), 0);
  EXPECT_FALSE(fs::exists(DbPath() + ".restoring"));
}

TEST_F(BackupTest, ANewServersEmptyDatabaseDoesNotSpeakForTheNumbersIssuedAfterTheBackup) {
  Open();
  AddTickets(5);
  ASSERT_TRUE(BackupDatabase(DbPath(), At("backup.db")).ok());
  Close();
  // The new server: its broker started once on an empty folder.
  fs::create_directories(dir_ / "new");
  const std::string fresh = (dir_ / "new" / "aspirasi.db").string();
  {
    auto s = OpenSqliteStore({fresh, "nusa-harapan", "NH", 7});
    ASSERT_TRUE(s.ok());
  }
  RestoreOptions o = Restore(At("backup.db"));
  o.db_path = fresh;
  auto refused = RestoreDatabase(o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "reserve");
  o.reserve = 100;
  auto r = RestoreDatabase(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->replaced_follows);
  EXPECT_EQ(r->next_ticket_id, 106u);
  // A reserve past the limit is refused before anything is touched.
  o.reserve = kMaxReserve + 1;
  EXPECT_EQ(RestoreDatabase(o).status().field(), "reserve");
}

TEST_F(BackupTest, TheFilesBesideADatabaseAreNeitherABackupNorItsDestination) {
  Open();
  AddTickets(3);
  Close();
  // Not to the database's WAL, journal, lock or the restore's work file, even when absent.
  for (const char* suffix : {"-wal", "-shm", "-journal", ".lock", ".restoring"}) {
    auto b = BackupDatabase(DbPath(), DbPath() + suffix);
    EXPECT_EQ(b.status().code(), v1::CONFLICT) << suffix;
  }
  // Not into a folder that does not exist, with a message that says so.
  auto nowhere = BackupDatabase(DbPath(), At("missing/b.db"));
  ASSERT_FALSE(nowhere.ok());
  EXPECT_NE(nowhere.status().message().find("does not exist"), std::string::npos)
      << nowhere.status().message();
  ASSERT_TRUE(BackupDatabase(DbPath(), At("b.db")).ok());
  // A backup with a WAL beside it (a live database, a crash's leftovers) would lose the WAL.
  fs::copy_file(At("b.db"), At("live.db"));
  { std::ofstream(At("live.db-wal")) << "x"; }
  auto wal = RestoreDatabase(Restore(At("live.db"), 0));
  ASSERT_FALSE(wal.ok());
  EXPECT_EQ(wal.status().field(), "from");
  // The restore's own work file is not a backup.
  fs::copy_file(At("b.db"), DbPath() + ".restoring");
  EXPECT_EQ(RestoreDatabase(Restore(DbPath() + ".restoring", 0)).status().field(), "from");
  EXPECT_TRUE(fs::exists(DbPath() + ".restoring"));
}

TEST_F(BackupTest, OneLockWhicheverWayThePathIsWritten) {
  Open();
  AddTickets(2);
  ASSERT_TRUE(BackupDatabase(DbPath(), At("b.db")).ok());
  Close();
  fs::create_symlink(DbPath(), At("link.db"));
  auto held = DbLock::Acquire(At("link.db"));  // the broker, configured with the link
  ASSERT_TRUE(held.ok());
  RestoreOptions o = Restore(At("b.db"), 0);
  EXPECT_EQ(RestoreDatabase(o).status().code(), v1::CONFLICT);
  o.db_path = (dir_ / "." / "aspirasi.db").string();
  EXPECT_EQ(RestoreDatabase(o).status().code(), v1::CONFLICT);
}

}  // namespace
}  // namespace aspirasi::store
