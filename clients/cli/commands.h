// The CLI's commands. Each returns the process exit code (cli_context.h) and prints its
// result on ctx.out (a table, or JSON with --json) and errors on ctx.err.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "clients/cli/cli_context.h"
#include "clients/cli/format.h"

namespace aspirasi::cli {

struct SubmitFlags {
  std::string file = "-";  // "-" = stdin
  std::string key;         // idempotency key for a single bare draft
  int deadline_ms = 0;     // 0 = 3 x timeout
};
int RunSubmit(const CliContext& ctx, const SubmitFlags& flags);

struct TicketsFlags {
  FilterFlags filter;
  uint32_t limit = 50;
  uint64_t after = 0;
};
int RunTickets(const CliContext& ctx, const TicketsFlags& flags);

// A ticket as `show` prints it (with its event history when `with_events`).
void PrintTicket(const CliContext& ctx, const v1::TicketReply& reply, bool with_events);

// `id_or_number`: all digits = a ticket id, else a ticket number.
int RunShow(const CliContext& ctx, const std::string& id_or_number, bool with_events);

struct CountFlags {
  FilterFlags filter;
  std::string by;
};
int RunCount(const CliContext& ctx, const CountFlags& flags);

struct EventsFlags {
  uint64_t since = 0;  // events with seq > since
  bool follow = false;
  std::vector<std::string> opds;
  uint32_t limit = 0;  // without --follow: at most this many (0 = all)
};
// With --follow runs until `stop` becomes true (SIGINT/SIGTERM), then exits 0.
int RunEvents(const CliContext& ctx, const EventsFlags& flags, const std::atomic<bool>& stop);

int RunPing(const CliContext& ctx);

// One screen for IT staff (status_command.cc): each process up and healthy, responders per OPD,
// queues, dead letters, open alerts, database and WAL size, the holiday calendar's coverage.
// Exit 0 when nothing needs attention, 1 otherwise.
int RunStatus(const CliContext& ctx);

// ---- the OPD desks (desk_commands.cc); every one needs --as ADMIN
struct QueueFlags {
  std::string opd;  // empty: the admin's OPD when they work for one
  uint32_t limit = 50;
};
int RunQueue(const CliContext& ctx, const QueueFlags& flags);

// One desk command on one ticket: `ticket` is an id or a number; the command's other fields
// (text, template, to_opd, to_admin, reason) are already set.
int RunDesk(const CliContext& ctx, const std::string& ticket, v1::DeskCommand command);

int RunTemplates(const CliContext& ctx, const std::string& opd);

// ---- SLA (sla_commands.cc)
struct WatchFlags {
  std::vector<std::string> opds;
  uint32_t level = 0;  // only SLA events of at least this level (0 warnings, 1 breaches, 2.. escalations)
  uint64_t since = 0;  // replay events with seq > since first; 0 = from now (unless all)
  bool all = false;    // replay the whole history first
};
// SLA warnings, breaches and escalations and failed replies, live, one line each; runs until `stop`.
int RunWatch(const CliContext& ctx, const WatchFlags& flags, const std::atomic<bool>& stop);

struct AlertsFlags {
  std::vector<std::string> opds;
  bool all = false;   // acknowledged and closed ones too
  bool mine = false;  // only those the acting admin may acknowledge
  uint32_t level = 0;
  uint32_t limit = 0;
};
int RunAlerts(const CliContext& ctx, const AlertsFlags& flags);
int RunAckAlert(const CliContext& ctx, uint64_t alert_id, const std::string& note);

// ---- reports (report_command.cc)
struct ReportFlags {
  std::string from, to;  // YYYY-MM-DD in the tenant's zone; `to` inclusive
  std::vector<std::string> opds;
  std::string format = "table";  // table, csv or json (--json = json)
};
// Service figures per OPD, channel and category over the tickets received from..to. Bad dates,
// from after to, an unknown format: usage error (exit 2).
int RunReport(const CliContext& ctx, const ReportFlags& flags);

// ---- the audit record (audit_command.cc)
struct AuditFlags {
  std::string db;             // empty: ctx.database (from the config)
  std::string expect;         // "SEQ:HASH", a head kept outside the server
  bool expect_given = false;  // --expect was on the command line (an empty value is an error, not "none")
};
// Walks the database file's event chain (no broker needed). Exit 0 whole, 3 broken (the first
// broken row is reported), 1 when the file cannot be read, 2 for a bad --expect or no database.
inline constexpr int kExitChainBroken = 3;
int RunAuditVerify(const CliContext& ctx, const AuditFlags& flags);

// ---- backups (backup_commands.cc): IT staff; read and write the database file, no broker needed
struct BackupFlags {
  std::string db;            // empty: ctx.database
  std::string to;            // the backup file; must not exist
  int64_t max_mb_per_s = 0;  // --max-mb-s: 0 = as fast as the disk allows
};
// A consistent copy of the database, live or not. Exit 0, 3 when the copy's audit chain is broken
// (the copy is kept: it is evidence), 1 when it cannot be made.
int RunBackup(const CliContext& ctx, const BackupFlags& flags);

struct RestoreFlags {
  std::string from;          // the backup file
  std::string db;            // empty: ctx.database
  std::string reserve_text;  // --reserve as typed: digits only (checked here, not by the parser)
  bool reserve_given = false;
};
// Puts a backup in place of the database while no broker runs (sqlite_backup.h). Exit 0; 2 when a
// reserve is needed and not given; 1 when the backup is refused or a broker runs.
int RunRestore(const CliContext& ctx, const RestoreFlags& flags);

// ---- citizens' personal data (citizen_commands.cc): PPID officers (docs/PRIVACY.md)
struct CitizenFlags {
  std::string channel;
  std::string user;     // the platform's user id; for WhatsApp the phone number as written
  std::string request;  // the PPID request ticket's number, when there is one
  std::string out;      // export: write here (mode 0600) instead of stdout
  std::string reason;   // erase: recorded in the events
  bool yes = false;     // erase: the confirmation that it cannot be undone
  std::string kind;     // request: "export" or "erase"
  std::string text;     // request: what the citizen asked
};
// Records a data subject's request as a ticket for the PPID ([privacy] ppid_opd), due in 3 x 24 hours.
int RunCitizenRequest(const CliContext& ctx, const CitizenFlags& flags);
// Everything held about the citizen, every page; each ticket gets PERSONAL_DATA_EXPORTED.
int RunCitizenExport(const CliContext& ctx, const CitizenFlags& flags);
// Erases the citizen's personal data; without --yes a usage error (exit 2) that says how to check first.
int RunCitizenErase(const CliContext& ctx, const CitizenFlags& flags);

// ---- keys (keygen_command.cc): DIR/NAME.key and DIR/NAME.key_secret; refuses to overwrite (exit 1),
// a bad NAME is a usage error (exit 2).
int RunKeygen(const CliContext& ctx, const std::string& dir, const std::string& name);

}  // namespace aspirasi::cli
