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

// Enum value names as in the .proto; "-" for the 0 (unspecified) value.
std::string StatusName(v1::TicketStatus s);
std::string UrgencyName(v1::Urgency u);
std::string DeliveryName(v1::DeliveryState d);
std::string EventTypeName(v1::EventType t);
std::string OutcomeName(v1::SubmitOutcome o);
// "ROUTE_RULE jalan-dan-drainase", "ROUTE_ACCOUNT", ...
std::string RoutingSummary(const v1::Routing& r);

// Filter flags as typed: values may be repeated or comma-separated; enum names are
// case-insensitive ("open" = "OPEN").
struct FilterFlags {
  std::vector<std::string> opds, statuses, urgencies, channels, delivery;
  std::string text;
};

// INVALID_ARGUMENT naming the flag and the accepted values for an unknown name.
Result<v1::TicketFilter> BuildFilter(const FilterFlags& flags);
// "opd", "status", "urgency", "channel" (or empty = total). INVALID_ARGUMENT otherwise.
Result<v1::CountBy> ParseCountBy(const std::string& by);
// "YYYY-MM-DD" (a real date) -> the instant of that local midnight in the tenant's zone
// (ctx.utc_offset_minutes). INVALID_ARGUMENT naming `flag` otherwise.
Result<int64_t> ParseLocalDate(const std::string& text, const CliContext& ctx, const std::string& flag);

// A ticket as typed: digits are its id ("42"), anything else its number ("NH-2026-000042").
struct TicketRef {
  uint64_t id = 0;
  std::string number;
};
// INVALID_ARGUMENT for digits too many to be an id (more than 18).
Result<TicketRef> ParseTicketRef(const std::string& text);

// Splits "a,b" and repeated values into one list, dropping empty parts.
std::vector<std::string> SplitList(const std::vector<std::string>& values);

}  // namespace aspirasi::cli
