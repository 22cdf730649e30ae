#include "broker/store/chain_scan.h"

#include <sys/stat.h>

#include "broker/store/sqlite.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::store {
namespace {

using i18n::K;
using i18n::T;

Status Unreadable(const std::string& path, const std::string& detail) {
  return Status::Error(v1::IO_ERROR, T(K("audit.unreadable"), {{"path", path}, {"detail", detail}}));
}

// The column of an events row stored with another type than the writer gives it, or "".
std::string_view BadType(const Stmt& rows) {
  static constexpr struct {
    int col;
    int type;
    std::string_view name;
  } kColumns[] = {{1, SQLITE_INTEGER, "ticket_id"},
                  {2, SQLITE_INTEGER, "type"},
                  {3, SQLITE_INTEGER, "at_ms"},
                  {4, SQLITE_TEXT, "opd"},
                  {5, SQLITE_BLOB, "body"}};
  for (const auto& c : kColumns) {
    if (rows.Type(c.col) != c.type) return c.name;
  }
  return {};
}

}  // namespace

Result<audit::ChainReport> VerifyEventChain(const std::string& path,
                                            std::optional<audit::ChainHead> expected) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::NotFound(T(K("audit.no_database"), {{"path", path}}));
  }
  // A file without its WAL beside it is a copy or a stopped broker's database: opened immutable,
  // nothing is created beside the evidence and a read-only medium works. With a WAL the broker may
  // be running: a plain read-only connection sees its committed state.
  struct stat wal {};
  const bool live = ::stat((path + "-wal").c_str(), &wal) == 0;
  Db db;
  Status opened = live ? db.Open(path, true) : db.OpenImmutable(path);
  if (!opened.ok()) return Unreadable(path, opened.message());
  if (Status s = db.Exec("BEGIN"); !s.ok()) return Unreadable(path, s.message());  // one snapshot
  auto version = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!version.ok()) return Status::Error(v1::IO_ERROR, T(K("audit.not_aspirasi"), {{"path", path}}));
  Status s;
  int64_t v = version->Step(&s) ? version->Int(0) : 0;
  if (!s.ok()) return Unreadable(path, s.message());
  if (v < 8) return Status::Error(v1::IO_ERROR, T(K("audit.old_schema"), {{"path", path}, {"version", v}}));
  auto rows = db.Prepare("SELECT seq, ticket_id, type, at_ms, opd, body, hash FROM events ORDER BY seq");
  if (!rows.ok()) {
    // The schema says the chain is there; its table or column is not: removed by hand.
    audit::ChainReport gone;
    gone.problem.fault = audit::ChainFault::kStructure;
    return gone;
  }
  audit::ChainVerifier verifier(expected);
  while (rows->Step(&s)) {
    audit::ChainRow row{rows->Int(0),
                        static_cast<uint64_t>(rows->Int(1)),
                        rows->Int(2),
                        rows->Int(3),
                        rows->Text(4),
                        rows->Blob(5),
                        rows->Blob(6),
                        rows->IsNull(6),
                        rows->Type(0) == SQLITE_INTEGER ? BadType(*rows) : std::string_view("seq")};
    if (!verifier.Add(row)) break;
  }
  if (!s.ok()) return Unreadable(path, s.message());
  return verifier.Finish();
}

}  // namespace aspirasi::store
