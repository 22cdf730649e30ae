#include "clients/cli/format.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace aspirasi::cli {
namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// Parses enum value names of `type` (never the 0 value); lists the valid names on failure.
Status ParseEnums(const std::vector<std::string>& values, const std::string& flag,
                  const google::protobuf::EnumDescriptor* type, std::vector<int>* out) {
  for (const std::string& v : SplitList(values)) {
    const auto* value = type->FindValueByName(Upper(v));
    if (value == nullptr || value->number() == 0) {
      std::string valid;
      for (int i = 0; i < type->value_count(); ++i) {
        if (type->value(i)->number() != 0) valid += (valid.empty() ? "" : ", ") + type->value(i)->name();
      }
      return Status::InvalidArgument(flag,
                                     "unknown " + flag + " '" + v + "' (expected one of: " + valid + ")");
    }
    out->push_back(value->number());
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> SplitList(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t comma = v.find(',', start);
      if (comma == std::string::npos) comma = v.size();
      std::string part = v.substr(start, comma - start);
      part.erase(0, part.find_first_not_of(' '));
      part.erase(part.find_last_not_of(' ') + 1);
      if (!part.empty()) out.push_back(part);
      start = comma + 1;
    }
  }
  return out;
}

std::string FormatTime(int64_t unix_ms, const CliContext& ctx) {
  if (unix_ms == 0) return "-";
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000 + int64_t{ctx.utc_offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return std::string(buf) + " " + ctx.zone_abbrev;
}

std::string StatusName(v1::TicketStatus s) { return s == 0 ? "-" : v1::TicketStatus_Name(s); }
std::string UrgencyName(v1::Urgency u) { return u == 0 ? "-" : v1::Urgency_Name(u); }
std::string DeliveryName(v1::DeliveryState d) { return d == 0 ? "-" : v1::DeliveryState_Name(d); }
std::string EventTypeName(v1::EventType t) { return t == 0 ? "-" : v1::EventType_Name(t); }
std::string OutcomeName(v1::SubmitOutcome o) { return o == 0 ? "-" : v1::SubmitOutcome_Name(o); }

std::string RoutingSummary(const v1::Routing& r) {
  if (r.reason() == 0) return "-";
  std::string s = v1::RouteReason_Name(r.reason());
  if (!r.rule().empty()) s += " " + r.rule();
  return s;
}

Result<v1::TicketFilter> BuildFilter(const FilterFlags& flags) {
  v1::TicketFilter f;
  for (const auto& o : SplitList(flags.opds)) f.add_opds(Upper(o));
  for (const auto& c : SplitList(flags.channels)) f.add_channels(c);
  f.set_text(flags.text);
  std::vector<int> values;
  if (Status st = ParseEnums(flags.statuses, "status", v1::TicketStatus_descriptor(), &values); !st.ok())
    return st;
  for (int v : values) f.add_statuses(static_cast<v1::TicketStatus>(v));
  values.clear();
  if (Status st = ParseEnums(flags.urgencies, "urgency", v1::Urgency_descriptor(), &values); !st.ok())
    return st;
  for (int v : values) f.add_urgencies(static_cast<v1::Urgency>(v));
  values.clear();
  if (Status st = ParseEnums(flags.delivery, "delivery", v1::DeliveryState_descriptor(), &values); !st.ok())
    return st;
  for (int v : values) f.add_delivery(static_cast<v1::DeliveryState>(v));
  return f;
}

Result<v1::CountBy> ParseCountBy(const std::string& by) {
  std::string b = Upper(by);
  if (b.empty() || b == "TOTAL") return v1::COUNT_TOTAL;
  if (b == "OPD") return v1::COUNT_BY_OPD;
  if (b == "STATUS") return v1::COUNT_BY_STATUS;
  if (b == "URGENCY") return v1::COUNT_BY_URGENCY;
  if (b == "CHANNEL") return v1::COUNT_BY_CHANNEL;
  return Status::InvalidArgument("by",
                                 "unknown --by '" + by + "' (expected opd, status, urgency or channel)");
}

}  // namespace aspirasi::cli
