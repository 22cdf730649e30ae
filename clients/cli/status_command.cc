// status: one screen for IT staff: is each process up and healthy, what waits, what needs a person.
// Reads the processes' /healthz and /metrics (no key needed on the server itself), the broker's api
// when this user may (open alerts, dead letters), and the database files' sizes.
#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "clients/cli/commands.h"
#include "clients/lib/api_client.h"
#include "clients/lib/http_probe.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::cli {
namespace {

using i18n::K;

constexpr double kCalendarWarnDays = 60;

int64_t FileBytes(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : -1;
}

std::string Mb(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1048576.0);
  return buf;
}

// The label value of `key` in a sample name such as aspirasi_opd_workers{opd="PUPR"}.
std::string Label(const std::string& sample, const std::string& key) {
  const std::string mark = key + "=\"";
  auto at = sample.find(mark);
  if (at == std::string::npos) return "";
  auto end = sample.find('"', at + mark.size());
  return end == std::string::npos ? "" : sample.substr(at + mark.size(), end - at - mark.size());
}

struct Line {
  std::string key;  // stable, for --json
  bool attention = false;
  std::string text;  // for people
};

}  // namespace

int RunStatus(const CliContext& ctx) {
  std::vector<Line> lines;
  nlohmann::json j = {{"tenant", ctx.tenant}};
  bool attention = false;
  auto add = [&](const std::string& key, bool bad, std::string text) {
    attention = attention || bad;
    lines.push_back({key, bad, std::move(text)});
  };

  // The broker: health and figures from its HTTP endpoint.
  std::map<std::string, double> m;
  if (ctx.broker_http.empty()) {
    add("broker", true, Tr(ctx, K("cli.status.no_http"), {{"process", "aspirasid"}}));
    j["broker"] = {{"up", nullptr}};
  } else {
    HealthProbe h = ProbeHealth(ctx.broker_http);
    m = ScrapeMetrics(ctx.broker_http);
    j["broker"] = {{"http", ctx.broker_http}, {"up", h.status != 0}, {"healthy", h.ok()}};
    if (h.status == 0) {
      add("broker", true, Tr(ctx, K("cli.status.down"), {{"process", "aspirasid"}, {"at", ctx.broker_http}}));
    } else if (!h.ok()) {
      j["broker"]["reason"] = h.body;
      add("broker", true,
          Tr(ctx, K("cli.status.unhealthy"),
             {{"process", "aspirasid"}, {"at", ctx.broker_http}, {"reason", h.body}}));
    } else {
      add("broker", false,
          Tr(ctx, K("cli.status.healthy"), {{"process", "aspirasid"}, {"at", ctx.broker_http}}));
    }
  }
  if (!m.empty()) {
    // Responders: the workers serving each OPD, as the broker counts them.
    std::string opds, without;
    nlohmann::json per_opd = nlohmann::json::object();
    for (const auto& [sample, value] : m) {
      if (!sample.starts_with("aspirasi_opd_workers{")) continue;
      const std::string opd = Label(sample, "opd");
      per_opd[opd] = static_cast<int64_t>(value);
      opds += (opds.empty() ? "" : ", ") + opd + " " + std::to_string(static_cast<int64_t>(value));
      if (value == 0) without += (without.empty() ? "" : ", ") + opd;
    }
    j["responders"] = per_opd;
    add("responders", !without.empty(),
        without.empty()
            ? Tr(ctx, K("cli.status.responders"), {{"opds", opds}})
            : Tr(ctx, K("cli.status.responders_missing"), {{"opds", opds}, {"without", without}}));
    const auto tickets = static_cast<int64_t>(MetricOr(m, "aspirasi_queued_tickets"));
    const auto replies = static_cast<int64_t>(MetricOr(m, "aspirasi_queued_replies"));
    j["queued_tickets"] = tickets;
    j["queued_replies"] = replies;
    add("queues", false, Tr(ctx, K("cli.status.queues"), {{"tickets", tickets}, {"replies", replies}}));
    const double wal = MetricOr(m, "aspirasi_store_wal_bytes", -1);
    const int64_t db = FileBytes(ctx.database);
    j["database_bytes"] = db >= 0 ? nlohmann::json(db) : nlohmann::json(nullptr);
    j["wal_bytes"] = wal >= 0 ? nlohmann::json(static_cast<int64_t>(wal)) : nlohmann::json(nullptr);
    add("store", false,
        Tr(ctx, K("cli.status.store"),
           {{"db", db >= 0 ? Mb(static_cast<double>(db)) : "?"}, {"wal", wal >= 0 ? Mb(wal) : "?"}}));
    const double until = MetricOr(m, "aspirasi_holiday_calendar_covered_until_seconds", -1);
    if (until < 0) {
      j["calendar_covered_until"] = nullptr;
      add("calendar", true, Tr(ctx, K("cli.status.calendar_none")));
    } else {
      const double now_s = static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                                   std::chrono::system_clock::now().time_since_epoch())
                                                   .count());
      const auto days = static_cast<int64_t>(std::floor((until - now_s) / 86400));
      j["calendar_covered_until"] = static_cast<int64_t>(until);
      j["calendar_days_left"] = days;
      add("calendar", days < kCalendarWarnDays,
          Tr(ctx, days < kCalendarWarnDays ? K("cli.status.calendar_short") : K("cli.status.calendar"),
             {{"until", static_cast<int64_t>(until) * 1000 - 1}, {"days", days}}));
    }
  }

  // Dead letters and open alerts: the broker's api, when this user may ask (on a broker with keys,
  // with a key; open alerts need --as or a person's key).
  {
    ApiClient api(ctx.api_endpoint, std::min(ctx.timeout_ms, 3000), nullptr, ctx.keys);
    api.set_actor(ctx.actor);
    v1::CountTickets count;
    count.mutable_filter()->add_delivery(v1::DEAD_LETTER);
    auto dead = ctx.api_endpoint.find(":*") == std::string::npos
                    ? api.CountTickets(count)
                    : Result<v1::Counts>(Status::Unavailable("-"));
    if (dead.ok()) {
      j["dead_letters"] = dead->total();
      add("dead_letters", dead->total() > 0,
          Tr(ctx, K("cli.status.dead_letters"), {{"count", dead->total()}}));
      v1::Envelope env;
      env.mutable_list_alerts()->set_open_only(true);
      env.mutable_list_alerts()->set_limit(1000);
      auto alerts = api.Call(std::move(env));
      if (alerts.ok() && alerts->has_alert_list()) {
        const int n = alerts->alert_list().alerts_size();
        int breached = 0;
        for (const auto& a : alerts->alert_list().alerts()) breached += a.level() > 0 ? 1 : 0;
        j["open_alerts"] = n;
        j["open_breaches"] = breached;
        add("alerts", breached > 0,
            Tr(ctx, n >= 1000 ? K("cli.status.alerts_many") : K("cli.status.alerts"),
               {{"count", n}, {"breached", breached}}));
      } else {
        j["open_alerts"] = nullptr;
        add("alerts", false, Tr(ctx, K("cli.status.alerts_unknown")));
      }
    } else {
      j["dead_letters"] = nullptr;
      j["open_alerts"] = nullptr;
      add("dead_letters", false, Tr(ctx, K("cli.status.api_unknown"), {{"reason", dead.status().message()}}));
    }
  }

  // The ingest.
  if (ctx.ingest_http.empty()) {
    j["ingest"] = {{"up", nullptr}};
    add("ingest", false, Tr(ctx, K("cli.status.no_http"), {{"process", "aspirasi-ingest"}}));
  } else {
    HealthProbe h = ProbeHealth(ctx.ingest_http);
    j["ingest"] = {{"http", ctx.ingest_http}, {"up", h.status != 0}, {"healthy", h.ok()}};
    if (h.status == 0) {
      add("ingest", true,
          Tr(ctx, K("cli.status.down"), {{"process", "aspirasi-ingest"}, {"at", ctx.ingest_http}}));
    } else {
      auto im = ScrapeMetrics(ctx.ingest_http);
      const auto spool = static_cast<int64_t>(MetricOr(im, "aspirasi_ingest_spool_depth"));
      j["ingest"]["spool_depth"] = spool;
      if (!h.ok()) {
        j["ingest"]["reason"] = h.body;
        add("ingest", true,
            Tr(ctx, K("cli.status.unhealthy"),
               {{"process", "aspirasi-ingest"}, {"at", ctx.ingest_http}, {"reason", h.body}}));
      } else {
        add("ingest", spool > 0,
            Tr(ctx, K("cli.status.ingest"), {{"at", ctx.ingest_http}, {"spool", spool}}));
      }
    }
  }

  j["attention"] = attention;
  if (ctx.json) {
    *ctx.out << j.dump() << "\n";
  } else {
    for (const auto& l : lines) *ctx.out << (l.attention ? "! " : "  ") << l.text << "\n";
    *ctx.out << Tr(ctx, attention ? K("cli.status.attention") : K("cli.status.all_ok")) << "\n";
  }
  return attention ? kExitFailure : kExitOk;
}

}  // namespace aspirasi::cli
