// Formatting and parsing for the CLI: times in the tenant's zone, enum names, filters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "clients/cli/cli_context.h"
#include "common/status.h"

namespace aspirasi::cli {

// "2026-11-22 16:25:11 WIB"; "-" for 0.
std::string FormatTime(int64_t unix_ms, const CliContext& ctx);

// Enum values for people, in the user's language ("BARU", "DIPROSES"; in English the .proto
// names); "-" for the 0 (unspecified) value.
std::string StatusName(const CliContext& ctx, v1::TicketStatus s);
std::string UrgencyName(const CliContext& ctx, v1::Urgency u);
std::string DeliveryName(const CliContext& ctx, v1::DeliveryState d);
std::string EventTypeName(const CliContext& ctx, v1::EventType t);
std::string OutcomeName(const CliContext& ctx, v1::SubmitOutcome o);
// Why the ticket went to its OPD, short: "aturan jalan-dan-drainase", "akun OPD", "kategori", ...
std::string RoutingSummary(const CliContext& ctx, const v1::Routing& r);
// Why, as one sentence from the routing's fields.
std::string RoutingSentence(const CliContext& ctx, const v1::Ticket& t);

// Filter flags as typed: values may be repeated or comma-separated; enum names are
// case-insensitive ("open" = "OPEN").
struct FilterFlags {
  std::vector<std::string> opds, statuses, urgencies, channels, delivery;
  std::string text;
};

// INVALID_ARGUMENT naming the flag and the accepted values for an unknown name.
Result<v1::TicketFilter> BuildFilter(const FilterFlags& flags);
// "opd", "status", "urgency", "channel" (or empty = total), any case. INVALID_ARGUMENT otherwise.
Result<v1::CountBy> ParseCountBy(const std::string& by);
// "YYYY-MM-DD" (a real date) -> the instant of that local midnight in the tenant's zone
// (ctx.utc_offset_minutes). INVALID_ARGUMENT naming `flag` otherwise.
Result<int64_t> ParseLocalDate(const std::string& text, const CliContext& ctx, const std::string& flag);

// A ticket as typed: digits are its id ("42"), anything else its number, in any case
// ("nh-2026-000042" is NH-2026-000042).
struct TicketRef {
  uint64_t id = 0;
  std::string number;
};
// INVALID_ARGUMENT for digits too many to be an id (more than 18).
Result<TicketRef> ParseTicketRef(const std::string& text);

// Splits "a,b" and repeated values into one list, dropping empty parts.
std::vector<std::string> SplitList(const std::vector<std::string>& values);
// The same, upper-cased (OPD codes as people type them: "dlh,pupr").
std::vector<std::string> SplitCodes(const std::vector<std::string>& values);

}  // namespace aspirasi::cli
