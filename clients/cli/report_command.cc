// report: service figures for supervisors (issue 5) as a table, CSV or JSON.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "clients/cli/commands.h"
#include "clients/cli/table.h"
#include "clients/lib/api_client.h"
#include "clients/lib/draft_json.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::cli {
namespace {

using i18n::K;

constexpr int64_t kDayMs = 86'400'000;
constexpr std::size_t kMinLevels = 3;  // L1..L3 always shown: the usual escalation ladder

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Pct(const v1::ReportRow& r, int digits) {
  return r.sla_measured() ? Fixed(r.within_sla_pct(), digits) : "";
}
std::string Hours(const v1::ReportRow& r, double h, int digits) {
  return r.answered() ? Fixed(h, digits) : "";
}

uint64_t Level(const v1::ReportRow& r, std::size_t i) {
  return i < static_cast<std::size_t>(r.breaches_by_level_size()) ? r.breaches_by_level(static_cast<int>(i))
                                                                  : 0;
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Date(int64_t local_midnight_ms, const CliContext& ctx) {
  // FormatTime gives "YYYY-MM-DD HH:MM:SS ZONE"; the date is the first 10 characters.
  return FormatTime(local_midnight_ms, ctx).substr(0, 10);
}

void PrintTable(const CliContext& ctx, const v1::Report& report, std::size_t levels) {
  std::string lv = Tr(ctx, K("cli.report.col.breaches")) + " ";
  for (std::size_t i = 0; i < levels; ++i) lv += (i ? "/L" : "L") + std::to_string(i + 1);
  *ctx.out << Tr(ctx, K("cli.report.title"),
                 {{"from", Date(report.from_ms(), ctx)},
                  {"to", Date(report.to_ms() - kDayMs, ctx)},
                  {"at", FormatTime(report.generated_ms(), ctx)}})
           << "\n";
  struct Section {
    i18n::Key title;
    i18n::Key key_header;
    const google::protobuf::RepeatedPtrField<v1::ReportRow>* rows;
  };
  for (const Section& s :
       {Section{K("cli.report.by_opd"), K("cli.col.opd"), &report.by_opd()},
        Section{K("cli.report.by_channel"), K("cli.col.channel"), &report.by_channel()},
        Section{K("cli.report.by_category"), K("cli.col.category"), &report.by_category()}}) {
    *ctx.out << "\n" << Tr(ctx, s.title) << "\n";
    Table t({Tr(ctx, s.key_header), Tr(ctx, K("cli.report.col.in")), Tr(ctx, K("cli.report.col.answered")),
             Tr(ctx, K("cli.report.col.on_time")), Tr(ctx, K("cli.report.col.median")), "P90", lv,
             Tr(ctx, K("cli.report.col.backlog"))});
    auto add = [&](const std::string& key, const v1::ReportRow& r) {
      std::string breaches;
      for (std::size_t i = 0; i < levels; ++i) breaches += (i ? "/" : "") + std::to_string(Level(r, i));
      t.AddRow({key, std::to_string(r.tickets_in()), std::to_string(r.answered()), Pct(r, 1),
                Hours(r, r.first_response_median_h(), 1), Hours(r, r.first_response_p90_h(), 1), breaches,
                std::to_string(r.backlog_lt_1d()) + "/" + std::to_string(r.backlog_1_3d()) + "/" +
                    std::to_string(r.backlog_3_7d()) + "/" + std::to_string(r.backlog_gt_7d())});
    };
    for (const auto& r : *s.rows) add(r.key().empty() ? Tr(ctx, K("cli.report.no_category")) : r.key(), r);
    add(Tr(ctx, K("cli.report.total")), report.total());
    t.Print(*ctx.out);
  }
}

// Headers and section names in the user's language (a spreadsheet is read by people); --json keeps
// the stable keys.
void PrintCsv(const CliContext& ctx, const v1::Report& report, std::size_t levels) {
  std::ostringstream out;
  out << Tr(ctx, K("cli.report.csv.header"));
  for (std::size_t i = 0; i < levels; ++i)
    out << "," << Tr(ctx, K("cli.report.csv.breaches"), {{"level", i + 1}});
  out << "," << Tr(ctx, K("cli.report.csv.backlog")) << "\n";
  auto row = [&](i18n::Key section, const v1::ReportRow& r) {
    out << Tr(ctx, section) << "," << CsvCell(r.key()) << "," << r.tickets_in() << "," << r.answered() << ","
        << Pct(r, 2) << "," << r.sla_measured() << "," << r.within_sla() << ","
        << Hours(r, r.first_response_median_h(), 2) << "," << Hours(r, r.first_response_p90_h(), 2);
    for (std::size_t i = 0; i < levels; ++i) out << "," << Level(r, i);
    out << "," << r.backlog_lt_1d() << "," << r.backlog_1_3d() << "," << r.backlog_3_7d() << ","
        << r.backlog_gt_7d() << "\n";
  };
  for (const auto& r : report.by_opd()) row(K("cli.report.csv.opd"), r);
  for (const auto& r : report.by_channel()) row(K("cli.report.csv.channel"), r);
  for (const auto& r : report.by_category()) row(K("cli.report.csv.category"), r);
  row(K("cli.report.csv.total"), report.total());
  *ctx.out << out.str();
}

}  // namespace

int RunReport(const CliContext& ctx, const ReportFlags& flags) {
  std::string format = ctx.json ? "json" : flags.format;
  if (format != "table" && format != "csv" && format != "json") {
    return UsageError(ctx, Tr(ctx, K("cli.report.bad_format"), {{"format", flags.format}}));
  }
  auto from = ParseLocalDate(flags.from, ctx, "--from");
  if (!from.ok()) return UsageError(ctx, "report: " + from.status().Message(ctx.lang));
  auto to = ParseLocalDate(flags.to, ctx, "--to");
  if (!to.ok()) return UsageError(ctx, "report: " + to.status().Message(ctx.lang));
  if (*from > *to)
    return UsageError(ctx, Tr(ctx, K("cli.report.from_after_to"), {{"from", flags.from}, {"to", flags.to}}));
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  auto report = api.Report(*from, *to + kDayMs, SplitCodes(flags.opds));  // --to is inclusive
  if (!report.ok()) return Fail(ctx, "report", report.status());
  std::size_t levels = std::max<std::size_t>(report->levels(), kMinLevels);
  if (format == "json") {
    *ctx.out << MessageToJson(*report) << "\n";
  } else if (format == "csv") {
    PrintCsv(ctx, *report, levels);
  } else {
    PrintTable(ctx, *report, levels);
  }
  return kExitOk;
}

}  // namespace aspirasi::cli
