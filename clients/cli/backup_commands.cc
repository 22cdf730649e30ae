// backup and restore: the database file, with no broker in between (broker/store/sqlite_backup.h).
#include <chrono>
#include <nlohmann/json.hpp>

#include "broker/store/sqlite_backup.h"
#include "broker/store/ticket_number.h"
#include "clients/cli/commands.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::cli {
namespace {

using i18n::K;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int RunBackup(const CliContext& ctx, const BackupFlags& flags) {
  std::string path = flags.db.empty() ? ctx.database : flags.db;
  if (path.empty()) return UsageError(ctx, Tr(ctx, K("cli.err.audit_no_db")));
  if (flags.to.empty()) return UsageError(ctx, Tr(ctx, K("cli.err.backup_no_target")));
  store::BackupOptions options;
  options.max_bytes_per_s = flags.max_mb_per_s * 1024 * 1024;
  auto done = store::BackupDatabase(path, flags.to, options);
  if (!done.ok()) return Fail(ctx, "", done.status());
  const bool whole = done->chain.ok();
  if (ctx.json) {
    nlohmann::json j = {{"ok", whole},
                        {"database", path},
                        {"backup", done->path},
                        {"bytes", done->bytes},
                        {"schema_version", done->schema_version},
                        {"tickets", done->ticket_count},
                        {"events", done->event_count},
                        {"highest_ticket_id", done->tickets},
                        {"live", done->live},
                        {"copy_ms", done->copy_ms}};
    if (done->schema_version >= 8) {
      j["chain"] = {{"ok", whole}, {"head", done->chain.head.ToString()}};
      if (!whole) j["chain"]["fault"] = audit::FaultName(done->chain.problem.fault);
    }
    *ctx.out << j.dump() << "\n";
  } else {
    *ctx.out << Tr(ctx, K("cli.backup.done"),
                   {{"path", done->path},
                    {"mb", std::to_string((done->bytes + 524288) / 1048576)},
                    {"tickets", done->ticket_count},
                    {"events", done->event_count},
                    {"ms", done->copy_ms}})
             << "\n";
    if (done->schema_version >= 8) {
      *ctx.out << (whole ? Tr(ctx, K("cli.backup.chain_ok"), {{"head", done->chain.head.ToString()}})
                         : Tr(ctx, K("cli.backup.chain_broken"), {{"seq", done->chain.problem.seq}}))
               << "\n";
    }
  }
  return whole ? kExitOk : kExitChainBroken;
}

int RunRestore(const CliContext& ctx, const RestoreFlags& flags) {
  store::RestoreOptions o;
  o.backup = flags.from;
  o.db_path = flags.db.empty() ? ctx.database : flags.db;
  if (o.db_path.empty()) return UsageError(ctx, Tr(ctx, K("cli.err.audit_no_db")));
  if (o.backup.empty()) return UsageError(ctx, Tr(ctx, K("cli.err.restore_no_source")));
  if (flags.reserve_given) {
    const std::string& r = flags.reserve_text;
    const bool digits =
        !r.empty() && r.size() <= 10 && r.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoull(r) > store::kMaxReserve) {
      return UsageError(ctx,
                        Tr(ctx, K("cli.err.restore_reserve"), {{"value", r}, {"max", store::kMaxReserve}}));
    }
    o.reserve = std::stoull(r);
  }
  o.tenant = ctx.tenant;
  o.now_ms = NowMs();
  auto done = store::RestoreDatabase(o);
  if (!done.ok()) {
    if (done.status().code() == v1::INVALID_ARGUMENT) return UsageError(ctx, done.status());
    return Fail(ctx, "", done.status());
  }
  const std::string next =
      store::TicketNumber(ctx.ticket_prefix, done->next_ticket_id, o.now_ms, ctx.utc_offset_minutes / 60);
  if (ctx.json) {
    nlohmann::json j = {{"ok", true},
                        {"database", o.db_path},
                        {"backup", o.backup},
                        {"backup_schema", done->backup_schema},
                        {"backup_tickets", done->backup_tickets},
                        {"backup_head_seq", done->backup_head_seq},
                        {"replaced", done->replaced},
                        {"replaced_read", done->replaced_read},
                        {"replaced_follows", done->replaced_follows},
                        {"reserve", done->reserve},
                        {"event_seq", done->event_seq},
                        {"lost_from", done->lost_from},
                        {"lost_to", done->lost_to},
                        {"next_ticket_id", done->next_ticket_id},
                        {"next_ticket_number", next},
                        {"replies_held", done->replies_held}};
    if (done->replaced_read) {
      j["replaced_tickets"] = done->replaced_tickets;
      j["replaced_head_seq"] = done->replaced_head_seq;
    }
    *ctx.out << j.dump() << "\n";
    return kExitOk;
  }
  *ctx.out << Tr(ctx, K("cli.restore.done"),
                 {{"backup", o.backup},
                  {"database", o.db_path},
                  {"tickets", done->backup_ticket_count},
                  {"events", done->backup_event_count}})
           << "\n";
  if (!done->replaced.empty()) {
    *ctx.out << Tr(ctx, done->replaced_wal ? K("cli.restore.replaced_wal") : K("cli.restore.replaced"),
                   {{"path", done->replaced}})
             << "\n";
  }
  *ctx.out << Tr(ctx, K("cli.restore.numbers"), {{"number", next}, {"seq", done->event_seq}}) << "\n";
  if (done->lost_from != 0) {
    *ctx.out << Tr(ctx, K("cli.restore.lost"), {{"from", done->lost_from}, {"to", done->lost_to}}) << "\n";
  }
  if (done->replies_held > 0) {
    *ctx.out << Tr(ctx, K("cli.restore.replies_held"), {{"count", done->replies_held}}) << "\n";
  }
  *ctx.out << Tr(ctx, K("cli.restore.next")) << "\n";
  return kExitOk;
}

}  // namespace aspirasi::cli
