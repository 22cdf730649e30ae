// audit verify: the event record's hash chain, read straight from the database file.
#include <nlohmann/json.hpp>

#include "broker/store/chain_scan.h"
#include "clients/cli/commands.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::cli {
namespace {

using i18n::K;

std::string What(const CliContext& ctx, const audit::ChainProblem& p) {
  using audit::ChainFault;
  using audit::EditSign;
  switch (p.fault) {
    case ChainFault::kEdited:
      switch (p.sign) {
        case EditSign::kColumn:
          return Tr(ctx, K("cli.audit.edited_column"), {{"column", p.column}});
        case EditSign::kUnreadable:
          return Tr(ctx, K("cli.audit.edited_unreadable"));
        case EditSign::kNoHash:
          return Tr(ctx, K("cli.audit.edited_no_hash"));
        default:
          return Tr(ctx, K("cli.audit.edited_hash"));
      }
    case ChainFault::kDeleted:
      return p.other == p.seq ? Tr(ctx, K("cli.audit.deleted_one"), {{"seq", p.seq}})
                              : Tr(ctx, K("cli.audit.deleted"), {{"seq", p.seq}, {"last", p.other}});
    case ChainFault::kInserted:
      if (p.seq == 0) return Tr(ctx, K("cli.audit.inserted_zero"));
      return p.other != 0 ? Tr(ctx, K("cli.audit.inserted_copy"), {{"other", p.other}})
                          : Tr(ctx, K("cli.audit.inserted"));
    case ChainFault::kReordered:
      return Tr(ctx, K("cli.audit.reordered"), {{"other", p.other}});
    case ChainFault::kTruncated:
      return Tr(ctx, K("cli.audit.truncated"), {{"other", p.other}});
    case ChainFault::kRewritten:
      return Tr(ctx, K("cli.audit.rewritten"));
    case ChainFault::kRestored:
      return Tr(ctx, K("cli.audit.restored"), {{"seq", p.seq}, {"other", p.other}});
    case ChainFault::kStructure:
    case ChainFault::kNone:
      break;
  }
  return {};
}

}  // namespace

int RunAuditVerify(const CliContext& ctx, const AuditFlags& flags) {
  std::string path = flags.db.empty() ? ctx.database : flags.db;
  if (path.empty()) return UsageError(ctx, Tr(ctx, K("cli.err.audit_no_db")));
  std::optional<audit::ChainHead> expected;
  if (flags.expect_given) {
    expected = audit::ParseHead(flags.expect);
    if (!expected) return UsageError(ctx, Tr(ctx, K("cli.err.audit_head"), {{"value", flags.expect}}));
  }
  auto report = store::VerifyEventChain(path, expected);
  if (!report.ok()) return Fail(ctx, "", report.status());
  const audit::ChainProblem& p = report->problem;
  if (ctx.json) {
    nlohmann::json j = {{"ok", report->ok()}, {"database", path}, {"events_checked", report->events}};
    if (report->ok()) {
      j["head"] = {{"seq", report->head.seq}, {"hash", audit::ToHex(report->head.hash)}};
    } else {
      j["problem"] = {{"fault", audit::FaultName(p.fault)}, {"seq", p.seq}};
      if (p.other != 0) j["problem"]["other"] = p.other;
      if (p.sign != audit::EditSign::kNone) j["problem"]["sign"] = audit::SignName(p.sign);
      if (!p.column.empty()) j["problem"]["column"] = p.column;
    }
    if (expected) j["expected"] = expected->ToString();
    j["restores"] = nlohmann::json::array();
    for (const auto& r : report->restores) {
      j["restores"].push_back(
          {{"seq", r.seq}, {"at_ms", r.at_ms}, {"lost_from", r.lost_from}, {"lost_to", r.lost_to}});
    }
    *ctx.out << j.dump() << "\n";
    return report->ok() ? kExitOk : kExitChainBroken;
  }
  // Restores first: a reader must know of them before reading "whole".
  for (const auto& r : report->restores) {
    *ctx.out << (r.lost_from == 0
                     ? Tr(ctx, K("cli.audit.restore_line_none"), {{"seq", r.seq}, {"at", r.at_ms}})
                     : Tr(ctx, K("cli.audit.restore_line"),
                          {{"seq", r.seq}, {"at", r.at_ms}, {"from", r.lost_from}, {"to", r.lost_to}}))
             << "\n";
  }
  if (report->ok()) {
    *ctx.out << Tr(ctx, K("cli.audit.ok"), {{"events", report->events}, {"head", report->head.ToString()}})
             << "\n";
    if (expected) *ctx.out << Tr(ctx, K("cli.audit.expected_ok"), {{"head", expected->ToString()}}) << "\n";
  } else if (p.fault == audit::ChainFault::kStructure) {
    *ctx.out << Tr(ctx, K("cli.audit.structure")) << "\n";
  } else {
    *ctx.out << Tr(ctx, K("cli.audit.broken"), {{"seq", p.seq}, {"what", What(ctx, p)}}) << "\n";
  }
  return report->ok() ? kExitOk : kExitChainBroken;
}

}  // namespace aspirasi::cli
