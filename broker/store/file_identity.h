// FileIdentity: notices when the database or its WAL is deleted or replaced under the broker.
//
// SQLite keeps writing through the file descriptors it opened: after `rm aspirasi.db-wal`, or a
// backup restored over `aspirasi.db` while the broker runs, every commit still succeeds, into a
// file that no longer has a name and is gone when the process ends. Remember records the device
// and inode of both files after opening; Check compares them again (two stat calls, a few
// microseconds), so the writer can refuse to acknowledge into a file that is gone.
//
// Thread safety: one thread (the writer).
#pragma once

#include <sys/types.h>

#include <string>

#include "common/status.h"

namespace aspirasi::store {

class FileIdentity {
 public:
  // Records the identity of `db_path` and of `db_path`-wal (the WAL may not exist yet: it is
  // recorded when it first appears).
  Status Remember(const std::string& db_path);

  // Ok while both files are the ones remembered; else an IO_ERROR naming the file and what
  // happened to it.
  Status Check();

 private:
  struct Id {
    bool known = false;
    dev_t dev = 0;
    ino_t ino = 0;
  };
  Status CheckOne(const std::string& path, Id& id, bool may_appear);

  std::string db_path_;
  std::string wal_path_;
  Id db_;
  Id wal_;
};

}  // namespace aspirasi::store
