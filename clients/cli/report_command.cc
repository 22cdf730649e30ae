// report: service figures for supervisors (issue 5) as a table, CSV or JSON.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "clients/cli/commands.h"
#include "clients/cli/table.h"
#include "clients/lib/api_client.h"
#include "clients/lib/draft_json.h"

namespace aspirasi::cli {
namespace {

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
  std::string lv = "Lewat batas ";
  for (std::size_t i = 0; i < levels; ++i) lv += (i ? "/L" : "L") + std::to_string(i + 1);
  *ctx.out << "Laporan layanan " << Date(report.from_ms(), ctx) << " s.d. "
           << Date(report.to_ms() - kDayMs, ctx) << " (tiket masuk), dibuat "
           << FormatTime(report.generated_ms(), ctx) << "\n";
  struct Section {
    const char* title;
    const char* key_header;
    const google::protobuf::RepeatedPtrField<v1::ReportRow>* rows;
  };
  for (const Section& s :
       {Section{"Per OPD", "OPD", &report.by_opd()}, Section{"Per kanal", "Kanal", &report.by_channel()},
        Section{"Per kategori", "Kategori", &report.by_category()}}) {
    *ctx.out << "\n" << s.title << "\n";
    Table t({s.key_header, "Masuk", "Dijawab", "Tepat waktu %", "Median respons (jam kerja)", "P90", lv,
             "Antrean <1/1-3/3-7/>7 hari"});
    auto add = [&](const std::string& key, const v1::ReportRow& r) {
      std::string breaches;
      for (std::size_t i = 0; i < levels; ++i) breaches += (i ? "/" : "") + std::to_string(Level(r, i));
      t.AddRow({key, std::to_string(r.tickets_in()), std::to_string(r.answered()), Pct(r, 1),
                Hours(r, r.first_response_median_h(), 1), Hours(r, r.first_response_p90_h(), 1), breaches,
                std::to_string(r.backlog_lt_1d()) + "/" + std::to_string(r.backlog_1_3d()) + "/" +
                    std::to_string(r.backlog_3_7d()) + "/" + std::to_string(r.backlog_gt_7d())});
    };
    for (const auto& r : *s.rows) add(r.key().empty() ? "(tanpa kategori)" : r.key(), r);
    add("Jumlah", report.total());
    t.Print(*ctx.out);
  }
}

void PrintCsv(const CliContext& ctx, const v1::Report& report, std::size_t levels) {
  std::ostringstream out;
  out << "section,key,tickets_in,answered,within_sla_pct,sla_measured,within_sla,first_response_median_h,"
         "first_response_p90_h";
  for (std::size_t i = 0; i < levels; ++i) out << ",breaches_l" << i + 1;
  out << ",backlog_lt_1d,backlog_1_3d,backlog_3_7d,backlog_gt_7d\n";
  auto row = [&](const char* section, const v1::ReportRow& r) {
    out << section << "," << CsvCell(r.key()) << "," << r.tickets_in() << "," << r.answered() << ","
        << Pct(r, 2) << "," << r.sla_measured() << "," << r.within_sla() << ","
        << Hours(r, r.first_response_median_h(), 2) << "," << Hours(r, r.first_response_p90_h(), 2);
    for (std::size_t i = 0; i < levels; ++i) out << "," << Level(r, i);
    out << "," << r.backlog_lt_1d() << "," << r.backlog_1_3d() << "," << r.backlog_3_7d() << ","
        << r.backlog_gt_7d() << "\n";
  };
  for (const auto& r : report.by_opd()) row("opd", r);
  for (const auto& r : report.by_channel()) row("channel", r);
  for (const auto& r : report.by_category()) row("category", r);
  row("total", report.total());
  *ctx.out << out.str();
}

}  // namespace

int RunReport(const CliContext& ctx, const ReportFlags& flags) {
  std::string format = ctx.json ? "json" : flags.format;
  if (format != "table" && format != "csv" && format != "json") {
    return UsageError(ctx, "report --format '" + flags.format + "' is unknown; use table, csv or json");
  }
  auto from = ParseLocalDate(flags.from, ctx, "--from");
  if (!from.ok()) return UsageError(ctx, "report: " + from.status().message());
  auto to = ParseLocalDate(flags.to, ctx, "--to");
  if (!to.ok()) return UsageError(ctx, "report: " + to.status().message());
  if (*from > *to) return UsageError(ctx, "report: --from " + flags.from + " is after --to " + flags.to);
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms);
  api.set_actor(ctx.actor);
  auto report = api.Report(*from, *to + kDayMs, SplitList(flags.opds));  // --to is inclusive
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
