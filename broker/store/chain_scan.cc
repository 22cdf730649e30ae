#include "broker/store/chain_scan.h"

#include <sys/stat.h>

#include "broker/store/sqlite.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::store {

Result<audit::ChainReport> VerifyEventChain(const std::string& path,
                                            std::optional<audit::ChainHead> expected) {
  struct stat st {};
  using i18n::K, i18n::T;
  if (::stat(path.c_str(), &st) != 0) return Status::NotFound(T(K("audit.no_database"), {{"path", path}}));
  Db db;
  if (Status s = db.Open(path, true); !s.ok()) return s;
  if (Status s = db.Exec("BEGIN"); !s.ok()) return s;  // one snapshot, however long the walk takes
  auto version = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!version.ok()) return Status::Error(v1::IO_ERROR, T(K("audit.not_aspirasi"), {{"path", path}}));
  Status s;
  int64_t v = version->Step(&s) ? version->Int(0) : 0;
  if (!s.ok()) return s;
  if (v < 8) {
    return Status::Error(v1::IO_ERROR, T(K("audit.old_schema"), {{"path", path}, {"version", v}}));
  }
  auto rows = db.Prepare("SELECT seq, ticket_id, type, at_ms, opd, body, hash FROM events ORDER BY seq");
  if (!rows.ok()) return rows.status();
  audit::ChainVerifier verifier(expected);
  while (rows->Step(&s)) {
    audit::ChainRow row{static_cast<uint64_t>(rows->Int(0)),
                        static_cast<uint64_t>(rows->Int(1)),
                        rows->Int(2),
                        rows->Int(3),
                        rows->Text(4),
                        rows->Blob(5),
                        rows->Blob(6),
                        rows->IsNull(6)};
    if (!verifier.Add(row)) break;
  }
  if (!s.ok()) return s;
  return verifier.Finish();
}

}  // namespace aspirasi::store
