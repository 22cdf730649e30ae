#include "broker/store/file_identity.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace aspirasi::store {

Status FileIdentity::Remember(const std::string& db_path) {
  db_path_ = db_path;
  wal_path_ = db_path + "-wal";
  db_ = {};
  wal_ = {};
  struct stat st {};
  if (::stat(db_path_.c_str(), &st) != 0) {
    return Status::Io("cannot stat the database " + db_path_ + ": " + std::strerror(errno));
  }
  db_ = {true, st.st_dev, st.st_ino};
  if (::stat(wal_path_.c_str(), &st) == 0) wal_ = {true, st.st_dev, st.st_ino};
  return Status::Ok();
}

Status FileIdentity::CheckOne(const std::string& path, Id& id, bool may_appear) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (!id.known && may_appear) return Status::Ok();
    if (err == ENOENT) {
      return Status::Io(path + " was deleted while the broker was running");
    }
    return Status::Io("cannot stat " + path + ": " + std::strerror(err));
  }
  if (!id.known && may_appear) {
    id = {true, st.st_dev, st.st_ino};
    return Status::Ok();
  }
  if (st.st_dev != id.dev || st.st_ino != id.ino) {
    return Status::Io(path + " was replaced by another file while the broker was running");
  }
  return Status::Ok();
}

Status FileIdentity::Check() {
  if (db_path_.empty()) return Status::Ok();
  if (Status s = CheckOne(db_path_, db_, false); !s.ok()) return s;
  return CheckOne(wal_path_, wal_, true);
}

}  // namespace aspirasi::store
