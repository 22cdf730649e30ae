#include "clients/cli/format.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>

#include "common/i18n/catalogue.h"

namespace aspirasi::cli {
namespace {

using i18n::K;
using i18n::T;

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// Parses enum value names of `type` (never the 0 value), any case; lists the valid names on failure.
Status ParseEnums(const std::vector<std::string>& values, const std::string& flag,
                  const google::protobuf::EnumDescriptor* type, std::vector<int>* out) {
  for (const std::string& v : SplitList(values)) {
    const auto* value = type->FindValueByName(Upper(v));
    if (value == nullptr || value->number() == 0) {
      std::string valid;
      for (int i = 0; i < type->value_count(); ++i) {
        if (type->value(i)->number() != 0) valid += (valid.empty() ? "" : ", ") + type->value(i)->name();
      }
      return Status::InvalidArgument(
          flag, T(K("cli.unknown_value"), {{"flag", flag}, {"value", v}, {"valid", valid}}));
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

std::vector<std::string> SplitCodes(const std::vector<std::string>& values) {
  std::vector<std::string> out = SplitList(values);
  for (auto& v : out) v = Upper(std::move(v));
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

std::string StatusName(const CliContext& ctx, v1::TicketStatus s) {
  return s == 0 ? "-" : Named(ctx, "status", v1::TicketStatus_Name(s));
}
std::string UrgencyName(const CliContext& ctx, v1::Urgency u) {
  return u == 0 ? "-" : Named(ctx, "urgency", v1::Urgency_Name(u));
}
std::string DeliveryName(const CliContext& ctx, v1::DeliveryState d) {
  return d == 0 ? "-" : Named(ctx, "delivery", v1::DeliveryState_Name(d));
}
std::string EventTypeName(const CliContext& ctx, v1::EventType t) {
  return t == 0 ? "-" : Named(ctx, "event_type", v1::EventType_Name(t));
}
std::string OutcomeName(const CliContext& ctx, v1::SubmitOutcome o) {
  return o == 0 ? "-" : Named(ctx, "outcome", v1::SubmitOutcome_Name(o));
}

std::string RoutingSummary(const CliContext& ctx, const v1::Routing& r) {
  if (r.reason() == 0) return "-";
  std::string s = Named(ctx, "route_reason", v1::RouteReason_Name(r.reason()));
  if (!r.rule().empty()) s += " " + r.rule();
  return s;
}

std::string RoutingSentence(const CliContext& ctx, const v1::Ticket& t) {
  const v1::Routing& r = t.routing();
  switch (r.reason()) {
    case v1::ROUTE_EXPLICIT:
      return Tr(ctx, K("route.explicit"), {{"opd", t.opd()}});
    case v1::ROUTE_ACCOUNT:
      return Tr(ctx, K("route.account"), {{"account", r.matched()}, {"opd", t.opd()}});
    case v1::ROUTE_CATEGORY:
      return Tr(ctx, K("route.category"), {{"category", r.matched()}, {"rule", r.rule()}, {"opd", t.opd()}});
    case v1::ROUTE_RULE:
      return Tr(ctx, K("route.keyword"), {{"keyword", r.matched()}, {"rule", r.rule()}, {"opd", t.opd()}});
    case v1::ROUTE_TRIAGE:
      return Tr(ctx, K("route.triage"), {{"opd", t.opd()}});
    case v1::ROUTE_TRANSFER: {
      if (t.transfers_size() == 0) return r.explanation();
      const v1::Transfer& last = t.transfers(t.transfers_size() - 1);
      return Tr(ctx, K("route.transfer"),
                {{"from", last.from_opd()}, {"admin", last.actor()}, {"reason", last.reason()}});
    }
    default:
      return r.explanation();
  }
}

Result<v1::TicketFilter> BuildFilter(const FilterFlags& flags) {
  v1::TicketFilter f;
  for (const auto& o : SplitCodes(flags.opds)) f.add_opds(o);
  for (const auto& c : SplitList(flags.channels)) {
    std::string lower = c;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    f.add_channels(lower);
  }
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
  return Status::InvalidArgument("by", T(K("cli.unknown_count_by"), {{"by", by}}));
}

Result<int64_t> ParseLocalDate(const std::string& text, const CliContext& ctx, const std::string& flag) {
  auto bad = [&] {
    return Status::InvalidArgument(flag, T(K("cli.bad_date"), {{"flag", flag}, {"text", text}}));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return bad();
  }
  int y = std::stoi(text.substr(0, 4)), m = std::stoi(text.substr(5, 2)), d = std::stoi(text.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return bad();
  if (y < 1970)
    return Status::InvalidArgument(flag, T(K("cli.date_before_1970"), {{"flag", flag}, {"text", text}}));
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
    ref.number = Upper(text);
    return ref;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ref.id);
  if (text.size() > 18 || ec != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument("ticket", T(K("cli.bad_ticket_ref"), {{"text", text}}));
  }
  return ref;
}

}  // namespace aspirasi::cli
