#include "broker/store/db_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "common/i18n/catalogue.h"

namespace aspirasi::store {

using i18n::K;
using i18n::T;

std::string DbLock::Canonical(const std::string& db_path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(db_path, ec);
  return ec ? db_path : canonical.string();
}

std::string DbLock::PathFor(const std::string& db_path) { return Canonical(db_path) + ".lock"; }

Result<DbLock> DbLock::Acquire(const std::string& db_path) {
  const std::string path = PathFor(db_path);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return Status::Error(v1::IO_ERROR,
                         T(K("store.lock_open"), {{"path", path}, {"error", std::strerror(errno)}}));
  }
  // Created by root (a restore, a backup): the broker's user must still be able to open it.
  struct stat like {};
  const auto slash = db_path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : db_path.substr(0, slash);
  if (::geteuid() == 0 && (::stat(db_path.c_str(), &like) == 0 || ::stat(folder.c_str(), &like) == 0)) {
    if (::fchown(fd, like.st_uid, like.st_gid) != 0) {
      // Left to root: the broker then reports the lock file it cannot open.
    }
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char buf[32] = {};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    std::string pid;
    for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i) pid += buf[i];
    if (err == EWOULDBLOCK) {
      return Status::Conflict(
          T(K("store.locked"), {{"database", db_path}, {"pid", pid.empty() ? "?" : pid}}));
    }
    return Status::Error(v1::IO_ERROR,
                         T(K("store.lock_open"), {{"path", path}, {"error", std::strerror(err)}}));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    // The pid is only for messages: the lock holds without it.
  }
  return DbLock(fd);
}

DbLock::DbLock(DbLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

DbLock& DbLock::operator=(DbLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

DbLock::~DbLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace aspirasi::store
