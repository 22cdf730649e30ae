#include "clients/cli/format.h"

#include <algorithm>
#include <cctype>
#include <charconv>
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

Result<int64_t> ParseLocalDate(const std::string& text, const CliContext& ctx, const std::string& flag) {
  auto bad = [&] {
    return Status::InvalidArgument(flag,
                                   flag + " '" + text + "' is not a date; use YYYY-MM-DD, e.g. 2026-01-31");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return bad();
  }
  int y = std::stoi(text.substr(0, 4)), m = std::stoi(text.substr(5, 2)), d = std::stoi(text.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return bad();
  if (y < 1970) return Status::InvalidArgument(flag, flag + " '" + text + "' is before 1970");
  // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
  int yy = m <= 2 ? y - 1 : y;
  int era = yy / 400;
  int yoe = yy - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = int64_t{era} * 146097 + doe - 719468;
  return days * 86'400'000 - int64_t{ctx.utc_offset_minutes} * 60'000;
}

Result<TicketRef> ParseTicketRef(const std::string& text) {
  TicketRef ref;
  bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    ref.number = text;
    return ref;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ref.id);
  if (text.size() > 18 || ec != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument("ticket", "'" + text +
                                                 "' is not a ticket: an id has at most 18 digits, a number "
                                                 "looks like NH-2026-000042");
  }
  return ref;
}

}  // namespace aspirasi::cli
